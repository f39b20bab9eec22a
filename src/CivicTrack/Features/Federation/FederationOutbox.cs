using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Federation;

/// <summary>The <c>Federation</c> section of a province instance: where it pushes and what. Without a URL nothing is pushed.</summary>
public sealed class FederationSettings
{
    /// <summary>The national instance, e.g. <c>https://quocgia.example.gov.vn</c>; <c>/api/federation/batches</c> is added.</summary>
    public string? Url { get; set; }
    /// <summary>A bearer token of the national instance with the scope <c>federation:push</c>, held by an account of this province there.</summary>
    public string? Token { get; set; }
    /// <summary>The province's code; empty: the one province at the top of this instance's tree.</summary>
    public string? Province { get; set; }
    /// <summary>The data elements published for the nation (codes, comma-separated); empty: every element.</summary>
    public string? Elements { get; set; }
    /// <summary>Seconds between scheduled pushes.</summary>
    public int PollSeconds { get; set; } = 300;
    /// <summary>Whether pushes also run on the schedule (and once at start); off: only on demand.</summary>
    public bool Scheduled { get; set; } = true;
    /// <summary>Values per batch.</summary>
    public int BatchSize { get; set; } = 5_000;
    public int TimeoutSeconds { get; set; } = 60;

    public bool Enabled => Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    public IReadOnlyList<string> ElementCodes =>
        string.IsNullOrWhiteSpace(Elements) ? [] : Elements.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Pushes what changed in the province to the national instance, oldest batch first. A batch is made from the difference between
/// the values now and those the national instance acknowledged, and stored before it is sent: a batch not acknowledged (the national
/// instance down, a restart) is sent again, the very same, until it is; the national instance stores a batch once. Each HTTP call is
/// retried with backoff by the resilience pipeline; while the national instance stays down the passes back off up to half an hour.</summary>
public sealed partial class FederationOutbox(IDbContextFactory<AppDb> dbFactory, IOptions<FederationSettings> options, IHttpClientFactory http,
    AnalyticsStore store, TimeProvider clock, ILogger<FederationOutbox> log) : BackgroundService
{
    public const string HttpClientName = "federation";
    /// <summary>Batches one pass sends at most; the next pass goes on.</summary>
    public const int BatchesPerPass = 200;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly Notifications.OutboxSignal _signal = new();

    /// <summary>What one pass did: batches sent, values in them, whether the national instance could not be reached, and why the last
    /// batch was refused when it was.</summary>
    public sealed record PassResult(int Batches, int Values, bool Unavailable, string? Refused);

    public bool Enabled => options.Value.Enabled;

    /// <summary>Asks for a pass now.</summary>
    public void Nudge() => _signal.Nudge();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.Scheduled) return;
        await Notifications.OutboxLoop.RunAsync(async ct => (await PassAsync(ct)).Unavailable, _signal,
            TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), e => LogPassFailed(log, e.GetType().Name), null, stoppingToken);
    }

    /// <summary>Sends the batch waiting, then makes and sends batches until nothing differs; passes never overlap.</summary>
    public async Task<PassResult> PassAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        if (!settings.Enabled) return new(0, 0, false, null);
        await _pass.WaitAsync(ct);
        try
        {
            int batches = 0, values = 0;
            var client = http.CreateClient(HttpClientName);
            for (var n = 0; n < BatchesPerPass; n++)
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                var batch = await db.FederationOutgoing.Where(b => b.State == FederationBatchState.Pending).OrderBy(b => b.CreatedAt).FirstOrDefaultAsync(ct)
                    ?? await MakeAsync(db, settings, ct);
                if (batch is null) break;
                var (sent, giveUp, result) = await SendAsync(client, settings, batch, ct);
                batch.Attempts++;
                batch.Result = result.Length > 1000 ? result[..1000] : result;
                if (sent)
                {
                    await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
                    batch.State = FederationBatchState.Sent;
                    batch.SentAt = clock.GetUtcNow().UtcDateTime;
                    await AcknowledgeAsync(db, batch, CancellationToken.None);
                    await db.SaveChangesAsync(CancellationToken.None);
                    await tx.CommitAsync(CancellationToken.None);
                    batches++;
                    values += batch.Values;
                    continue;
                }
                if (giveUp) batch.State = FederationBatchState.Failed;
                await db.SaveChangesAsync(CancellationToken.None);
                if (giveUp)
                {
                    LogRefused(log, batch.Id, result);
                    return new(batches, values, false, result);
                }
                LogUnavailable(log, batch.Id, result);
                return new(batches, values, true, null);
            }
            return new(batches, values, false, null);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The next batch: the units when they changed since the last acknowledged batch, and up to a batch of values that differ from
    /// what the national instance acknowledged (a value gone here is sent without a value); null when nothing differs.</summary>
    private async Task<FederationOutgoing?> MakeAsync(AppDb db, FederationSettings settings, CancellationToken ct)
    {
        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        var province = string.IsNullOrWhiteSpace(settings.Province)
            ? tree.Roots.SingleOrDefault(r => r.Kind == OrgUnitKind.Province)
            : tree.Find(settings.Province.Trim());
        if (province is null) throw new InvalidOperationException("Federation:Province names no unit of this instance.");
        var inside = tree.Subtree(province.Id).ToList();
        var insideIds = inside.Select(u => u.Id).ToHashSet();

        var units = inside.Select(u => new FederationUnit(u.Code, u.Name, u.Kind.ToString(), u.Id == province.Id ? null : tree.Find(u.ParentId ?? 0)?.Code,
            u.OpenedOn, u.ClosedOn, u.MergedIntoId is { } m ? tree.Find(m)?.Code : null, u.MergedOn)).ToList();
        var unitsDigest = FederationJson.Digest(units);
        var acknowledgedUnits = await db.FederationOutgoing.AsNoTracking().Where(b => b.State == FederationBatchState.Sent && b.UnitsDigest != null)
            .OrderByDescending(b => b.SentAt).Select(b => b.UnitsDigest).FirstOrDefaultAsync(ct);
        var sendUnits = acknowledgedUnits != unitsDigest;

        var codes = settings.ElementCodes;
        var elementIds = codes.Count == 0 ? null
            : codes.Select(c => snapshot.Catalog.ElementsByCode.GetValueOrDefault(c)?.Id).OfType<int>().ToList();
        var query = db.DataValues.AsNoTracking();
        if (elementIds is not null) query = query.Where(v => elementIds.Contains(v.DataElementId));
        var now = new Dictionary<(int, int, string), double>();
        await foreach (var v in query.Select(v => new { v.DataElementId, v.OrgUnitId, v.Period, v.Value }).AsAsyncEnumerable().WithCancellation(ct))
            if (insideIds.Contains(v.OrgUnitId)) now[(v.DataElementId, v.OrgUnitId, v.Period)] = v.Value;
        var changed = new List<(int Element, int Unit, string Period, double? Value)>();
        var acknowledged = new HashSet<(int, int, string)>();
        await foreach (var a in db.FederationAcknowledged.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = (a.DataElementId, a.OrgUnitId, a.Period);
            acknowledged.Add(key);
            if (!now.TryGetValue(key, out var value)) changed.Add((a.DataElementId, a.OrgUnitId, a.Period, null));
            else if (!value.Equals(a.Value)) changed.Add((a.DataElementId, a.OrgUnitId, a.Period, value));
        }
        foreach (var ((element, unit, period), value) in now)
            if (!acknowledged.Contains((element, unit, period))) changed.Add((element, unit, period, value));
        if (changed.Count == 0 && !sendUnits) return null;

        var take = changed.Where(c => snapshot.Catalog.ElementsById.ContainsKey(c.Element) && tree.Contains(c.Unit))
            .OrderBy(c => c.Element).ThenBy(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.Unit)
            .Take(Math.Clamp(settings.BatchSize, 1, FederationReceiver.MaxValues)).ToList();
        var values = take.Select(c => new FederationValue(snapshot.Catalog.ElementsById[c.Element].Code, tree.Get(c.Unit).Code, c.Period, c.Value)).ToList();
        // The totals of the periods the batch touches, and of their years, so the year's figures reconcile as well as the months'.
        var totals = take.SelectMany(c => YearOf(c.Period) is { } year && year != c.Period ? new[] { (Element: c.Element, Period: c.Period), (Element: c.Element, Period: year) } : [(Element: c.Element, Period: c.Period)])
            .Distinct()
            .Select(k => Period.TryParse(k.Period, out var p)
                ? new FederationTotalDto(snapshot.Catalog.ElementsById[k.Element].Code, k.Period, snapshot.Values.Get(k.Element, province.Id, PeriodRange.Of(p)).Value)
                : null)
            .OfType<FederationTotalDto>().ToList();
        if (values.Count == 0 && !sendUnits) return null;
        var content = FederationJson.Digest(new FederationBatchDto(null, province.Code, null, sendUnits ? units : null, values, totals));
        var last = await db.FederationOutgoing.AsNoTracking().OrderByDescending(b => b.CreatedAt).FirstOrDefaultAsync(ct);
        // A batch the national instance refused is not made again while nothing in it changed: a person has to look at it.
        if (last is { State: FederationBatchState.Failed } && last.ContentDigest == content) return null;
        var id = Guid.NewGuid();
        var made = clock.GetUtcNow().UtcDateTime;
        var body = JsonSerializer.Serialize(new FederationBatchDto(id, province.Code, made, sendUnits ? units : null, values, totals), FederationJson.Options);
        var batch = new FederationOutgoing
        {
            Id = id, CreatedAt = made, State = FederationBatchState.Pending, Units = sendUnits ? units.Count : 0, Values = values.Count,
            UnitsDigest = sendUnits ? unitsDigest : null, ContentDigest = content, Body = body,
        };
        db.FederationOutgoing.Add(batch);
        await db.SaveChangesAsync(ct);
        return batch;
    }

    private static string? YearOf(string period) => Period.TryParse(period, out var p) ? Period.Year(p.Start.Year).Id : null;

    /// <summary>Records the batch's values as what the national instance now holds.</summary>
    private async Task AcknowledgeAsync(AppDb db, FederationOutgoing batch, CancellationToken ct)
    {
        var sent = JsonSerializer.Deserialize<FederationBatchDto>(batch.Body, FederationJson.Options)!;
        if (sent.Values is not { Count: > 0 } list) return;
        var definitions = await store.DefinitionsAsync(ct);
        var keyed = new List<(int Element, int Unit, string Period, double? Value)>();
        foreach (var v in list)
            if (v is not null && definitions.Catalog.ElementsByCode.TryGetValue(v.Element!, out var e) && definitions.Tree.Find(v.Unit!) is { } u)
                keyed.Add((e.Id, u.Id, v.Period!, v.Value));
        var elements = keyed.Select(k => k.Element).Distinct().ToList();
        var units = keyed.Select(k => k.Unit).Distinct().ToList();
        var periods = keyed.Select(k => k.Period).Distinct().ToList();
        var rows = (await db.FederationAcknowledged.Where(a => elements.Contains(a.DataElementId) && units.Contains(a.OrgUnitId) && periods.Contains(a.Period))
                .ToListAsync(ct))
            .ToDictionary(a => (a.DataElementId, a.OrgUnitId, a.Period));
        foreach (var (element, unit, period, value) in keyed)
        {
            rows.TryGetValue((element, unit, period), out var row);
            if (value is null) { if (row is not null) db.FederationAcknowledged.Remove(row); }
            else if (row is null) db.FederationAcknowledged.Add(rows[(element, unit, period)] = new FederationAcknowledged { DataElementId = element, OrgUnitId = unit, Period = period, Value = value.Value });
            else row.Value = value.Value;
        }
    }

    private static async Task<(bool Sent, bool GiveUp, string Result)> SendAsync(HttpClient client, FederationSettings settings, FederationOutgoing batch,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{settings.Url!.TrimEnd('/')}/api/federation/batches")
        {
            Content = new StringContent(batch.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token ?? "");
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, ct);
        }
        catch (Exception e) when (Notifications.OutboxHttp.Unreached(e, ct))
        {
            return (false, false, $"Not reached: {e.GetType().Name}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.Length > 600) text = text[..600];
            if (response.StatusCode == HttpStatusCode.OK) return (true, false, $"{status} {text}");
            if (status is >= 400 and < 500 and not (408 or 429)) return (false, true, $"Refused: {status} {text}");
            return (false, false, $"{status} {response.ReasonPhrase}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The federation pass failed ({Error}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Federation batch {Id} not delivered ({Result}); it waits for the next pass")]
    private static partial void LogUnavailable(ILogger logger, Guid id, string result);

    [LoggerMessage(Level = LogLevel.Error, Message = "Federation batch {Id} refused by the national instance: {Result}")]
    private static partial void LogRefused(ILogger logger, Guid id, string result);
}
