using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Audit;

public static class AuditApi
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", Search).WithTags("Audit").WithName("SearchAudit").RequireAccess(Access.AuditRead)
            .WithSummary("Audit entries by actor, unit (with its subtree), entity, action and Vietnam date range; format=csv or format=xlsx downloads them (an unknown format is a 400)");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, FileContentHttpResult, ValidationProblem, NotFound>> Search(
        AccessScope scope, AuditQuery audit, string? actor, string? unit, string? entity, string? action, DateOnly? from, DateOnly? to,
        int? offset, int? limit, string? format, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var filter = new AuditFilter(actor, unit, entity, action, from, to, offset ?? 0, limit ?? 100);
        var today = VietnamTime.Today(clock);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            // The CSV keeps its stable column names and UTC times for scripts that read it.
            return await audit.ExportCsvAsync(scope, filter, ct) is { } csv
                ? TypedResults.File(csv, Workbook.CsvContentType, ListDownload.FileName("audit", today, ListFormat.Csv))
                : TypedResults.NotFound();
        if (string.Equals(format, "xlsx", StringComparison.OrdinalIgnoreCase))
            return await audit.ExportSheetAsync(scope, filter, t, today, ct) is { } sheet
                ? ListDownload.File(sheet, ListFormat.Xlsx, "audit", today)
                : TypedResults.NotFound();
        if (format is { Length: > 0 } && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)) return ListDownload.BadFormat(format, t);
        return await audit.SearchAsync(scope, filter, ct) is { } page ? TypedResults.Ok(page) : TypedResults.NotFound();
    }
}
