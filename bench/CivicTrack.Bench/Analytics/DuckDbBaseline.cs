using System.Diagnostics;
using System.Globalization;
using System.Text;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Expressions;
using DuckDB.NET.Data;

namespace CivicTrack.Bench.Analytics;

/// <summary>What the DuckDB run measured.</summary>
public sealed record DuckDbResult(
    TimeSpan Load, TimeSpan LoadCpu, long Rows, long DuckDbBytes, string DatabaseMemory, long WorkingSetDelta, string Settings,
    Latencies Queries, int Planned, int Offered, long ResultRows,
    int ValuesCompared, int ValuesAgreeing, int IndicatorsCompared, int IndicatorsAgreeing, IReadOnlyList<string> Differences);

/// <summary>The tool an analyst would pick instead: DuckDB in process, the same generated values appended into an
/// in-memory table beside a unit → province/commune table, and each question asked as the PostgreSQL baseline asks
/// it (<c>GROUP BY ROLLUP(province, commune), element</c>, Last rolled up per period first).</summary>
/// <remarks>The values are appended in the order <see cref="NationalData.Values"/> gives them (element, then month,
/// then unit), the order monthly reports arrive in, which also lets DuckDB's per-row-group min/max skip most of the
/// table for an element and range filter. Literals are written into each statement, as an analyst's script would.</remarks>
public sealed class DuckDbBaseline(NationalData data) : IDisposable
{
    private DuckDBConnection? _db;

    public void Dispose()
    {
        _db?.Dispose();
        _db = null;
    }

    /// <summary>Loads the values, then times an evenly spread sample of <paramref name="queries"/> (all of them
    /// when the pilot says they fit in <paramref name="budget"/>) and checks every answer against the engine.</summary>
    public DuckDbResult Run(Query[] queries, EngineRun engine, ValueStore store, TimeSpan budget)
    {
        // The native library is loaded before the clock starts: a cost of the process, not of the load.
        using (var warm = new DuckDBConnection("Data Source=:memory:"))
        {
            warm.Open();
            Scalar(warm, "SELECT 1");
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = WorkingSet();
        var cpu = CpuTimes.Self();
        var watch = Stopwatch.StartNew();

        _db = new DuckDBConnection("Data Source=:memory:");
        _db.Open();
        Execute(_db, "CREATE TABLE units (unit_id INTEGER PRIMARY KEY, province_id INTEGER NOT NULL, commune_id INTEGER NOT NULL)");
        Execute(_db, "CREATE TABLE data_values (element_id SMALLINT NOT NULL, unit_id INTEGER NOT NULL, period DATE NOT NULL, value DOUBLE NOT NULL)");
        using (var units = _db.CreateAppender("units"))
        {
            foreach (var c in data.Communes) units.CreateRow().AppendValue(c).AppendValue(data.ParentOf[c]).AppendValue(c).EndRow();
            foreach (var v in data.Villages)
                units.CreateRow().AppendValue(v).AppendValue(data.ParentOf[data.ParentOf[v]]).AppendValue(data.ParentOf[v]).EndRow();
        }
        var months = data.Months.Select(m => m.Start).ToArray();
        long rows = 0;
        using (var values = _db.CreateAppender("data_values"))
        {
            foreach (var (e, u, m, value) in data.Values())
            {
                values.CreateRow().AppendValue((short)e).AppendValue(u).AppendValue(months[m]).AppendValue(value).EndRow();
                rows++;
            }
        }
        watch.Stop();
        var loadCpu = CpuTimes.Self() - cpu;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var delta = WorkingSet() - before;
        var duckBytes = Convert.ToInt64(Scalar(_db, "SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()"), CultureInfo.InvariantCulture);
        var databaseMemory = Scalar(_db, "SELECT memory_usage FROM pragma_database_size() WHERE database_name = current_database()")?.ToString() ?? "?";
        var settings = Scalar(_db, "SELECT 'DuckDB ' || version() || ', ' || current_setting('threads')::VARCHAR || ' threads, memory limit ' || current_setting('memory_limit')")?.ToString() ?? "?";
        Console.WriteLine($"  appended {rows:N0} values in {watch.Elapsed.TotalSeconds:0.0} s (CPU {loadCpu.TotalSeconds:0.0} s); duckdb_memory() {Machine.Size(duckBytes)}, database_size memory {databaseMemory}, working set +{Machine.Size(delta)}; {settings}");

        // Untimed: the first statements pay for the catalogue and the buffer manager's first allocations.
        foreach (var q in queries.Take(3)) Answer(q, ElementsOf(q));

        // A pilot over an even spread decides whether every query fits in the budget.
        var pilot = AnalyticsBenchmark.Samples(queries, Math.Min(50, queries.Length));
        var pilotWatch = Stopwatch.StartNew();
        foreach (var q in pilot) Answer(q, ElementsOf(q));
        var perQuery = pilotWatch.Elapsed / pilot.Length;
        var planned = (int)Math.Min(queries.Length, Math.Max(1, budget.TotalMilliseconds / Math.Max(perQuery.TotalMilliseconds, 0.001)));
        var samples = AnalyticsBenchmark.Samples(queries, planned);
        Console.WriteLine($"  pilot {perQuery.TotalMilliseconds:0.00} ms a query: {(samples.Length == queries.Length ? "all" : "an even spread of")} {samples.Length:N0} of {queries.Length:N0} queries");

        var ticks = new List<long>(samples.Length);
        var answers = new List<(Query Query, Dictionary<int, SqlAggregate> Totals, int[] Elements)>(samples.Length);
        long resultRows = 0;
        var spent = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        for (var i = 0; i < samples.Length && spent.Elapsed < budget * 1.5; i++)
        {
            var elements = ElementsOf(samples[i]);
            var start = Stopwatch.GetTimestamp();
            var (totals, n) = Answer(samples[i], elements);
            ticks.Add(Stopwatch.GetTimestamp() - start);
            resultRows += n;
            answers.Add((samples[i], totals, elements));
            if (progress.Elapsed > TimeSpan.FromSeconds(30))
            {
                Console.WriteLine($"    {i + 1:N0}/{samples.Length:N0} DuckDB queries");
                progress.Restart();
            }
        }
        var latencies = new Latencies(ticks);
        Console.WriteLine($"  {latencies}, {resultRows:N0} result rows in all");

        // Agreement with the engine on every answered query: each element's subtree aggregate, and the ten indicators
        // computed from those aggregates as IndicatorFormula computes them.
        int valuesCompared = 0, valuesAgreeing = 0, indicatorsCompared = 0, indicatorsAgreeing = 0;
        var differences = new List<string>();
        var formulas = data.Indicators.Select(i => (
            Numerator: Expression.Parse(i.Numerator).Expression!,
            Denominator: i.Denominator is null ? null : Expression.Parse(i.Denominator).Expression,
            i.Factor)).ToArray();
        foreach (var (q, totals, elements) in answers)
        {
            foreach (var e in elements)
            {
                var want = store.Get(e, q.UnitId, q.Range).Value;
                var got = ValueOf(totals, e);
                valuesCompared++;
                if (AnalyticsBenchmark.Same(want, got)) valuesAgreeing++;
                else if (differences.Count < 5)
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{data.Elements[e - 1].Code} at {q.UnitCode} {q.PeriodText}: engine {want}, DuckDB {got}"));
            }
            var expected = engine.Answer(store, q);
            var byCode = data.Elements.ToDictionary(x => x.Code, x => x.Id, StringComparer.Ordinal);
            double? Lookup(string code) => ValueOf(totals, byCode[code]);
            for (var i = 0; i < q.Indicators.Length; i++)
            {
                var (numerator, denominator, factor) = formulas[q.Indicators[i] - 1];
                var got = Indicator(numerator, denominator, factor, Lookup);
                indicatorsCompared++;
                if (AnalyticsBenchmark.Same(expected[i].Value, got)) indicatorsAgreeing++;
                else if (differences.Count < 5)
                    differences.Add(string.Create(CultureInfo.InvariantCulture, $"{data.Indicators[q.Indicators[i] - 1].Code} at {q.UnitCode} {q.PeriodText}: engine {expected[i].Value}, DuckDB {got}"));
            }
        }
        Console.WriteLine($"  agreement with the engine: {valuesAgreeing:N0}/{valuesCompared:N0} element aggregates, {indicatorsAgreeing:N0}/{indicatorsCompared:N0} indicators");
        return new DuckDbResult(watch.Elapsed, loadCpu, rows, duckBytes, databaseMemory, delta, settings, latencies, samples.Length, queries.Length,
            resultRows, valuesCompared, valuesAgreeing, indicatorsCompared, indicatorsAgreeing, differences);
    }

    /// <summary>The subtree aggregate of one Sum element for a query, from a fresh statement (for the per-query cross-check).</summary>
    public double? SumOf(Query q, int element) => ValueOf(Answer(q, [element]).Totals, element);

    /// <summary>Runs the rollup for a query; returns the subtree totals by element and how many rows it gave.</summary>
    public (Dictionary<int, SqlAggregate> Totals, int Rows) Answer(Query q, IReadOnlyCollection<int> elements)
    {
        var db = _db ?? throw new InvalidOperationException("Load the values first.");
        var flows = elements.Where(e => data.Elements[e - 1].Aggregation != AggregationType.Last).ToArray();
        var stocks = elements.Where(e => data.Elements[e - 1].Aggregation == AggregationType.Last).ToArray();
        var from = data.Months[q.FirstMonth].Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = data.Months[q.FirstMonth + q.Months - 1].Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var unit = q.Level switch
        {
            0 => "",
            1 => $"AND u.province_id = {q.UnitId.ToString(CultureInfo.InvariantCulture)}",
            2 => $"AND u.commune_id = {q.UnitId.ToString(CultureInfo.InvariantCulture)}",
            _ => $"AND v.unit_id = {q.UnitId.ToString(CultureInfo.InvariantCulture)}",
        };
        string Filter(int[] ids) =>
            $"v.element_id IN ({string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))}) AND v.period BETWEEN DATE '{from}' AND DATE '{to}' {unit}";
        var sql = new StringBuilder();
        if (flows.Length > 0)
            sql.Append($"""
                SELECT GROUPING(u.province_id, u.commune_id)::INTEGER AS level, u.province_id, u.commune_id, v.element_id::INTEGER AS element,
                       sum(v.value) AS total, count(*)::BIGINT AS n, min(v.value) AS low, max(v.value) AS high, NULL::DOUBLE AS last
                FROM data_values v JOIN units u ON u.unit_id = v.unit_id
                WHERE {Filter(flows)}
                GROUP BY ROLLUP (u.province_id, u.commune_id), v.element_id
                """);
        if (flows.Length > 0 && stocks.Length > 0) sql.AppendLine().AppendLine("UNION ALL");
        if (stocks.Length > 0)
            sql.Append($"""
                SELECT level, province_id, commune_id, element, sum(total), sum(n)::BIGINT, min(low), max(high), arg_max(total, period)
                FROM (
                    SELECT GROUPING(u.province_id, u.commune_id)::INTEGER AS level, u.province_id, u.commune_id, v.element_id::INTEGER AS element,
                           v.period, sum(v.value) AS total, count(*) AS n, min(v.value) AS low, max(v.value) AS high
                    FROM data_values v JOIN units u ON u.unit_id = v.unit_id
                    WHERE {Filter(stocks)}
                    GROUP BY ROLLUP (u.province_id, u.commune_id), v.element_id, v.period
                ) per_period
                GROUP BY level, province_id, commune_id, element
                """);
        var totals = new Dictionary<int, SqlAggregate>();
        var rows = 0;
        if (sql.Length == 0) return (totals, 0);
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql.ToString();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            rows++;
            // GROUPING(...) = 3: both province and commune rolled up, i.e. the whole filtered subtree.
            if (reader.GetInt32(0) != 3) continue;
            totals[reader.GetInt32(3)] = new(reader.GetDouble(4), reader.GetInt64(5), reader.GetDouble(6), reader.GetDouble(7),
                reader.IsDBNull(8) ? double.NaN : reader.GetDouble(8));
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

    private double? ValueOf(Dictionary<int, SqlAggregate> totals, int element) =>
        totals.TryGetValue(element, out var t) ? t.Value(data.Elements[element - 1].Aggregation) : null;

    /// <summary>As <see cref="IndicatorFormula.Evaluate"/>: null when a side is missing, the denominator is zero or the result is not finite.</summary>
    private static double? Indicator(Expression numerator, Expression? denominator, double factor, Func<string, double?> lookup)
    {
        var n = numerator.Evaluate(lookup);
        if (denominator is null) return Finite(n * factor);
        var d = denominator.Evaluate(lookup);
        if (n is null || d is null || d == 0) return null;
        return Finite(factor * n.Value / d.Value);
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    private static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }

    private static void Execute(DuckDBConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DuckDBConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }
}
