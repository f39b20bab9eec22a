using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Organisation;
using CivicTrack.Tests.Infrastructure;
using CivicTrack.Tests.Organisation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Accounts;

/// <summary>Sign-in, tokens, unit scope and the audit log, through HTTP on a real database.</summary>
public abstract class AccountsApiTests(SharedApp shared)
{
    protected abstract DatabaseProvider Provider { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<T> Read<T>(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<T>(Json.Options, Ct))!;

    [Fact]
    public async Task Anonymous_api_calls_answer_401_and_pages_redirect_to_sign_in()
    {
        var client = shared.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { "/api/org-units", "/api/org-units/08051", "/api/accounts", "/api/audit", "/api/auth/me" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(url, Ct)).StatusCode);
        var page = await client.GetAsync("/org", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task A_commune_reporter_sees_and_edits_its_own_subtree_only()
    {
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var roots = await Read<OrgUnitPage>(await reporter.GetAsync("/api/org-units", Ct));
        Assert.Equal("Xã Thượng Tân", Assert.Single(roots.Items).Name);
        Assert.Empty((await Read<OrgUnitPage>(await reporter.GetAsync("/api/org-units?search=giap%20trung", Ct))).Items);
        Assert.All((await Read<OrgUnitPage>(await reporter.GetAsync("/api/org-units?kind=Village&limit=1000", Ct))).Items,
            v => Assert.StartsWith("08051-", v.Code));

        var village = await Read<OrgUnitDetailDto>(await reporter.GetAsync("/api/org-units/08051-02", Ct));
        var renamed = await reporter.PutAsJsonAsync("/api/org-units/08051-02",
            new OrgUnitInput(null, village.Unit.Name + " (mới)", "Village", "08051", village.Unit.OpenedOn, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        foreach (var url in new[] { "/api/org-units/08052", "/api/org-units/08052/subtree", "/api/org-units/08052-01", "/api/org-units?parent=08052" })
            Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync(url, Ct)).StatusCode);
        var write = await reporter.PutAsJsonAsync("/api/org-units/08052-01", new OrgUnitInput(null, "Đổi tên", "Village", "08052", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        var moveOut = await reporter.PutAsJsonAsync("/api/org-units/08051-03", new OrgUnitInput(null, "Thôn", "Village", "08052", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, moveOut.StatusCode);
        var csv = await reporter.GetStringAsync("/api/org-units/export?format=csv", Ct);
        Assert.Contains("08051-01", csv);
        Assert.DoesNotContain("08052", csv);

        var admin = await shared.App.SignedInAsync("admin@demo.local");
        var denied = await Read<AuditPage>(await admin.GetAsync("/api/audit?action=AccessDenied&entity=08052-01", Ct));
        Assert.Contains(denied.Items, e => e.ActorName == "reporter.thuongtan@demo.local" && e.UnitCode == "08052-01");
        var update = await Read<AuditPage>(await admin.GetAsync("/api/audit?action=Update&entity=08051-02", Ct));
        var entry = Assert.Single(update.Items);
        Assert.Contains(village.Unit.Name, entry.Before);
        Assert.Contains("(mới)", entry.After);
    }

    [Fact]
    public async Task A_reporter_cannot_merge_or_import_and_a_viewer_cannot_edit()
    {
        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync("/api/org-units/08051-01/merge", new MergeRequest("08051-02", new DateOnly(2026, 1, 1)), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsync("/api/org-units/import", new StringContent(OrgCsv.Header + "\n"), Ct)).StatusCode);
        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/org-units/08052", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/org-units/08052", new OrgUnitInput(null, "X", "Commune", "08", null, null, null), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/accounts", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_sixth_wrong_password_finds_the_account_locked_and_it_is_audited()
    {
        await using var app = new AppFactory(Provider);
        var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", new LoginRequest("approver.thuongtan@demo.local", "wrong-" + i, null), Json.Options, Ct)).StatusCode);
        var sixth = await client.PostAsJsonAsync("/api/auth/login?culture=en-GB", new LoginRequest("approver.thuongtan@demo.local", AppFactory.DemoPassword, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, sixth.StatusCode);
        Assert.Contains("locked", await sixth.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);

        var admin = await app.SignedInAsync("admin@demo.local");
        var log = await Read<AuditPage>(await admin.GetAsync("/api/audit?actor=approver.thuongtan@demo.local", Ct));
        Assert.Equal(4, log.Items.Count(e => e.Action == AuditActions.SignInFailed));
        Assert.Equal(2, log.Items.Count(e => e.Action == AuditActions.LockedOut));

        // An administrator's password reset unlocks the account.
        var id = (await Read<List<AccountDto>>(await admin.GetAsync("/api/accounts?search=approver", Ct))).Single().Id;
        Assert.True((await Read<AccountDto>(await admin.GetAsync($"/api/accounts/{id}", Ct))).IsLockedOut);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/accounts/{id}/reset-password", new PasswordReset("Another-Pass-2026"), Json.Options, Ct)).StatusCode);
        await app.SignedInAsync("approver.thuongtan@demo.local", "Another-Pass-2026");
    }

    [Fact]
    public async Task A_read_token_cannot_write_and_revoked_or_unknown_tokens_are_refused()
    {
        var reader = await shared.App.WithTokenAsync("manager@demo.local", TokenScopes.Read);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/org-units/08051", Ct)).StatusCode);
        var write = await reader.PutAsJsonAsync("/api/org-units/08051-04", new OrgUnitInput(null, "Thôn Thử", "Village", "08051", null, null, null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);

        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var created = await manager.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("dossier feed", [TokenScopes.Read, TokenScopes.DossiersWrite], 30), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var issued = await Read<IssuedToken>(created);
        Assert.StartsWith("ct_", issued.Token);
        var list = await manager.GetStringAsync("/api/auth/tokens", Ct);
        Assert.Contains("dossier feed", list);
        Assert.DoesNotContain(issued.Token, list);
        await using (var scope = shared.App.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDb>().ApiTokens.SingleAsync(t => t.Id == issued.Details.Id, Ct);
            Assert.Equal(ApiTokenService.Hash(issued.Token), stored.Hash);
            Assert.DoesNotContain(issued.Token, stored.Hash + stored.Prefix + stored.Name);
        }

        var feed = shared.App.CreateClient();
        feed.DefaultRequestHeaders.Authorization = new("Bearer", issued.Token);
        Assert.Equal(HttpStatusCode.OK, (await feed.GetAsync("/api/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/auth/tokens/{issued.Details.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await feed.GetAsync("/api/auth/me", Ct)).StatusCode);

        var other = await shared.App.SignedInAsync("viewer@demo.local");
        var mine = await Read<IssuedToken>(await manager.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("kept", [TokenScopes.Read], 1), Json.Options, Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/auth/tokens/{mine.Details.Id}", Ct)).StatusCode);
        Assert.DoesNotContain("kept", await other.GetStringAsync("/api/auth/tokens", Ct));

        var forged = shared.App.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "ct_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/org-units", Ct)).StatusCode);
    }

    [Fact]
    public async Task Me_tells_roles_units_and_token_scopes()
    {
        var team = await shared.App.SignedInAsync("team.thuongtan@demo.local");
        var me = await Read<MeDto>(await team.GetAsync("/api/auth/me", Ct));
        Assert.Equal([Roles.TeamMember], me.Roles);
        Assert.StartsWith("08051-", Assert.Single(me.Units).Code);
        Assert.Equal([TokenScopes.DataWrite, TokenScopes.Read, TokenScopes.TokensCreate], me.Scopes.Order());
    }

    [Fact]
    public async Task A_read_token_cannot_mint_itself_a_writing_token()
    {
        var reader = await shared.App.WithTokenAsync("manager@demo.local", TokenScopes.Read);
        var minted = await reader.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("escalate", [.. TokenScopes.All], 30), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, minted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("same", [TokenScopes.Read], 30), Json.Options, Ct)).StatusCode);

        // With the scope to create tokens, a token still grants no more than it holds.
        var creator = await shared.App.WithTokenAsync("manager@demo.local", TokenScopes.Read, TokenScopes.TokensCreate);
        var wider = await creator.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("wider", [TokenScopes.Read, TokenScopes.DataWrite], 30), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wider.StatusCode);
        Assert.Contains("data:write", await wider.Content.ReadAsStringAsync(Ct));
        var narrow = await creator.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("narrow", [TokenScopes.Read], 30), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, narrow.StatusCode);
        Assert.Equal([TokenScopes.Read], (await Read<IssuedToken>(narrow)).Details.Scopes);
    }

    [Fact]
    public async Task A_session_grants_only_what_the_persons_roles_allow()
    {
        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        Assert.Equal([TokenScopes.Read, TokenScopes.TokensCreate], (await Read<MeDto>(await viewer.GetAsync("/api/auth/me", Ct))).Scopes.Order());
        var write = await viewer.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("viewer writes", [TokenScopes.Read, TokenScopes.DataWrite], 30), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, write.StatusCode);
        Assert.Contains("data:write", await write.Content.ReadAsStringAsync(Ct));

        var reporter = await shared.App.SignedInAsync("reporter.thuongtan@demo.local");
        var push = await reporter.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("push", [TokenScopes.FederationPush], 30), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, push.StatusCode);
        var admin = await shared.App.SignedInAsync("admin@demo.local");
        Assert.Equal(TokenScopes.All.Order(), (await Read<MeDto>(await admin.GetAsync("/api/auth/me", Ct))).Scopes.Order());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("push", [TokenScopes.FederationPush], 30), Json.Options, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_province_administrator_manages_only_accounts_inside_its_province()
    {
        await using var app = new AppFactory(Provider);
        var other = await app.AccountOnNewRootAsync("T1");
        var mine = await Read<List<AccountDto>>(await other.GetAsync("/api/accounts", Ct));
        Assert.Equal("administrator.t1@test.local", Assert.Single(mine).Email);

        var demoAdmin = await app.SignedInAsync("admin@demo.local");
        var demoAccounts = await Read<List<AccountDto>>(await demoAdmin.GetAsync("/api/accounts", Ct));
        Assert.Equal(7, demoAccounts.Count);
        Assert.DoesNotContain(demoAccounts, a => a.Email == "administrator.t1@test.local");
        var reporterId = demoAccounts.Single(a => a.Email == "reporter.giaptrung@demo.local").Id;
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/accounts/{reporterId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/accounts/{reporterId}", new AccountUpdate(null, null, null, true), Json.Options, Ct)).StatusCode);

        var outside = await other.PostAsJsonAsync("/api/accounts", new AccountCreate("x@test.local", "X", [Roles.Reporter], ["08051"], "Strong-Pass-2026"), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("08051", await outside.Content.ReadAsStringAsync(Ct));

        var created = await demoAdmin.PostAsJsonAsync("/api/accounts", new AccountCreate("new.reporter@demo.local", "Người mới", [Roles.Reporter], ["08052"], "Strong-Pass-2026"), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = await Read<AccountDto>(created);
        var promoted = await demoAdmin.PutAsJsonAsync($"/api/accounts/{account.Id}", new AccountUpdate(null, [Roles.Approver], null, null), Json.Options, Ct);
        Assert.Equal([Roles.Approver], (await Read<AccountDto>(promoted)).Roles);
        var roleChange = await Read<AuditPage>(await demoAdmin.GetAsync($"/api/audit?action=RoleChange&entity={account.Id}", Ct));
        Assert.Contains("Reporter", Assert.Single(roleChange.Items).Before);

        var disabled = await demoAdmin.PutAsJsonAsync($"/api/accounts/{account.Id}", new AccountUpdate(null, null, null, true), Json.Options, Ct);
        Assert.True((await Read<AccountDto>(disabled)).IsDisabled);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login", new LoginRequest("new.reporter@demo.local", "Strong-Pass-2026", null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task No_code_path_can_change_or_delete_audit_entries()
    {
        await using var scope = shared.App.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await audit.WriteAsync("tester", "tester@test.local", AuditActions.Update, "Probe", "append-only", ct: Ct);
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var entry = await db.Audit.SingleAsync(a => a.EntityType == "Probe", Ct);

        entry.Action = "Tampered";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();
        db.Audit.Remove(entry);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
        db.ChangeTracker.Clear();

        // Even raw SQL, bypassing the application, is refused by the database.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Action\" = 'Tampered'", Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries", Ct));
        Assert.Equal(AuditActions.Update, (await db.Audit.AsNoTracking().SingleAsync(a => a.Id == entry.Id, Ct)).Action);
    }

    [Fact]
    public async Task Sign_in_is_rate_limited()
    {
        await using var app = new AppFactory(Provider) { SignInAttemptsPerMinute = 3 };
        var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new LoginRequest("nobody@demo.local", "x", null), Json.Options, Ct)).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        var refused = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest("nobody@demo.local", "x", null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
    }

    [Fact]
    public async Task A_locked_account_answers_exactly_like_an_unknown_address()
    {
        await using var app = new AppFactory(Provider);
        var client = app.CreateClient();
        async Task<(HttpStatusCode, string?, string?)> Login(string email, string password)
        {
            var r = await client.PostAsJsonAsync("/api/auth/login?culture=en-GB", new LoginRequest(email, password, null), Json.Options, Ct);
            var problem = await r.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>(Json.Options, Ct);
            return (r.StatusCode, problem?.Title, problem?.Detail);
        }
        var unknown = await Login("nobody.here@demo.local", "Whatever-2026");
        var wrong = await Login("approver.thuongtan@demo.local", "Whatever-2026");
        for (var i = 0; i < 5; i++) await Login("approver.thuongtan@demo.local", "wrong-" + i);
        var locked = await Login("approver.thuongtan@demo.local", AppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Item1);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
    }

    [Fact]
    public async Task Token_answers_are_never_cached()
    {
        var client = shared.App.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new LoginRequest("viewer@demo.local", AppFactory.DemoPassword, null), Json.Options, Ct);
        Assert.True(login.Headers.CacheControl?.NoStore, "login answer: Cache-Control no-store");
        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        var created = await viewer.PostAsJsonAsync("/api/auth/tokens", new TokenRequest("feed", [TokenScopes.Read], 1), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "token answer: Cache-Control no-store");
    }

    [Fact]
    public async Task Behind_an_https_proxy_cookies_are_secure_and_hsts_is_sent()
    {
        await using var app = new AppFactory(Provider, loadDemo: false) { Settings = { ["ForwardedHeaders:Enabled"] = "true" } };
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://civictrack.example") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login?culture=en-GB");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var plain = await client.GetAsync("/account/login", Ct);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_cookie_carrying_write_from_another_site_is_refused_before_it_reaches_the_endpoint()
    {
        var client = shared.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        async Task<HttpResponseMessage> Post(params (string Name, string Value)[] headers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/tokens") { Content = JsonContent.Create(new TokenRequest("csrf", [TokenScopes.Read], 1)) };
            request.Headers.Add("Cookie", "civictrack.auth=stolen-session");
            foreach (var (name, value) in headers) request.Headers.Add(name, value);
            return await client.SendAsync(request, Ct);
        }
        var foreign = await Post(("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(("Sec-Fetch-Site", "cross-site"), ("Origin", "http://localhost"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post()).StatusCode);
        // From the site's own pages the request goes on to authentication (the cookie here is not a real session).
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(("Origin", "http://localhost"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(("Sec-Fetch-Site", "same-origin"))).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var client = shared.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { "/account/login", "/api/org-units" })
        {
            var response = await client.GetAsync(url, Ct);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.Contains("default-src 'self'", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }
}

public sealed class AccountsApiSqliteTests(SqliteDemoApp app) : AccountsApiTests(app), IClassFixture<SqliteDemoApp>
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class AccountsApiPostgresTests(PostgresDemoApp app) : AccountsApiTests(app), IClassFixture<PostgresDemoApp>
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
