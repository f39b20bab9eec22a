using System.Text.Json;
using CivicTrack.Engine.Interop;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Interop;

/// <summary>DHIS2's <c>dataValueSets</c> in JSON and ADX, in and out, and the mapping table of DHIS2 UIDs.</summary>
public static class Dhis2Api
{
    /// <summary>The DHIS2 exchange, and the outbox that sends approved reports to <c>Dhis2:Url</c> (idle without it).</summary>
    public static IServiceCollection AddInterop(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<Dhis2Settings>().BindConfiguration("Dhis2");
        services.AddOutboxHttpClient(Dhis2Outbox.HttpClientName, config, "Dhis2");
        services.AddSingleton<Dhis2Ids>().AddSingleton<Dhis2DataValues>().AddSingleton<Dhis2Outbox>();
        services.AddHostedService(sp => sp.GetRequiredService<Dhis2Outbox>());
        return services;
    }

    public static IEndpointRouteBuilder MapInterop(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/dhis2").WithTags("DHIS2");
        api.MapPost("/dataValueSets", ImportAsync).WithName("ImportDhis2DataValueSets").RequireAccess(Access.DataWrite)
            .WithSummary("Import a DHIS2 data value set: JSON as DHIS2 writes it, or ADX (application/adx+xml); answered with DHIS2's import summary")
            .WithDescription("Parameters as DHIS2's: `dataElementIdScheme`, `orgUnitIdScheme`, `idScheme` (`UID` through the mapping table, `CODE`, `NAME`; not given: a mapped UID, else a code), `importStrategy` (`CREATE`, `UPDATE`, `CREATE_AND_UPDATE`, `DELETE`), `dryRun`, `atomicMode` (`NONE`: good values are stored beside the conflicts, as DHIS2 does; `ALL`: nothing is stored when any value is refused). Each refused value is a conflict naming it (E7610 unknown data element, E7611 period, E7612/E7617 unit, E7613/E7615 a non-default category or attribute option combo, E7619 value, E7642 in a submitted report); 200 without conflicts, 409 with them. Periods: `202510`, `2025Q3`, `2025S1`, `2025W42`, `20251010`, `2025`; ADX `2025-10-01/P1M`.");
        api.MapGet("/dataValueSets", ExportAsync).WithName("ExportDhis2DataValueSets").RequireAccess(Access.DataRead)
            .WithSummary("A report form's stored values as a DHIS2 data value set (JSON, or ADX with Accept: application/adx+xml or format=adx)")
            .WithDescription("`dataSet` (a form), `orgUnit` (repeatable), `children=true` for everything under them, `period` (repeatable, DHIS2 ids) or `startDate` and `endDate`, and the id schemes as on import. Under the UID scheme a value whose element or unit has no UID is left out; the header X-Unmapped-Values counts them.");
        api.MapGet("/mappings", async (string? format, Dhis2Ids ids, CancellationToken ct) =>
                format is "csv" ? Results.File(Dhis2Ids.ToCsv(await ids.ListAsync(ct)), Workbook.CsvContentType, "dhis2-mapping.csv")
                : Results.Ok(await ids.ListAsync(ct)))
            .WithName("ListDhis2Mappings").RequireAccess(Access.IndicatorsRead)
            .WithSummary("The mapping of DHIS2 UIDs to codes here (format=csv: the file the import takes)");
        api.MapPost("/mappings", ImportMappingsAsync).WithName("ImportDhis2Mappings").RequireAccess(Access.InteropManage)
            .WithSummary("Import the mapping table as CSV (kind,uid,code; kind dataElement, orgUnit or dataSet): every row checked first, then stored in one transaction; a repeated import changes nothing");
        return app;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, string? dataElementIdScheme, string? orgUnitIdScheme, string? idScheme,
        string? importStrategy, bool? dryRun, string? atomicMode, AccessScope scope, Dhis2DataValues service, UploadLimits limits,
        IStringLocalizer<InteropResource> t, IStringLocalizer<UploadResource> upload, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        var general = Scheme(idScheme, "idScheme", t, problems);
        var elements = dataElementIdScheme is null ? general : Scheme(dataElementIdScheme, "dataElementIdScheme", t, problems);
        var units = orgUnitIdScheme is null ? general : Scheme(orgUnitIdScheme, "orgUnitIdScheme", t, problems);
        Dhis2ImportStrategy? strategy = (importStrategy ?? "CREATE_AND_UPDATE").Trim().ToUpperInvariant() switch
        {
            "CREATE_AND_UPDATE" or "NEW_AND_UPDATES" => Dhis2ImportStrategy.CreateAndUpdate,
            "CREATE" or "NEW" => Dhis2ImportStrategy.Create,
            "UPDATE" or "UPDATES" => Dhis2ImportStrategy.Update,
            "DELETE" or "DELETES" => Dhis2ImportStrategy.Delete,
            _ => null,
        };
        if (strategy is null) problems["importStrategy"] = [t["Dhis2.BadStrategy", importStrategy ?? ""]];
        bool? atomic = (atomicMode ?? "NONE").Trim().ToUpperInvariant() switch { "NONE" => false, "ALL" => true, _ => null };
        if (atomic is null) problems["atomicMode"] = [t["Dhis2.BadAtomicMode", atomicMode ?? ""]];
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        var adx = type is Dhis2Payload.AdxContentType or "application/xml" or "text/xml";
        if (!adx && type is not ("application/json" or "")) return TypedResults.Problem(t["Dhis2.ContentType", type], statusCode: StatusCodes.Status415UnsupportedMediaType);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var (body, tooLarge) = await UploadRequest.ReadBodyAsync(request.Body, request.ContentLength, limits, upload, ct);
        if (tooLarge is not null) return tooLarge;
        await using (body)
        {
            var set = adx ? Dhis2Payload.ReadAdx(body!) : Dhis2Payload.ReadJson(body!);
            if (set.Problem is not null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [t["Dhis2.Unreadable", set.Problem]] });
            var answer = await service.ImportAsync(scope, set, new(elements, units, general, strategy!.Value, dryRun == true, atomic == true), ct);
            return Results.Json(answer, Dhis2Payload.JsonOptions, statusCode: answer.HttpStatusCode);
        }
    }

    private static async Task<IResult> ExportAsync(HttpRequest request, string? dataSet, string[]? period, string[]? orgUnit, bool? children,
        DateOnly? startDate, DateOnly? endDate, string? dataElementIdScheme, string? orgUnitIdScheme, string? idScheme, string? format,
        AccessScope scope, Dhis2Ids ids, Dhis2DataValues service, TimeProvider clock, IStringLocalizer<InteropResource> t, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        var general = Scheme(idScheme, "idScheme", t, problems);
        var elementScheme = dataElementIdScheme is null ? general : Scheme(dataElementIdScheme, "dataElementIdScheme", t, problems);
        var unitScheme = orgUnitIdScheme is null ? general : Scheme(orgUnitIdScheme, "orgUnitIdScheme", t, problems);
        var lookup = await ids.LookupAsync(ct);
        var form = lookup.Form(dataSet, general);
        if (form is null) problems["dataSet"] = [t["Dhis2.UnknownDataSet", dataSet ?? ""]];
        var tree = lookup.Tree;
        var within = scope.On(tree);
        var units = new List<Engine.Organisation.OrgNode>();
        foreach (var u in orgUnit ?? [])
            if (lookup.Unit(u, unitScheme) is { } node && within.Covers(node)) units.Add(node);
            else problems["orgUnit"] = [t["Dhis2.UnknownUnit", u]];
        if (units.Count == 0 && !problems.ContainsKey("orgUnit")) problems["orgUnit"] = [t["Dhis2.NeedUnit"]];
        List<Period>? periods = null;
        if (period is { Length: > 0 })
        {
            if (period.Length > 120) problems["period"] = [t["Dhis2.TooManyPeriods", 120]];
            periods = [];
            foreach (var p in period.Take(120))
                if (Dhis2Periods.TryFromDhis2(p, out var parsed)) periods.Add(parsed);
                else problems["period"] = [t["Dhis2.BadPeriod", p]];
        }
        else if (startDate is null || endDate is null) problems["period"] = [t["Dhis2.NeedPeriod"]];
        else if (endDate < startDate) problems["endDate"] = [t["Dhis2.DatesReversed"]];
        var wantsAdx = format is "adx" || (format is null && request.Headers.Accept.ToString().Contains(Dhis2Payload.AdxContentType, StringComparison.OrdinalIgnoreCase));
        if (format is not (null or "json" or "adx")) problems["format"] = [t["Dhis2.BadFormat", format]];
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);

        var (list, unnamed, dataSetId, tooMany) = await service.ExportAsync(within, form!, units, children == true, periods,
            periods is null ? (startDate!.Value, endDate!.Value) : null, elementScheme, unitScheme, general, lookup, ct);
        if (tooMany) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = [t["Dhis2.TooManyValues", Dhis2DataValues.MaxExportValues]] });
        request.HttpContext.Response.Headers["X-Unmapped-Values"] = unnamed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return wantsAdx
            ? Results.File(Dhis2DataValues.ToAdx(list, dataSetId, clock.GetUtcNow().UtcDateTime), Dhis2Payload.AdxContentType)
            : Results.Json(Dhis2DataValues.ToJson(list, dataSetId, elementScheme), Dhis2Payload.JsonOptions);
    }

    private static async Task<IResult> ImportMappingsAsync(HttpRequest request, AccessScope scope, Dhis2Ids ids, UploadLimits limits,
        IStringLocalizer<UploadResource> upload, CancellationToken ct)
    {
        var (body, tooLarge) = await UploadRequest.ReadBodyAsync(request.Body, request.ContentLength, limits, upload, ct);
        if (tooLarge is not null) return tooLarge;
        await using (body) return (await ids.ImportCsvAsync(scope, body!.ToArray(), ct)).ToHttp(null);
    }

    private static Dhis2IdScheme Scheme(string? text, string field, IStringLocalizer<InteropResource> t, Dictionary<string, string[]> problems)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case null or "": return Dhis2IdScheme.Auto;
            case "UID" or "ID": return Dhis2IdScheme.Uid;
            case "CODE": return Dhis2IdScheme.Code;
            case "NAME": return Dhis2IdScheme.Name;
            default:
                problems[field] = [t["Dhis2.BadScheme", text]];
                return Dhis2IdScheme.Auto;
        }
    }
}
