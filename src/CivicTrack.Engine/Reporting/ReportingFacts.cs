using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Reporting;

/// <summary>Where an expected report stands on the day asked.</summary>
public enum ReportTiming
{
    /// <summary>Not submitted, and the due date has not passed.</summary>
    NotDue,

    /// <summary>Not submitted, and the due date has passed.</summary>
    Missing,

    /// <summary>Submitted on or before the due date.</summary>
    OnTime,

    /// <summary>Submitted after the due date.</summary>
    Late,
}

/// <summary>A submission as the rates see it: the unit and period it is for, the Vietnam-time day it was first
/// submitted, and whether it counts (state Submitted or Approved).</summary>
public readonly record struct SubmissionFact(int UnitId, Period Period, DateOnly SubmittedOn, bool Counts);

/// <summary>One expected report: a unit owes a form's period.</summary>
public readonly record struct ExpectedReport(int UnitId, Period Period, DateOnly DueDate, DateOnly? SubmittedOn, ReportTiming Timing)
{
    /// <summary>Whether a counting submission has been made.</summary>
    public bool IsSubmitted => SubmittedOn is not null;
}

/// <summary>Counts of expected, submitted and on-time reports, and the rates made from them.</summary>
public readonly record struct RateCounts(int Expected, int Submitted, int OnTime)
{
    /// <summary>Submitted ÷ expected, capped at 1; null when nothing is expected.</summary>
    public double? Completeness => Rate(Submitted);

    /// <summary>On time ÷ expected, capped at 1; null when nothing is expected.</summary>
    public double? Timeliness => Rate(OnTime);

    /// <summary>Reports submitted after their due date.</summary>
    public int Late => Submitted - OnTime;

    /// <summary>Reports expected but not (yet) submitted.</summary>
    public int NotSubmitted => Expected - Submitted;

    /// <summary>Both sets of counts added together, as when totalling units or periods.</summary>
    public static RateCounts operator +(RateCounts a, RateCounts b) =>
        new(a.Expected + b.Expected, a.Submitted + b.Submitted, a.OnTime + b.OnTime);

    private double? Rate(int count) => Expected <= 0 ? null : Math.Clamp((double)count / Expected, 0, 1);
}
