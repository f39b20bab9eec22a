namespace CivicTrack.Bench.Surge;

/// <summary>Everything one provider's surge measured.</summary>
public sealed class SurgeResult
{
    public required string Provider { get; init; }
    public required string Database { get; init; }
    public string? ServerSettings { get; set; }
    /// <summary>How the database differed from the app's own set-up, if it did.</summary>
    public string? Variant { get; set; }
    public SurgePass? Warmup { get; set; }
    public SurgePass? Surge { get; set; }
    public SurgeCounts? Counts { get; set; }
    public double ExpectedSum { get; set; }
    public SurgePass? ResendWithValues { get; set; }
    public SurgePass? ResendWithoutBody { get; set; }
    public SurgeCounts? CountsAfterResend { get; set; }
    public TimeSpan AppCpu { get; set; }
    public TimeSpan ClientCpu { get; set; }
    public TimeSpan? ServerCpu { get; set; }
    public double? MachineBusy { get; set; }
    public long AppResident { get; set; }
    public string? Problem { get; set; }

    /// <summary>Acknowledged submissions the database does not hold as Submitted.</summary>
    public int Lost => Surge is null || Counts is null ? 0 : Surge.Acknowledged.Count(c => !Counts.SubmittedUnits.Contains(SurgeData.CommuneCode(c)));

    /// <summary>Whether the database holds exactly what was acknowledged: each once, with its 50 values.</summary>
    public bool ExactlyOnce(SurgeCounts? counts) => Surge is { } s && counts is { } c
        && c.Submitted == s.Acknowledged.Count && c.SubmissionRows == s.Acknowledged.Count && c.SubmitEvents == s.Acknowledged.Count
        && c.Values == (long)SurgeData.ElementCount * s.Acknowledged.Count && c.ValueSum == ExpectedSum && Lost == 0
        && c.SubmittedUnits.Count == s.Acknowledged.Count;

    public bool ResendChangedNothing => Counts is { } a && CountsAfterResend is { } b
        && a.Submitted == b.Submitted && a.SubmissionRows == b.SubmissionRows && a.SubmitEvents == b.SubmitEvents && a.Values == b.Values
        && a.ValueSum == b.ValueSum && a.SubmittedUnits.SetEquals(b.SubmittedUnits);
}
