using CivicTrack.Features.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CivicTrack.Components.Shared;

/// <summary>A component that acts for the signed-in account: <see cref="ScopeAsync"/> gives its
/// <see cref="AccessScope"/>, the same object the API endpoints use.</summary>
public abstract class ScopedComponent : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }
    [Inject] private AccessScopes Scopes { get; set; } = default!;

    protected async Task<AccessScope> ScopeAsync()
    {
        var user = AuthenticationState is null ? new System.Security.Claims.ClaimsPrincipal() : (await AuthenticationState).User;
        return await Scopes.ForAsync(user);
    }
}
