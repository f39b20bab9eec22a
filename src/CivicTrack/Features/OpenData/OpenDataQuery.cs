using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Features.OpenData;

/// <summary>What a dataset's definition means: its periods, its units, the items that fit its kind.</summary>
public static class OpenDataQuery
{
    public static readonly string[] DossierItems =
        ["IND_DOSSIERS_ON_TIME_PCT", "IND_DOSSIERS_ONLINE_PCT", "DOSSIERS_RECEIVED", "DOSSIERS_ONLINE", "DOSSIERS_FINISHED", "DOSSIERS_ON_TIME"];

    public static readonly string[] HouseholdItems =
        ["IND_HHS_VNEID_PCT", "IND_HHS_EWALLET_PCT", "IND_HHS_CASHLESS_PCT", "IND_HHS_ONLINE_SERVICE_PCT", "HHS_VNEID", "HHS_EWALLET", "HHS_CASHLESS", "HHS_ONLINE_SERVICE"];

    public static IReadOnlyList<string> DefaultItems(OpenDatasetKind kind) => kind switch
    {
        OpenDatasetKind.Dossiers => DossierItems,
        OpenDatasetKind.Households => HouseholdItems,
        _ => [],
    };

    /// <summary>Whether an indicator or element code belongs in a dataset of this kind: dossier datasets hold the dossier
    /// figures, household datasets the teams' household coverage (and the household totals it is measured against).</summary>
    public static bool Fits(OpenDatasetKind kind, string code) => kind switch
    {
        OpenDatasetKind.Dossiers => code.Contains("DOSSIER", StringComparison.Ordinal),
        OpenDatasetKind.Households => code.StartsWith("HHS_", StringComparison.Ordinal) || code.StartsWith("IND_HHS_", StringComparison.Ordinal) || code == "HH_TOTAL",
        _ => true,
    };

    public static PeriodType Type(OpenDataPeriodType type) => type switch
    {
        OpenDataPeriodType.Quarter => PeriodType.Quarter,
        OpenDataPeriodType.Year => PeriodType.Year,
        _ => PeriodType.Month,
    };

    public static IReadOnlyList<string> List(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The dataset's periods as of <paramref name="today"/>: from its first to its last, the last being the
    /// current period when none is set; only the current period when neither is. Never more than
    /// <see cref="OpenDatasetService.MaxPeriods"/>, the latest kept.</summary>
    public static IReadOnlyList<Period> Periods(OpenDataset d, DateOnly today)
    {
        var type = Type(d.PeriodType);
        var current = Period.Containing(type, today);
        Period.TryParse(d.PeriodFrom, out var from);
        Period.TryParse(d.PeriodTo, out var to);
        if (d.PeriodFrom is null || from.Type != type) return [current];
        var last = d.PeriodTo is not null && to.Type == type ? to : current;
        if (last.Start < from.Start) return [];
        var list = new PeriodRange(from.Start, last.End).Periods(type).ToList();
        return list.Count > OpenDatasetService.MaxPeriods ? list[^OpenDatasetService.MaxPeriods..] : list;
    }

    /// <summary>The rows' units: the dataset's unit first (its total) when asked, then the units of the given kinds in its
    /// subtree, or its children when no kind is given, in the tree's order.</summary>
    public static IReadOnlyList<(OrgNode Unit, bool Total)> Units(OpenDataset d, OrgTree tree)
    {
        if (tree.Find(d.UnitCode) is not { } root) return [];
        var list = new List<(OrgNode, bool)>();
        if (d.IncludeTotal) list.Add((root, true));
        var kinds = List(d.UnitKinds).Select(k => Enum.TryParse<OrgUnitKind>(k, out var kind) ? kind : (OrgUnitKind?)null).OfType<OrgUnitKind>().ToHashSet();
        var members = kinds.Count == 0 ? tree.Children(root.Id) : tree.Subtree(root.Id).Where(u => u.Id != root.Id && kinds.Contains(u.Kind));
        list.AddRange(members.Select(u => (u, false)));
        return list;
    }
}
