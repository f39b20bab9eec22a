namespace CivicTrack.Engine.Organisation;

/// <summary>The kinds of unit in a province's organisation tree.</summary>
public enum OrgUnitKind
{
    /// <summary>A province or centrally run city (tỉnh, thành phố).</summary>
    Province,
    /// <summary>A provincial department or agency (sở).</summary>
    Department,
    /// <summary>A rural commune (xã).</summary>
    Commune,
    /// <summary>An urban ward (phường).</summary>
    Ward,
    /// <summary>A special zone (đặc khu), governed at commune level.</summary>
    SpecialZone,
    /// <summary>A village (thôn, bản) within a commune.</summary>
    Village,
    /// <summary>A residential group (tổ dân phố) within a ward.</summary>
    ResidentialGroup,
    /// <summary>A partner enterprise that reports alongside the public units.</summary>
    Enterprise,
}
