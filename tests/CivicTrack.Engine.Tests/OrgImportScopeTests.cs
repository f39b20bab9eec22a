using CivicTrack.Engine.Csv;
using CivicTrack.Engine.Organisation;

namespace CivicTrack.Engine.Tests;

/// <summary>An import by an account confined to one subtree: it may add and change units there only.</summary>
public sealed class OrgImportScopeTests
{
    private const string Header = "code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups";

    // P (province) → C1 (the importer's commune) → V1; P → C2 (someone else's commune).
    private static readonly OrgUnitRow[] Stored =
    [
        new("P", "Tỉnh", OrgUnitKind.Province, null, null, null, null, []),
        new("C1", "Xã Thượng Tân", OrgUnitKind.Commune, "P", null, null, null, []),
        new("V1", "Thôn 1", OrgUnitKind.Village, "C1", null, null, null, []),
        new("C2", "Xã Giáp Trung", OrgUnitKind.Commune, "P", null, null, null, []),
    ];

    private static readonly Func<string, bool> CoveredByC1 = code => code is "C1" or "V1";

    private static (OrgImportPlan? Plan, List<ImportError> Errors) Import(params string[] lines)
    {
        var records = CsvReader.Parse(string.Join("\n", [Header, .. lines]));
        var (rows, errors) = OrgImportPlanner.Read(records);
        Assert.Empty(errors);
        return OrgImportPlanner.Plan(rows, Stored, CoveredByC1);
    }

    [Fact]
    public void New_units_under_the_own_subtree_are_accepted_even_through_new_parents_in_the_same_file()
    {
        var (plan, errors) = Import("V3,Thôn 3,Village,N1", "N1,Xã Mới,Commune,C1", "V1,Thôn Một,Village,C1");
        Assert.Empty(errors);
        Assert.Equal(2, plan!.Added.Count);
        Assert.Single(plan.Updated);
    }

    [Fact]
    public void The_own_top_unit_can_be_renamed_though_its_parent_is_outside()
    {
        var (plan, errors) = Import("C1,Xã Thượng Tân Mới,Commune,P");
        Assert.Empty(errors);
        Assert.Single(plan!.Updated);
    }

    [Fact]
    public void Units_outside_the_subtree_cannot_be_touched_added_under_or_moved_to()
    {
        var (plan, errors) = Import(
            "C2,Xã Giáp Trung Đổi,Commune,P",   // someone else's unit
            "V9,Thôn 9,Village,C2",             // a new unit under it
            "V1,Thôn 1,Village,C2",             // moving one's own unit out
            "R1,Tỉnh Mới,Province,");           // a new top unit
        Assert.Null(plan);
        Assert.Equal(
            [(2, "code", ImportErrorCode.OutOfScope), (3, "parent_code", ImportErrorCode.OutOfScope), (4, "parent_code", ImportErrorCode.OutOfScope), (5, "parent_code", ImportErrorCode.OutOfScope)],
            errors.Select(e => (e.Line, e.Column, e.Code)));
    }

    [Fact]
    public void Merging_into_a_unit_outside_the_subtree_is_refused()
    {
        var (_, errors) = Import("V1,Thôn 1,Village,C1,,2026-01-01,C2,");
        var error = Assert.Single(errors);
        Assert.Equal((2, "merged_into_code", ImportErrorCode.OutOfScope), (error.Line, error.Column, error.Code));
    }

    [Fact]
    public void Without_a_scope_everything_is_allowed()
    {
        var records = CsvReader.Parse(string.Join("\n", Header, "C2,Xã Giáp Trung Đổi,Commune,P", "R1,Tỉnh Mới,Province,"));
        var (rows, _) = OrgImportPlanner.Read(records);
        var (plan, errors) = OrgImportPlanner.Plan(rows, Stored);
        Assert.Empty(errors);
        Assert.Equal((1, 1), (plan!.Added.Count, plan.Updated.Count));
    }
}
