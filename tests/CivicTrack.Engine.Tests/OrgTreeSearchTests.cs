using CivicTrack.Engine.Organisation;

namespace CivicTrack.Engine.Tests;

public sealed class OrgTreeSearchTests
{
    private const int P = 1, TT = 2, GT = 3, T = 4, TTH = 5, TL = 6, TC = 7, DY = 8;
    private static readonly DateOnly Jul2025 = new(2025, 7, 1);

    private static readonly OrgTree Tree = OrgTree.Build(
    [
        new(P, "TN", "Tỉnh Thái Nguyên", OrgUnitKind.Province, null),
        new(TT, "TN-001", "Xã Thượng Tân", OrgUnitKind.Commune, P),
        new(GT, "TN-002", "Xã Giáp Trung", OrgUnitKind.Commune, P),
        new(T, "TN-003", "Xã Tân", OrgUnitKind.Commune, P),
        new(TTH, "TN-004", "Phường Tân Thịnh", OrgUnitKind.Ward, P),
        new(TL, "TN-005", "Thôn Tân Lập", OrgUnitKind.Village, TT),
        new(TC, "TN-006", "Xã Tân Cũ", OrgUnitKind.Commune, P, ClosedOn: Jul2025, MergedIntoId: T, MergedOn: Jul2025),
        new(DY, "SYT", "Sở Y tế", OrgUnitKind.Department, P),
    ]);

    private static string[] Codes(IEnumerable<OrgNode> nodes) => nodes.Select(n => n.Code).ToArray();

    [Theory]
    [InlineData("thuong tan")]
    [InlineData("Thượng Tân")]
    [InlineData("THƯỢNG   TÂN")]
    [InlineData("tan thuong")]
    [InlineData("xa thuong tan")]
    public void FindsXaThuongTanWithoutDiacriticsCaseOrWordOrder(string query) =>
        Assert.Equal(["TN-001"], Codes(Tree.Search(query)));

    [Fact]
    public void GiapTrung_FindsXaGiapTrung() => Assert.Equal(["TN-002"], Codes(Tree.Search("giap trung")));

    [Fact]
    public void NoMatch_ReturnsEmpty() => Assert.Empty(Tree.Search("ha giang"));

    [Fact]
    public void ExactNameRanksFirstAndContainsOnlyMatchesRankLast()
    {
        var hits = Codes(Tree.Search("tan"));
        // Exact (ignoring "Xã"): Xã Tân. Starts with "tan": Tân Thịnh, Tân Lập, Tân Cũ. Contains: Thượng Tân.
        Assert.Equal(5, hits.Length);
        Assert.Equal("TN-003", hits[0]);
        Assert.Equal(["TN-004", "TN-005", "TN-006"], hits[1..4].Order(StringComparer.Ordinal));
        Assert.Equal("TN-001", hits[4]);
    }

    [Fact]
    public void NameStartingWithQueryRanksBeforeNameContainingIt()
    {
        var hits = Codes(Tree.Search("tan lap"));
        Assert.Equal(["TN-005"], hits);
        var thinh = Codes(Tree.Search("tan t"));   // "Tân Thịnh" starts with it, "Thượng Tân" only contains both words
        Assert.Equal("TN-004", thinh[0]);
        Assert.Contains("TN-001", thinh);
        Assert.True(Array.IndexOf(thinh, "TN-004") < Array.IndexOf(thinh, "TN-001"));
    }

    [Fact]
    public void WithinTheSameRank_PreOrderDecides()
    {
        // Tân Thịnh (ward), Tân Lập (village under Thượng Tân), Tân Cũ (commune) share rank 1.
        var hits = Tree.Search("tan").Where(u => u.Id is TTH or TL or TC).Select(u => u.Id).ToList();
        var preorder = Tree.All.Where(u => u.Id is TTH or TL or TC).Select(u => u.Id).ToList();
        Assert.Equal(preorder, hits);
    }

    [Fact]
    public void KindFilter_KeepsOnlyThatKind()
    {
        Assert.Equal(["TN-004"], Codes(Tree.Search("tan", kind: OrgUnitKind.Ward)));
        Assert.Equal(["TN-005"], Codes(Tree.Search("tan", kind: OrgUnitKind.Village)));
        Assert.Empty(Tree.Search("tan", kind: OrgUnitKind.Enterprise));
        Assert.All(Tree.Search("tan", kind: OrgUnitKind.Commune), u => Assert.Equal(OrgUnitKind.Commune, u.Kind));
        Assert.Equal(3, Tree.Search("tan", kind: OrgUnitKind.Commune).Count);
    }

    [Fact]
    public void WithinFilter_KeepsTheUnitAndItsDescendantsOnly()
    {
        Assert.Equal(["TN-005", "TN-001"], Codes(Tree.Search("tan", withinId: TT)));
        Assert.Equal(["TN-005"], Codes(Tree.Search("tan", withinId: TL)));
        Assert.Empty(Tree.Search("tan", withinId: GT));
        Assert.Empty(Tree.Search("tan", withinId: 999));
    }

    [Fact]
    public void SearchByCode_FindsTheUnitIgnoringCase()
    {
        Assert.Equal(["TN-002"], Codes(Tree.Search("TN-002")));
        Assert.Equal(["TN-002"], Codes(Tree.Search("tn-002")));
        Assert.Equal(["SYT"], Codes(Tree.Search("syt")));
    }

    [Fact]
    public void OpenOn_RanksClosedUnitsAfterOpenOnes()
    {
        var without = Codes(Tree.Search("tan"));
        Assert.True(Array.IndexOf(without, "TN-006") < Array.IndexOf(without, "TN-001"));

        var open = Codes(Tree.Search("tan", openOn: new(2025, 8, 1)));
        Assert.Equal(5, open.Length);
        Assert.Equal("TN-006", open[^1]);        // closed since 2025-07-01, now after "contains" hits
        Assert.Equal("TN-003", open[0]);

        var before = Codes(Tree.Search("tan", openOn: new(2025, 6, 30)));
        Assert.Equal(without, before);           // still open the day before closing
    }

    [Fact]
    public void OpenOn_ClosedExactMatchRanksAfterOpenPartialMatch()
    {
        var hits = Codes(Tree.Search("tan cu", openOn: Jul2025));
        Assert.Equal(["TN-006"], hits);          // closed units are still found
        var all = Codes(Tree.Search("xa", openOn: Jul2025));
        Assert.Equal("TN-006", all[^1]);
    }

    [Fact]
    public void Limit_IsRespectedAndKeepsTheBestHits()
    {
        var all = Tree.Search("tan");
        var two = Tree.Search("tan", limit: 2);
        Assert.Equal(2, two.Count);
        Assert.Equal(all.Take(2), two);
        Assert.Empty(Tree.Search("tan", limit: 0));
    }

    [Fact]
    public void EmptyQuery_MatchesEveryUnitUpToTheLimit()
    {
        Assert.Equal(Tree.Count, Tree.Search("").Count);
        Assert.Equal(Codes(Tree.All), Codes(Tree.Search("   ")));
        Assert.Equal(3, Tree.Search("", limit: 3).Count);
    }

    [Fact]
    public void DecomposedQuery_MatchesComposedNames() =>
        Assert.Equal(["TN-002"], Codes(Tree.Search("Giáp Trung".Normalize(System.Text.NormalizationForm.FormD))));

    /// <summary>Documented order is "exact names first, then names starting with the query". A unit whose
    /// name has no kind prefix and merely starts with the query word currently ties with the exact name
    /// (rank 0 through <c>text.StartsWith(folded + " ")</c>) and, coming earlier in pre-order, wins.</summary>
    [Fact]
    public void ExactName_RanksBeforeAPrefixlessNameThatOnlyStartsWithTheQuery()
    {
        var tree = OrgTree.Build(
        [
            new(1, "P", "Tỉnh Lạng Sơn", OrgUnitKind.Province, null),
            new(2, "C-GT", "Xã Giáp Trung", OrgUnitKind.Commune, 1),
            new(3, "V-TP", "Tân Phú", OrgUnitKind.Village, 2),        // village named without "Thôn"
            new(4, "C-T", "Xã Tân", OrgUnitKind.Commune, 1),
        ]);
        Assert.Equal(["C-T", "V-TP"], Codes(tree.Search("tan")));
    }
}
