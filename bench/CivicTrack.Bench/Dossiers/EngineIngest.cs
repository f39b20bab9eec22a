using System.Diagnostics;
using System.Text;
using CivicTrack.Engine.Dossiers;

namespace CivicTrack.Bench.Dossiers;

/// <summary>The registry as a dictionary: a unit code read as a span finds its key without a string per row.</summary>
public sealed class DictionaryUnits : IDossierUnits
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public DictionaryUnits(IEnumerable<string> codes)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var code in codes) keys.TryAdd(code, keys.Count);
        Codes = [.. keys.Keys];
        _lookup = keys.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The codes by key.</summary>
    public string[] Codes { get; }

    public int Find(ReadOnlySpan<char> code) => _lookup.TryGetValue(code, out var key) ? key : -1;

    public bool MayWrite(int key) => true;
}

/// <summary>CivicTrack's own path without the database: <see cref="DossierReader"/> (every field checked, nothing
/// materialized) into a <see cref="DossierAggregator"/>, in this process.</summary>
public static class EngineIngest
{
    public const int ReaderBuffer = 1 << 20;

    public static DossierStage Run(string file, DictionaryUnits units, out DossierAggregator aggregator)
    {
        var stage = new DossierStage("CivicTrack parse + aggregate (in process)");
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var peakReset = ResidentMemory.ResetPeak();
        var before = ResidentMemory.Current() ?? 0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var collections = GC.CollectionCount(0);
        var cpu = CpuTimes.Self();
        var watch = Stopwatch.StartNew();

        aggregator = new DossierAggregator(DossierRules.Default);
        long refused = 0;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan))
        using (var text = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, ReaderBuffer))
        using (var reader = new DossierReader(text, units, materialize: false))
        {
            if (reader.FileProblems.Count > 0) throw new InvalidOperationException($"The generated file is refused: {reader.FileProblems[0]}");
            while (reader.Next())
            {
                if (reader.Problems.Count > 0) { refused++; continue; }
                aggregator.Add(reader.Facts);
            }
            stage.Rows = reader.Rows;
        }

        stage.Wall = watch.Elapsed;
        stage.Cpu = CpuTimes.Self() - cpu;
        var peak = ResidentMemory.Peak();
        stage.PeakBytes = peak;
        var allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        stage.Notes.Add($"{refused:N0} rows refused; {aggregator.Count:N0} dossiers counted");
        stage.Notes.Add(peakReset && peak is { } p
            ? $"peak: the bench process's VmHWM, reset before the stage (/proc/self/clear_refs), {Machine.Size(p)}, of which {Machine.Size(Math.Max(0, p - before))} above its resident size at the start; managed allocations {Machine.Size(allocatedBytes)} in {GC.CollectionCount(0) - collections} gen-0 collections"
            : $"peak: the bench process's VmHWM over its whole life (could not be reset); managed allocations {Machine.Size(allocatedBytes)}");
        return stage;
    }
}
