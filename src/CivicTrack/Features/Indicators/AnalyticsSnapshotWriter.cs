namespace CivicTrack.Features.Indicators;

/// <summary>Writes the analytics snapshot in the background once value writes have settled: no write for
/// <see cref="AnalyticsSnapshotSettings.SettleSeconds"/> and at least <see cref="AnalyticsSnapshotSettings.MinChanges"/>
/// changes since the last snapshot (or a store loaded afresh), and once more on shutdown if anything changed. Snapshots
/// or not, it notes the database's version every <see cref="AnalyticsSnapshotSettings.MarkMinutes"/> and prunes the log
/// of value writes.</summary>
public sealed class AnalyticsSnapshotWriter(AnalyticsStore analytics, AnalyticsSnapshots snapshots, ILogger<AnalyticsSnapshotWriter> log)
    : BackgroundService
{
    // Waiting runs on real time, whatever clock the business rules are given.
    private static readonly TimeProvider Clock = TimeProvider.System;
    private (object? Store, long Version) _seen;
    private long _seenAt;

    /// <summary>Whether the store in memory holds changes the snapshot file does not.</summary>
    public bool Dirty => analytics.Loaded is { } s && snapshots.Written is var w && (!ReferenceEquals(w.Store, s.Values) || w.Version != s.Values.Version);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        var settle = TimeSpan.FromSeconds(Math.Clamp(snapshots.Settings.SettleSeconds, 0, 86_400));
        var tick = snapshots.Enabled ? TimeSpan.FromMilliseconds(Math.Clamp(settle.TotalMilliseconds / 4, 50, 1000)) : TimeSpan.FromSeconds(1);
        var markEvery = TimeSpan.FromMinutes(Math.Clamp(snapshots.Settings.MarkMinutes, 0.001, 1440));
        long markedAt = 0;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try { await Task.Delay(tick, Clock, ct); }
            catch (OperationCanceledException) { return; }
            try
            {
                if (markedAt == 0 || Clock.GetElapsedTime(markedAt) >= markEvery)
                {
                    markedAt = Clock.GetTimestamp();
                    await snapshots.MarkAsync(ct);
                }
                if (!snapshots.Enabled || analytics.Loaded is not { } s) continue;
                var now = (s.Values, s.Values.Version);
                if (!ReferenceEquals(now.Values, _seen.Store) || now.Version != _seen.Version) { _seen = now; _seenAt = Clock.GetTimestamp(); }
                if (Clock.GetElapsedTime(_seenAt) < settle || !Due(s)) continue;
                if (await snapshots.WriteAsync(analytics, TimeSpan.FromSeconds(snapshots.Settings.WaitSeconds), ct)) failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // A full disk or a lost connection: the next attempt waits longer, and nothing is lost but the start-up time.
                failures++;
                log.LogWarning(e, "Writing the analytics snapshot or pruning its log failed ({Failures} in a row)", failures);
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Min(300, 5 * failures)), Clock, ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private bool Due(AnalyticsStore.Snapshot s)
    {
        var (store, version) = snapshots.Written;
        if (!ReferenceEquals(store, s.Values)) return true;
        return s.Values.Version - version >= Math.Max(1, snapshots.Settings.MinChanges);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!snapshots.Enabled || !Dirty) return;
        try { await snapshots.WriteAsync(analytics, TimeSpan.FromSeconds(5), cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Writing the analytics snapshot on shutdown failed"); }
        catch (OperationCanceledException) { log.LogWarning("Writing the analytics snapshot on shutdown was cut short"); }
    }
}
