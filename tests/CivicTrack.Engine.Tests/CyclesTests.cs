using CivicTrack.Engine.Organisation;

namespace CivicTrack.Engine.Tests;

public sealed class CyclesTests
{
    private static IReadOnlyList<IReadOnlyList<string>> Find(params (string Key, string? Parent)[] edges) => Cycles.Find(edges);

    private static string[] Flat(IReadOnlyList<IReadOnlyList<string>> cycles) =>
        cycles.Select(c => string.Join(">", c)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void ChainWithoutCycle_FindsNothing() =>
        Assert.Empty(Find(("c", "b"), ("b", "a"), ("a", null), ("d", "a")));

    [Fact]
    public void EmptyInput_FindsNothing() => Assert.Empty(Find());

    [Fact]
    public void SelfLoop_IsACycleOfOne()
    {
        var cycle = Assert.Single(Find(("a", "a"), ("b", null)));
        Assert.Equal(["a"], cycle);
    }

    [Fact]
    public void TwoCycle_IsReportedOnceFromItsSmallestKey()
    {
        var cycle = Assert.Single(Find(("b", "a"), ("a", "b")));
        Assert.Equal(["a", "b"], cycle);
    }

    [Fact]
    public void TwoSeparateCycles_AreEachReportedOnceStartingAtTheOrdinalSmallestKey()
    {
        var cycles = Find(
            ("z", "x"), ("x", "y"), ("y", "z"),          // x → y → z → x, entered at z
            ("q", "p"), ("p", "q"),                      // p → q → p, entered at q
            ("tail", "y"), ("tail2", "tail"),            // chains running into a cycle are not part of it
            ("free", null));
        Assert.Equal(["p>q", "x>y>z"], Flat(cycles));
        Assert.All(cycles, c => Assert.Equal(c.Min(StringComparer.Ordinal), c[0]));
    }

    [Fact]
    public void SmallestKeyIsOrdinal_UpperCaseBeforeLowerCase()
    {
        var cycle = Assert.Single(Find(("a", "B"), ("B", "c"), ("c", "a")));
        Assert.Equal(["B", "c", "a"], cycle);
    }

    [Fact]
    public void CycleOrderFollowsParentLinks()
    {
        var cycle = Assert.Single(Find(("d", "a"), ("a", "c"), ("c", "b"), ("b", "d")));
        Assert.Equal(["a", "c", "b", "d"], cycle);
    }

    [Fact]
    public void ParentOutsideTheKeySet_EndsTheChain()
    {
        Assert.Empty(Find(("a", "stored-unit"), ("b", "a")));
        Assert.Empty(Find(("a", "missing"), ("missing2", "a")));
    }

    [Fact]
    public void TailIntoACycle_LeavesTheTailOut()
    {
        var cycle = Assert.Single(Find(("t1", "t2"), ("t2", "m"), ("m", "n"), ("n", "m")));
        Assert.Equal(["m", "n"], cycle);
    }

    [Fact]
    public void KeysAreMatchedWithoutCase()
    {
        var cycle = Assert.Single(Find(("A", "b"), ("B", "a")));
        Assert.Equal(2, cycle.Count);
        Assert.Equal("A", cycle[0]);
    }

    [Fact]
    public void LongChain_DoesNotOverflowAndFindsTheLoopAtTheEnd()
    {
        const int n = 20_000;
        var edges = Enumerable.Range(0, n).Select(i => ($"k{i:D6}", (string?)(i == 0 ? $"k{n - 1:D6}" : $"k{i - 1:D6}")));
        var cycle = Assert.Single(Cycles.Find(edges));
        Assert.Equal(n, cycle.Count);
        Assert.Equal("k000000", cycle[0]);
        Assert.Equal($"k{n - 1:D6}", cycle[1]);
    }
}
