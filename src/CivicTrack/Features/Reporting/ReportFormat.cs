using System.Globalization;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Features.Reporting;

/// <summary>How reports are named, linked and dated the same way on pages, in messages and in documents.</summary>
public static class ReportFormat
{
    /// <summary>A period as people write it: 10/2025, Q3/2025, S1/2025, W42/2025, 2025, 10/10/2025.</summary>
    public static string Period(Period p) => p.Type switch
    {
        PeriodType.Month => p.Start.ToString("MM/yyyy", CultureInfo.InvariantCulture),
        PeriodType.Quarter => $"Q{(p.Start.Month - 1) / 3 + 1}/{p.Start.Year}",
        PeriodType.SixMonth => $"S{(p.Start.Month - 1) / 6 + 1}/{p.Start.Year}",
        PeriodType.Year => p.Start.Year.ToString(CultureInfo.InvariantCulture),
        PeriodType.Week => $"{p.Id[5..]}/{p.Id[..4]}",
        _ => Date(p.Start),
    };

    /// <summary>A day as Vietnamese documents and messages write it, whatever the reader's culture: 25/10/2025.</summary>
    public static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Period(string id) => Engine.Periods.Period.TryParse(id, out var p) ? Period(p) : id;

    public static string Link(FormDefinition def, OrgNode unit, Period period) => Link(def.Form.Code, unit.Code, period.Id);

    public static string Link(string form, string unit, string period) =>
        $"/reports/{Uri.EscapeDataString(form)}/{Uri.EscapeDataString(unit)}/{Uri.EscapeDataString(period)}";

    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);
}
