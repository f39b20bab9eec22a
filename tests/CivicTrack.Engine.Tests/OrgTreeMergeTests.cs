using CivicTrack.Engine.Organisation;

namespace CivicTrack.Engine.Tests;

public sealed class OrgTreeMergeTests
{
    private static readonly DateOnly Y2020 = new(2020, 1, 1);
    private static readonly DateOnly Jul2025 = new(2025, 7, 1);
    private const int P = 1, A = 2, B = 3, C = 4, D = 5, E = 6;

    // A → B on 2020-01-01, B → C on 2025-07-01; D → C with only a closing date (2024-01-01);
    // E → C with no date at all.
    private static readonly OrgTree Tree = OrgTree.Build(
    [
        new(P, "P", "Tỉnh Tuyên Quang", OrgUnitKind.Province, null),
        new(A, "A", "Xã Yên Nguyên", OrgUnitKind.Commune, P, ClosedOn: Y2020, MergedIntoId: B, MergedOn: Y2020),
        new(B, "B", "Xã Hòa Phú", OrgUnitKind.Commune, P, OpenedOn: new(2010, 1, 1), ClosedOn: Jul2025, MergedIntoId: C, MergedOn: Jul2025),
        new(C, "C", "Xã Chiêm Hóa", OrgUnitKind.Commune, P, OpenedOn: Jul2025),
        new(D, "D", "Xã Phúc Thịnh", OrgUnitKind.Commune, P, ClosedOn: new(2024, 1, 1), MergedIntoId: C),
        new(E, "E", "Xã Trung Hòa", OrgUnitKind.Commune, P, MergedIntoId: C),
    ]);

    [Fact]
    public void MergeTarget_BeforeTheMergerIsTheUnitItself()
    {
        Assert.Equal(A, Tree.MergeTarget(A, Y2020.AddDays(-1)).Id);
        Assert.Equal(B, Tree.MergeTarget(B, Jul2025.AddDays(-1)).Id);
    }

    [Fact]
    public void MergeTarget_OnTheMergerDateIsTheNewUnit()
    {
        Assert.Equal(B, Tree.MergeTarget(A, Y2020).Id);
        Assert.Equal(C, Tree.MergeTarget(B, Jul2025).Id);
    }

    [Fact]
    public void MergeTarget_AfterTheMergerIsTheNewUnit()
    {
        Assert.Equal(B, Tree.MergeTarget(A, new(2022, 6, 15)).Id);
        Assert.Equal(C, Tree.MergeTarget(B, new(2030, 1, 1)).Id);
    }

    [Theory]
    [InlineData("2019-12-31", "A")]
    [InlineData("2020-01-01", "B")]
    [InlineData("2025-06-30", "B")]
    [InlineData("2025-07-01", "C")]
    [InlineData("2026-01-01", "C")]
    public void MergeTarget_FollowsSuccessiveMergersByDate(string day, string expected) =>
        Assert.Equal(expected, Tree.MergeTarget(A, DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)).Code);

    [Fact]
    public void MergeTarget_WithoutMergedOnUsesTheClosingDate()
    {
        Assert.Equal(D, Tree.MergeTarget(D, new(2023, 12, 31)).Id);
        Assert.Equal(C, Tree.MergeTarget(D, new(2024, 1, 1)).Id);
    }

    [Fact]
    public void MergeTarget_WithNoDateAtAllAlwaysMapsToTheTarget() =>
        Assert.Equal(C, Tree.MergeTarget(E, new(1900, 1, 1)).Id);

    [Fact]
    public void MergeTarget_OfAnUnmergedUnitIsItself()
    {
        Assert.Equal(C, Tree.MergeTarget(C, new(2030, 1, 1)).Id);
        Assert.Equal(P, Tree.MergeTarget(P, Y2020).Id);
    }

    [Fact]
    public void MergedFrom_ListsTheUnitsMergedDirectlyIntoThisOne()
    {
        Assert.Equal(["B", "D", "E"], Tree.MergedFrom(C).Select(u => u.Code).Order(StringComparer.Ordinal));
        Assert.Equal(["A"], Tree.MergedFrom(B).Select(u => u.Code));
        Assert.Empty(Tree.MergedFrom(A));
        Assert.Empty(Tree.MergedFrom(P));
    }

    [Fact]
    public void MergedUnits_StayInTheTree()
    {
        Assert.Equal(6, Tree.Count);
        Assert.True(Tree.IsWithin(A, P));
    }

    [Fact]
    public void Build_RefusesAMergeCycle()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "A", "Xã A", OrgUnitKind.Commune, null, ClosedOn: Y2020, MergedIntoId: 2),
            new(2, "B", "Xã B", OrgUnitKind.Commune, null, ClosedOn: Y2020, MergedIntoId: 1),
        ]));
        Assert.Equal(["merge cycle A → B"], ex.Problems);
    }

    [Fact]
    public void Build_RefusesAMergeIntoItself()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
            [new(1, "A", "Xã A", OrgUnitKind.Commune, null, ClosedOn: Y2020, MergedIntoId: 1)]));
        Assert.Equal(["merge cycle A"], ex.Problems);
    }

    [Fact]
    public void Build_RefusesALongerMergeCycle()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "M3", "Xã 3", OrgUnitKind.Commune, null, MergedIntoId: 2),
            new(2, "M1", "Xã 1", OrgUnitKind.Commune, null, MergedIntoId: 3),
            new(3, "M2", "Xã 2", OrgUnitKind.Commune, null, MergedIntoId: 1),
        ]));
        Assert.Equal(["merge cycle M1 → M2 → M3"], ex.Problems);
    }

    // ---- IsOpenOn: OpenedOn is the first open day, ClosedOn the first closed day ----

    private static readonly OrgNode Span = new(1, "S", "Xã S", OrgUnitKind.Commune, null, OpenedOn: Y2020, ClosedOn: Jul2025);

    [Fact]
    public void IsOpenOn_FalseBeforeTheOpeningDay() => Assert.False(Span.IsOpenOn(Y2020.AddDays(-1)));

    [Fact]
    public void IsOpenOn_TrueOnTheOpeningDay() => Assert.True(Span.IsOpenOn(Y2020));

    [Fact]
    public void IsOpenOn_TrueOnTheLastDayBeforeClosing() => Assert.True(Span.IsOpenOn(Jul2025.AddDays(-1)));

    [Fact]
    public void IsOpenOn_FalseOnTheClosingDay() => Assert.False(Span.IsOpenOn(Jul2025));

    [Fact]
    public void IsOpenOn_FalseAfterClosing() => Assert.False(Span.IsOpenOn(new(2030, 1, 1)));

    [Fact]
    public void IsOpenOn_UnknownOpeningMeansOpenSinceAlways()
    {
        var u = new OrgNode(1, "S", "Xã S", OrgUnitKind.Commune, null, ClosedOn: Jul2025);
        Assert.True(u.IsOpenOn(DateOnly.MinValue));
        Assert.False(u.IsOpenOn(Jul2025));
    }

    [Fact]
    public void IsOpenOn_NoClosingMeansOpenForever()
    {
        var u = new OrgNode(1, "S", "Xã S", OrgUnitKind.Commune, null, OpenedOn: Y2020);
        Assert.True(u.IsOpenOn(DateOnly.MaxValue));
        Assert.False(u.IsOpenOn(Y2020.AddDays(-1)));
        Assert.True(new OrgNode(2, "T", "Xã T", OrgUnitKind.Commune, null).IsOpenOn(Y2020));
    }
}
