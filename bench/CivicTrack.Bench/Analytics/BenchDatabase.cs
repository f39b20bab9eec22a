using System.Diagnostics;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Text;

namespace CivicTrack.Bench.Analytics;

/// <summary>The database the app runs on during the HTTP run: created empty, migrated by the app itself, then
/// filled with the national data set in bulk.</summary>
public abstract class BenchDatabase
{
    public abstract string Provider { get; }
    public abstract string AppConnectionString { get; }
    public abstract string Describe { get; }

    /// <summary>Drops what a previous run left and makes an empty database.</summary>
    public abstract Task ResetAsync();

    /// <summary>Adds every unit but the root (made by <c>create-admin</c>), the elements, the indicators and all values.</summary>
    public abstract Task<LoadReport> LoadAsync(NationalData data);

    public static BenchDatabase Choose(string workDirectory)
    {
        var admin = Environment.GetEnvironmentVariable("CIVICTRACK_BENCH_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin)) admin = Environment.GetEnvironmentVariable("CIVICTRACK_TEST_POSTGRES");
        return string.IsNullOrWhiteSpace(admin)
            ? new SqliteBenchDatabase(Path.Combine(workDirectory, "bench.db"))
            : new PostgresBenchDatabase(admin);
    }

    protected static readonly DateTime LoadedAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    protected static string Folded(string name) => VietnameseText.Fold(name);

    protected static string ValueTypeOf(AggregationType a) => a switch
    {
        AggregationType.Sum or AggregationType.Last => nameof(Engine.Analytics.ValueType.Integer),
        AggregationType.Average => nameof(Engine.Analytics.ValueType.Percent),
        _ => nameof(Engine.Analytics.ValueType.Number),
    };

    protected static string NameOf(ElementDef e) =>
        (NationalData.IsVillageElement(e.Id) ? "Chỉ tiêu thôn " : "Chỉ tiêu xã ") + e.Code;

    protected static void Progress(string what, long done, long total, Stopwatch watch)
    {
        if (done % 5_000_000 != 0 || done == 0) return;
        Console.WriteLine($"    {what}: {done:N0}/{total:N0} ({done / watch.Elapsed.TotalSeconds:N0} rows/s)");
    }
}

/// <summary>How long the bulk load took.</summary>
public sealed record LoadReport(TimeSpan Values, TimeSpan Indexes, long Rows)
{
    public double RowsPerSecond => Rows / Values.TotalSeconds;
}
