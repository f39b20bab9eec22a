namespace CivicTrack.Engine.Organisation;

/// <summary>The kinds of unit in a province's organisation tree.</summary>
public enum OrgUnitKind
{
    Province,
    Department,
    Commune,
    Ward,
    SpecialZone,
    Village,
    ResidentialGroup,
    Enterprise,
}
