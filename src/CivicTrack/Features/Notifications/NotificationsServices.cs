namespace CivicTrack.Features.Notifications;

public static class NotificationsServices
{
    /// <summary>The notifier, the inbox, and the e-mail outbox (a hosted service; idle without <c>Mail:Host</c>).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<MailSettings>().BindConfiguration("Mail");
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<Notifier>();
        services.AddSingleton<Inbox>();
        services.AddScoped<InboxEvents>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<MailOutbox>());
        return services;
    }
}
