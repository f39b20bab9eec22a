using CivicTrack.Reliability;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Reliability;

/// <summary>The app as a separate process, killed with SIGKILL under concurrent data-value batches and report saves, then
/// started again on the same database (a few trials here; <c>bench -- crash --trials 100</c> runs many).</summary>
public sealed class CrashSafetyTests
{
    private const int Trials = 3;

    [Fact]
    public async Task AcknowledgedWrites_SurviveAKill_WholeOrNotAtAll_OnSqlite()
    {
        await using var databases = TrialDatabases.Sqlite(Path.Combine(Path.GetTempPath(), "civictrack-tests", "crash-" + Guid.NewGuid().ToString("N")[..8]));
        await CheckAsync(databases);
    }

    [Fact]
    public async Task AcknowledgedWrites_SurviveAKill_WholeOrNotAtAll_OnPostgres()
    {
        await using var databases = TrialDatabases.Postgres(TestEnvironment.RequirePostgres());
        await CheckAsync(databases);
    }

    private static async Task CheckAsync(TrialDatabases databases)
    {
        var ct = TestContext.Current.CancellationToken;
        var run = await CrashTrials.RunAsync(databases, AppServer.DefaultAppDirectory(), AppFactory.DemoPassword,
            new CrashOptions(Trials, Seed: 20261202), line => TestContext.Current.SendDiagnosticMessage(line), ct);

        Assert.Equal(Trials, run.Trials.Count);
        Assert.True(run.Acknowledged > 0, "No write was acknowledged before the kills: the trials proved nothing.");
        Assert.True(run.Problems.Count() == 0, string.Join(Environment.NewLine, run.Problems.Take(20)) + $"{Environment.NewLine}Logs: {run.LogFolder}");
        Assert.Equal(0, run.Lost);
        Assert.Equal(0, run.HalfApplied);
        Assert.Equal(0, run.DashboardMismatches);
        Assert.Equal(0, run.Refused);
    }
}
