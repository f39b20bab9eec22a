namespace CivicTrack.Features.Reporting;

public static class ReportingServices
{
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<FormService>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<RatesService>();
        services.AddSingleton<ReportExcel>();
        services.AddSingleton<LateReportsExport>();
        services.AddSingleton<SynthesisService>();
        services.Configure<ReminderSettings>(config.GetSection("Reporting:Reminders"));
        services.AddSingleton<ReminderService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        return services;
    }
}
