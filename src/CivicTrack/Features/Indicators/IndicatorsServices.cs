namespace CivicTrack.Features.Indicators;

public static class IndicatorsServices
{
    public static IServiceCollection AddIndicators(this IServiceCollection services, IConfiguration config) => services
        .Configure<AnalyticsSnapshotSettings>(config.GetSection("Analytics:Snapshot"))
        .AddSingleton<AnalyticsSnapshots>()
        .AddSingleton<AnalyticsSnapshotWriter>()
        .AddHostedService(sp => sp.GetRequiredService<AnalyticsSnapshotWriter>())
        .AddSingleton<AnalyticsStore>()
        .AddSingleton<AnalyticsService>()
        .AddSingleton<IndicatorService>()
        .AddSingleton<DataValueService>();
}
