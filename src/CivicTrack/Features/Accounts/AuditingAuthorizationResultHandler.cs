using System.Security.Claims;
using CivicTrack.Features.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CivicTrack.Features.Accounts;

/// <summary>Records in the audit log every request a signed-in account was refused, then answers as usual.</summary>
public sealed class AuditingAuthorizationResultHandler(AuditLog audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && context.User.Identity?.IsAuthenticated == true)
            await audit.WriteAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier), context.User.FindFirstValue(ClaimTypes.Email),
                AuditActions.AccessDenied, "Endpoint", $"{context.Request.Method} {context.Request.Path}", ct: context.RequestAborted);
        await _default.HandleAsync(next, context, policy, result);
    }
}
