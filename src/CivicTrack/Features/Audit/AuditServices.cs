namespace CivicTrack.Features.Audit;

public static class AuditServices
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services
        .AddSingleton<AuditLog>()
        .AddSingleton<AuditQuery>();
}
