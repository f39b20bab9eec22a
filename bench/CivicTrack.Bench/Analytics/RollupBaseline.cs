using System.Diagnostics;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Expressions;
using Npgsql;

namespace CivicTrack.Bench.Analytics;

/// <summary>The subtree total of one element as the SQL baseline computes it.</summary>
public readonly record struct SqlAggregate(double Sum, long Count, double Min, double Max, double Last)
{
    public double? Value(AggregationType aggregation) => Count == 0 ? null : aggregation switch
    {
        AggregationType.Sum => Sum,
        AggregationType.Average => Sum / Count,
        AggregationType.Last => Last,
        AggregationType.Min => Min,
        _ => Max,
    };
}

/// <summary>PostgreSQL answering the same questions the usual way: filter the values of the unit's subtree,
/// period range and the indicators' elements, then <c>GROUP BY ROLLUP(province, commune), element</c>, which
/// gives the subtree total together with each province's and commune's subtotal, as a dashboard table needs.</summary>
/// <remarks>Each element's aggregation is honoured. Flows (Sum, Average, Min, Max) are rolled up directly; stocks
/// (Last) are rolled up per period first, so that each group can take its latest reported period.</remarks>
public sealed class RollupBaseline(PostgresBenchDatabase database, NationalData data)
{
    private const string Template = """
        SELECT GROUPING(m.province_id, m.commune_id) AS level, m.province_id, m.commune_id, v."DataElementId",
               sum(v."Value"), count(*), min(v."Value"), max(v."Value"), NULL::double precision
        FROM data_values v
        JOIN bench_unit_map m ON m.unit_id = v."OrgUnitId"
        WHERE v."DataElementId" = ANY(@flows) AND v."Period" BETWEEN @from AND @to {0}
        GROUP BY ROLLUP (m.province_id, m.commune_id), v."DataElementId"
        UNION ALL
        SELECT level, province_id, commune_id, element, sum(total), sum(n), min(low), max(high),
               (array_agg(total ORDER BY period DESC))[1]
        FROM (
            SELECT GROUPING(m.province_id, m.commune_id) AS level, m.province_id, m.commune_id, v."DataElementId" AS element,
                   v."Period" AS period, sum(v."Value") AS total, count(*) AS n, min(v."Value") AS low, max(v."Value") AS high
            FROM data_values v
            JOIN bench_unit_map m ON m.unit_id = v."OrgUnitId"
            WHERE v."DataElementId" = ANY(@stocks) AND v."Period" BETWEEN @from AND @to {0}
            GROUP BY ROLLUP (m.province_id, m.commune_id), v."DataElementId", v."Period"
        ) per_period
        GROUP BY level, province_id, commune_id, element
        """;

    // One statement per level, so that the planner sees which column restricts the subtree.
    private static readonly string[] Sql =
    [
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, ""),
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "AND m.province_id = @unit"),
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "AND m.commune_id = @unit"),
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, "AND v.\"OrgUnitId\" = @unit"),
    ];

    /// <summary>Runs the rollup for a query; returns the subtree totals by element and how many rows it gave.</summary>
    public (Dictionary<int, SqlAggregate> Totals, int Rows) Answer(NpgsqlConnection db, Query q, IReadOnlyCollection<int> elements)
    {
        using var cmd = new NpgsqlCommand(Sql[q.Level], db) { CommandTimeout = 600 };
        cmd.Parameters.AddWithValue("flows", elements.Where(e => data.Elements[e - 1].Aggregation != AggregationType.Last).ToArray());
        cmd.Parameters.AddWithValue("stocks", elements.Where(e => data.Elements[e - 1].Aggregation == AggregationType.Last).ToArray());
        cmd.Parameters.AddWithValue("from", data.MonthIds[q.FirstMonth]);
        cmd.Parameters.AddWithValue("to", data.MonthIds[q.FirstMonth + q.Months - 1]);
        if (q.Level > 0) cmd.Parameters.AddWithValue("unit", q.UnitId);
        var totals = new Dictionary<int, SqlAggregate>();
        var rows = 0;
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            rows++;
            // GROUPING(...) = 3: both province and commune rolled up, i.e. the whole filtered subtree.
            if (reader.GetInt32(0) != 3) continue;
            totals[reader.GetInt32(3)] = new(reader.GetDouble(4), reader.GetInt64(5), reader.GetDouble(6), reader.GetDouble(7), reader.IsDBNull(8) ? double.NaN : reader.GetDouble(8));
        }
        return (totals, rows);
    }

    /// <summary>The element ids the query's indicators read.</summary>
    public int[] ElementsOf(Query q)
    {
        var byCode = data.Elements.ToDictionary(e => e.Code, e => e.Id, StringComparer.Ordinal);
        return [.. q.Indicators
            .SelectMany(i => new[] { data.Indicators[i - 1].Numerator, data.Indicators[i - 1].Denominator })
            .Where(s => s is not null)
            .SelectMany(s => Expression.Parse(s!).Expression!.References)
            .Select(code => byCode[code])
            .Distinct()];
    }

    /// <summary>Runs the samples in order until all are done or <paramref name="budget"/> is spent; the samples
    /// are in random order, so a shortened run is still a fair sample.</summary>
    public (Latencies Latencies, long Rows) Run(Query[] samples, TimeSpan budget)
    {
        using var db = database.Open();
        // A few cheap untimed runs first: plans cached, connection warm.
        foreach (var q in samples.Where(q => q.Level >= 2).Take(3)) Answer(db, q, ElementsOf(q));
        var ticks = new List<long>(samples.Length);
        long rows = 0;
        var report = Stopwatch.StartNew();
        var spent = Stopwatch.StartNew();
        for (var i = 0; i < samples.Length && spent.Elapsed < budget; i++)
        {
            var elements = ElementsOf(samples[i]);
            var start = Stopwatch.GetTimestamp();
            var (_, n) = Answer(db, samples[i], elements);
            ticks.Add(Stopwatch.GetTimestamp() - start);
            rows += n;
            if (report.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"    {i + 1}/{samples.Length} rollup queries");
                report.Restart();
            }
        }
        return (new Latencies(ticks), rows);
    }
}
