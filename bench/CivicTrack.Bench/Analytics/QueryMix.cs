using CivicTrack.Engine.Periods;

namespace CivicTrack.Bench.Analytics;

/// <summary>One dashboard question: indicators for one unit's subtree over one period range.</summary>
/// <param name="Level">0 root, 1 province, 2 commune, 3 village.</param>
/// <param name="PeriodText">The range as the analytics endpoint takes it, one column.</param>
public sealed record Query(int UnitId, string UnitCode, int Level, PeriodRange Range, string PeriodText, int FirstMonth, int Months, int[] Indicators);

/// <summary>Random queries from a fixed seed: units at every level, ranges of 1–60 months aligned to months,
/// quarters or years, ten indicators each.</summary>
public static class QueryMix
{
    public const int IndicatorsPerQuery = 10;

    public static Query[] Generate(NationalData data, int count, int seed)
    {
        var random = new Random(seed);
        var queries = new Query[count];
        var indicatorIds = data.Indicators.Select(i => i.Id).ToArray();
        for (var q = 0; q < count; q++)
        {
            var roll = random.Next(100);
            var (unit, level) = roll switch
            {
                < 10 => (NationalData.RootId, 0),
                < 30 => (data.Provinces[random.Next(data.Provinces.Length)], 1),
                < 65 => (data.Communes[random.Next(data.Communes.Length)], 2),
                _ => (data.Villages[random.Next(data.Villages.Length)], 3),
            };
            var (first, months) = RandomRange(random);
            var chosen = indicatorIds.ToArray();
            random.Shuffle(chosen);
            queries[q] = Make(data, unit, level, first, months, chosen[..IndicatorsPerQuery]);
        }
        return queries;
    }

    public static Query Make(NationalData data, int unit, int level, int first, int months, int[] indicators)
    {
        var from = data.Months[first];
        var to = data.Months[first + months - 1];
        var range = new PeriodRange(from.Start, to.End);
        return new Query(unit, data.Tree.Get(unit).Code, level, range, PeriodText(from, to, months), first, months, indicators);
    }

    /// <summary>Month-, quarter- or year-aligned, 1–60 months inside 2021-01..2025-12.</summary>
    private static (int First, int Months) RandomRange(Random random)
    {
        const int total = NationalData.CommuneMonths;
        switch (random.Next(3))
        {
            case 0:
            {
                var first = random.Next(total);
                return (first, 1 + random.Next(total - first));
            }
            case 1:
            {
                var first = random.Next(total / 3);
                return (first * 3, 3 * (1 + random.Next(total / 3 - first)));
            }
            default:
            {
                var first = random.Next(total / 12);
                return (first * 12, 12 * (1 + random.Next(total / 12 - first)));
            }
        }
    }

    /// <summary>A single id when the range is one month, quarter or year; else <c>YYYY-MM..YYYY-MM-DD</c>, whose
    /// ends are of different types, so the endpoint answers it as one aggregated column.</summary>
    private static string PeriodText(Period from, Period to, int months)
    {
        if (months == 1) return from.Id;
        if (months == 3 && from.Start.Month % 3 == 1) return Period.Containing(PeriodType.Quarter, from.Start).Id;
        if (months == 12 && from.Start.Month == 1) return Period.Year(from.Start.Year).Id;
        return $"{from.Id}..{Period.Day(to.End).Id}";
    }
}
