using System.Net.Http.Headers;
using System.Net.Http.Json;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Infrastructure;

/// <summary>HTTP clients acting as real accounts, with bearer tokens obtained the way API clients get them.</summary>
public static class Clients
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Signs in through POST /api/auth/login and returns a client carrying the token.</summary>
    public static async Task<HttpClient> SignedInAsync(this AppFactory app, string email, string password = AppFactory.DemoPassword)
    {
        var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest(email, password, null), Json.Options, Ct);
        response.EnsureSuccessStatusCode();
        var login = (await response.Content.ReadFromJsonAsync<LoginResponse>(Json.Options, Ct))!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login.Token);
        return client;
    }

    /// <summary>A client holding a personal token with exactly these scopes.</summary>
    public static async Task<HttpClient> WithTokenAsync(this AppFactory app, string email, params string[] scopes)
    {
        var users = app.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        var issued = await app.Services.GetRequiredService<ApiTokenService>()
            .IssueAsync(user.Id, email, "test", scopes, DateTime.UtcNow.AddDays(1), ApiTokenKind.Personal, Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Token);
        return client;
    }

    /// <summary>On an instance without the demo: creates a top unit and an account of the given role attached to it.</summary>
    public static async Task<HttpClient> AccountOnNewRootAsync(this AppFactory app, string rootCode, string role = Roles.Administrator)
    {
        var system = await app.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        if (system.Tree.Find(rootCode) is null)
        {
            var change = await app.Services.GetRequiredService<OrgService>()
                .CreateAsync(system, new OrgUnitInput(rootCode, $"Tỉnh Thử Nghiệm {rootCode}", "Province", null, null, null, null), Ct);
            Assert.Equal(OutcomeKind.Created, change.Kind);
            system = await app.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        }
        var email = $"{role.ToLowerInvariant()}.{rootCode.ToLowerInvariant()}@test.local";
        using var scope = app.Services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
            .CreateAsync(system, new AccountCreate(email, email, [role], [rootCode], AppFactory.DemoPassword), Ct);
        Assert.Equal(OutcomeKind.Created, created.Kind);
        return await app.SignedInAsync(email);
    }
}
