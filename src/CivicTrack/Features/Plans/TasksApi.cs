using CivicTrack.Engine.Files;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Plans;

/// <summary>Tasks, progress reports with evidence, urging and the monthly KPI as JSON.</summary>
public static class TasksApi
{
    public sealed record UrgeInput(string? Message);

    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("Tasks");
        api.MapGet("/", async (int? plan, string? unit, bool? overdue, TaskState? state, AccessScope scope, TaskService tasks, CancellationToken ct) =>
                TypedResults.Ok(await tasks.ListAsync(scope, new TaskFilter(plan, unit, overdue, state), ct)))
            .WithName("ListTasks").RequireAccess(Access.PlansRead).WithSummary("Tasks the caller sees (lead or coordinating unit within reach), by plan, unit, state or overdue");
        api.MapGet("/export", async Task<Results<FileContentHttpResult, ValidationProblem>> (int? plan, string? unit, bool? overdue, TaskState? state, string? format,
                AccessScope scope, PlanExports export, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                ListDownload.TryParse(format, out var f)
                    ? ListDownload.File(await export.TasksAsync(scope, new TaskFilter(plan, unit, overdue, state), ct), f, "tasks", VietnamTime.Today(clock))
                    : ListDownload.BadFormat(format, t))
            .WithName("ExportTasks").RequireAccess(Access.PlansRead)
            .WithSummary("The task list with the same filters as a styled workbook or CSV (format=xlsx|csv): the six clears, state, progress, days overdue, coordinators");
        api.MapPost("/", async (TaskInput input, AccessScope scope, TaskService tasks, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await tasks.CreateAsync(scope, input, ct)).ToHttp(t["Plans.NotFound"], location: x => $"/api/tasks/{x.Id}"))
            .WithName("CreateTask").RequireAccess(Access.PlansManage).WithSummary("Assign a task with the six clears");
        api.MapGet("/{id:int}", async Task<Results<Ok<TaskDetailDto>, NotFound<ProblemDetails>>> (int id, AccessScope scope, TaskService tasks,
                IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                await tasks.GetAsync(scope, id, ct) is { } d ? TypedResults.Ok(d) : PlansApi.NotFound(t))
            .WithName("GetTask").RequireAccess(Access.PlansRead).WithSummary("A task with its progress reports, evidence and urgings");
        api.MapPut("/{id:int}", async (int id, TaskInput input, AccessScope scope, TaskService tasks, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await tasks.UpdateAsync(scope, id, input, ct)).ToHttp(t["Plans.NotFound"]))
            .WithName("UpdateTask").RequireAccess(Access.PlansManage).WithSummary("Replace a task's six clears, coordinating units and weight (progress is reported apart)");
        api.MapPost("/{id:int}/progress", Report).WithName("ReportTaskProgress").RequireAccess(Access.TasksReport)
            .Produces<TaskDto>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(413)
            .WithSummary("Report progress (multipart: progress, state, note, completedOn, files) — files up to 10 MB each of common office, image and archive types")
            .Accepts<IFormFile>("multipart/form-data").DisableAntiforgery();
        api.MapGet("/{id:int}/evidence/{evidenceId:int}", Evidence).Produces(200, contentType: FileTypes.Binary).ProducesProblem(404)
            .WithName("GetTaskEvidence").RequireAccess(Access.PlansRead).WithSummary("Download an evidence file");
        api.MapPost("/{id:int}/urge", async (int id, UrgeInput? input, AccessScope scope, TaskService tasks, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
                (await tasks.UrgeAsync(scope, id, input?.Message, ct)).ToHttp(t["Plans.NotFound"]))
            .WithName("UrgeTask").RequireAccess(Access.PlansManage).WithSummary("Urge the lead person or unit: a notification in their inbox");
        app.MapGet("/api/kpi", async Task<Results<Ok<KpiReport>, NotFound<ProblemDetails>, ProblemHttpResult>> (string? month, string? unit, AccessScope scope,
                TaskService tasks, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct) =>
            {
                var m = Period.Containing(PeriodType.Month, VietnamTime.Today(clock));
                if (month is { Length: > 0 } && (!Period.TryParse(month, out m) || m.Type != PeriodType.Month))
                    return TypedResults.Problem(t["Kpi.BadMonth", month], statusCode: 400);
                return await tasks.KpiAsync(scope, m.Start.Year, m.Start.Month, unit, ct) is { } r ? TypedResults.Ok(r) : PlansApi.NotFound(t);
            })
            .WithTags("Tasks").WithName("GetKpi").RequireAccess(Access.PlansRead)
            .WithSummary("Monthly KPI per lead unit and person: weight done on time (late counts half) ÷ weight due that month");
        return app;
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static async Task<IResult> Report(int id, HttpRequest request, AccessScope scope, TaskService tasks, UploadLimits limits,
        IStringLocalizer<SharedResource> t, IStringLocalizer<UploadResource> ut, CancellationToken ct)
    {
        TaskProgressInput input;
        var files = new List<EvidenceUpload>();
        if (request.HasFormContentType)
        {
            var (read, problem) = await UploadRequest.ReadFormAsync(request, limits, ut, ct);
            if (problem is not null || read is not { } form) return problem!;
            // A field that is sent must say something this endpoint understands; it is never silently dropped.
            var refused = new Dictionary<string, string[]>();
            T? Field<T>(string name, TryParse<T> parse, string message) where T : struct
            {
                if (form[name].ToString() is not { Length: > 0 } text) return null;
                if (parse(text.Trim(), out var value)) return value;
                refused[name] = [t[message, text]];
                return null;
            }
            var progress = Field<int>("progress", (string x, out int v) => int.TryParse(x, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v), "Tasks.BadProgressText");
            var state = Field<TaskState>("state", (string x, out TaskState v) => Enum.TryParse(x, true, out v) && !int.TryParse(x, out _) && Enum.IsDefined(v), "Tasks.BadState");
            var completed = Field<DateOnly>("completedOn", (string x, out DateOnly v) => DateOnly.TryParseExact(x, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out v), "Tasks.BadCompletedOn");
            if (refused.Count > 0) return TypedResults.ValidationProblem(refused);
            input = new TaskProgressInput(progress, state, form["note"], completed);
            files.AddRange(form.Files.Select(f => new EvidenceUpload(f.FileName, f.ContentType, f.Length, f.OpenReadStream)));
        }
        else
        {
            try
            {
                input = await request.ReadFromJsonAsync<TaskProgressInput>(ct) ?? new TaskProgressInput(null, null, null, null);
            }
            catch (System.Text.Json.JsonException e)
            {
                return ApiProblems.JsonProblem(e, ut);
            }
            catch (InvalidOperationException)
            {
                // Neither a form nor JSON.
                return TypedResults.Problem(ut["Status.415"], statusCode: StatusCodes.Status415UnsupportedMediaType);
            }
        }
        return (await tasks.ReportAsync(scope, id, input, files, ct)).ToHttp(t["Plans.NotFound"]);
    }

    /// <summary>An evidence file as a download: the type checked from its extension and first bytes, never the
    /// uploader's; always an attachment, sandboxed and not sniffed.</summary>
    private static async Task<IResult> Evidence(int id, int evidenceId, AccessScope scope, TaskService tasks, HttpContext http,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (await tasks.EvidenceAsync(scope, id, evidenceId, ct) is not { } e) return PlansApi.NotFound(t);
        var head = new byte[FileTypes.SniffBytes];
        int read;
        await using (var file = File.OpenRead(e.Path)) read = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        Downloads.MarkAsAttachment(http.Response, e.Evidence.FileName);
        return TypedResults.PhysicalFile(e.Path, FileTypes.Checked(e.Evidence.StoredName, head.AsSpan(0, read)));
    }
}
