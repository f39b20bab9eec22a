using System.Globalization;
using CivicTrack.Components;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Features.Plans.TaskPages;

/// <summary>How tasks, their progress and their KPI figures are written on the pages, in the reader's culture.</summary>
public static class TaskDisplay
{

    public static string Weight(double weight) => weight.ToString("0.##", CultureInfo.CurrentCulture);


    /// <summary>A stored moment (UTC) as Vietnam wall-clock time: 03/10/2025 09:15.</summary>
    public static string Moment(DateTime utc)
    {
        var local = DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(VietnamTime.Offset);
        return local.ToString("d", CultureInfo.CurrentCulture) + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A file size people read: 850 B, 12,5 KB, 3,2 MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString("N0", CultureInfo.CurrentCulture) + " B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.CurrentCulture) + " KB",
        _ => (bytes / 1024d / 1024d).ToString("0.#", CultureInfo.CurrentCulture) + " MB",
    };

    /// <summary>The CSS modifier of a task state: grey not started, blue in progress, green done, muted cancelled.</summary>
    public static string Tone(TaskState state) => state switch
    {
        TaskState.InProgress => "doing",
        TaskState.Done => "done",
        TaskState.Cancelled => "cancelled",
        _ => "todo",
    };

    public static string TaskHref(int id) => $"/tasks/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string UnitHref(string code) => $"/org/{Uri.EscapeDataString(code)}";

    public static string PlanHref(int id) => $"/plans/{id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The month "2025-10" in <paramref name="text"/>, else the month of <paramref name="today"/>.</summary>
    public static DateOnly ParseMonth(string? text, DateOnly today) =>
        Period.TryParse(text, out var p) && p.Type == PeriodType.Month && p.Start.Year is >= 2000 and <= 2100
            ? p.Start : Period.Containing(PeriodType.Month, today).Start;

    public static string MonthId(DateOnly month) => Period.Containing(PeriodType.Month, month).Id;

    /// <summary>"10/2025" in Vietnamese, "October 2025" in English.</summary>
    public static string MonthName(DateOnly month) => Display.MonthYear(month);
}
