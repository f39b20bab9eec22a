using System.Globalization;
using CivicTrack.Components;
using CivicTrack.Engine.Plans;

namespace CivicTrack.Features.Plans.Pages;

/// <summary>How plans, targets and their figures are written on the pages, in the reader's culture (vi-VN: 39,5%).</summary>
public static class PlanDisplay
{
    /// <summary>The order statuses are listed in, worst first, so that what needs attention comes first.</summary>
    public static readonly TargetStatus[] StatusOrder =
        [TargetStatus.Behind, TargetStatus.AtRisk, TargetStatus.OnTrack, TargetStatus.Achieved, TargetStatus.Exceeded, TargetStatus.NoData];


    public static string Value(double? value, int decimals) =>
        value is { } v && double.IsFinite(v) ? v.ToString("N" + Math.Clamp(decimals, 0, 6), CultureInfo.CurrentCulture) : "—";


    public static string Comparison(TargetComparison c) => c switch
    {
        TargetComparison.AtLeast => "≥",
        TargetComparison.AtMost => "≤",
        TargetComparison.Equal => "=",
        _ => "",
    };

    /// <summary>The CSS modifier for a status: green when reached, blue on track, amber at risk, red behind, grey without data.</summary>
    public static string Tone(TargetStatus s) => s switch
    {
        TargetStatus.Exceeded or TargetStatus.Achieved => "good",
        TargetStatus.OnTrack => "track",
        TargetStatus.AtRisk => "risk",
        TargetStatus.Behind => "behind",
        _ => "none",
    };

    public static string Title(PlanDto plan) => plan.Title.Pick();

    public static string Name(TargetDto target) => target.Name.Pick();

    /// <summary>Reads <c>?asOf=2025-06-30</c>; anything else means today.</summary>
    public static DateOnly ParseAsOf(string? text, DateOnly today) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : today;

    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A link that keeps the chosen day, unless it is today (then the link stays "live").</summary>
    public static string WithAsOf(string path, DateOnly asOf, DateOnly today) => asOf == today ? path : $"{path}?asOf={Iso(asOf)}";

    public static string PlanHref(int id, DateOnly asOf, DateOnly today) => WithAsOf($"/plans/{id}", asOf, today);

    public static string UnitHref(string code) => $"/org/{Uri.EscapeDataString(code)}";

    public static string TaskHref(int id) => $"/tasks/{id}";
}
