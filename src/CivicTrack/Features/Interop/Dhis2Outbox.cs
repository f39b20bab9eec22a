using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CivicTrack.Features.Interop;

/// <summary>The <c>Dhis2</c> section: where approved reports are sent. Without a URL nothing is queued or sent.</summary>
public sealed class Dhis2Settings
{
    /// <summary>The DHIS2 server, e.g. <c>https://dhis2.example.gov.vn</c>; <c>/api/dataValueSets</c> is added.</summary>
    public string? Url { get; set; }
    /// <summary>A DHIS2 personal access token (<c>d2pat_…</c>), sent as <c>Authorization: ApiToken …</c>.</summary>
    public string? Token { get; set; }
    /// <summary>The report forms whose approved figures are sent (codes, comma-separated); empty: every form.</summary>
    public string? Forms { get; set; }
    /// <summary>How the server names elements, units and data sets: <c>UID</c> (through the mapping table) or <c>CODE</c>.</summary>
    public string IdScheme { get; set; } = "UID";
    public int PollSeconds { get; set; } = 30;
    public int TimeoutSeconds { get; set; } = 60;

    public bool Enabled => Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";

    public bool Sends(string form) =>
        Enabled && (string.IsNullOrWhiteSpace(Forms) || Forms.Split(',', StringSplitOptions.TrimEntries).Contains(form, StringComparer.OrdinalIgnoreCase));

    public Dhis2IdScheme Scheme => string.Equals(IdScheme, "CODE", StringComparison.OrdinalIgnoreCase) ? Dhis2IdScheme.Code : Dhis2IdScheme.Uid;
}

/// <summary>Sends approved reports' figures to the configured DHIS2 server as data value sets, oldest first. A push is queued in
/// the approval's own transaction, so none is lost across restarts or while the server is down; each HTTP call is retried with
/// backoff by the resilience pipeline, and a push that still fails waits for the next pass, up to <see cref="MaxAttempts"/>.
/// A push is marked sent as soon as the server answers 200 or 409 (DHIS2's answer with conflicts: they are kept in the result),
/// so it is never sent twice after a restart; a refusal of the request itself (400, 401, 403, 404) is given up at once.</summary>
public sealed partial class Dhis2Outbox(IDbContextFactory<AppDb> dbFactory, IOptions<Dhis2Settings> options, IHttpClientFactory http,
    Dhis2Ids ids, Dhis2DataValues values, AccessScopes scopes, TimeProvider clock, ILogger<Dhis2Outbox> log) : BackgroundService
{
    public const string HttpClientName = "dhis2";
    public const int MaxAttempts = 10;
    public const int BatchSize = 20;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly Notifications.OutboxSignal _signal = new();

    /// <summary>What one pass did.</summary>
    public sealed record PassResult(int Sent, int Failed, bool ServerUnavailable);

    /// <summary>Queues the figures of an approved report in <paramref name="db"/>; the caller saves and commits.</summary>
    public void Queue(AppDb db, string form, int unit, Period period)
    {
        if (!options.Value.Sends(form)) return;
        db.Dhis2Pushes.Add(new Dhis2Push { FormCode = form, OrgUnitId = unit, Period = period.Id, CreatedAt = clock.GetUtcNow().UtcDateTime });
    }

    /// <summary>Wakes the outbox after a commit that queued a push.</summary>
    public void Nudge() => _signal.Nudge();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Notifications.OutboxLoop.RunAsync(async ct => (await PassAsync(ct)).ServerUnavailable, _signal,
            TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)), e => LogPassFailed(log, e.GetType().Name), null, stoppingToken);
    }

    /// <summary>Sends what is pending now; passes never overlap. Stops at the first push the server could not take.</summary>
    public async Task<PassResult> PassAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        if (!settings.Enabled) return new(0, 0, false);
        await _pass.WaitAsync(ct);
        try
        {
            int sent = 0, failed = 0;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var batch = await db.Dhis2Pushes.Where(p => p.State == Dhis2PushState.Pending).OrderBy(p => p.Id).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0) return new(0, 0, false);
            var lookup = await ids.LookupAsync(ct);
            var scope = await scopes.SystemAsync(ct);
            var client = http.CreateClient(HttpClientName);
            foreach (var push in batch)
            {
                var outcome = await SendAsync(client, settings, lookup, scope, push, ct);
                push.Attempts++;
                push.Result = outcome.Result.Length > 1000 ? outcome.Result[..1000] : outcome.Result;
                if (outcome.Sent) { push.State = Dhis2PushState.Sent; push.SentAt = clock.GetUtcNow().UtcDateTime; sent++; }
                else if (outcome.GiveUp || push.Attempts >= MaxAttempts) { push.State = Dhis2PushState.Failed; failed++; }
                await db.SaveChangesAsync(CancellationToken.None);
                if (!outcome.Sent && !outcome.GiveUp)
                {
                    LogServerUnavailable(log, push.Id, outcome.Result);
                    return new(sent, failed, true);
                }
            }
            return new(sent, failed, false);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<(bool Sent, bool GiveUp, string Result)> SendAsync(HttpClient client, Dhis2Settings settings, Dhis2Lookup lookup, AccessScope scope,
        Dhis2Push push, CancellationToken ct)
    {
        var form = lookup.Form(push.FormCode, Dhis2IdScheme.Code);
        if (form is null || !lookup.Tree.Contains(push.OrgUnitId) || !Period.TryParse(push.Period, out var period))
            return (false, true, "The form, unit or period no longer exists.");
        var scheme = settings.Scheme;
        var (list, unnamed, dataSet, _) = await values.ExportAsync(scope, form, [lookup.Tree.Get(push.OrgUnitId)], false, [period], null,
            scheme, scheme, scheme, lookup, ct);
        if (dataSet is null && scheme == Dhis2IdScheme.Uid)
            return (false, true, $"The form {push.FormCode} has no DHIS2 UID in the mapping table.");
        var set = Dhis2DataValues.ToJson(list, dataSet, scheme);
        var scheme2 = Dhis2DataValues.Scheme(scheme);
        var url = $"{settings.Url!.TrimEnd('/')}/api/dataValueSets?dataElementIdScheme={scheme2}&orgUnitIdScheme={scheme2}&idScheme={scheme2}&importStrategy=CREATE_AND_UPDATE";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(set, options: Dhis2Payload.JsonOptions) };
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiToken", settings.Token ?? "");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
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
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict)
                return (true, false, $"{status} {await SummaryAsync(response, ct)}{(unnamed > 0 ? $"; {unnamed} values without a UID were left out" : "")}");
            if (status is 400 or 401 or 403 or 404 or 413 or 415)
                return (false, true, $"Refused: {status} {response.ReasonPhrase}");
            return (false, false, $"{status} {response.ReasonPhrase}");
        }
    }

    /// <summary>"WARNING imported 10, updated 2, ignored 1, deleted 0" from DHIS2's answer (wrapped or not).</summary>
    private static async Task<string> SummaryAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var root = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var summary = root.TryGetProperty("response", out var inner) ? inner : root;
            var status = summary.TryGetProperty("status", out var s) ? s.GetString() : null;
            if (!summary.TryGetProperty("importCount", out var c)) return status ?? "";
            int N(string name) => c.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : 0;
            return $"{status} imported {N("imported")}, updated {N("updated")}, ignored {N("ignored")}, deleted {N("deleted")}";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The DHIS2 outbox pass failed ({Error}); the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DHIS2 push {Id} not delivered ({Result}); it waits for the next pass")]
    private static partial void LogServerUnavailable(ILogger logger, long id, string result);
}
