using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using System.Globalization;
using CivicTrack.Engine.Text;
using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Notifications;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;

namespace CivicTrack.Tests.Reporting;

/// <summary>Report forms, the workflow, rates, Excel and the synthesized report through HTTP, on a demo instance whose clock
/// the tests move (deadlines depend on the day).</summary>
public abstract class ReportingApiTests(ClockedDemoApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;
    private TestClock Clock => shared.Clock;

    private static async Task<T> Ok<T>(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, Json.Options)!;
    }

    /// <summary>A monthly form for the given units, due on the 25th, with two required values and a rule between them.</summary>
    private async Task<string> CreateFormAsync(HttpClient manager, string[] units, int approvalLevels = 1, int? lockAfter = null)
    {
        var code = "T-" + Guid.NewGuid().ToString("N")[..8];
        var input = new ReportFormInput(code, LocalText.Of("Báo cáo thử", "Test report"), null, PeriodType.Month, null, null, null, "day:25", lockAfter, approvalLevels, null,
            [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0), new FieldInput("DOSSIERS_ONLINE", true, 0, 100000)])],
            [new RuleInput("#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", LocalText.Of("Số hồ sơ trực tuyến không được lớn hơn số hồ sơ tiếp nhận.", "Online dossiers must not be greater than dossiers received."))],
            new AssignmentInput(null, null, units));
        var created = await manager.PostAsJsonAsync("/api/report-forms", input, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return code;
    }

    private static ReportInput Values(double received, double online) =>
        new([new ReportValueInput("DOSSIERS_RECEIVED", received), new ReportValueInput("DOSSIERS_ONLINE", online)]);

    [Fact]
    public async Task The_demo_forms_rules_say_what_must_hold_in_every_language()
    {
        using var manager = await App.SignedInAsync("manager@demo.local");
        var form = await Ok<ReportFormDto>(await manager.GetAsync($"/api/report-forms/{CivicTrack.Demo.DemoReporting.MonthlyForm}", Ct));
        Assert.Equal(2, form.Rules.Count);
        Assert.Equal("Số hồ sơ trực tuyến không được lớn hơn số hồ sơ tiếp nhận.", form.Rules[0].Message.Pick("vi"));
        Assert.Equal("Online dossiers must not be greater than dossiers received.", form.Rules[0].Message.Pick("en"));
        foreach (var rule in form.Rules)
        {
            Assert.Contains("không được", rule.Message.Pick("vi"));
            Assert.Contains("must not", rule.Message.Pick("en"));
            Assert.Contains("চলবে না", rule.Message.Pick("bn"));
        }
    }

    [Fact]
    public async Task Completeness_and_timeliness_equal_a_hand_count_of_early_due_day_late_and_missing_reports()
    {
        Clock.Set(2026, 3, 20);
        var manager = await App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08010", "08051", "08052", "08066"]);
        // Early (20 March), on the due day itself (25 March, late evening), a day late (26 March), never.
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/reports/{form}/08010/2026-03/submit", Values(100, 80), Json.Options, Ct)).StatusCode);
        Clock.Set(2026, 3, 25, hour: 23);
        manager = await App.SignedInAsync("manager@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/reports/{form}/08051/2026-03/submit", Values(50, 40), Json.Options, Ct)).StatusCode);
        Clock.Set(2026, 3, 26, hour: 8);
        manager = await App.SignedInAsync("manager@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/reports/{form}/08052/2026-03/submit", Values(70, 60), Json.Options, Ct)).StatusCode);
        Clock.Set(2026, 3, 27);
        manager = await App.SignedInAsync("manager@demo.local");

        var rates = await Ok<ReportingRatesDto>(await manager.GetAsync($"/api/reporting-rates?form={form}&periods=2026-03", Ct));
        Assert.Equal((4, 3, 2), (rates.Unit.Total.Expected, rates.Unit.Total.Submitted, rates.Unit.Total.OnTime));
        Assert.Equal(0.75, rates.Unit.Total.Completeness);
        Assert.Equal(0.5, rates.Unit.Total.Timeliness);
        Assert.Equal(4, rates.Children.Sum(c => c.Total.Expected));

        var statuses = await Ok<List<ReportStatusDto>>(await manager.GetAsync($"/api/reports?form={form}&periods=2026-03", Ct));
        Assert.Equal(ReportTiming.OnTime, statuses.Single(s => s.Unit == "08010").Timing);
        Assert.Equal(ReportTiming.OnTime, statuses.Single(s => s.Unit == "08051").Timing);
        Assert.Equal((ReportTiming.Late, 1), statuses.Single(s => s.Unit == "08052") is var late ? (late.Timing, late.DaysLate) : default);
        Assert.Equal((ReportTiming.Missing, 2), statuses.Single(s => s.Unit == "08066") is var missing ? (missing.Timing, missing.DaysLate) : default);
        var pending = await Ok<List<ReportStatusDto>>(await manager.GetAsync($"/api/reports?form={form}&periods=2026-03&pending=true", Ct));
        Assert.Equal(["08052", "08066"], pending.Select(p => p.Unit).Order().ToArray());

        // Urging reaches the silent unit only.
        var urged = await Ok<int>(await manager.PostAsJsonAsync("/api/reports/urge", new UrgeReportsInput(form, "2026-03", null, "Đề nghị gửi ngay"), Json.Options, Ct));
        Assert.Equal(1, urged);

        // A reporter sees only its own commune.
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var own = await Ok<List<ReportStatusDto>>(await reporter.GetAsync($"/api/reports?form={form}&periods=2026-03", Ct));
        Assert.Equal("08051", Assert.Single(own).Unit);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/reports/{form}/08052/2026-03", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/reporting-rates?form={form}&unit=08052", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_returned_report_comes_back_with_its_reason_and_once_resubmitted_and_approved_it_is_locked()
    {
        Clock.Set(2026, 4, 10);
        var manager = await App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08051"]);
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var approver = await App.SignedInAsync("approver.thuongtan@demo.local");
        var url = $"/api/reports/{form}/08051/2026-04";

        // A draft: saved, checked, not yet submittable while a rule fails.
        var draft = await Ok<ReportDto>(await reporter.PutAsJsonAsync(url, Values(40, 55), Json.Options, Ct));
        Assert.Equal(SubmissionState.Draft, draft.State);
        Assert.Contains(draft.Problems, p => p.Field == "rule:0");
        var refused = await reporter.PostAsJsonAsync($"{url}/submit", new ReportInput(null), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("trực tuyến", await refused.Content.ReadAsStringAsync(Ct));
        // A value out of range is refused whole: nothing of the batch is stored.
        var bad = await reporter.PutAsJsonAsync(url, new ReportInput([new ReportValueInput("DOSSIERS_RECEIVED", 45), new ReportValueInput("DOSSIERS_ONLINE", -1)]), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(40, (await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Values.Single(v => v.Element == "DOSSIERS_RECEIVED").Value);

        var submitted = await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/submit", Values(60, 55), Json.Options, Ct));
        Assert.Equal((SubmissionState.Submitted, ReportTiming.OnTime), (submitted.State, submitted.Timing));
        Assert.False(submitted.Can.Edit);
        // The submitter does not approve: the reporter role cannot, and the approver can.
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsync($"{url}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await approver.PostAsJsonAsync($"{url}/return", new ReturnInput(" "), Json.Options, Ct)).StatusCode);
        const string reason = "Số hồ sơ trực tuyến chưa khớp với Hệ thống thông tin giải quyết TTHC; đề nghị rà soát.";
        var returned = await Ok<ReportDto>(await approver.PostAsJsonAsync($"{url}/return", new ReturnInput(reason), Json.Options, Ct));
        Assert.Equal(SubmissionState.Returned, returned.State);

        var seen = await Ok<ReportDto>(await reporter.GetAsync(url, Ct));
        Assert.Equal((SubmissionState.Returned, reason), (seen.State, seen.ReturnReason));
        Assert.True(seen.Can.Edit);
        var inbox = await reporter.GetStringAsync("/api/notifications", Ct);
        Assert.Contains(reason, inbox);

        await Ok<ReportDto>(await reporter.PutAsJsonAsync(url, Values(60, 52), Json.Options, Ct));
        // Sign-ins last hours, not weeks: sign in again after the clock moves.
        Clock.Set(2026, 4, 27);
        reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        approver = await App.SignedInAsync("approver.thuongtan@demo.local");
        var again = await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/submit", new ReportInput(null), Json.Options, Ct));
        // Timeliness counts the first submission: it came before the due date.
        Assert.Equal((SubmissionState.Submitted, ReportTiming.OnTime), (again.State, again.Timing));
        var approved = await Ok<ReportDto>(await approver.PostAsync($"{url}/approve", null, Ct));
        Assert.Equal((SubmissionState.Approved, 1), (approved.State, approved.ApprovedLevels));
        Assert.Equal([SubmissionAction.Submitted, SubmissionAction.Returned, SubmissionAction.Submitted, SubmissionAction.Approved],
            approved.History.Select(h => h.Action).ToArray());

        // Locked: no more changes, from the reporter or through a second submission.
        var locked = await reporter.PutAsJsonAsync(url, Values(61, 52), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Conflict, locked.StatusCode);
        Assert.False((await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Can.Edit);
        Assert.Equal(60, (await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Values.Single(v => v.Element == "DOSSIERS_RECEIVED").Value);
        Assert.Equal(HttpStatusCode.Conflict, (await approver.PostAsync($"{url}/approve", null, Ct)).StatusCode);
        // Nor around the report: its values are refused through the data-value API too, naming the report.
        var manager2 = await App.SignedInAsync("manager@demo.local");
        var around = await manager2.PutAsJsonAsync("/api/data-values",
            new CivicTrack.Features.Indicators.DataValueBatch([new("DOSSIERS_RECEIVED", "08051", "2026-04", 99)]), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, around.StatusCode);
        Assert.Contains(form, await around.Content.ReadAsStringAsync(Ct));
        Assert.Equal(60, (await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Values.Single(v => v.Element == "DOSSIERS_RECEIVED").Value);
        var admin = await App.SignedInAsync("admin@demo.local");
        // Other tests in the class write reports of later months: read this unit's April.
        var audit = await admin.GetStringAsync("/api/audit?entity=Report&unit=08051&to=2026-04-30", Ct);
        Assert.Contains("Return", audit);
        // The dates are Vietnam dates on both databases, and the ends of the calendar are accepted.
        var page = await Ok<CivicTrack.Features.Audit.AuditPage>(await admin.GetAsync("/api/audit?entity=Report&unit=08051&from=2026-04-01&to=2026-04-30", Ct));
        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, e => Assert.Equal(4, CivicTrack.Engine.Time.VietnamTime.Day(e.At).Month));
        Assert.Empty((await Ok<CivicTrack.Features.Audit.AuditPage>(await admin.GetAsync("/api/audit?entity=Report&unit=08051&from=2026-05-01&to=2026-04-30", Ct))).Items);
        var wide = await Ok<CivicTrack.Features.Audit.AuditPage>(await admin.GetAsync("/api/audit?entity=Report&unit=08051&from=0001-01-01&to=9999-12-31", Ct));
        Assert.True(wide.Total >= page.Total);
    }

    [Fact]
    public async Task Submissions_sent_at_once_are_committed_together_each_stored_once_with_its_own_answer_and_a_refusal_stays_its_own()
    {
        Clock.Set(2026, 9, 20);
        var manager = await App.SignedInAsync("manager@demo.local");
        var code = "T-" + Guid.NewGuid().ToString("N")[..8];
        var input = new ReportFormInput(code, LocalText.Of("Báo cáo đồng loạt", "Surge report"), null, PeriodType.Month, null, null, null, "day:25", null, 1, null,
            [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0), new FieldInput("DOSSIERS_ONLINE", true, 0, 100000)])],
            [new RuleInput("#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", LocalText.Of("Số hồ sơ trực tuyến không được lớn hơn số hồ sơ tiếp nhận.", "Online dossiers must not be greater than dossiers received."))],
            new AssignmentInput([Engine.Organisation.OrgUnitKind.Commune, Engine.Organisation.OrgUnitKind.Ward], null, null));
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/api/report-forms", input, Json.Options, Ct)).StatusCode);
        var units = (await Ok<List<ReportStatusDto>>(await manager.GetAsync($"/api/reports?form={code}&periods=2026-09", Ct))).Select(s => s.Unit).Order().ToList();
        Assert.True(units.Count >= 10, $"{units.Count} units owe the form");

        // Every unit submits at once; the first unit twice (a retry), the second breaks the rule and the third only saves a draft.
        var clients = new[] { manager, await App.SignedInAsync("manager@demo.local"), await App.SignedInAsync("manager@demo.local"), await App.SignedInAsync("manager@demo.local") };
        var sends = units.Select((unit, i) => (Unit: unit, Index: i, Send: i == 2
                ? clients[i % 4].PutAsJsonAsync($"/api/reports/{code}/{unit}/2026-09", Values(100 + i, 10 + i), Json.Options, Ct)
                : clients[i % 4].PostAsJsonAsync($"/api/reports/{code}/{unit}/2026-09/submit", i == 1 ? Values(5, 9) : Values(100 + i, 10 + i), Json.Options, Ct)))
            .Append((Unit: units[0], Index: 0, Send: clients[1].PostAsJsonAsync($"/api/reports/{code}/{units[0]}/2026-09/submit", Values(100, 10), Json.Options, Ct)))
            .ToList();
        await Task.WhenAll(sends.Select(s => s.Send));

        foreach (var (unit, i, send) in sends)
        {
            var response = await send;
            if (i == 1)
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Contains("rule:0", await response.Content.ReadAsStringAsync(Ct));
                continue;
            }
            var report = await Ok<ReportDto>(response);
            Assert.Equal(unit, report.Unit);
            Assert.Equal(i == 2 ? SubmissionState.Draft : SubmissionState.Submitted, report.State);
            Assert.Equal(100 + i, report.Values.Single(v => v.Element == "DOSSIERS_RECEIVED").Value);
            Assert.Equal(10 + i, report.Values.Single(v => v.Element == "DOSSIERS_ONLINE").Value);
        }

        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var formId = db.ReportForms.Single(f => f.Code == code).Id;
        var stored = db.Submissions.Where(x => x.FormId == formId).ToList();
        Assert.Equal(units.Count - 1, stored.Count);
        Assert.Equal(units.Count - 2, stored.Count(x => x.State == SubmissionState.Submitted));
        var ids = stored.Select(x => x.Id).ToList();
        Assert.Equal(units.Count - 2, db.SubmissionEvents.Count(e => ids.Contains(e.SubmissionId) && e.Action == SubmissionAction.Submitted));
        var unitIds = db.OrgUnits.Where(u => units.Contains(u.Code)).ToDictionary(u => u.Id, u => u.Code);
        var keys = unitIds.Keys.ToList();
        var received = db.DataElements.Single(e => e.Code == "DOSSIERS_RECEIVED").Id;
        var values = db.DataValues.Where(v => v.Period == "2026-09" && v.DataElementId == received && keys.Contains(v.OrgUnitId)).ToList();
        Assert.Equal(units.Count - 1, values.Count);
        Assert.Equal(units.Select((u, i) => i == 1 ? 0 : 100 + i).Sum(), values.Sum(v => v.Value));
        Assert.DoesNotContain(values, v => unitIds[v.OrgUnitId] == units[1]);
        Assert.Equal(units.Count - 2, db.Audit.Count(a => a.Action == "Submit" && a.EntityId!.StartsWith(code + "/")));

        // The in-memory store behind the dashboards holds every stored value at once.
        var store = await App.Services.GetRequiredService<Features.Indicators.AnalyticsStore>().GetAsync(Ct);
        var september = PeriodRange.Of(Period.Parse("2026-09"));
        foreach (var v in values) Assert.Equal(v.Value, store.Values.Get(received, v.OrgUnitId, september).Value);
    }

    [Fact]
    public async Task Two_approval_levels_climb_the_tree()
    {
        Clock.Set(2026, 5, 5);
        var manager = await App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08051"], approvalLevels: 2);
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var approver = await App.SignedInAsync("approver.thuongtan@demo.local");
        var url = $"/api/reports/{form}/08051/2026-05";
        await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/submit", Values(10, 5), Json.Options, Ct));
        var first = await Ok<ReportDto>(await approver.PostAsync($"{url}/approve", null, Ct));
        Assert.Equal((SubmissionState.Submitted, 1, 2), (first.State, first.ApprovedLevels, first.ApprovalLevels));
        // The commune's approver cannot take the second level too; the province can.
        Assert.Equal(HttpStatusCode.Conflict, (await approver.PostAsync($"{url}/approve", null, Ct)).StatusCode);
        var second = await Ok<ReportDto>(await manager.PostAsync($"{url}/approve", null, Ct));
        Assert.Equal((SubmissionState.Approved, 2), (second.State, second.ApprovedLevels));
    }

    [Fact]
    public async Task The_excel_template_comes_back_filled_and_bad_cells_are_named_with_nothing_applied()
    {
        Clock.Set(2026, 6, 3);
        var manager = await App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08051"]);
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var url = $"/api/reports/{form}/08051/2026-06";
        var template = await reporter.GetByteArrayAsync($"{url}/template", Ct);
        using var read = new MemoryStream(template);
        var rows = read.Query(useHeaderRow: true, sheetName: "report").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(["DOSSIERS_RECEIVED", "DOSSIERS_ONLINE"], rows.Select(r => r["element"]?.ToString() ?? "").ToArray());

        async Task<HttpResponseMessage> Upload(object received, object online)
        {
            var filled = rows.Select(r => new Dictionary<string, object?>(r) { ["value"] = r["element"]?.ToString() == "DOSSIERS_RECEIVED" ? received : online }).ToList();
            using var ms = new MemoryStream();
            await ms.SaveAsAsync(new Dictionary<string, object> { ["report"] = filled }, cancellationToken: Ct);
            var content = new MultipartFormDataContent { { new ByteArrayContent(ms.ToArray()), "file", "report.xlsx" } };
            return await reporter.PostAsync($"{url}/import", content, Ct);
        }

        var wrong = await Upload(120, "nhiều");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("D3", await wrong.Content.ReadAsStringAsync(Ct));
        Assert.All((await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Values, v => Assert.Null(v.Value));

        // A workbook made for another form is refused by its about sheet, even when its rows would fit.
        using (var other = new MemoryStream())
        {
            var filled = rows.Select(r => new Dictionary<string, object?>(r) { ["value"] = 1 }).ToList();
            var about = new List<Dictionary<string, object?>> { new() { ["field"] = "form", ["value"] = "BC-KHAC" }, new() { ["field"] = "unit", ["value"] = "08051" } };
            await other.SaveAsAsync(new Dictionary<string, object> { ["about"] = about, ["report"] = filled }, cancellationToken: Ct);
            var otherForm = await reporter.PostAsync($"{url}/import", new MultipartFormDataContent { { new ByteArrayContent(other.ToArray()), "file", "report.xlsx" } }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, otherForm.StatusCode);
            Assert.Contains("BC-KHAC", await otherForm.Content.ReadAsStringAsync(Ct));
            Assert.All((await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Values, v => Assert.Null(v.Value));
        }

        var saved = await Ok<ReportDto>(await Upload(120, "95"));
        Assert.Equal([120.0, 95.0], saved.Values.Select(v => v.Value ?? -1).ToArray());
        var again = await Ok<ReportDto>(await Upload(120, "95"));
        Assert.Equal(saved.UpdatedAt, again.UpdatedAt);
    }

    [Fact]
    public async Task The_synthesized_word_report_opens_cleanly_and_holds_the_figures()
    {
        var manager = await App.SignedInAsync("manager@demo.local");
        var rates = await Ok<ReportingRatesDto>(await manager.GetAsync($"/api/reporting-rates?form={CivicTrack.Demo.DemoReporting.MonthlyForm}&periods=2025-10", Ct));
        var response = await manager.GetAsync($"/api/synthesis/{CivicTrack.Demo.DemoReporting.MonthlyForm}/2025-10.docx", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(CivicTrack.Features.Reporting.Synthesis.WordReport.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var ms = new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct));
        using var doc = WordprocessingDocument.Open(ms, false);
        var errors = new OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2019).Validate(doc, Ct).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        var text = string.Concat(doc.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text));
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
        Assert.Contains("SỞ KHOA HỌC VÀ CÔNG NGHỆ", text);
        Assert.Contains($"có {rates.Unit.Total.Expected} cơ quan", text);
        Assert.Contains($"đã nhận {rates.Unit.Total.Submitted} báo cáo", text);
        Assert.Contains("Xã Thượng Tân", text);
        Assert.NotEmpty(doc.MainDocumentPart.ImageParts);

        var excel = await manager.GetAsync($"/api/synthesis/programme/2025-10.xlsx", Ct);
        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        using var xs = new MemoryStream(await excel.Content.ReadAsByteArrayAsync(Ct));
        Assert.True(xs.GetSheetNames().Count >= 3);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/synthesis/programme/2025-10.pdf", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_late_reporter_asks_to_reopen_a_locked_period_a_manager_reopens_it_for_some_days_and_the_reporter_is_told()
    {
        Clock.Set(2026, 8, 10);
        var manager = await App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08051"], lockAfter: 5);
        Clock.Set(2026, 9, 2);
        manager = await App.SignedInAsync("manager@demo.local");
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var url = $"/api/reports/{form}/08051/2026-08";

        // Locked since 30 August: the reporter cannot save, and the list marks the period.
        var locked = await Ok<ReportDto>(await reporter.GetAsync(url, Ct));
        Assert.True(locked.Locked);
        Assert.True(locked.Can.RequestReopen);
        Assert.False(locked.Can.Edit);
        Assert.Equal(HttpStatusCode.Conflict, (await reporter.PutAsJsonAsync(url, Values(10, 5), Json.Options, Ct)).StatusCode);
        Assert.True(Assert.Single(await Ok<List<ReportStatusDto>>(await reporter.GetAsync($"/api/reports?form={form}&periods=2026-08", Ct))).Locked);

        // A request needs a reason; a reporter cannot reopen.
        var blank = await reporter.PostAsJsonAsync($"{url}/reopen-request", new ReopenRequestInput("  "), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Contains("\"reason\"", await blank.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.PostAsJsonAsync($"{url}/reopen", new ReopenInput(3), Json.Options, Ct)).StatusCode);
        const string reason = "Cán bộ báo cáo nghỉ ốm từ 20/8 đến 1/9, đề nghị mở lại để gửi báo cáo.";
        var asked = await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/reopen-request", new ReopenRequestInput(reason), Json.Options, Ct));
        Assert.Equal(reason, asked.ReopenRequest?.Reason);
        Assert.True(Assert.Single(await Ok<List<ReportStatusDto>>(await reporter.GetAsync($"/api/reports?form={form}&periods=2026-08", Ct))).ReopenRequested);

        // It reaches the manager's inbox; the manager reopens for three days.
        Assert.Contains(reason, await manager.GetStringAsync("/api/notifications", Ct));
        var tooLong = await manager.PostAsJsonAsync($"{url}/reopen", new ReopenInput(61), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("\"days\"", await tooLong.Content.ReadAsStringAsync(Ct));
        var reopened = await Ok<ReportDto>(await manager.PostAsJsonAsync($"{url}/reopen", new ReopenInput(3), Json.Options, Ct));
        Assert.Equal(new DateOnly(2026, 9, 4), reopened.ReopenedUntil);
        Assert.Null(reopened.ReopenRequest);
        Assert.Contains("04/09/2026", await reporter.GetStringAsync("/api/notifications", Ct));
        var trail = await manager.GetStringAsync($"/api/audit?entity={form}/08051/2026-08", Ct);
        Assert.Contains("ReopenRequest", trail);
        Assert.Contains("\"Reopen\"", trail);

        // The reporter saves and submits within the days given; after them the period is locked again.
        Assert.True((await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Can.Edit);
        var sent = await Ok<ReportDto>(await reporter.PostAsJsonAsync($"{url}/submit", Values(10, 5), Json.Options, Ct));
        Assert.Equal((SubmissionState.Submitted, ReportTiming.Late), (sent.State, sent.Timing));
        Clock.Set(2026, 9, 5);
        reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        Assert.True((await Ok<ReportDto>(await reporter.GetAsync(url, Ct))).Locked);
    }

    [Fact]
    public async Task A_drafts_figures_stay_out_of_the_synthesized_word_excel_and_print_report_and_totals_are_the_sum_of_the_rows()
    {
        Clock.Set(2026, 5, 10);
        var manager = await App.SignedInAsync("manager@demo.local");
        var form = await CreateFormAsync(manager, ["08010", "08051", "08052", "08066"]);
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/reports/{form}/08010/2026-05/submit", Values(100, 80), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/reports/{form}/08052/2026-05/submit", Values(70, 60), Json.Options, Ct)).StatusCode);
        // Thượng Tân saves a draft and never submits it.
        Assert.Equal(SubmissionState.Draft, (await Ok<ReportDto>(await reporter.PutAsJsonAsync($"/api/reports/{form}/08051/2026-05", Values(777, 700), Json.Options, Ct))).State);
        Clock.Set(2026, 5, 27);
        manager = await App.SignedInAsync("manager@demo.local");

        // Word: the draft's figures are absent, its unit is listed among those not reporting, the total is 100 + 70.
        using var docx = new MemoryStream(await manager.GetByteArrayAsync($"/api/synthesis/{form}/2026-05.docx", Ct));
        using var word = WordprocessingDocument.Open(docx, false);
        var body = word.MainDocumentPart!.Document.Body!;
        var text = string.Concat(body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text));
        Assert.DoesNotContain("777", text);
        Assert.DoesNotContain("700", text);
        Assert.Matches("chưa gửi báo cáo[^.]*Xã Thượng Tân", text);
        Assert.Contains("(2/4 đơn vị)", text);
        var figures = body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Table>()
            .Select(t => t.Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>().Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList())
            .Single(rows => rows[0].Count == 3 && rows[0][0] == "Đơn vị");
        Assert.Equal(["Tổng cộng", "170", "140"], figures[^1]);
        Assert.Equal(["–", "–"], figures.Single(r => r[0] == "Xã Thượng Tân").Skip(1).ToArray());
        for (var c = 1; c <= 2; c++)
            Assert.Equal(double.Parse(figures[^1][c], CultureInfo.GetCultureInfo("vi-VN")),
                figures.Skip(1).SkipLast(1).Sum(r => r[c] == "–" ? 0 : double.Parse(r[c], CultureInfo.GetCultureInfo("vi-VN"))));

        // Excel: the same rows and total, numbers as numbers.
        using var xlsx = new MemoryStream(await manager.GetByteArrayAsync($"/api/synthesis/{form}/2026-05.xlsx", Ct));
        var sheet = xlsx.GetSheetNames().Single(n => n.StartsWith("Hồ sơ", StringComparison.Ordinal));
        var rows = xlsx.Query(useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        var header = rows.FindIndex(r => Equals(r[0], "Đơn vị"));
        var total = rows.FindIndex(r => Equals(r[0], "Tổng cộng"));
        Assert.True(header >= 0 && total > header, "header and total rows");
        var units = rows.Skip(header + 1).Take(total - header - 1).ToList();
        Assert.Equal(4, units.Count);
        Assert.Equal(170.0, Convert.ToDouble(rows[total][1], CultureInfo.InvariantCulture));
        Assert.Equal(units.Sum(r => r[1] is null or "" ? 0 : Convert.ToDouble(r[1], CultureInfo.InvariantCulture)), Convert.ToDouble(rows[total][1], CultureInfo.InvariantCulture));
        Assert.DoesNotContain(rows.SelectMany(r => r), v => v is double d && d is 777 or 700);
        Assert.Contains(rows.SelectMany(r => r), v => v is string s && s.Contains("(2/4 đơn vị)", StringComparison.Ordinal));

        // The print page.
        var html = System.Net.WebUtility.HtmlDecode(await manager.GetStringAsync($"/reports/synthesis/{form}/2026-05", Ct));
        Assert.Contains("(2/4 đơn vị)", html);
        Assert.Contains("170", html);
        Assert.DoesNotMatch(">\\s*777\\s*<", html);
    }
}

/// <summary>A demo instance with a clock the tests set.</summary>
public abstract class ClockedDemoApp(DatabaseProvider provider) : IAsyncDisposable
{
    private AppFactory? _app;
    public TestClock Clock { get; } = TestClock.At(2026, 1, 10);
    public AppFactory App => _app ??= new AppFactory(provider) { Clock = Clock };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteClockedDemoApp() : ClockedDemoApp(DatabaseProvider.Sqlite);

public sealed class PostgresClockedDemoApp() : ClockedDemoApp(DatabaseProvider.Postgres);

public sealed class ReportingApiSqliteTests(SqliteClockedDemoApp app) : ReportingApiTests(app), IClassFixture<SqliteClockedDemoApp>;

public sealed class ReportingApiPostgresTests(PostgresClockedDemoApp app) : ReportingApiTests(app), IClassFixture<PostgresClockedDemoApp>;
