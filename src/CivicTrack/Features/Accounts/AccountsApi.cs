using System.Security.Claims;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Accounts;

public sealed record LoginRequest(string? Email, string? Password, string? Code);

public sealed record LoginResponse(string Token, DateTime ExpiresAt, IReadOnlyList<string> Roles);

public sealed record MeDto(string Id, string Email, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<AccountUnitDto> Units, IReadOnlyList<string> Scopes);

public sealed record TokenRequest(string? Name, IReadOnlyList<string?>? Scopes, int? ExpiresInDays);

/// <summary>Sign-in for API clients, the caller's own tokens, and account administration.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/login", Login).WithName("ApiLogin").RequireAccess(Access.Public).RequireRateLimiting(AccountsServices.SignInRateLimit)
            .WithSummary("Exchange e-mail and password (and a TOTP code when two-factor is on) for a bearer token valid 8 hours");
        auth.MapGet("/me", Me).WithName("Me").RequireAccess(Access.SignedIn).WithSummary("The caller's account, roles, units and token scopes");
        auth.MapGet("/tokens", ListTokens).WithName("ListTokens").RequireAccess(Access.SignedIn).WithSummary("The caller's personal access tokens");
        auth.MapPost("/tokens", CreateToken).WithName("CreateToken").RequireAccess(Access.TokensCreate).RequireRateLimiting(AccountsServices.SignInRateLimit)
            .WithSummary("Create a personal access token; the secret is in this answer only");
        auth.MapDelete("/tokens/{id:int}", RevokeToken).WithName("RevokeToken").RequireAccess(Access.SignedIn).WithSummary("Revoke one of the caller's tokens");

        var accounts = app.MapGroup("/api/accounts").WithTags("Accounts");
        accounts.MapGet("/", ListAccounts).WithName("ListAccounts").RequireAccess(Access.AccountsRead).WithSummary("Accounts within the administrator's units");
        accounts.MapGet("/{id}", GetAccount).WithName("GetAccount").RequireAccess(Access.AccountsRead).WithSummary("One account");
        accounts.MapPost("/", CreateAccount).WithName("CreateAccount").RequireAccess(Access.AccountsManage).WithSummary("Create an account with roles and units");
        accounts.MapPut("/{id}", UpdateAccount).WithName("UpdateAccount").RequireAccess(Access.AccountsManage).WithSummary("Change roles, units, name or disable an account");
        accounts.MapPost("/{id}/reset-password", ResetPassword).WithName("ResetPassword").RequireAccess(Access.AccountsManage).WithSummary("Set a new password and unlock");

        app.MapPost("/account/logout", Logout).RequireAccess(Access.SignedIn).ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> Login(
        LoginRequest request, UserManager<AppUser> users, ApiTokenService tokens, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        // Unknown, disabled, locked and wrong password answer alike, after the same password-hashing work,
        // so the answer does not tell which addresses have accounts.
        var refused = TypedResults.Problem(t["Login.Failed"], statusCode: StatusCodes.Status401Unauthorized);
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password)) return refused;
        var user = await users.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            SignInTiming.SpendPasswordCheck(users, request.Password);
            await audit.WriteAsync((string?)null, null, AuditActions.SignInFailed, "Account", null, ct: ct);
            return refused;
        }
        var unit = await FirstUnitAsync(users, user);
        if (user.IsDisabled || await users.IsLockedOutAsync(user))
        {
            SignInTiming.SpendPasswordCheck(users, request.Password);
            await audit.WriteAsync(user.Id, user.Email, AuditActions.LockedOut, "Account", user.Id, unit, ct: ct);
            return refused;
        }
        var ok = await users.CheckPasswordAsync(user, request.Password);
        if (ok && user.TwoFactorEnabled)
            ok = !string.IsNullOrWhiteSpace(request.Code) && await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, request.Code.Replace(" ", ""));
        if (!ok)
        {
            await users.AccessFailedAsync(user);
            var locked = await users.IsLockedOutAsync(user);
            await audit.WriteAsync(user.Id, user.Email, locked ? AuditActions.LockedOut : AuditActions.SignInFailed, "Account", user.Id, unit, ct: ct);
            return refused;
        }
        await users.ResetAccessFailedCountAsync(user);
        var roles = await users.GetRolesAsync(user);
        var issued = await tokens.IssueAsync(user.Id, user.Email, "API session", TokenScopes.AllowedFor(roles), clock.GetUtcNow().UtcDateTime + ApiTokenService.SessionLifetime, ApiTokenKind.Session, ct);
        await audit.WriteAsync(user.Id, user.Email, AuditActions.SignIn, "Account", user.Id, unit, after: new { via = "api" }, ct: ct);
        return TypedResults.Ok(new LoginResponse(issued.Token, issued.Details.ExpiresAt, [.. roles]));
    }

    private static async Task<Ok<MeDto>> Me(ClaimsPrincipal principal, AccessScope scope, UserManager<AppUser> users)
    {
        var user = (await users.GetUserAsync(principal))!;
        return TypedResults.Ok(new MeDto(user.Id, user.Email ?? "", user.DisplayName, [.. scope.Roles.Order()],
            [.. scope.UnitIds.Select(scope.Tree.Get).Select(n => new AccountUnitDto(n.Code, n.Name))], [.. scope.Scopes]));
    }

    private static async Task<Ok<IReadOnlyList<ApiTokenDto>>> ListTokens(AccessScope scope, ApiTokenService tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(scope.UserId!, ct));

    private static async Task<Results<Ok<IssuedToken>, Created<IssuedToken>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> CreateToken(
        TokenRequest request, AccessScope scope, ApiTokenService tokens, CancellationToken ct) =>
        (await tokens.CreatePersonalAsync(scope, request.Name, request.Scopes, request.ExpiresInDays, ct))
            .ToHttp(notFound: null, location: issued => $"/api/auth/tokens/{issued.Details.Id}");

    private static async Task<Results<NoContent, NotFound>> RevokeToken(int id, AccessScope scope, ApiTokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(scope.UserId!, scope.UserName, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Ok<IReadOnlyList<AccountDto>>> ListAccounts(AccessScope scope, AccountService accounts, string? search, CancellationToken ct) =>
        TypedResults.Ok(await accounts.ListAsync(scope, search, ct));

    private static async Task<Results<Ok<AccountDto>, NotFound>> GetAccount(string id, AccessScope scope, AccountService accounts, CancellationToken ct) =>
        await accounts.GetAsync(scope, id, ct) is { } a ? TypedResults.Ok(a) : TypedResults.NotFound();

    private static async Task<Results<Ok<AccountDto>, Created<AccountDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> CreateAccount(
        AccountCreate input, AccessScope scope, AccountService accounts, CancellationToken ct) =>
        (await accounts.CreateAsync(scope, input, ct)).ToHttp(notFound: null, location: a => $"/api/accounts/{a.Id}");

    private static async Task<Results<Ok<AccountDto>, Created<AccountDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> UpdateAccount(
        string id, AccountUpdate input, AccessScope scope, AccountService accounts, CancellationToken ct) =>
        (await accounts.UpdateAsync(scope, id, input, ct)).ToHttp(notFound: null);

    private static async Task<Results<Ok<AccountDto>, Created<AccountDto>, ValidationProblem, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> ResetPassword(
        string id, PasswordReset input, AccessScope scope, AccountService accounts, CancellationToken ct) =>
        (await accounts.ResetPasswordAsync(scope, id, input, ct)).ToHttp(notFound: null);

    /// <summary>Sign-out posts a form from the layout; its anti-forgery token is checked here.</summary>
    private static async Task<Results<RedirectHttpResult, BadRequest>> Logout(HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn, AuditLog audit)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return TypedResults.BadRequest();
        var id = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await signIn.SignOutAsync();
        await audit.WriteAsync(id, http.User.FindFirstValue(ClaimTypes.Email), AuditActions.SignOut, "Account", id);
        return TypedResults.LocalRedirect("/account/login");
    }

    internal static async Task<int?> FirstUnitAsync(UserManager<AppUser> users, AppUser user)
    {
        var withUnits = await users.Users.Where(u => u.Id == user.Id).Select(u => u.Units.Select(x => (int?)x.OrgUnitId).FirstOrDefault()).FirstOrDefaultAsync();
        return withUnits;
    }
}
