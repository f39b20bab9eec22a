namespace CivicTrack.Engine.Organisation;

/// <summary>One unit as the tree sees it: identity, place and life span. Closed units stay in the tree.</summary>
/// <remarks>A unit is open on day d when OpenedOn ≤ d (or unknown) and d &lt; ClosedOn (or never closed).</remarks>
public sealed record OrgNode(
    int Id,
    string Code,
    string Name,
    OrgUnitKind Kind,
    int? ParentId,
    DateOnly? OpenedOn = null,
    DateOnly? ClosedOn = null,
    int? MergedIntoId = null,
    DateOnly? MergedOn = null)
{
    /// <summary>Whether the unit exists on <paramref name="day"/>: opened by then (or date unknown) and not yet closed.</summary>
    public bool IsOpenOn(DateOnly day) =>
        (OpenedOn is null || OpenedOn.Value <= day) && (ClosedOn is null || day < ClosedOn.Value);
}
