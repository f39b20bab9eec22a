using System.Globalization;
using CivicTrack.Components;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Reporting.Pages;

/// <summary>What the reporting pages share: which form leads, how periods are offered, and how rules and rates read.</summary>
public static class ReportPageFormat
{
    /// <summary>The route segment and select value that stand for the whole programme instead of one form.</summary>
    public const string Programme = "programme";

    /// <summary>The form the overview and the default views follow: an active recurring form with a period already due,
    /// owed by the most units; one-off forms only when nothing recurring is due.</summary>
    public static FormDefinition? MainForm(IEnumerable<FormDefinition> forms, DateOnly today) => forms
        .Where(f => f.Form.IsActive && f.DuePeriods(today, 1).Count > 0)
        .OrderBy(f => f.Schedule.OnlyPeriod is null ? 0 : 1)
        .ThenByDescending(f => f.AssignedUnitIds.Count)
        .ThenBy(f => f.Form.Code, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary>The form's latest period whose due date has come, if any.</summary>
    public static Period? LatestDue(FormDefinition def, DateOnly today) => def.DuePeriods(today, 1) is [var p, ..] ? p : null;

    /// <summary>The form's periods a person may pick: those already due (newest first, at most <paramref name="count"/>),
    /// preceded by any period still open for reporting.</summary>
    public static IReadOnlyList<Period> Periods(FormDefinition def, DateOnly today, int count, bool withUpcoming)
    {
        var due = def.DuePeriods(today, count);
        return withUpcoming ? [.. def.Periods.UpcomingPeriods(today), .. due] : due;
    }

    /// <summary>A form's name in the reader's language.</summary>
    public static string Name(FormDefinition def) => def.Form.Name.Pick();

    /// <summary>A share on 0..1 as a percentage with one decimal in the reader's culture (vi: 95,4%).</summary>
    public static string Share(double? share) => Display.Percent(share * 100);

    /// <summary>The due rule in words: "Ngày 25 hằng tháng", "10 ngày sau khi kết thúc kỳ", or the one date of a one-off form.</summary>
    public static string DueText(IStringLocalizer<ReportPageResource> p, PeriodType type, string due, string? onlyPeriod)
    {
        if (!DueRule.TryParse(due, out var rule, out _)) return due;
        if (onlyPeriod is { Length: > 0 } && Period.TryParse(onlyPeriod, out var only))
            return p["Due.Once", Display.Date(rule.DueDate(only)), ReportFormat.Period(only)];
        if (rule.Kind == DueRuleKind.DaysAfterEnd) return p.Count("Due.AfterEnd", rule.Days, rule.Days);
        return type == PeriodType.Month ? p["Due.DayOfMonth", rule.Days] : p["Due.DayOfLastMonth", rule.Days];
    }

    /// <summary>A period in words for headings: "tháng 12/2025", "quý 3/2025", "năm 2025".</summary>
    public static string PeriodLabel(IStringLocalizer<ReportPageResource> p, string periodId) =>
        Period.TryParse(periodId, out var period) ? p["PeriodLabel." + period.Type, ReportFormat.Period(period)] : periodId;


    /// <summary>Adds a query parameter when it has a value.</summary>
    public static string WithUnit(string href, string? unit) =>
        string.IsNullOrWhiteSpace(unit) ? href : $"{href}{(href.Contains('?', StringComparison.Ordinal) ? '&' : '?')}unit={Uri.EscapeDataString(unit)}";

    public static string LateHref(string form, string period, string? unit = null) =>
        WithUnit($"/reports/late?form={Uri.EscapeDataString(form)}&period={Uri.EscapeDataString(period)}", unit);

    public static string SynthesisHref(string form, string period, string? unit = null) =>
        WithUnit($"/reports/synthesis/{Uri.EscapeDataString(form)}/{Uri.EscapeDataString(period)}", unit);

    /// <summary>The API address of the synthesized report as a file (docx or xlsx).</summary>
    public static string SynthesisFile(string form, string period, string format, string? unit) =>
        WithUnit(form == Programme ? $"/api/synthesis/programme/{Uri.EscapeDataString(period)}.{format}"
            : $"/api/synthesis/{Uri.EscapeDataString(form)}/{Uri.EscapeDataString(period)}.{format}", unit);
}
