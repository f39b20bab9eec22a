using System.Net;
using System.Net.Http.Json;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Accounts;

/// <summary>Bearer sign-ins and account scopes are remembered between requests; any change to an account must
/// take effect on the very next request.</summary>
public sealed class AccountCacheTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> NewAccountAsync(string unit)
    {
        var email = $"cache.{Guid.NewGuid():N}@test.local";
        var system = await shared.App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        using var scope = shared.App.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(system, new AccountCreate(email, "Cache", [Roles.Reporter], [unit], AppFactory.DemoPassword), Ct);
        Assert.Equal(OutcomeKind.Created, created.Kind);
        return email;
    }

    [Fact]
    public async Task Moving_an_account_to_another_unit_changes_what_its_token_reaches_at_once()
    {
        var email = await NewAccountAsync("08051");
        var token = await shared.App.WithTokenAsync(email, TokenScopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/org-units/08051", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync("/api/org-units/08052", Ct)).StatusCode);

        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var id = (await UserAsync(email)).Id;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/accounts/{id}", new AccountUpdate(null, null, ["08052"], null), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await token.GetAsync("/api/org-units/08051", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/org-units/08052", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_or_revoked_token_is_refused_on_the_next_request()
    {
        var email = await NewAccountAsync("08051");
        var token = await shared.App.WithTokenAsync(email, TokenScopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/auth/me", Ct)).StatusCode);
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var id = (await UserAsync(email)).Id;
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/accounts/{id}", new AccountUpdate(null, null, null, true), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.GetAsync("/api/auth/me", Ct)).StatusCode);

        var other = await shared.App.WithTokenAsync(await NewAccountAsync("08051"), TokenScopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/auth/me", Ct)).StatusCode);
        var secret = other.DefaultRequestHeaders.Authorization!.Parameter!;
        var stored = shared.App.Services.GetRequiredService<ApiTokenService>();
        var live = await stored.FindLiveAsync(secret, Ct);
        Assert.True(await stored.RevokeAsync(live!.UserId, null, live.Id, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    private async Task<AppUser> UserAsync(string email)
    {
        using var scope = shared.App.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }
}
