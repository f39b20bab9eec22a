namespace CivicTrack.Features.Indicators;

public static class IndicatorsServices
{
    public static IServiceCollection AddIndicators(this IServiceCollection services) => services
        .AddSingleton<AnalyticsStore>()
        .AddSingleton<AnalyticsService>()
        .AddSingleton<IndicatorService>()
        .AddSingleton<DataValueService>();
}
