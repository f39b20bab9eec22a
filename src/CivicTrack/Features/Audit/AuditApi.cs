using CivicTrack.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CivicTrack.Features.Audit;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Search).WithTags("Audit").WithName("SearchAudit").RequireAccess(Access.AuditRead)
            .WithSummary("Audit entries by actor, unit (with its subtree), entity, action and Vietnam date range; format=csv downloads them");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, FileContentHttpResult, NotFound>> Search(
        AccessScope scope, AuditQuery audit, string? actor, string? unit, string? entity, string? action, DateOnly? from, DateOnly? to,
        int? offset, int? limit, string? format, CancellationToken ct)
    {
        var filter = new AuditFilter(actor, unit, entity, action, from, to, offset ?? 0, limit ?? 100);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            return await audit.ExportCsvAsync(scope, filter, ct) is { } csv
                ? TypedResults.File(csv, "text/csv; charset=utf-8", $"audit-{DateTime.UtcNow:yyyyMMdd}.csv")
                : TypedResults.NotFound();
        return await audit.SearchAsync(scope, filter, ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();
    }
}
