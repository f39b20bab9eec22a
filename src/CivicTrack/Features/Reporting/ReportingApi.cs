using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Reporting.Synthesis;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Reporting;

/// <summary>Report forms, reports and their workflow, reporting rates, urging and the synthesized report as JSON and files.</summary>
public static class ReportingApi
{
    public static IEndpointRouteBuilder MapReporting(this IEndpointRouteBuilder app)
    {
        var formsApi = app.MapGroup("/api/report-forms").WithTags("Reporting");
        formsApi.MapGet("/", async (bool? all, FormService forms, CancellationToken ct) => TypedResults.Ok(await forms.ListAsync(all == true, ct)))
            .WithName("ListReportForms").RequireAccess(Access.IndicatorsRead).WithSummary("Report forms with their sections, due rule, lock, approval levels and assignment");
        formsApi.MapGet("/{code}", async Task<Results<Ok<ReportFormDto>, NotFound<ProblemDetails>>> (string code, FormService forms, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                await forms.GetAsync(code, ct) is { } f ? TypedResults.Ok(f) : TypedResults.NotFound(new ProblemDetails { Title = t["Form.NotFound"], Status = 404 }))
            .WithName("GetReportForm").RequireAccess(Access.IndicatorsRead).WithSummary("One report form");
        formsApi.MapPost("/", async (ReportFormInput input, AccessScope scope, FormService forms, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                (await forms.CreateAsync(scope, input, ct)).ToHttp(t["Form.NotFound"], location: f => $"/api/report-forms/{f.Code}"))
            .WithName("CreateReportForm").RequireAccess(Access.ReportsManage)
            .WithSummary("Define a form: sections of data elements, period type, due rule (day:25 or after:10), lock, approval levels, assigned kinds, groups or units");
        formsApi.MapPut("/{code}", async (string code, ReportFormInput input, AccessScope scope, FormService forms, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                (await forms.UpdateAsync(scope, code, input, ct)).ToHttp(t["Form.NotFound"]))
            .WithName("UpdateReportForm").RequireAccess(Access.ReportsManage).WithSummary("Change a form's definition (reports already sent keep their values)");

        var reports = app.MapGroup("/api/reports").WithTags("Reporting");
        reports.MapGet("/", async (string form, string? unit, string? periods, bool? pending, AccessScope scope, RatesService rates,
                IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                (await rates.StatusesAsync(scope, form, unit, periods, pending == true, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("ListReports").RequireAccess(Access.ReportsRead)
            .WithSummary("The reports a form expects under a unit for a period range (default: the last 12 periods due), each with its due date and timing; pending=true keeps the missing, late, returned and not yet due");
        reports.MapGet("/late", async Task<Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>>> (string form, string? unit, string? periods,
                string? format, AccessScope scope, LateReportsExport export, TimeProvider clock, IStringLocalizer<ReportResource> t,
                IStringLocalizer<SharedResource> st, CancellationToken ct) =>
            {
                if (!ListDownload.TryParse(format, out var f)) return ListDownload.BadFormat(format, st);
                var sheet = await export.SheetAsync(scope, form, unit, periods, ct);
                return sheet.Map(s => new DownloadFile(ListDownload.FileName($"late-reports-{form}", Engine.Time.VietnamTime.Today(clock), f), ListDownload.Bytes(s, f)))
                    .ToFile(f == ListFormat.Csv ? Workbook.CsvContentType : Workbook.ContentType, t["Report.NotFound"]);
            })
            .WithName("ExportLateReports").RequireAccess(Access.ReportsRead)
            .WithSummary("The late reports list (missing, late, returned, not yet due) as a styled workbook or CSV (format=xlsx|csv), in the reader's language");
        reports.MapGet("/{form}/{unit}/{period}", async (string form, string unit, string period, AccessScope scope, ReportService service,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await service.GetAsync(scope, form, unit, period, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("GetReport").RequireAccess(Access.ReportsRead)
            .WithSummary("A unit's report for a period: sections, values with comments, state, due and lock dates, problems, history and what the caller may do");
        reports.MapPut("/{form}/{unit}/{period}", async (string form, string unit, string period, ReportInput input, AccessScope scope, ReportService service,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await service.SaveAsync(scope, form, unit, period, input, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("SaveReport").RequireAccess(Access.ReportsWrite)
            .WithSummary("Save a draft: the values given (null clears one) and the report comment; all checked first, stored together or not at all");
        reports.MapPost("/{form}/{unit}/{period}/submit", async (string form, string unit, string period, ReportInput? input, AccessScope scope, ReportService service,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await service.SubmitAsync(scope, form, unit, period, input, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("SubmitReport").RequireAccess(Access.ReportsWrite)
            .WithSummary("Submit (optionally with values to save first); refused while required values are missing or a rule fails; repeating it changes nothing");
        reports.MapPost("/{form}/{unit}/{period}/approve", async (string form, string unit, string period, AccessScope scope, ReportService service,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await service.ApproveAsync(scope, form, unit, period, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("ApproveReport").RequireAccess(Access.ReportsApprove).WithSummary("Approve one level; the last level locks the report");
        reports.MapPost("/{form}/{unit}/{period}/return", async (string form, string unit, string period, ReturnInput input, AccessScope scope, ReportService service,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await service.ReturnAsync(scope, form, unit, period, input.Reason, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("ReturnReport").RequireAccess(Access.ReportsApprove).WithSummary("Return a submitted report to its unit with a reason");
        reports.MapPost("/{form}/{unit}/{period}/reopen-request", async (string form, string unit, string period, ReopenRequestInput input, AccessScope scope,
                ReportService service, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                (await service.RequestReopenAsync(scope, form, unit, period, input.Reason, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("RequestReportReopen").RequireAccess(Access.ReportsWrite)
            .WithSummary("Ask the form's managers to reopen a locked period, with a reason; it reaches their inbox");
        reports.MapPost("/{form}/{unit}/{period}/reopen", async (string form, string unit, string period, ReopenInput input, AccessScope scope,
                ReportService service, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                (await service.ReopenAsync(scope, form, unit, period, input.Days, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("ReopenReport").RequireAccess(Access.ReportsManage)
            .WithSummary("Reopen a locked period for the unit for 1–60 days (today included); the unit is told");
        reports.MapGet("/{form}/{unit}/{period}/template", async (string form, string unit, string period, AccessScope scope, ReportExcel excel,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await excel.TemplateAsync(scope, form, unit, period, ct)).ToFile(ExcelReport.ContentType, t["Report.NotFound"]))
            .WithName("GetReportTemplate").RequireAccess(Access.ReportsRead).WithSummary("The report as an Excel sheet to fill in (with the values entered so far)");
        reports.MapPost("/{form}/{unit}/{period}/import", async Task<IResult> (string form, string unit, string period, HttpRequest request, AccessScope scope,
                ReportExcel excel, UploadLimits limits, IStringLocalizer<ReportResource> t, IStringLocalizer<UploadResource> ut, CancellationToken ct) =>
            {
                var (upload, problem) = await UploadRequest.ReadFormAsync(request, limits, ut, ct);
                if (problem is not null) return problem;
                if ((upload!.Files.GetFile("file") ?? upload.Files.FirstOrDefault()) is not { } file) return TypedResults.Problem(ut["Upload.NoFile"], statusCode: 400);
                await using var stream = file.OpenReadStream();
                return (await excel.ImportAsync(scope, form, unit, period, stream, ct)).ToHttp(t["Report.NotFound"]);
            })
            .Accepts<IFormFile>("multipart/form-data").Produces<ReportDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(413)
            .WithName("ImportReport").RequireAccess(Access.ReportsWrite).DisableAntiforgery()
            .WithSummary("Upload the filled Excel sheet: every cell checked first (errors name the cell), then saved as a draft together or not at all");
        reports.MapPost("/urge", async (UrgeReportsInput input, AccessScope scope, RatesService rates, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                (await rates.UrgeAsync(scope, input, ct)).ToHttp(t["Report.NotFound"]))
            .WithName("UrgeReports").RequireAccess(Access.ReportsManage)
            .WithSummary("Urge every unit under `unit` (or that one unit) whose report for the period has not been received; returns how many were urged");

        var synthesis = app.MapGroup("/api/synthesis").WithTags("Reporting");
        synthesis.MapGet("/{form}/{period}.{format}", async (string form, string period, string format, string? unit, AccessScope scope, SynthesisService service,
                IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                Synthesized(await service.FormAsync(scope, form, period, unit, ct), format, $"{form}_{period}", t))
            .WithName("GetFormSynthesis").RequireAccess(Access.ReportsRead)
            .WithSummary("The synthesized report of a form for a period under a unit (default: the caller's top unit), as docx (Word) or xlsx (Excel)");
        synthesis.MapGet("/programme/{period}.{format}", async (string period, string format, string? unit, AccessScope scope, SynthesisService service,
                FormService forms, IStringLocalizer<ReportResource> t, CancellationToken ct) =>
                Synthesized(await service.ProgrammeAsync(scope, period, unit, await forms.DefinitionsAsync(ct), ct), format, $"programme_{period}", t))
            .WithName("GetProgrammeSynthesis").RequireAccess(Access.ReportsRead)
            .WithSummary("The programme's synthesized report for a period (plans, key indicators, reporting), as docx (Word) or xlsx (Excel)");

        app.MapGet("/api/reporting-rates", async (string form, string? unit, string? periods, AccessScope scope, RatesService rates,
                IStringLocalizer<ReportResource> t, CancellationToken ct) => (await rates.RatesAsync(scope, form, unit, periods, ct)).ToHttp(t["Report.NotFound"]))
            .WithTags("Reporting").WithName("GetReportingRates").RequireAccess(Access.ReportsRead)
            .WithSummary("Expected, submitted and on-time reports with completeness and timeliness (capped at 100%) for a unit and each child, in total and per period");
        return app;
    }

    private static Results<FileContentHttpResult, ValidationProblem, NotFound<ProblemDetails>> Synthesized(Outcome<Synthesis.SynthesisDocument> doc, string format,
        string name, IStringLocalizer<ReportResource> t) => format.ToLowerInvariant() switch
        {
            _ when !doc.Succeeded => doc.Failed<DownloadFile>().ToFile("", t["Report.NotFound"]),
            "docx" => doc.Map(d => SynthesisService.Word(d, name)).ToFile(WordReport.ContentType, t["Report.NotFound"]),
            "xlsx" => doc.Map(d => SynthesisService.Excel(d, name)).ToFile(ExcelReport.ContentType, t["Report.NotFound"]),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [t["Synthesis.BadFormat"]] }),
        };
}
