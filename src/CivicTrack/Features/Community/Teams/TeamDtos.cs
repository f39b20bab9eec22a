namespace CivicTrack.Features.Community.Teams;

/// <summary>A team in a list: its unit, commune, decision, state and member counts (active members only).</summary>
public sealed record TeamRow(int Id, string UnitCode, string UnitName, string UnitKind, TeamLevel Level, string? CommuneCode, string? CommuneName,
    string? DecisionNumber, DateOnly? DecisionDate, bool Active, int Members, int YouthUnion, double? YouthUnionPercent, string? Leader);

/// <summary>A member as the reader may see it: <see cref="Phone"/> is null when the reader's units do not include the team's commune.</summary>
public sealed record MemberDto(int Id, string FullName, TeamRole Role, bool YouthUnion, string? Phone, bool Active);

/// <summary>One team with its members; <see cref="PhonesShown"/> says whether phone numbers were given to this reader.</summary>
public sealed record TeamDetail(TeamRow Team, IReadOnlyList<MemberDto> Members, bool PhonesShown, bool CanEdit);

/// <summary>A unit whose team is missing (for the "villages without a team" filter).</summary>
public sealed record UnitWithoutTeam(string Code, string Name, string Kind, string? CommuneName);

/// <summary>The teams of a unit's subtree.</summary>
public sealed record TeamList(string Unit, string UnitName, IReadOnlyList<TeamRow> Teams);

/// <summary>The roll-up of a unit's subtree: active teams by level, their active members and Youth Union members, and how
/// many open villages and residential groups (and communes and wards) have an active team.</summary>
public sealed record TeamSummary(string Unit, string UnitName, int CommuneTeams, int VillageTeams, int Members, int YouthUnion,
    int VillagesWithTeam, int Villages, int CommunesWithTeam, int Communes);

/// <summary>Creating a team (<see cref="Unit"/> is its village, residential group, commune or ward) or changing one (unit ignored).</summary>
public sealed record TeamInput(string? Unit, string? DecisionNumber, DateOnly? DecisionDate, bool? Active);

/// <summary>Adding or changing a member. <see cref="Role"/> is Leader, Deputy or Member; a blank phone means none.</summary>
public sealed record MemberInput(string? FullName, string? Role, bool? YouthUnion, string? Phone, bool? Active);

/// <summary>A refused cell of a team workbook: sheet, row (1 = header), column name and cell address, and why.</summary>
public sealed record TeamImportError(string Sheet, int Row, string Column, string Cell, string Message);

/// <summary>What an import did, or (not applied) every refusal.</summary>
public sealed record TeamImportResult(bool Applied, int TeamsAdded, int TeamsUpdated, int MembersAdded, int MembersUpdated, int Unchanged,
    IReadOnlyList<TeamImportError> Errors);
