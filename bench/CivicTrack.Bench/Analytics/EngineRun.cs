using System.Diagnostics;
using CivicTrack.Engine.Analytics;

namespace CivicTrack.Bench.Analytics;

/// <summary>What the in-process run measured.</summary>
public sealed record EngineResult(
    TimeSpan Generate, TimeSpan Load, TimeSpan LoadCpu, long StoredValues, long ManagedBytes, long WorkingSetBytes, long RowsBytes, Latencies Queries);

/// <summary>Builds a <see cref="ValueStore"/> from the generated rows and times rollup queries against it.</summary>
public sealed class EngineRun(NationalData data)
{
    public ValueStore? Store { get; private set; }
    public IndicatorFormula[] Formulas { get; } = [.. data.Indicators.Select(Compile)];

    public EngineResult Run(Query[] warmup, Query[] queries)
    {
        var generate = Stopwatch.StartNew();
        var rows = data.Rows();
        generate.Stop();
        Console.WriteLine($"  generated {rows.Length:N0} values in {generate.Elapsed.TotalSeconds:0.0} s");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var load = Stopwatch.StartNew();
        var store = new ValueStore(data.Tree, data.Elements);
        store.Load(rows);
        load.Stop();
        var loadCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var managed = GC.GetTotalMemory(forceFullCollection: true) - before;
        var rowsBytes = (long)rows.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<ValueRow>();
        Console.WriteLine($"  loaded the store in {load.Elapsed.TotalSeconds:0.00} s (CPU {loadCpu.TotalSeconds:0.00} s), {Machine.Size(managed)} managed");
        GC.KeepAlive(rows);
        rows = null;
        ReleaseMemory();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var workingSet = self.WorkingSet64;
        Store = store;

        Measure(store, warmup);
        var latencies = new Latencies(Measure(store, queries));
        Console.WriteLine($"  {queries.Length:N0} queries: {latencies}");
        return new EngineResult(generate.Elapsed, load.Elapsed, loadCpu, store.Count, managed, workingSet, rowsBytes, latencies);
    }

    /// <summary>The ten indicators of a query, read under one lock as a dashboard would.</summary>
    public IndicatorValue[] Answer(ValueStore store, Query q) => store.Read(r =>
    {
        var values = new IndicatorValue[q.Indicators.Length];
        for (var i = 0; i < q.Indicators.Length; i++) values[i] = Formulas[q.Indicators[i] - 1].Evaluate(r, q.UnitId, q.Range);
        return values;
    });

    private long[] Measure(ValueStore store, Query[] queries)
    {
        var ticks = new long[queries.Length];
        double checksum = 0;
        for (var i = 0; i < queries.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var values = Answer(store, queries[i]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            foreach (var v in values) checksum += v.Value ?? 0;
        }
        // Keeps the answers observable, so none of the work can be skipped.
        if (double.IsNaN(checksum)) Console.WriteLine("  (a NaN answer)");
        return ticks;
    }

    /// <summary>Returns the generated rows' memory to the system before the working set is read.</summary>
    private static void ReleaseMemory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static IndicatorFormula Compile(IndicatorSpec spec) =>
        IndicatorFormula.Compile(spec.Numerator, spec.Denominator, spec.Factor).Formula
        ?? throw new InvalidOperationException($"Indicator {spec.Code} does not compile.");
}
