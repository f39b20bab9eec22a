using CivicTrack.Engine.Dossiers;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Dossiers;

/// <summary>One-stop-shop dossiers: the push API, the Decision 766 metrics, the dossiers behind a figure, and the imports.</summary>
public static class DossiersApi
{
    public static IEndpointRouteBuilder MapDossiers(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dossiers").WithTags("Dossiers");
        api.MapPost("/", ImportAsync)
            .WithName("ImportDossiers").RequireAccess(Access.DossiersWrite)
            .WithMetadata(new RequestSizeLimitAttribute(DossierSettings.MaxRequestBytes))
            .WithSummary("Push dossier records: the canonical CSV (text/csv, gzip with Content-Encoding: gzip), an XLSX sheet, or a JSON array of records with the same field names; a later record of a code replaces the earlier one, an identical one changes nothing")
            .WithDescription("Every row is checked; good rows are applied in batches, each one transaction; refused rows come back with line, column and reason (for JSON the line is the record's position). A file whose header (or JSON shape) is wrong, or that is not UTF-8, is refused whole with 422.");
        api.MapGet("/metrics", async (string? unit, string? periods, bool? children, string? by, AccessScope scope, DossierQueries queries,
                IStringLocalizer<DossierResource> t, CancellationToken ct) =>
                (await queries.MetricsAsync(scope, unit, periods, children == true, by, ct)).ToHttp(t["Dossiers.UnknownUnit", unit ?? ""]))
            .WithName("DossierMetrics").RequireAccess(Access.DossiersRead)
            .WithSummary("Counts and rates of a unit's subtree (and with children=true each child's) per period: periods=2025-01..2025-12 gives one row per month, 2025Q3 or 2025 one row summing its months; by=sector|procedure breaks them down");
        api.MapGet("/", async (string? unit, string? period, bool? late, bool? openOverdue, int? page, int? pageSize, AccessScope scope,
                DossierQueries queries, IStringLocalizer<DossierResource> t, CancellationToken ct) =>
                (await queries.ListAsync(scope, unit, period, late == true ? DossierListKind.Late : openOverdue == true ? DossierListKind.OpenOverdue : DossierListKind.Received,
                    page, pageSize, ct)).ToHttp(t["Dossiers.UnknownUnit", unit ?? ""]))
            .WithName("ListDossiers").RequireAccess(Access.DossiersRead)
            .WithSummary("The dossiers behind a figure, paged: received in the period (default), late=true finished late in it, openOverdue=true open and overdue at its end");
        api.MapGet("/imports", async (AccessScope scope, DossierImports imports, CancellationToken ct) => TypedResults.Ok(await imports.RecentAsync(scope, ct)))
            .WithName("ListDossierImports").RequireAccess(Access.DossiersRead)
            .WithSummary("Recent imports (the caller's own; all of them for managers): when, from where, and what each did");
        api.MapGet("/imports/{id:long}/problems", async Task<Results<FileContentHttpResult, NotFound<ProblemDetails>>> (long id, AccessScope scope,
                DossierImports imports, IStringLocalizer<DossierResource> t, CancellationToken ct) =>
                await imports.ProblemsCsvAsync(scope, id, ct) is { } csv
                    ? TypedResults.File(csv, Workbook.CsvContentType, $"dossier-import-{id}-refused.csv")
                    : TypedResults.NotFound(new ProblemDetails { Title = t["Dossiers.ImportNotFound"], Status = 404 }))
            .WithName("DossierImportProblems").RequireAccess(Access.DossiersWrite)
            .WithSummary("The refused rows of an import as CSV: line, column, reason, value (the importer's own imports; all of them for managers)");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, AccessScope scope, DossierImporter importer, IOptions<DossierSettings> settings,
        WorkbookCheck workbooks, IStringLocalizer<DossierResource> t, CancellationToken ct)
    {
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        DossierFileKind? kind = type switch
        {
            "text/csv" or "text/plain" or "application/csv" or "application/octet-stream" or "" => DossierFileKind.Csv,
            "application/json" => DossierFileKind.Json,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => DossierFileKind.Xlsx,
            _ => null,
        };
        if (kind is null)
            return TypedResults.Problem(t["Dossiers.ContentType", type], statusCode: StatusCodes.Status415UnsupportedMediaType);
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip"))
            return TypedResults.Problem(t["Dossiers.ContentEncoding", encoding], statusCode: StatusCodes.Status415UnsupportedMediaType);
        if (request.ContentLength > DossierSettings.MaxRequestBytes) return TooLarge(t);
        string? body = null, csv = null;
        try
        {
            (string? Path, bool TooLarge, bool BadGzip) spooled;
            try { spooled = await DossierFiles.SpoolAsync(request.Body, encoding == "gzip", settings.Value.MaxFileBytes, ct); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return TooLarge(t); }
            if (spooled.TooLarge) return TooLarge(t);
            if (spooled.BadGzip) return Invalid("file", t["Dossiers.BadGzip"]);
            body = spooled.Path!;
            long shift = 0;
            switch (kind)
            {
                case DossierFileKind.Json:
                    var (jsonCsv, problem) = await DossierFiles.JsonToCsvAsync(body, ct);
                    if (problem is not null) return Invalid("file", $"{t["Dossiers.Record", problem.Line]}: {importer.Reason(problem.Kind)} {problem.Value}".Trim());
                    csv = jsonCsv;
                    shift = 1;
                    break;
                case DossierFileKind.Xlsx:
                    await using (var check = File.OpenRead(body))
                        if (workbooks.Check(check, ct) is { } refusal) return Invalid("file", refusal.Message);
                    try { csv = await DossierFiles.XlsxToCsvAsync(body, ct); }
                    catch (Exception e) when (e is not OperationCanceledException) { return Invalid("file", workbooks.Unreadable); }
                    break;
                default:
                    csv = body;
                    break;
            }
            var result = await importer.ImportFileAsync(scope, csv!, kind == DossierFileKind.Json ? "request.json" : "request", DossierImportSource.Api, null, ct, shift);
            // Refused whole (the header, the encoding) or row by row with none accepted: nothing was stored.
            if (result.State == DossierImportState.Refused)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [result.Rows == 0 ? "file" : "rows"] = [.. result.Problems.Select(p =>
                        $"{(kind == DossierFileKind.Json ? t["Dossiers.Record", p.Line] : t["Dossiers.Line", p.Line])}{(p.Column.Length > 0 ? $", {p.Column}" : "")}: {p.Reason}{(p.Value.Length > 0 ? $" ({p.Value})" : "")}")],
                }, title: t["Dossiers.FileRefused"], extensions: new Dictionary<string, object?> { ["rows"] = result.Rows, ["refused"] = result.Refused });
            return TypedResults.Ok(result);
        }
        finally
        {
            DossierFiles.Delete(body);
            if (csv != body) DossierFiles.Delete(csv);
        }
    }

    private static ProblemHttpResult TooLarge(IStringLocalizer<DossierResource> t) =>
        TypedResults.Problem(t["Dossiers.TooLarge", DossierSettings.MaxRequestBytes / 1024 / 1024], statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Import records: the recent ones and the refused rows of one.</summary>
public sealed class DossierImports(IDbContextFactory<Data.AppDb> dbFactory, DossierImporter importer)
{
    public sealed record ImportDto(long Id, string Source, string State, string FileName, string? By, DateTime StartedAt, DateTime? FinishedAt,
        long Rows, long Added, long Updated, long Unchanged, long Refused);

    private static bool SeesAll(AccessScope scope) => scope.IsInAnyRole([Roles.Administrator, Roles.ProgrammeManager]);

    public async Task<IReadOnlyList<ImportDto>> RecentAsync(AccessScope scope, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.DossierImports.AsNoTracking();
        if (!SeesAll(scope)) query = query.Where(i => i.UserId == scope.UserId);
        var rows = await query.OrderByDescending(i => i.Id).Take(50).ToListAsync(ct);
        return [.. rows.Select(i => new ImportDto(i.Id, i.Source.ToString(), i.State.ToString(), i.FileName, i.By, i.StartedAt, i.FinishedAt,
            i.Rows, i.Added, i.Updated, i.Unchanged, i.Refused))];
    }

    /// <summary>The import's refused rows, when the caller may see the import.</summary>
    public async Task<DossierImport?> FindAsync(AccessScope scope, long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var import = await db.DossierImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return import is not null && (SeesAll(scope) || import.UserId is not null && import.UserId == scope.UserId) ? import : null;
    }

    public async Task<IReadOnlyList<DossierProblemDto>> ProblemsAsync(long id, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.DossierImportProblems.AsNoTracking().Where(p => p.ImportId == id).OrderBy(p => p.Line).ThenBy(p => p.Id).Take(limit).ToListAsync(ct);
        return [.. rows.Select(p => new DossierProblemDto(p.Line, p.Column, p.Kind, importer.Reason(p.Kind), p.Value))];
    }

    public async Task<byte[]?> ProblemsCsvAsync(AccessScope scope, long id, CancellationToken ct)
    {
        if (await FindAsync(scope, id, ct) is null) return null;
        var problems = await ProblemsAsync(id, int.MaxValue, ct);
        var csv = new System.Text.StringBuilder("line,column,reason,value\r\n");
        foreach (var p in problems)
            csv.Append(p.Line).Append(',').Append(Quote(p.Column)).Append(',').Append(Quote(p.Reason)).Append(',').Append(Quote(p.Value)).Append("\r\n");
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 || s.StartsWith('=') || s.StartsWith('+') || s.StartsWith('-') || s.StartsWith('@')
            ? "\"" + (s.StartsWith('=') || s.StartsWith('+') || s.StartsWith('-') || s.StartsWith('@') ? "'" : "") + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : s;
}

public static class DossiersServices
{
    public static IServiceCollection AddDossiers(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<DossierSettings>(config.GetSection("Dossiers"));
        return services
            .AddSingleton<DossierStore>()
            .AddSingleton<DossierFeed>()
            .AddSingleton<DossierImporter>()
            .AddSingleton<DossierQueries>()
            .AddSingleton<DossierImports>();
    }
}
