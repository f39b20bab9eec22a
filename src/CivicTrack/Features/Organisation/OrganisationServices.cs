namespace CivicTrack.Features.Organisation;

public static class OrganisationServices
{
    public static IServiceCollection AddOrganisation(this IServiceCollection services) => services
        .AddSingleton<OrgDirectory>()
        .AddSingleton<OrgImportService>()
        .AddSingleton<OrgService>();
}
