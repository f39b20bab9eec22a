namespace CivicTrack.Features.Explorer;

public static class ExplorerServices
{
    public static IServiceCollection AddExplorer(this IServiceCollection services) => services
        .AddSingleton<ExplorerService>()
        .AddSingleton<ExplorerExports>()
        .AddSingleton<PinnedViews>();
}
