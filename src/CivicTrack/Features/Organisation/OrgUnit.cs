using CivicTrack.Engine.Organisation;

namespace CivicTrack.Features.Organisation;

/// <summary>A unit of the organisation tree: province, department, commune, ward, village, enterprise...</summary>
public sealed class OrgUnit
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>The name folded for diacritic-insensitive search ("thuong tan").</summary>
    public string NameFolded { get; set; } = "";
    public OrgUnitKind Kind { get; set; }
    public int? ParentId { get; set; }
    public OrgUnit? Parent { get; set; }
    public DateOnly? OpenedOn { get; set; }
    /// <summary>First day the unit no longer exists.</summary>
    public DateOnly? ClosedOn { get; set; }
    public int? MergedIntoId { get; set; }
    public OrgUnit? MergedInto { get; set; }
    public DateOnly? MergedOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<OrgGroupMember> Groups { get; set; } = [];
}

/// <summary>A named set of units across the tree ("pilot communes", "mountainous").</summary>
public sealed class OrgGroup
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required CivicTrack.Engine.Text.LocalText Name { get; set; }
    public List<OrgGroupMember> Members { get; set; } = [];
}

public sealed class OrgGroupMember
{
    public int OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }
    public int GroupId { get; set; }
    public OrgGroup? Group { get; set; }
}
