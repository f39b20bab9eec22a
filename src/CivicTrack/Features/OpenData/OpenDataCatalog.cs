using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CivicTrack.Data;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.OpenData;

/// <summary>A prepared answer: its bytes, its content type and its entity tag.</summary>
public sealed record OpenAnswer(byte[] Body, string ContentType, string ETag, string? FileName = null)
{
    /// <summary>The body compressed with gzip once, for clients that accept it (every browser and harvester); null when
    /// too small to gain.</summary>
    public byte[]? Gzip { get; init; }

    /// <summary>The entity tag of the compressed body: a different representation has a different strong tag.</summary>
    public string GzipETag => ETag[..^1] + "-gz\"";

    public OpenAnswer Compressed()
    {
        if (Body.Length < 1024) return this;
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(Body);
        return this with { Gzip = buffer.ToArray() };
    }
}

/// <summary>The portal's memory: the datasets' definitions, each published table as of the current values, and every
/// answer already written from them (pages, downloads, catalogues), so that an anonymous visitor costs a dictionary
/// look-up. A table is recomputed when the analytics store's values change (its version), when the definition
/// changes, when the day moves on, and for reporting rates (which live in submissions, not in the store) at most every
/// <c>OpenData:RatesSeconds</c> (60).</summary>
public sealed class OpenDataCatalog(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, IServiceProvider services, IConfiguration config, TimeProvider clock)
{
    private volatile IReadOnlyList<OpenDataset>? _datasets;
    private long _definitions;
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private readonly ConcurrentDictionary<int, Entry> _entries = new();
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _buildGates = new();
    private readonly ConcurrentDictionary<string, OpenAnswer> _answers = new(StringComparer.Ordinal);
    private const int MaxAnswers = 4_000;

    private sealed record Entry(OpenTable Table, object Values, long Version, DateTime DefinitionModified, DateOnly Today, long BuiltAt);

    /// <summary>A definition changed: forget the definitions and every answer.</summary>
    public void Changed()
    {
        _datasets = null;
        Interlocked.Increment(ref _definitions);
        _answers.Clear();
    }

    public DateOnly Today() => config["Demo:Today"] is { Length: > 0 } day
        ? DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
        : Engine.Time.VietnamTime.Today(clock);

    public async Task<IReadOnlyList<OpenDataset>> DatasetsAsync(CancellationToken ct)
    {
        if (_datasets is { } known) return known;
        await _loadGate.WaitAsync(ct);
        try
        {
            if (_datasets is { } again) return again;
            var version = Interlocked.Read(ref _definitions);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var list = await db.OpenDatasets.AsNoTracking().OrderBy(d => d.Slug).ToListAsync(ct);
            if (version == Interlocked.Read(ref _definitions)) _datasets = list;
            return list;
        }
        finally { _loadGate.Release(); }
    }

    public async Task<IReadOnlyList<OpenDataset>> PublishedAsync(CancellationToken ct) =>
        (await DatasetsAsync(ct)).Where(d => d.Published).ToList();

    /// <summary>A published dataset by slug (or by its id, as CKAN clients may ask), else null.</summary>
    public async Task<OpenDataset?> FindAsync(string idOrSlug, CancellationToken ct) =>
        (await PublishedAsync(ct)).FirstOrDefault(d => d.Slug == idOrSlug || d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == idOrSlug);

    public async Task<OpenTable> TableAsync(OpenDataset d, CancellationToken ct)
    {
        var snapshot = await store.GetAsync(ct);
        var today = Today();
        if (Fresh(d, snapshot, today) is { } fresh) return fresh;
        var gate = _buildGates.GetOrAdd(d.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            snapshot = await store.GetAsync(ct);
            if (Fresh(d, snapshot, today) is { } again) return again;
            var version = snapshot.Values.Version;
            await using var scope = services.CreateAsyncScope();
            var table = await scope.ServiceProvider.GetRequiredService<OpenDataTables>().BuildAsync(d, today, ct);
            _entries[d.Id] = new Entry(table, snapshot.Values, version, d.ModifiedAt, today, Environment.TickCount64);
            return table;
        }
        finally { gate.Release(); }
    }

    private OpenTable? Fresh(OpenDataset d, AnalyticsStore.Snapshot snapshot, DateOnly today)
    {
        if (!_entries.TryGetValue(d.Id, out var e)) return null;
        var ratesAge = config.GetValue("OpenData:RatesSeconds", 60) * 1000L;
        return ReferenceEquals(e.Values, snapshot.Values) && e.Version == snapshot.Values.Version && e.DefinitionModified == d.ModifiedAt && e.Today == today
            && (d.Kind != OpenDatasetKind.ReportingRates || Environment.TickCount64 - e.BuiltAt < ratesAge)
            ? e.Table : null;
    }

    /// <summary>A stamp of everything the catalogue answers show: the definitions and each published table's figures.</summary>
    public async Task<string> StampAsync(CancellationToken ct)
    {
        var sb = new StringBuilder().Append(Interlocked.Read(ref _definitions));
        foreach (var d in await PublishedAsync(ct))
        {
            var table = await TableAsync(d, ct);
            sb.Append('|').Append(d.Id).Append(':').Append(d.ModifiedAt.Ticks).Append(':').Append(table.Hash).Append(':').Append(table.Modified.Ticks);
        }
        return Tag(sb.ToString());
    }

    /// <summary>The answer kept under <paramref name="key"/> (which must hold everything it depends on), else a new one.</summary>
    public async Task<OpenAnswer> AnswerAsync(string key, Func<string, Task<OpenAnswer>> make)
    {
        if (_answers.TryGetValue(key, out var known)) return known;
        var answer = (await make(Tag(key))).Compressed();
        if (_answers.Count >= MaxAnswers) _answers.Clear();
        _answers[key] = answer;
        return answer;
    }

    public static string Tag(string text) =>
        "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24].ToLowerInvariant() + "\"";
}
