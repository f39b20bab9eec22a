using CivicTrack.Engine.Organisation;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests;

public sealed class OrgTreeTests
{
    // Tỉnh Phú Thọ
    // ├─ Sở Y tế (D1)            departments before communes (kind order), then by id (registration order)
    // ├─ Sở Giáo dục (D2)
    // ├─ Xã Thượng Tân (C1)
    // │  ├─ Thôn Nà Chang (V1)
    // │  └─ Thôn Bản Đông (V2)
    // └─ Xã Giáp Trung (C2)
    //    └─ Thôn Khuổi Hoa (V3)
    private const int P = 1, D1 = 2, D2 = 3, C1 = 10, C2 = 11, V1 = 20, V2 = 21, V3 = 22;

    private static OrgNode[] Province() =>
    [
        new(V1, "V1", "Thôn Nà Chang", OrgUnitKind.Village, C1),
        new(C1, "C1", "Xã Thượng Tân", OrgUnitKind.Commune, P),
        new(D1, "D1", "Sở Y tế", OrgUnitKind.Department, P),
        new(P, "P", "Tỉnh Phú Thọ", OrgUnitKind.Province, null),
        new(V3, "V3", "Thôn Khuổi Hoa", OrgUnitKind.Village, C2),
        new(C2, "C2", "Xã Giáp Trung", OrgUnitKind.Commune, P),
        new(V2, "V2", "Thôn Bản Đông", OrgUnitKind.Village, C1),
        new(D2, "D2", "Sở Giáo dục", OrgUnitKind.Department, P),
    ];

    private static readonly OrgTree Tree = OrgTree.Build(Province());

    private static string[] Codes(IEnumerable<OrgNode> nodes) => nodes.Select(n => n.Code).ToArray();

    [Fact]
    public void Count_IsTheNumberOfUnits() => Assert.Equal(8, Tree.Count);

    [Fact]
    public void Ancestors_AreRootFirstAndExcludeTheUnit()
    {
        Assert.Equal(["P", "C1"], Codes(Tree.Ancestors(V1)));
        Assert.Equal(["P"], Codes(Tree.Ancestors(C2)));
        Assert.Empty(Tree.Ancestors(P));
    }

    [Fact]
    public void Level_ProvinceIsZeroCommuneOneVillageTwo()
    {
        Assert.Equal(0, Tree.Level(P));
        Assert.Equal(1, Tree.Level(C1));
        Assert.Equal(1, Tree.Level(D1));
        Assert.Equal(2, Tree.Level(V1));
        Assert.Equal(2, Tree.Level(V3));
    }

    [Fact]
    public void Parent_IsTheDirectParentOrNullForARoot()
    {
        Assert.Equal("C1", Tree.Parent(V2)?.Code);
        Assert.Null(Tree.Parent(P));
    }

    [Fact]
    public void All_IsTheWholeTreeInPreOrder() =>
        Assert.Equal(["P", "D1", "D2", "C1", "V1", "V2", "C2", "V3"], Codes(Tree.All));

    [Fact]
    public void Subtree_IsTheUnitThenItsDescendantsInPreOrder()
    {
        Assert.Equal(["C1", "V1", "V2"], Codes(Tree.Subtree(C1)));
        Assert.Equal(["C2", "V3"], Codes(Tree.Subtree(C2)));
        Assert.Equal(["V1"], Codes(Tree.Subtree(V1)));
        Assert.Equal(Codes(Tree.All), Codes(Tree.Subtree(P)));
    }

    [Fact]
    public void SubtreeSize_CountsTheUnitAndAllDescendants()
    {
        Assert.Equal(8, Tree.SubtreeSize(P));
        Assert.Equal(3, Tree.SubtreeSize(C1));
        Assert.Equal(2, Tree.SubtreeSize(C2));
        Assert.Equal(1, Tree.SubtreeSize(D1));
        Assert.Equal(1, Tree.SubtreeSize(V1));
    }

    [Fact]
    public void IsWithin_TrueForItselfAndDescendants()
    {
        Assert.True(Tree.IsWithin(C1, C1));
        Assert.True(Tree.IsWithin(V1, C1));
        Assert.True(Tree.IsWithin(V1, P));
        Assert.True(Tree.IsWithin(D2, P));
    }

    [Fact]
    public void IsWithin_FalseForAncestorsSiblingsAndSiblingSubtrees()
    {
        Assert.False(Tree.IsWithin(C1, V1));      // ancestor is not within its descendant
        Assert.False(Tree.IsWithin(P, C1));
        Assert.False(Tree.IsWithin(C2, C1));      // sibling
        Assert.False(Tree.IsWithin(V3, C1));      // in the sibling's subtree
        Assert.False(Tree.IsWithin(V1, C2));
        Assert.False(Tree.IsWithin(V1, V2));      // sibling leaves
        Assert.False(Tree.IsWithin(D1, D2));
    }

    [Fact]
    public void IsWithin_FalseForUnknownIds()
    {
        Assert.False(Tree.IsWithin(999, P));
        Assert.False(Tree.IsWithin(P, 999));
        Assert.False(Tree.IsWithin(999, 999));
    }

    [Fact]
    public void Children_AreSortedByKindThenRegistrationOrder()
    {
        Assert.Equal(["D1", "D2", "C1", "C2"], Codes(Tree.Children(P)));
        Assert.Equal(["V1", "V2"], Codes(Tree.Children(C1)));
        Assert.Empty(Tree.Children(V1));
        Assert.Equal(4, Tree.ChildCount(P));
        Assert.Equal(0, Tree.ChildCount(V3));
    }

    [Fact]
    public void Children_OfOneKindKeepRegistrationOrderNotNameOrder()
    {
        // Official lists put units in a deliberate order; ids are given in that order, names are not sorted.
        var tree = OrgTree.Build(
        [
            new(1, "P", "Tỉnh Hưng Yên", OrgUnitKind.Province, null),
            new(9, "Z", "Xã Ân Thi", OrgUnitKind.Commune, 1),
            new(4, "B", "Xã Yên Mỹ", OrgUnitKind.Commune, 1),
            new(7, "W", "Phường An Tảo", OrgUnitKind.Ward, 1),
            new(2, "S", "Sở Khoa học và Công nghệ", OrgUnitKind.Department, 1),
            new(3, "T", "Sở Tài chính", OrgUnitKind.Department, 1),
        ]);
        Assert.Equal(["S", "T", "B", "Z", "W"], Codes(tree.Children(1)));
    }

    [Fact]
    public void Find_ByCodeIgnoresCase()
    {
        Assert.Equal(C1, Tree.Find("c1")?.Id);
        Assert.Equal(C1, Tree.Find("C1")?.Id);
        Assert.Null(Tree.Find("C9"));
    }

    [Fact]
    public void Find_ByIdReturnsTheUnitOrNull()
    {
        Assert.Equal("Xã Giáp Trung", Tree.Find(C2)?.Name);
        Assert.Null(Tree.Find(999));
        Assert.True(Tree.Contains(V3));
        Assert.False(Tree.Contains(999));
    }

    [Fact]
    public void Get_UnknownIdThrowsKeyNotFound()
    {
        Assert.Throws<KeyNotFoundException>(() => Tree.Get(999));
        Assert.Throws<KeyNotFoundException>(() => Tree.Ancestors(999));
        Assert.Throws<KeyNotFoundException>(() => Tree.Subtree(999).ToList());
    }

    [Fact]
    public void EmptyInput_BuildsAnEmptyTree()
    {
        var tree = OrgTree.Build([]);
        Assert.Equal(0, tree.Count);
        Assert.Empty(tree.All);
        Assert.Empty(tree.Roots);
    }

    // ---- Build refusals ----

    [Fact]
    public void Build_RefusesAParentCycleAndNamesIt()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(2, "A", "Xã A", OrgUnitKind.Commune, 3),
            new(3, "B", "Xã B", OrgUnitKind.Commune, 2),
        ]));
        Assert.Equal(["cycle A → B"], ex.Problems);
        Assert.Contains("cycle A → B", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_RefusesASelfParent()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build([new(1, "A", "Xã A", OrgUnitKind.Commune, 1)]));
        Assert.Equal(["cycle A"], ex.Problems);
    }

    [Fact]
    public void Build_RefusesAnUnknownParentIdAndNamesTheUnit()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(2, "X", "Xã X", OrgUnitKind.Commune, 99),
        ]));
        Assert.Equal(["X: unknown parent id 99"], ex.Problems);
    }

    [Fact]
    public void Build_RefusesDuplicateCodesIgnoringCase()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(2, "C1", "Xã A", OrgUnitKind.Commune, 1),
            new(3, "c1", "Xã B", OrgUnitKind.Commune, 1),
        ]));
        Assert.Equal(["duplicate code c1"], ex.Problems);
    }

    [Fact]
    public void Build_RefusesDuplicateIds()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(1, "Q", "Tỉnh Q", OrgUnitKind.Province, null),
        ]));
        Assert.Equal(["duplicate id 1"], ex.Problems);
    }

    [Fact]
    public void Build_ReportsEveryProblemAtOnce()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(2, "X", "Xã X", OrgUnitKind.Commune, 42),
            new(3, "A", "Xã A", OrgUnitKind.Commune, 4),
            new(4, "B", "Xã B", OrgUnitKind.Commune, 3),
            new(5, "p", "Xã p", OrgUnitKind.Commune, null),
        ]));
        Assert.Equal(3, ex.Problems.Count);
        Assert.Contains("duplicate code p", ex.Problems);
        Assert.Contains("X: unknown parent id 42", ex.Problems);
        Assert.Contains("cycle A → B", ex.Problems);
    }

    /// <summary>Cycles are looked for by code, so a unit whose parent shares its code (ignoring case)
    /// looks like its own parent and a cycle that does not exist is reported next to the duplicate.</summary>
    [Fact]
    public void Build_DuplicateCodeOfTheParentIsNotAlsoReportedAsACycle()
    {
        var ex = Assert.Throws<OrgTreeException>(() => OrgTree.Build(
        [
            new(1, "P", "Tỉnh", OrgUnitKind.Province, null),
            new(2, "p", "Xã p", OrgUnitKind.Commune, 1),
        ]));
        Assert.Equal(["duplicate code p"], ex.Problems);
    }

    // ---- forests and scale ----

    [Fact]
    public void Forest_WithSeveralRootsKeepsTreesApart()
    {
        var tree = OrgTree.Build(
        [
            new(1, "HN", "Thành phố Hà Nội", OrgUnitKind.Province, null),
            new(2, "HN-1", "Phường Ba Đình", OrgUnitKind.Ward, 1),
            new(3, "CB", "Tỉnh Cao Bằng", OrgUnitKind.Province, null),
            new(4, "CB-1", "Xã Quảng Uyên", OrgUnitKind.Commune, 3),
            new(5, "ORPHAN", "Công ty Tân Phát", OrgUnitKind.Enterprise, null),
        ]);
        Assert.Equal(["HN", "CB", "ORPHAN"], Codes(tree.Roots)); // kind, then id
        Assert.All(tree.Roots, r => Assert.Equal(0, tree.Level(r.Id)));
        Assert.Equal(["HN", "HN-1", "CB", "CB-1", "ORPHAN"], Codes(tree.All));
        Assert.True(tree.IsWithin(4, 3));
        Assert.False(tree.IsWithin(4, 1));
        Assert.False(tree.IsWithin(2, 3));
        Assert.False(tree.IsWithin(3, 1));
        Assert.Equal(["HN", "HN-1"], Codes(tree.Subtree(1)));
        Assert.Equal(1, tree.Level(4));
    }

    [Fact]
    public void DeepChain_OfOneHundredThousandBuildsWithoutStackOverflow()
    {
        const int n = 100_000;
        // Given bottom-up so the builder cannot rely on input order.
        var nodes = Enumerable.Range(0, n).Reverse()
            .Select(i => new OrgNode(i, $"U{i}", $"Unit {i}", OrgUnitKind.Village, i == 0 ? null : i - 1));
        var tree = OrgTree.Build(nodes);
        const int bottom = n - 1;
        Assert.Equal(n, tree.Count);
        Assert.True(tree.IsWithin(bottom, 0));
        Assert.True(tree.IsWithin(bottom, n / 2));
        Assert.False(tree.IsWithin(0, bottom));
        Assert.False(tree.IsWithin(n / 2, bottom));
        Assert.Equal(bottom, tree.Level(bottom));
        Assert.Equal(n, tree.SubtreeSize(0));
        Assert.Equal(1, tree.SubtreeSize(bottom));
        var ancestors = tree.Ancestors(bottom);
        Assert.Equal(bottom, ancestors.Count);
        Assert.Equal(0, ancestors[0].Id);
        Assert.Equal(bottom - 1, ancestors[^1].Id);
    }

    [Fact]
    public void WideTree_SubtreesAreContiguousAndCorrect()
    {
        // 1 province, 200 communes, 20 villages each.
        var nodes = new List<OrgNode> { new(0, "P", "Tỉnh", OrgUnitKind.Province, null) };
        for (var c = 1; c <= 200; c++)
        {
            nodes.Add(new(c, $"C{c}", $"Xã {c:D3}", OrgUnitKind.Commune, 0));
            for (var v = 0; v < 20; v++) nodes.Add(new(1000 + c * 100 + v, $"V{c}-{v}", $"Thôn {v:D2}", OrgUnitKind.Village, c));
        }
        var tree = OrgTree.Build(nodes);
        Assert.Equal(4201, tree.SubtreeSize(0));
        Assert.Equal(21, tree.SubtreeSize(77));
        Assert.All(tree.Subtree(77).Skip(1), v => Assert.Equal(77, tree.Parent(v.Id)?.Id));
        Assert.True(tree.IsWithin(1000 + 77 * 100 + 19, 77));
        Assert.False(tree.IsWithin(1000 + 78 * 100, 77));
    }

    // ---- property: pre-order ranges agree with ancestor chains ----

    private sealed record RandomForest(int[] Parent, int[] Ids, int[] Order, string[] Names)
    {
        public override string ToString() => $"parents=[{string.Join(",", Parent)}] order=[{string.Join(",", Order)}]";
    }

    private static Arbitrary<RandomForest> ForestArb()
    {
        var gen =
            from n in Gen.Choose(1, 40)
            from parent in Gen.CollectToArray(Enumerable.Range(0, n),
                i => i == 0 ? Gen.Constant(-1) : Gen.Frequency((1, Gen.Constant(-1)), (5, Gen.Choose(0, i - 1))))
            from ids in Gen.Shuffle(Enumerable.Range(1, n).Select(i => i * 7 + 3))
            from order in Gen.Shuffle(Enumerable.Range(0, n))
            from names in Gen.ArrayOf(Gen.Elements("Xã A", "Xã Ân", "Xã B", "Thôn 1", "Thôn 1", "Đồng"), n)
            select new RandomForest(parent, ids, order, names);
        return gen.ToArbitrary();
    }

    [Fact]
    public void Property_IsWithinAndSubtreeMatchTheAncestorChain() =>
        Prop.ForAll(ForestArb(), f =>
        {
            var n = f.Parent.Length;
            var nodes = f.Order.Select(i => new OrgNode(f.Ids[i], $"N{i}", f.Names[i], OrgUnitKind.Commune,
                f.Parent[i] < 0 ? null : f.Ids[f.Parent[i]])).ToArray();
            var tree = OrgTree.Build(nodes);

            List<int> Chain(int i) { var c = new List<int>(); for (var p = i; p >= 0; p = f.Parent[p]) c.Add(p); return c; }
            var chains = Enumerable.Range(0, n).Select(Chain).ToArray();

            for (var r = 0; r < n; r++)
            {
                var expected = Enumerable.Range(0, n).Where(x => chains[x].Contains(r)).Select(x => f.Ids[x]).ToHashSet();
                var subtree = tree.Subtree(f.Ids[r]).Select(u => u.Id).ToList();
                if (subtree.Count != expected.Count || !expected.SetEquals(subtree) || subtree[0] != f.Ids[r]) return false;
                if (tree.SubtreeSize(f.Ids[r]) != expected.Count) return false;
                for (var x = 0; x < n; x++)
                    if (tree.IsWithin(f.Ids[x], f.Ids[r]) != expected.Contains(f.Ids[x])) return false;
            }
            for (var x = 0; x < n; x++)
            {
                if (tree.Level(f.Ids[x]) != chains[x].Count - 1) return false;
                var anc = tree.Ancestors(f.Ids[x]).Select(u => u.Id);
                if (!anc.SequenceEqual(chains[x].Skip(1).Reverse().Select(i => f.Ids[i]))) return false;
            }
            // Pre-order: every unit comes after its parent, and the whole walk covers each unit once.
            var pos = tree.All.Select((u, k) => (u.Id, k)).ToDictionary(t => t.Id, t => t.k);
            return pos.Count == n
                && Enumerable.Range(0, n).All(x => f.Parent[x] < 0 || pos[f.Ids[f.Parent[x]]] < pos[f.Ids[x]])
                && tree.Roots.Count() == f.Parent.Count(p => p < 0);
        }).QuickCheckThrowOnFailure();
}
