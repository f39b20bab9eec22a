using CivicTrack.Engine.Reporting;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>Which reports' figures the official synthesis counts (<c>Reporting:Synthesis:Include</c>).</summary>
public enum SynthesisInclude
{
    /// <summary>Reports sent, whether or not approved yet (the default).</summary>
    Submitted,
    /// <summary>Only reports approved at every level.</summary>
    Approved,
    /// <summary>Every entered figure, drafts and returned reports included.</summary>
    All,
}

public static class SynthesisIncludes
{
    /// <summary>The setting's value, Submitted when it is empty or unknown.</summary>
    public static SynthesisInclude Parse(string? setting) =>
        Enum.TryParse<SynthesisInclude>(setting?.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : SynthesisInclude.Submitted;

    /// <summary>Whether a report in <paramref name="state"/> is counted.</summary>
    public static bool Counts(SynthesisInclude include, SubmissionState state) => include switch
    {
        SynthesisInclude.All => true,
        SynthesisInclude.Approved => state == SubmissionState.Approved,
        _ => state is SubmissionState.Submitted or SubmissionState.Approved,
    };
}
