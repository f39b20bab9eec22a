namespace CivicTrack.Engine.Organisation;

/// <summary>A unit as it appears in an import or export file; references are by code.</summary>
public sealed record OrgUnitRow(
    string Code,
    string Name,
    OrgUnitKind Kind,
    string? ParentCode,
    DateOnly? OpenedOn,
    DateOnly? ClosedOn,
    string? MergedIntoCode,
    IReadOnlyList<string> Groups)
{
    /// <summary>Same content, comparing codes without case and groups as a set.</summary>
    public bool SameAs(OrgUnitRow other) =>
        string.Equals(Code, other.Code, StringComparison.OrdinalIgnoreCase)
        && Name == other.Name
        && Kind == other.Kind
        && string.Equals(ParentCode ?? "", other.ParentCode ?? "", StringComparison.OrdinalIgnoreCase)
        && OpenedOn == other.OpenedOn
        && ClosedOn == other.ClosedOn
        && string.Equals(MergedIntoCode ?? "", other.MergedIntoCode ?? "", StringComparison.OrdinalIgnoreCase)
        && new HashSet<string>(Groups, StringComparer.OrdinalIgnoreCase).SetEquals(other.Groups);

    /// <summary>The file's column names, in the order an export writes them.</summary>
    public static readonly string[] Columns = ["code", "name", "kind", "parent_code", "opened_on", "closed_on", "merged_into_code", "groups"];
}
