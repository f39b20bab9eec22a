namespace CivicTrack.Engine.Organisation;

/// <summary>Finds cycles in a parent mapping (each key has at most one parent).</summary>
public static class Cycles
{
    /// <summary>Each cycle once, as the keys along it, starting from its smallest key (ordinal).
    /// Parents that are not keys end a chain.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Find(IEnumerable<(string Key, string? Parent)> edges)
    {
        var parent = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, p) in edges) parent[key] = p;
        var state = new Dictionary<string, int>(parent.Count, StringComparer.OrdinalIgnoreCase); // 1 on path, 2 done
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var start in parent.Keys)
        {
            if (state.ContainsKey(start)) continue;
            var path = new List<string>();
            var cur = start;
            while (cur is not null && parent.ContainsKey(cur) && !state.ContainsKey(cur))
            {
                state[cur] = 1;
                path.Add(cur);
                cur = parent[cur];
            }
            if (cur is not null && state.TryGetValue(cur, out var s) && s == 1)
            {
                var from = path.FindIndex(k => string.Equals(k, cur, StringComparison.OrdinalIgnoreCase));
                var cycle = path.GetRange(from, path.Count - from);
                var min = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
                cycles.Add([.. cycle.Skip(min), .. cycle.Take(min)]);
            }
            foreach (var k in path) state[k] = 2;
        }
        return cycles;
    }
}
