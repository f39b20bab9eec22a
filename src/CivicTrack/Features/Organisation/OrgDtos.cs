using CivicTrack.Engine.Organisation;

namespace CivicTrack.Features.Organisation;

/// <summary>A unit as the API shows it.</summary>
public sealed record OrgUnitDto(
    string Code,
    string Name,
    OrgUnitKind Kind,
    string? ParentCode,
    DateOnly? OpenedOn,
    DateOnly? ClosedOn,
    string? MergedIntoCode,
    DateOnly? MergedOn,
    IReadOnlyList<string> Groups,
    int Level,
    int ChildCount);

public sealed record OrgGroupDto(string Code, CivicTrack.Engine.Text.LocalText Name);

/// <summary>A unit with its surroundings: parents (root first), children, groups and merge history.</summary>
public sealed record OrgUnitDetailDto(
    OrgUnitDto Unit,
    IReadOnlyList<OrgUnitDto> Ancestors,
    IReadOnlyList<OrgUnitDto> Children,
    IReadOnlyList<OrgGroupDto> Groups,
    IReadOnlyList<OrgUnitDto> MergedFrom,
    OrgUnitDto? MergedInto);

public sealed record OrgUnitPage(int Total, IReadOnlyList<OrgUnitDto> Items);

/// <summary>The fields a person sets when creating or editing a unit.</summary>
public sealed record OrgUnitInput(
    string? Code,
    string? Name,
    string? Kind,
    string? ParentCode,
    DateOnly? OpenedOn,
    DateOnly? ClosedOn,
    IReadOnlyList<string>? Groups);

public sealed record MergeRequest(string? Into, DateOnly? Date, bool MoveChildren = true);

/// <summary>The outcome of an accepted import.</summary>
public sealed record ImportCounts(int Added, int Updated, int Unchanged);

/// <summary>One refused line of an import, with a sentence in the reader's language.</summary>
public sealed record ImportErrorDto(int Line, string Column, string Code, string? Value, string Message);

public sealed record ImportRefusal(string Title, IReadOnlyList<ImportErrorDto> Errors);
