using System.Diagnostics;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Bench.Analytics;

/// <summary>One explorer question timed in process and through <c>GET /api/explore</c>.</summary>
public sealed class ExplorerTiming(string name, long cells)
{
    public string Name { get; } = name;
    public long Cells { get; } = cells;
    public Latencies? Engine { get; set; }
    public Latencies? Http { get; set; }
}

/// <summary>
/// The indicator explorer's query mix: two indicators × the communes of a province × 12 months; one indicator × every
/// commune of the country × 5 years by quarter; the pillar view of a commune (ten indicators × 12 months). In process
/// the cells are evaluated as <c>AnalyticsService</c> does (every cell's formula under one read); over HTTP the app's
/// explorer endpoint answers the same question with its table laid out.
/// </summary>
public static class ExplorerMix
{
    private sealed record Case(string Name, int[] Indicators, int[] Units, string[] PeriodIds, int EngineRuns, int HttpRuns, string Path);

    private static Case[] Cases(NationalData data)
    {
        var random = new Random(11);
        var communeIndicators = data.Indicators.Where(i => !i.VillageLevel).ToArray();
        var months = Enumerable.Range(0, 12).Select(m => $"2025-{m + 1:D2}").ToArray();
        var quarters = Enumerable.Range(NationalData.FirstYear, 5).SelectMany(y => Enumerable.Range(1, 4).Select(q => $"{y}Q{q}")).ToArray();
        var province = data.Provinces[random.Next(data.Provinces.Length)];
        var provinceCode = data.Tree.Get(province).Code;
        var commune = data.Communes[random.Next(data.Communes.Length)];
        var communeCode = data.Tree.Get(commune).Code;
        var two = communeIndicators.Take(2).ToArray();
        var one = communeIndicators[2];
        var ten = communeIndicators.Take(10).ToArray();
        string Items(IEnumerable<IndicatorSpec> list) => Uri.EscapeDataString(string.Join(',', list.Select(i => i.Code)));
        return
        [
            new("Two indicators × the communes of a province × 12 months", [.. two.Select(i => i.Id)],
                [.. data.Tree.Children(province).Select(u => u.Id)], months, 300, 200,
                $"/api/explore?items={Items(two)}&units={provinceCode}&children=true&periods=2025-01..2025-12&by=month"),
            new("One indicator × every commune of the country × 5 years by quarter", [one.Id], data.Communes, quarters, 10, 10,
                $"/api/explore?items={Items([one])}&units={NationalData.RootCode}&level=commune&periods={NationalData.FirstYear}-01..2025-12&by=quarter"),
            new("Pillar view of a commune: ten indicators × 12 months", [.. ten.Select(i => i.Id)], [commune], months, 1000, 300,
                $"/api/explore?items={Items(ten)}&units={communeCode}&periods=2025-01..2025-12&by=month"),
        ];
    }

    public static List<ExplorerTiming> RunEngine(NationalData data, EngineRun engine, ValueStore store)
    {
        var timings = new List<ExplorerTiming>();
        foreach (var c in Cases(data))
        {
            var ranges = c.PeriodIds.Select(p => PeriodRange.Of(Period.Parse(p))).ToArray();
            var ticks = new long[c.EngineRuns];
            double checksum = 0;
            for (var run = -Math.Min(20, c.EngineRuns); run < c.EngineRuns; run++)
            {
                var start = Stopwatch.GetTimestamp();
                checksum += store.Read(r =>
                {
                    double sum = 0;
                    foreach (var indicator in c.Indicators)
                    {
                        var formula = engine.Formulas[indicator - 1];
                        foreach (var unit in c.Units)
                            foreach (var range in ranges)
                                sum += formula.Evaluate(r, unit, range).Value ?? 0;
                    }
                    return sum;
                });
                if (run >= 0) ticks[run] = Stopwatch.GetTimestamp() - start;
            }
            if (double.IsNaN(checksum)) Console.WriteLine("  (a NaN answer)");
            var timing = new ExplorerTiming(c.Name, (long)c.Indicators.Length * c.Units.Length * ranges.Length) { Engine = new Latencies(ticks) };
            Console.WriteLine($"  explorer, {c.Name} ({timing.Cells:N0} cells): {timing.Engine}");
            timings.Add(timing);
        }
        return timings;
    }

    public static async Task RunHttpAsync(HttpRun http, NationalData data, List<ExplorerTiming> timings)
    {
        foreach (var c in Cases(data))
        {
            if (timings.FirstOrDefault(t => t.Name == c.Name) is not { } timing) continue;
            var expected = (int)timing.Cells;
            await http.TimeAsync(c.Path, expected, Math.Min(5, c.HttpRuns));
            timing.Http = await http.TimeAsync(c.Path, expected, c.HttpRuns);
            Console.WriteLine($"  GET /api/explore, {c.Name}: {timing.Http}");
        }
    }
}
