namespace CivicTrack.Features.Plans;

public static class PlansServices
{
    public static IServiceCollection AddPlans(this IServiceCollection services, IConfiguration config) => services
        .AddSingleton<TaskService>()
        .AddSingleton<PlanService>()
        .AddSingleton<PlanExports>();
}
