using System.Globalization;
using System.Text.RegularExpressions;
using CivicTrack.Components;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans.TaskPages;
using CivicTrack.Features.Reporting.Pages.Entry;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CivicTrack.Features.Reporting.Pages;

/// <summary>A unit's report for a period: the grid with draft autosave, the workflow actions the caller may take, Excel
/// download and upload, and the report's history.</summary>
public sealed partial class ReportEntry
{
    private const long MaxUploadBytes = 5 * 1024 * 1024;
    // Long enough that a person typing a number is not interrupted, short enough that closing the page rarely loses anything.
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(1500);

    [Parameter] public string Form { get; set; } = "";
    [Parameter] public string Unit { get; set; } = "";
    [Parameter] public string Period { get; set; } = "";

    [Inject] private ReportService Reports { get; set; } = default!;
    [Inject] private ReportExcel Excel { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<ReportEntry> Log { get; set; } = default!;
    [Inject] private IStringLocalizer<ReportEntryResource> L { get; set; } = default!;

    private enum SaveState { Idle, Pending, Saving, Saved, Failed }

    private bool _loaded;
    private string? _notFound;
    private ReportDto? _report;
    private Dictionary<string, EntryCell> _cells = new(StringComparer.OrdinalIgnoreCase);
    private List<IReadOnlyList<string>> _ruleElements = [];
    private string _comment = "";
    private string _storedComment = "";
    private bool _submitTried;
    private List<string> _actionProblems = [];
    private List<string> _uploadErrors = [];
    private string? _uploadName;
    private bool _busy;

    private SaveState _save;
    private string? _saveProblem;
    private DateTimeOffset? _savedAt;
    private CancellationTokenSource? _debounce;
    private readonly SemaphoreSlim _saving = new(1, 1);

    protected override async Task OnParametersSetAsync()
    {
        _loaded = false;
        _cells = new(StringComparer.OrdinalIgnoreCase);
        _submitTried = false;
        await ReloadAsync(keepEdits: false);
        _loaded = true;
    }

    private async Task ReloadAsync(bool keepEdits)
    {
        var found = await Reports.GetAsync(await ScopeAsync(), Form, Unit, Period);
        if (found.Value is { } report) Apply(report, keepEdits);
        else
        {
            _report = null;
            _notFound = found.Problems.Values.SelectMany(v => v).FirstOrDefault();
        }
    }

    /// <summary>Shows the report as the server returned it; cells edited since the last save keep their text.</summary>
    private void Apply(ReportDto report, bool keepEdits)
    {
        var sameForm = _report is { } before && before.Form == report.Form && before.Unit == report.Unit && before.Period == report.Period;
        _report = report;
        if (!sameForm || _cells.Count != report.Sections.Sum(s => s.Fields.Count))
        {
            var index = 0;
            _cells = report.Sections.SelectMany(s => s.Fields).ToDictionary(f => f.Element, f => new EntryCell(f, index++), StringComparer.OrdinalIgnoreCase);
            keepEdits = false;
        }
        var values = report.Values.ToDictionary(v => v.Element, StringComparer.OrdinalIgnoreCase);
        foreach (var cell in _cells.Values) cell.Load(values.GetValueOrDefault(cell.Field.Element), keepEdits);
        var commentEdited = keepEdits && _comment.Trim() != _storedComment;
        _storedComment = report.Comment ?? "";
        if (!commentEdited) _comment = _storedComment;
        _ruleElements = report.Rules.Select(r => (IReadOnlyList<string>)RuleReference().Matches(r.Expression).Select(m => m.Groups[1].Value.Trim()).ToList()).ToList();
    }

    [GeneratedRegex(@"#\{([^}]+)\}")]
    private static partial Regex RuleReference();

    private static string FormName(ReportDto r) => r.FormName.Pick();

    private static string TemplateHref(ReportDto r) => ReportFormat.Link(r.Form, r.Unit, r.Period).Replace("/reports/", "/api/reports/", StringComparison.Ordinal) + "/template";

    // ---- problems ----

    /// <summary>What is wrong with the typed text, found without asking the server: not a number, not whole, outside 0–100 or min–max.</summary>
    private string? LocalProblem(EntryCell cell)
    {
        if (cell.IsEmpty) return null;
        if (cell.Value is not { } v) return L["Check.NotANumber"];
        var f = cell.Field;
        if (f.ValueType == Engine.Analytics.ValueType.Integer && v != Math.Floor(v)) return L["Check.NotWhole"];
        if (f.ValueType == Engine.Analytics.ValueType.Boolean && v is not (0 or 1)) return L["Check.NotYesNo"];
        if (f.ValueType == Engine.Analytics.ValueType.Percent && v is < 0 or > 100) return L["Check.NotPercent"];
        if (f.Min is { } min && v < min) return L["Check.BelowMin", EntryNumber.Format(min)];
        if (f.Max is { } max && v > max) return L["Check.AboveMax", EntryNumber.Format(max)];
        return null;
    }

    private IEnumerable<(int Rule, string Message)> RuleProblems() =>
        (_report?.Problems ?? []).Select(p => (p, ok: p.Field.StartsWith("rule:", StringComparison.Ordinal)
                && int.TryParse(p.Field.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1))
            .Where(x => x.ok >= 0).Select(x => (x.ok, x.p.Message));

    /// <summary>Whether a server problem on a stored value is shown: a missing required value only once submission was tried.</summary>
    private bool ShowsStoredProblem(EntryCell cell) => !cell.Changed && (!cell.IsEmpty || _submitTried);

    private IReadOnlyList<EntryNote> NotesOf(EntryCell cell)
    {
        var notes = new List<EntryNote>();
        if (LocalProblem(cell) is { } local) notes.Add(new(local, EntryNoteKind.Error));
        else if (cell.Refused is { } refused) notes.Add(new(refused, EntryNoteKind.Error));
        else if (ShowsStoredProblem(cell))
            notes.AddRange((_report?.Problems ?? []).Where(p => string.Equals(p.Field, cell.Field.Element, StringComparison.OrdinalIgnoreCase))
                .Select(p => new EntryNote(p.Message, EntryNoteKind.Error)));
        foreach (var (rule, message) in RuleProblems())
            if (rule < _ruleElements.Count && _ruleElements[rule].Contains(cell.Field.Element, StringComparer.OrdinalIgnoreCase))
                notes.Add(new(message, EntryNoteKind.Rule));
        return notes;
    }

    private List<string> Summary()
    {
        var lines = new List<string>();
        foreach (var cell in _cells.Values.OrderBy(c => c.Index))
        {
            if ((LocalProblem(cell) ?? cell.Refused) is { } why) lines.Add(L["Problems.Cell", cell.Name, why]);
            else if (!cell.IsEmpty && ShowsStoredProblem(cell))
                lines.AddRange((_report?.Problems ?? []).Where(p => string.Equals(p.Field, cell.Field.Element, StringComparison.OrdinalIgnoreCase))
                    .Select(p => L["Problems.Cell", cell.Name, p.Message].Value));
        }
        lines.AddRange(RuleProblems().Select(r => r.Message));
        if (_submitTried)
        {
            var missing = _cells.Values.Where(c => c.Field.Required && c.IsEmpty).OrderBy(c => c.Index).Select(c => c.Name).ToList();
            if (missing.Count > 0) lines.Add(L["Problems.Required", string.Join(", ", missing)]);
        }
        lines.AddRange(_actionProblems);
        return lines.Distinct().ToList();
    }

    // ---- autosave ----

    private string StatusText => _save switch
    {
        SaveState.Pending => L["Save.Pending"],
        SaveState.Saving => L["Save.Saving"],
        SaveState.Saved when _savedAt is { } at => L["Save.SavedAt", at.ToOffset(VietnamTime.Offset).ToString("HH:mm", CultureInfo.InvariantCulture)],
        SaveState.Failed => L["Save.Failed", _saveProblem ?? ""],
        _ when _report?.UpdatedAt is { } at => L["Save.LastSaved", TaskDisplay.Moment(at), _report.UpdatedBy ?? ""],
        _ => "",
    };

    private string StatusClass => _save switch { SaveState.Failed => "re-status-bad", SaveState.Saved => "re-status-ok", _ => "" };

    private void Edited(EntryCell cell) => Touch();

    private void CommentEdited() => Touch();

    private void Touch()
    {
        _actionProblems.Clear();
        _debounce?.Cancel();
        _debounce?.Dispose();
        _debounce = new CancellationTokenSource();
        _save = SaveState.Pending;
        _ = SaveLaterAsync(_debounce.Token);
    }

    private async Task SaveLaterAsync(CancellationToken token)
    {
        try { await Task.Delay(SaveDelay, Clock, token); }
        catch (OperationCanceledException) { return; }
        try
        {
            await InvokeAsync(async () =>
            {
                await SaveNowAsync();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The page was closed meanwhile; its last save ran when it was disposed.
        }
    }

    /// <summary>Sends the changed, locally valid values and the comment; true when nothing is left unsaved.</summary>
    private async Task<bool> SaveNowAsync()
    {
        _debounce?.Cancel();
        await _saving.WaitAsync();
        try
        {
            if (_report is not { } report || !report.Can.Edit) return true;
            var changed = _cells.Values.Where(c => c.Changed).ToList();
            var invalid = changed.Count(c => LocalProblem(c) is not null);
            var batch = changed.Where(c => LocalProblem(c) is null).Select(c => (Cell: c, Input: c.ToInput())).ToList();
            var comment = _comment.Trim() != _storedComment ? _comment.Trim() : null;
            if (batch.Count == 0 && comment is null)
            {
                if (invalid > 0) Fail(L["Save.FixCells", invalid]);
                else if (_save is SaveState.Pending) _save = _savedAt is null ? SaveState.Idle : SaveState.Saved;
                return invalid == 0;
            }
            _save = SaveState.Saving;
            StateHasChanged();
            var result = await Reports.SaveAsync(await ScopeAsync(), Form, Unit, Period, new ReportInput(batch.Select(b => b.Input).ToList(), comment));
            switch (result.Kind)
            {
                case OutcomeKind.Ok:
                    foreach (var (cell, input) in batch) cell.Accept(input);
                    if (comment is not null) _storedComment = comment;
                    Apply(result.Value!, keepEdits: true);
                    _savedAt = Clock.GetUtcNow();
                    if (invalid > 0) Fail(L["Save.FixCells", invalid]);
                    else _save = _cells.Values.Any(c => c.Changed) || _comment.Trim() != _storedComment ? SaveState.Pending : SaveState.Saved;
                    return invalid == 0;
                case OutcomeKind.Invalid:
                    var problems = result.Problems;
                    foreach (var (cell, _) in batch)
                        if (problems.TryGetValue(cell.Field.Element, out var why)) cell.Refused = string.Join(" ", why);
                    Fail(problems.Values.SelectMany(v => v).FirstOrDefault() ?? L["Action.Failed"]);
                    return false;
                default:
                    Fail(result.Problems.Values.SelectMany(v => v).FirstOrDefault() ?? L["Entry.NotFound"]);
                    await ReloadAsync(keepEdits: true);
                    return false;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The typed text stays in the cells; the next edit or action tries again.
            Log.LogWarning(e, "Saving report {Form}/{Unit}/{Period} failed", Form, Unit, Period);
            Fail(L["Save.Error"]);
            return false;
        }
        finally { _saving.Release(); }
    }

    private void Fail(string why)
    {
        _save = SaveState.Failed;
        _saveProblem = why;
    }

    // ---- workflow ----

    private async Task SubmitAsync()
    {
        if (_report is null) return;
        _busy = true;
        try
        {
            _actionProblems.Clear();
            if (!await SaveNowAsync())
            {
                _submitTried = true;
                Snackbar.Add(L["Submit.SaveFirst"], Severity.Error);
                return;
            }
            if (_report.Problems.Any(p => p.Blocking))
            {
                _submitTried = true;
                Snackbar.Add(L["Submit.Refused"], Severity.Error);
                return;
            }
            if (!await ConfirmAsync(L["Submit.Title"], L["Submit.Message", FormName(_report), _report.UnitName, ReportFormat.Period(_report.Period)], L["Action.Submit"]))
                return;
            var result = await Reports.SubmitAsync(await ScopeAsync(), Form, Unit, Period, null);
            if (result.Value is { } done)
            {
                _submitTried = false;
                Apply(done, keepEdits: false);
                Snackbar.Add(done.State == SubmissionState.Approved ? L["Submit.DoneApproved"] : L["Submit.Done"], Severity.Success);
                return;
            }
            _submitTried = true;
            await ReloadAsync(keepEdits: true);
            ActionRefused(result.Problems, L["Submit.Refused"]);
        }
        finally { _busy = false; }
    }

    private async Task ApproveAsync()
    {
        if (_report is null) return;
        var last = _report.ApprovedLevels + 1 >= _report.ApprovalLevels;
        if (!await ConfirmAsync(L["Approve.Title"], last ? L["Approve.MessageLast"] : L["Approve.Message", _report.ApprovedLevels + 1, _report.ApprovalLevels], L["Action.Approve"]))
            return;
        _busy = true;
        try
        {
            _actionProblems.Clear();
            var result = await Reports.ApproveAsync(await ScopeAsync(), Form, Unit, Period);
            if (result.Value is { } done)
            {
                Apply(done, keepEdits: false);
                Snackbar.Add(L["Approve.Done"], Severity.Success);
                return;
            }
            await ReloadAsync(keepEdits: true);
            ActionRefused(result.Problems, L["Action.Failed"]);
        }
        finally { _busy = false; }
    }

    private async Task ReturnAsync()
    {
        if (_report is null) return;
        var dialog = await Dialogs.ShowAsync<ReturnDialog>(null, new DialogParameters<ReturnDialog>
        {
            { x => x.Form, Form }, { x => x.Unit, Unit }, { x => x.Period, Period },
            { x => x.Subject, $"{FormName(_report)} · {_report.UnitName} · {ReportFormat.Period(_report.Period)}" },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["Return.Done"], Severity.Success);
            await ReloadAsync(keepEdits: false);
        }
    }

    private string? _reopenReason;
    private int _reopenDays = 7;
    private string? _reopenError;

    private Task RequestReopenAsync() => ReopenStepAsync(async scope => await Reports.RequestReopenAsync(scope, Form, Unit, Period, _reopenReason),
        report =>
        {
            _reopenReason = null;
            return L["Reopen.Sent"];
        });

    private Task ReopenAsync() => ReopenStepAsync(async scope => await Reports.ReopenAsync(scope, Form, Unit, Period, _reopenDays),
        report => L["Reopen.Done", Display.Date(report.ReopenedUntil ?? VietnamTime.Today(Clock))]);

    /// <summary>Asks for or grants a reopening: the answered report replaces the shown one, or the first problem shows under the field.</summary>
    private async Task ReopenStepAsync(Func<AccessScope, Task<Outcome<ReportDto>>> step, Func<ReportDto, string> done)
    {
        if (_report is null || _busy) return;
        _busy = true;
        _reopenError = null;
        try
        {
            var result = await step(await ScopeAsync());
            if (result.Value is { } report)
            {
                _report = report;
                Snackbar.Add(done(report), Severity.Success);
                return;
            }
            _reopenError = result.Problems.Values.SelectMany(m => m).FirstOrDefault() ?? L["Action.Failed"];
        }
        finally { _busy = false; }
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yes)
    {
        var dialog = await Dialogs.ShowAsync<EntryConfirmDialog>(null, new DialogParameters<EntryConfirmDialog>
        {
            { x => x.Title, title }, { x => x.Message, message }, { x => x.Yes, yes },
        }, new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true });
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>Shows why an action was refused: problems of a field under its cell (through the reloaded report) and in the summary.</summary>
    private void ActionRefused(IReadOnlyDictionary<string, string[]>? problems, string fallback)
    {
        var general = new List<string>();
        foreach (var (field, messages) in problems ?? new Dictionary<string, string[]>())
        {
            if (_cells.TryGetValue(field, out var cell)) general.AddRange(messages.Select(m => L["Problems.Cell", cell.Name, m].Value));
            else if (!field.StartsWith("rule:", StringComparison.Ordinal)) general.AddRange(messages);
        }
        _actionProblems = general;
        Snackbar.Add(general.FirstOrDefault() ?? fallback, Severity.Error);
    }

    // ---- Excel ----

    private async Task UploadAsync(IBrowserFile? file)
    {
        if (file is null || _report is null) return;
        _uploadName = file.Name;
        _uploadErrors = [];
        if (!file.Name.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) { _uploadErrors.Add(L["Excel.BadType"]); return; }
        if (file.Size > MaxUploadBytes) { _uploadErrors.Add(L["Excel.TooLarge", MaxUploadBytes / 1024 / 1024]); return; }
        _busy = true;
        try
        {
            await SaveNowAsync();
            using var content = new MemoryStream();
            await using (var stream = file.OpenReadStream(MaxUploadBytes)) await stream.CopyToAsync(content);
            content.Position = 0;
            var result = await Excel.ImportAsync(await ScopeAsync(), Form, Unit, Period, content);
            if (result.Value is { } done)
            {
                Apply(done, keepEdits: true);
                _save = SaveState.Saved;
                _savedAt = Clock.GetUtcNow();
                Snackbar.Add(L["Excel.Done", file.Name], Severity.Success);
                return;
            }
            _uploadErrors = result.Problems
                .OrderBy(p => CellOrder(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal)
                .SelectMany(p => p.Value.Select(m => IsCell(p.Key) ? $"{p.Key}: {m}" : m)).ToList();
            if (_uploadErrors.Count == 0) _uploadErrors.Add(L["Action.Failed"]);
        }
        catch (IOException)
        {
            _uploadErrors.Add(L["Excel.ReadFailed"]);
        }
        finally { _busy = false; }
    }

    private static bool IsCell(string key) => key.Length >= 2 && char.IsAsciiLetterUpper(key[0]) && key.Skip(1).All(char.IsAsciiDigit);

    /// <summary>Row then column, so "D7" comes before "D12".</summary>
    private static (int, string) CellOrder(string key) =>
        IsCell(key) ? (int.Parse(key.AsSpan(1), CultureInfo.InvariantCulture), key[..1]) : (0, key);

    public async ValueTask DisposeAsync()
    {
        // Leaving the page with a pending change saves it rather than dropping it.
        if (_save is SaveState.Pending && _debounce is { IsCancellationRequested: false })
        {
            try { await SaveNowAsync(); }
            catch (ObjectDisposedException) { }
        }
        _debounce?.Cancel();
        _debounce?.Dispose();
        _saving.Dispose();
    }
}
