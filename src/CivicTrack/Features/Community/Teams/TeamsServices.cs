namespace CivicTrack.Features.Community.Teams;

public static class TeamsServices
{
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<CommendationSettings>(config.GetSection("Community:Commendation"));
        services.AddSingleton<TeamService>();
        services.AddSingleton<TeamExchange>();
        services.AddSingleton<CommendationService>();
        return services;
    }
}
