namespace CivicTrack.Engine.Dossiers;

/// <summary>Where provinces count differently from the default rules (docs/dossiers.md); both off by default.</summary>
/// <param name="WithdrawnAsFinished">A withdrawn dossier (status 7) with a finished date counts as finished in that month.</param>
/// <param name="OverdueInOnTimeBase">The on-time rate's base is finished + open overdue: a dossier past its due date and still
/// being handled counts against the rate before it is finished.</param>
public sealed record DossierRules(bool WithdrawnAsFinished = false, bool OverdueInOnTimeBase = false)
{
    /// <summary>The rules as written, with neither variant.</summary>
    public static readonly DossierRules Default = new();
}

/// <summary>The counts of a unit (its subtree) and a period. A longer period is the sum of its months' counts.</summary>
public readonly record struct DossierCounts(
    long Received, long CarriedOver, long Finished, long Early, long OnTime, long Late, long OpenOverdue,
    long Online, long CrossBoundary, long VneidVerified, long Digitized, long PaidOnline)
{
    /// <summary>The counts of two units or months together.</summary>
    public static DossierCounts operator +(DossierCounts a, DossierCounts b) => new(
        a.Received + b.Received, a.CarriedOver + b.CarriedOver, a.Finished + b.Finished, a.Early + b.Early, a.OnTime + b.OnTime, a.Late + b.Late,
        a.OpenOverdue + b.OpenOverdue, a.Online + b.Online, a.CrossBoundary + b.CrossBoundary, a.VneidVerified + b.VneidVerified,
        a.Digitized + b.Digitized, a.PaidOnline + b.PaidOnline);

    /// <summary>(early + on time) ÷ finished × 100 (÷ (finished + open overdue) under <see cref="DossierRules.OverdueInOnTimeBase"/>).</summary>
    public double? OnTimeRate(DossierRules rules) => Rate(Early + OnTime, Finished + (rules.OverdueInOnTimeBase ? OpenOverdue : 0));
    /// <summary>online ÷ received × 100.</summary>
    public double? OnlineRate => Rate(Online, Received);
    /// <summary>cross-boundary ÷ received × 100.</summary>
    public double? CrossBoundaryRate => Rate(CrossBoundary, Received);
    /// <summary>digitized ÷ finished × 100.</summary>
    public double? DigitizationRate => Rate(Digitized, Finished);
    /// <summary>paid online ÷ finished × 100.</summary>
    public double? OnlinePaymentRate => Rate(PaidOnline, Finished);
    /// <summary>VNeID-verified ÷ received × 100.</summary>
    public double? VneidRate => Rate(VneidVerified, Received);

    /// <summary>part ÷ whole × 100 to two decimals (half away from zero); null when the whole is 0.</summary>
    public static double? Rate(long part, long whole) =>
        whole == 0 ? null : Math.Round(100m * part / whole, 2, MidpointRounding.AwayFromZero) is var r ? (double)r : null;
}

/// <summary>Months as integers: <c>year × 12 + month − 1</c>.</summary>
public static class DossierMonths
{
    /// <summary>The month of a <see cref="DateOnly.DayNumber"/>.</summary>
    public static int Of(int dayNumber) => Of(DateOnly.FromDayNumber(dayNumber));
    /// <summary>The month of a date.</summary>
    public static int Of(DateOnly date)
    {
        // One calendar computation: Year and Month would each repeat it.
        date.Deconstruct(out var year, out var month, out _);
        return year * 12 + month - 1;
    }
    /// <summary>The month of a year and month (1–12).</summary>
    public static int Of(int year, int month) => year * 12 + month - 1;
    /// <summary>The year and month (1–12) of a month.</summary>
    public static (int Year, int Month) Split(int month) => (month / 12, month % 12 + 1);
    /// <summary>The period id of a month: <c>2025-10</c>.</summary>
    public static string Id(int month) => $"{month / 12:D4}-{month % 12 + 1:D2}";
    /// <summary>The first day of a month.</summary>
    public static DateOnly First(int month) => new(month / 12, month % 12 + 1, 1);
    /// <summary>The last day of a month.</summary>
    public static DateOnly Last(int month) => First(month).AddMonths(1).AddDays(-1);
}
