namespace CivicTrack.Features.CompositeIndex;

public static class IndexServices
{
    public static IServiceCollection AddCompositeIndex(this IServiceCollection services)
    {
        services.AddSingleton<IndexService>();
        services.AddSingleton<IndexRanking>();
        services.AddSingleton<IndexExports>();
        return services;
    }
}
