using CivicTrack.Features.Accounts;
using CivicTrack.Features.Organisation;

namespace CivicTrack.Features.Shared;

/// <summary>The units a person finds by typing part of a name or code (diacritics and case ignored), within the
/// caller's reach: what every unit picker offers.</summary>
public static class UnitSearch
{
    public const int Limit = 20;

    /// <summary>Nothing for an empty text; else the first <see cref="Limit"/> matches.</summary>
    public static async Task<IReadOnlyList<OrgUnitDto>> FindAsync(OrgService orgs, AccessScope scope, string? text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var page = await orgs.ListAsync(scope, text.Trim(), null, null, 0, Limit, ct);
        return page?.Items ?? [];
    }
}
