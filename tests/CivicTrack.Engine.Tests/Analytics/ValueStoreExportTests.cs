using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Tests.Analytics;

public sealed class ValueStoreExportTests
{
    // 1 province ─ 2 communes (10, 20) ─ villages (11, 12 under 10; 21 under 20); 30 merged into 10 on 2025-07-01.
    private static readonly OrgTree Tree = OrgTree.Build(
    [
        new OrgNode(1, "P", "Tỉnh", OrgUnitKind.Province, null),
        new OrgNode(10, "C1", "Xã A", OrgUnitKind.Commune, 1),
        new OrgNode(11, "V11", "Thôn 1", OrgUnitKind.Village, 10),
        new OrgNode(12, "V12", "Thôn 2", OrgUnitKind.Village, 10),
        new OrgNode(20, "C2", "Xã B", OrgUnitKind.Commune, 1),
        new OrgNode(21, "V21", "Thôn 3", OrgUnitKind.Village, 20),
        new OrgNode(30, "C3", "Xã C (cũ)", OrgUnitKind.Commune, 1, ClosedOn: new DateOnly(2025, 7, 1), MergedIntoId: 10, MergedOn: new DateOnly(2025, 7, 1)),
    ]);

    private static readonly ElementDef[] Elements =
    [
        new(1, "REACHED", AggregationType.Sum, Whole: true),
        new(2, "HH", AggregationType.Last),
        new(3, "SCORE", AggregationType.Average),
        new(4, "LOW", AggregationType.Min),
        new(5, "HIGH", AggregationType.Max),
        new(6, "EMPTY", AggregationType.Sum),
    ];

    private static readonly int[] Units = [1, 10, 11, 12, 20, 21, 30];
    private static readonly string[] Ranges = ["2024", "2025", "2025Q1", "2025Q3", "2025-08", "2024..2026", "2025-01..2025-02"];

    private static ValueStore Filled()
    {
        var s = new ValueStore(Tree, Elements);
        var random = new Random(7);
        string[] periods = ["2024", "2025Q1", "2025-01", "2025-02", "2025-08", "2025-09", "2025"];
        foreach (var e in Elements.Take(5))
            for (var i = 0; i < 60; i++)
            {
                var unit = Units[random.Next(Units.Length)];
                var value = e.Whole ? random.Next(0, 1000) : Math.Round(random.NextDouble() * 100, 3);
                s.Set(e.Id, unit, Period.Parse(periods[random.Next(periods.Length)]), value);
                if (i % 7 == 0) s.Remove(e.Id, Units[random.Next(Units.Length)], Period.Parse(periods[random.Next(periods.Length)]));
            }
        return s;
    }

    private static List<Aggregate> Answers(ValueStore s) =>
        [.. from e in Elements from u in Units from r in Ranges select s.Get(e.Id, u, PeriodRange.Parse(r))];

    private static byte[] Export(ValueStore s)
    {
        using var m = new MemoryStream();
        s.Export(m);
        return m.ToArray();
    }

    [Fact]
    public void An_imported_store_answers_exactly_as_the_exported_one()
    {
        var original = Filled();
        var copy = ValueStore.Import(new MemoryStream(Export(original)), Tree, Elements);
        Assert.Equal(original.Count, copy.Count);
        Assert.Equal(Answers(original), Answers(copy));
        // The merged commune's values after its merger count towards the commune it merged into, in both.
        Assert.Equal(original.Get(4, 10, PeriodRange.Parse("2025")), copy.Get(4, 10, PeriodRange.Parse("2025")));
    }

    [Fact]
    public void An_imported_store_takes_further_writes_as_the_original_does()
    {
        var original = Filled();
        var copy = ValueStore.Import(new MemoryStream(Export(original)), Tree, Elements);
        foreach (var s in new[] { original, copy })
        {
            s.Set(1, 21, Period.Parse("2026-01"), 5);          // a new period
            s.Set(4, 30, Period.Parse("2025-10"), -3);         // a merged unit, carried to its successor
            s.Set(6, 11, Period.Parse("2025-01"), 2.5);        // an element that had no values
            s.Remove(2, 11, Period.Parse("2025-01"));
            for (var u = 0; u < Units.Length; u++) s.Set(3, Units[u], Period.Parse("2025-02"), u * 1.25);
        }
        Assert.Equal(Answers(original), Answers(copy));
        Assert.Equal(new Aggregate(5, 1), copy.Get(1, 1, PeriodRange.Parse("2026")));
    }

    [Fact]
    public void An_empty_store_round_trips()
    {
        var copy = ValueStore.Import(new MemoryStream(Export(new ValueStore(Tree, Elements))), Tree, Elements);
        Assert.Equal(0, copy.Count);
        copy.Set(1, 11, Period.Parse("2025-01"), 4);
        Assert.Equal(new Aggregate(4, 1), copy.Get(1, 1, PeriodRange.Parse("2025")));
    }

    [Fact]
    public void A_cut_short_export_is_refused_as_invalid_data()
    {
        var bytes = Export(Filled());
        foreach (var length in new[] { 0, 3, 12, bytes.Length / 2, bytes.Length - 1 })
            Assert.Throws<InvalidDataException>(() => ValueStore.Import(new MemoryStream(bytes[..length]), Tree, Elements));
    }

    [Fact]
    public void An_export_for_another_tree_size_or_element_set_is_refused()
    {
        var bytes = Export(Filled());
        var smaller = OrgTree.Build(Tree.All.Where(n => n.Id != 21));
        Assert.Throws<InvalidDataException>(() => ValueStore.Import(new MemoryStream(bytes), smaller, Elements));
        Assert.Throws<InvalidDataException>(() => ValueStore.Import(new MemoryStream(bytes), Tree, Elements[1..]));
        // A Sum written as a Min: its layers lack the extremes a Min needs.
        var changed = Elements.Select(e => e.Id == 1 ? e with { Aggregation = AggregationType.Min } : e).ToArray();
        Assert.Throws<InvalidDataException>(() => ValueStore.Import(new MemoryStream(bytes), Tree, changed));
    }

    [Fact]
    public void The_fingerprints_change_with_the_tree_and_the_elements()
    {
        var tree = ValueStore.TreeIdentity(Tree);
        Assert.Equal(tree, ValueStore.TreeIdentity(OrgTree.Build(Tree.All.Reverse())));
        Assert.NotEqual(tree, ValueStore.TreeIdentity(OrgTree.Build(Tree.All.Select(n => n.Id == 21 ? n with { ParentId = 10 } : n))));
        Assert.NotEqual(tree, ValueStore.TreeIdentity(OrgTree.Build(Tree.All.Select(n => n.Id == 30 ? n with { MergedOn = new DateOnly(2025, 8, 1) } : n))));
        // Names do not place values: renaming a unit keeps the fingerprint.
        Assert.Equal(tree, ValueStore.TreeIdentity(OrgTree.Build(Tree.All.Select(n => n.Id == 21 ? n with { Name = "Thôn mới" } : n))));
        var elements = ValueStore.ElementsIdentity(Elements);
        Assert.NotEqual(elements, ValueStore.ElementsIdentity(Elements.Select(e => e.Id == 2 ? e with { Aggregation = AggregationType.Sum } : e)));
        Assert.NotEqual(elements, ValueStore.ElementsIdentity(Elements.Select(e => e.Id == 2 ? e with { Whole = true } : e)));
        Assert.NotEqual(elements, ValueStore.ElementsIdentity(Elements[1..]));
    }
}
