namespace CivicTrack.Components.Shared;

/// <summary>A circuit lives for as long as the tab is open and its events may overlap, so a page must not hold one
/// scoped <c>AppDb</c> (through a scoped service) for its whole life: each operation gets a scope of its own.</summary>
public static class ServiceScopes
{
    public static async Task<TResult> InScopeAsync<TService, TResult>(this IServiceScopeFactory factory, Func<TService, Task<TResult>> work)
        where TService : notnull
    {
        await using var scope = factory.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
