using System.Globalization;
using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Bench.Dossiers;

/// <summary>The province's counts per month (all handling units together) that every path computes, so that they
/// can be compared: received, online, cross-boundary and VNeID by received month; finished, early, on time, late,
/// digitized and paid online by finished month.</summary>
public sealed class DossierTotals
{
    public static readonly string[] Names = ["received", "online", "crossBoundary", "vneidVerified", "finished", "early", "onTime", "late", "digitized", "paidOnline"];

    public SortedDictionary<int, long[]> Months { get; } = [];

    public void Add(int month, int measure, long count)
    {
        if (!Months.TryGetValue(month, out var counts)) Months[month] = counts = new long[Names.Length];
        counts[measure] += count;
    }

    public long Total(int measure) => Months.Values.Sum(c => c[measure]);

    /// <summary>The engine's counts of every key, month by month.</summary>
    public static DossierTotals Of(DossierAggregator aggregator, int fromMonth, int toMonth)
    {
        var totals = new DossierTotals();
        var months = aggregator.Months(aggregator.Keys().ToList(), fromMonth, toMonth);
        for (var i = 0; i < months.Length; i++)
        {
            var c = months[i];
            long[] values = [c.Received, c.Online, c.CrossBoundary, c.VneidVerified, c.Finished, c.Early, c.OnTime, c.Late, c.Digitized, c.PaidOnline];
            if (values.All(v => v == 0)) continue;
            for (var k = 0; k < values.Length; k++) totals.Add(fromMonth + i, k, values[k]);
        }
        return totals;
    }

    /// <summary>Null when both hold the same counts for every month; else the first difference.</summary>
    public string? Difference(DossierTotals other)
    {
        foreach (var month in Months.Keys.Union(other.Months.Keys).Order())
        {
            var a = Months.GetValueOrDefault(month) ?? new long[Names.Length];
            var b = other.Months.GetValueOrDefault(month) ?? new long[Names.Length];
            for (var k = 0; k < Names.Length; k++)
                if (a[k] != b[k]) return $"{DossierMonths.Id(month)} {Names[k]}: {a[k]:N0} vs {b[k]:N0}";
        }
        return null;
    }

    /// <summary>The counts of each year, with the on-time and online rates.</summary>
    public IEnumerable<string> Years() =>
        Months.GroupBy(m => m.Key / 12).Where(year => year.Any(m => m.Value.Any(v => v != 0))).Select(year =>
        {
            long Sum(int k) => year.Sum(m => m.Value[k]);
            var received = Sum(0);
            var finished = Sum(4);
            return string.Create(CultureInfo.InvariantCulture,
                $"{year.Key}: received {received:N0}, online {Sum(1):N0} ({Rate(Sum(1), received)}), cross-boundary {Sum(2):N0}, finished {finished:N0} (early {Sum(5):N0}, on time {Sum(6):N0}, late {Sum(7):N0}; on-time rate {Rate(Sum(5) + Sum(6), finished)}), digitized {Sum(8):N0}, paid online {Sum(9):N0}");
        });

    private static string Rate(long part, long whole) =>
        DossierCounts.Rate(part, whole) is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + " %" : "–";
}

/// <summary>One measured stage of the run.</summary>
public sealed class DossierStage(string name)
{
    public string Name { get; } = name;
    /// <summary>Rows the stage read (the file's rows, header excluded).</summary>
    public long Rows { get; set; }
    public TimeSpan Wall { get; set; }
    /// <summary>User + system CPU time of the process that did the work (and of the database server, where said).</summary>
    public TimeSpan? Cpu { get; set; }
    /// <summary>Peak resident memory of the process that did the work.</summary>
    public long? PeakBytes { get; set; }
    /// <summary>How the stage's numbers were taken, and what else it measured.</summary>
    public List<string> Notes { get; } = [];
    public string? Problem { get; set; }
    /// <summary>Not run, and why (no database, no command).</summary>
    public string? Skipped { get; set; }
    public DossierTotals? Totals { get; set; }

    public bool Measured => Problem is null && Skipped is null && Wall > TimeSpan.Zero;
    public double RowsPerSecond => Rows / Wall.TotalSeconds;
}
