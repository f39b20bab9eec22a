using System.Globalization;
using CivicTrack.Components;

namespace CivicTrack.Features.CompositeIndex.Pages;

/// <summary>How the index pages write scores, points and changes in the reader's format.</summary>
public static class IndexFormat
{
    /// <summary>A 0–1 score with four decimals ("0,7222" in Vietnamese), or "—".</summary>
    public static string Score(double? v) => v is { } x ? Display.Digits(x.ToString("0.0000", CultureInfo.CurrentCulture)) : "—";

    /// <summary>A 0–1 pillar score with three decimals, or "—".</summary>
    public static string Short(double? v) => v is { } x ? Display.Digits(x.ToString("0.000", CultureInfo.CurrentCulture)) : "—";

    /// <summary>Points with one decimal, or "—".</summary>
    public static string Points(double? v) => v is { } x ? Display.Digits(x.ToString("#,0.0", CultureInfo.CurrentCulture)) : "—";

    /// <summary>A signed score change ("+0,0123"), or "".</summary>
    public static string Change(double? v) => v is { } x ? Display.Digits(x.ToString("+0.0000;−0.0000;0.0000", CultureInfo.CurrentCulture)) : "";

    public static string Whole(int v) => Display.Digits(v.ToString(CultureInfo.CurrentCulture));

    /// <summary>A raw value with the indicator's decimals.</summary>
    public static string Raw(double? v, int decimals) => v is { } x ? Display.Digits(x.ToString("#,0." + new string('#', Math.Max(0, decimals)), CultureInfo.CurrentCulture).TrimEnd('.', ',')) : "—";

    /// <summary>A bar width for a 0–1 score.</summary>
    public static string Width(double? v) => v is { } x ? $"{Math.Clamp(x, 0, 1) * 100:0.#}%".Replace(',', '.') : "0%";

    public static string RankingHref(int id, string? unit, string? period) =>
        $"/indices/{id}" + Query(("unit", unit), ("period", period));

    public static string ProfileHref(int id, string code, string? period) => $"/indices/{id}/units/{Uri.EscapeDataString(code)}" + Query(("period", period));

    private static string Query(params (string Name, string? Value)[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
