using System.Globalization;
using CivicTrack.Components;
using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Features.Dossiers.Pages;

/// <summary>Addresses and labels the dossier pages share.</summary>
public static class DossierPageFormat
{
    /// <summary>The service dashboard of a unit (the reader's top unit when null) and month.</summary>
    public static string DashboardHref(string? unit, string? period) => Query("/dossiers", ("unit", unit), ("period", period));

    /// <summary>The dossiers behind a figure: <c>received</c>, <c>late</c> or <c>openOverdue</c>.</summary>
    public static string ListHref(string unit, string period, string kind, int? page = null) =>
        Query("/dossiers/list", ("unit", unit), ("period", period), ("kind", kind), ("page", page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null));

    /// <summary>A month id (<c>2025-10</c>) as the reader's culture names it.</summary>
    public static string Month(string periodId) =>
        DateOnly.TryParseExact(periodId + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Display.MonthYear(d) : periodId;

    /// <summary>A short month label for a chart axis: "10/25" in every language, the year kept to two digits.</summary>
    public static string AxisMonth(int month)
    {
        var (y, m) = DossierMonths.Split(month);
        return Display.Digits($"{m:D2}/{y % 100:D2}");
    }

    /// <summary>Points to at most two decimals in the reader's culture.</summary>
    public static string Points(double points) => Display.Digits(points.ToString("0.##", CultureInfo.CurrentCulture));

    /// <summary>A count in the reader's culture.</summary>
    public static string Count(long n) => Display.Digits(n.ToString("N0", CultureInfo.CurrentCulture));

    private static string Query(string path, params (string Key, string? Value)[] parts)
    {
        var given = parts.Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? path : path + "?" + string.Join('&', given);
    }
}
