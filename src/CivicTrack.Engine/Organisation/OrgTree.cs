using CivicTrack.Engine.Text;

namespace CivicTrack.Engine.Organisation;

/// <summary>An immutable organisation forest with O(1) subtree membership, pre-order subtree slices,
/// ancestors, levels, merge mapping and diacritic-insensitive search.</summary>
/// <remarks>Subtrees are contiguous ranges of a pre-order walk, so "is X under Y" is two integer
/// comparisons and a subtree is a slice: this is what keeps rollups and scope checks cheap at
/// national scale (tens of thousands of units).</remarks>
public sealed class OrgTree
{
    private readonly OrgNode[] _nodes;
    private readonly Dictionary<int, int> _indexById;
    private readonly Dictionary<string, int> _indexByCode;
    private readonly int[] _parent;      // index of parent, -1 for roots
    private readonly int[] _level;
    private readonly int[] _preorder;    // node indexes in pre-order
    private readonly int[] _start;       // position of the node in _preorder
    private readonly int[] _end;         // exclusive end of its subtree in _preorder
    private readonly int[][] _children;
    private readonly int[][] _mergedFrom;
    private readonly string[] _folded;       // name and code, for matching
    private readonly string[] _foldedName;   // full name, for ranking
    private readonly string[] _foldedShort;  // name without its kind prefix ("Xã ", "Thôn "...), for ranking

    private OrgTree(OrgNode[] nodes, Dictionary<int, int> indexById, Dictionary<string, int> indexByCode, int[] parent)
    {
        _nodes = nodes;
        _indexById = indexById;
        _indexByCode = indexByCode;
        _parent = parent;
        var n = nodes.Length;

        var childLists = new List<int>[n];
        var mergedLists = new List<int>[n];
        var roots = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (parent[i] < 0) roots.Add(i);
            else (childLists[parent[i]] ??= []).Add(i);
            if (nodes[i].MergedIntoId is { } into && indexById.TryGetValue(into, out var j))
                (mergedLists[j] ??= []).Add(i);
        }
        // Kind, then the order the units were registered in: official lists put units in a deliberate
        // order (the Department of Science and Technology first), which an import preserves.
        Comparison<int> byKindThenRegistration = (a, b) =>
        {
            var c = nodes[a].Kind.CompareTo(nodes[b].Kind);
            return c != 0 ? c : nodes[a].Id.CompareTo(nodes[b].Id);
        };
        roots.Sort(byKindThenRegistration);
        _children = new int[n][];
        _mergedFrom = new int[n][];
        for (var i = 0; i < n; i++)
        {
            var list = childLists[i];
            if (list is null) _children[i] = [];
            else { list.Sort(byKindThenRegistration); _children[i] = [.. list]; }
            _mergedFrom[i] = mergedLists[i] is { } m ? [.. m] : [];
        }

        _level = new int[n];
        _preorder = new int[n];
        _start = new int[n];
        _end = new int[n];
        var pos = 0;
        // Iterative walk: a deep tree must not overflow the stack.
        var stack = new Stack<(int Node, int NextChild)>();
        foreach (var root in roots)
        {
            stack.Push((root, 0));
            _level[root] = 0;
            _start[root] = pos;
            _preorder[pos++] = root;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < _children[node].Length)
                {
                    stack.Push((node, next + 1));
                    var child = _children[node][next];
                    _level[child] = _level[node] + 1;
                    _start[child] = pos;
                    _preorder[pos++] = child;
                    stack.Push((child, 0));
                }
                else _end[node] = pos;
            }
        }

        _folded = new string[n];
        _foldedName = new string[n];
        _foldedShort = new string[n];
        for (var i = 0; i < n; i++)
        {
            _foldedName[i] = VietnameseText.Fold(nodes[i].Name);
            _foldedShort[i] = VietnameseText.Fold(StripKindPrefix(nodes[i].Name));
            _folded[i] = _foldedName[i] + " " + VietnameseText.Fold(nodes[i].Code);
        }
    }

    /// <summary>Builds the tree, or throws <see cref="OrgTreeException"/> naming every unknown parent,
    /// duplicate and cycle.</summary>
    public static OrgTree Build(IEnumerable<OrgNode> units)
    {
        var nodes = units.ToArray();
        var problems = new List<string>();
        var byId = new Dictionary<int, int>(nodes.Length);
        var byCode = new Dictionary<string, int>(nodes.Length, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < nodes.Length; i++)
        {
            if (!byId.TryAdd(nodes[i].Id, i)) problems.Add($"duplicate id {nodes[i].Id}");
            if (!byCode.TryAdd(nodes[i].Code, i)) problems.Add($"duplicate code {nodes[i].Code}");
        }
        var parent = new int[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            parent[i] = -1;
            if (nodes[i].ParentId is not { } p) continue;
            if (byId.TryGetValue(p, out var pi)) parent[i] = pi;
            else problems.Add($"{nodes[i].Code}: unknown parent id {p}");
        }
        foreach (var node in nodes)
            if (node.MergedIntoId is { } m && !byId.ContainsKey(m)) problems.Add($"{node.Code}: unknown merge target id {m}");
        // Cycles are looked for by id (codes may be duplicated here) and named by code.
        string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string Name(string key) => nodes[byId[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)]].Code;
        foreach (var cycle in Cycles.Find(nodes.Select(u => (Key(u.Id), u.ParentId is { } p && byId.ContainsKey(p) ? Key(p) : null))))
            problems.Add("cycle " + Describe(cycle.Select(Name).ToList()));
        foreach (var cycle in Cycles.Find(nodes.Select(u => (Key(u.Id), u.MergedIntoId is { } m && byId.ContainsKey(m) ? Key(m) : null))))
            problems.Add("merge cycle " + Describe(cycle.Select(Name).ToList()));
        if (problems.Count > 0) throw new OrgTreeException(problems);
        return new OrgTree(nodes, byId, byCode, parent);
    }

    // A cycle reads from its smallest code, so the same cycle is always described the same way.
    private static string Describe(List<string> cycle)
    {
        var min = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
        return string.Join(" → ", cycle.Skip(min).Concat(cycle.Take(min)));
    }

    /// <summary>How many units the tree holds, closed ones included.</summary>
    public int Count => _nodes.Length;

    /// <summary>The top-level units (those without a parent), by kind, then in order of registration.</summary>
    public IEnumerable<OrgNode> Roots => _preorder.Where(i => _parent[i] < 0).Select(i => _nodes[i]);

    /// <summary>All units in pre-order (parents before children).</summary>
    public IEnumerable<OrgNode> All => _preorder.Select(i => _nodes[i]);

    /// <summary>Whether the tree holds a unit with this id.</summary>
    public bool Contains(int id) => _indexById.ContainsKey(id);

    /// <summary>The unit with this id, or null when there is none.</summary>
    public OrgNode? Find(int id) => _indexById.TryGetValue(id, out var i) ? _nodes[i] : null;

    /// <summary>The unit with this code (case ignored), or null when there is none.</summary>
    public OrgNode? Find(string code) => _indexByCode.TryGetValue(code, out var i) ? _nodes[i] : null;

    /// <summary>The unit with this id; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public OrgNode Get(int id) => _nodes[Index(id)];

    /// <summary>The unit's parent, or null for a top-level unit.</summary>
    public OrgNode? Parent(int id) => _parent[Index(id)] is var p and >= 0 ? _nodes[p] : null;

    /// <summary>The units directly under this one, by kind, then in order of registration.</summary>
    public IReadOnlyList<OrgNode> Children(int id) => Array.ConvertAll(_children[Index(id)], i => _nodes[i]);

    /// <summary>How many units lie directly under this one.</summary>
    public int ChildCount(int id) => _children[Index(id)].Length;

    /// <summary>Depth below the root: the province is 0, a commune 1, a village 2.</summary>
    public int Level(int id) => _level[Index(id)];

    /// <summary>Ancestors from the root down to the parent (the unit itself excluded).</summary>
    public IReadOnlyList<OrgNode> Ancestors(int id)
    {
        var i = Index(id);
        var result = new List<OrgNode>(_level[i]);
        for (var p = _parent[i]; p >= 0; p = _parent[p]) result.Add(_nodes[p]);
        result.Reverse();
        return result;
    }

    /// <summary>The unit and everything under it, in pre-order.</summary>
    public IEnumerable<OrgNode> Subtree(int id)
    {
        var i = Index(id);
        for (var k = _start[i]; k < _end[i]; k++) yield return _nodes[_preorder[k]];
    }

    /// <summary>How many units the subtree holds, the unit itself included.</summary>
    public int SubtreeSize(int id) { var i = Index(id); return _end[i] - _start[i]; }

    /// <summary>True when <paramref name="id"/> is <paramref name="rootId"/> or lies under it.</summary>
    public bool IsWithin(int id, int rootId)
    {
        if (!_indexById.TryGetValue(id, out var i) || !_indexById.TryGetValue(rootId, out var r)) return false;
        return _start[r] <= _start[i] && _start[i] < _end[r];
    }

    /// <summary>Units merged directly into this one.</summary>
    public IReadOnlyList<OrgNode> MergedFrom(int id) => Array.ConvertAll(_mergedFrom[Index(id)], i => _nodes[i]);

    /// <summary>The unit that carries this unit's figures on <paramref name="day"/>: itself before its
    /// merger, else the unit it merged into (followed through successive mergers).</summary>
    public OrgNode MergeTarget(int id, DateOnly day)
    {
        var node = Get(id);
        // Merge chains are acyclic (checked at build), so this ends.
        while (node.MergedIntoId is { } into && (node.MergedOn ?? node.ClosedOn ?? DateOnly.MinValue) <= day)
            node = Get(into);
        return node;
    }

    /// <summary>Units whose name or code matches a query, ignoring case and Vietnamese diacritics;
    /// exact names first, then names starting with the query, then the rest; open units before closed.</summary>
    public IReadOnlyList<OrgNode> Search(string query, int limit = 50, OrgUnitKind? kind = null, int? withinId = null, DateOnly? openOn = null)
    {
        var folded = VietnameseText.Fold(query);
        var hits = new List<(int Rank, int Index)>();
        // Within a unit, only its pre-order range is walked.
        var (from, to) = withinId is { } w ? _indexById.TryGetValue(w, out var wi) ? (_start[wi], _end[wi]) : (0, 0) : (0, _preorder.Length);
        for (var k = from; k < to; k++)
        {
            var i = _preorder[k];
            var node = _nodes[i];
            if (kind is { } kd && node.Kind != kd) continue;
            if (!VietnameseText.MatchesFolded(_folded[i], folded)) continue;
            var (name, fullName) = (_foldedShort[i], _foldedName[i]);
            var rank = name == folded || fullName == folded ? 0
                : name.StartsWith(folded, StringComparison.Ordinal) || fullName.StartsWith(folded, StringComparison.Ordinal) ? 1
                : 2;
            if (openOn is { } day && !node.IsOpenOn(day)) rank += 3;
            hits.Add((rank, k));
        }
        return hits.OrderBy(h => h.Rank).ThenBy(h => h.Index).Take(limit).Select(h => _nodes[_preorder[h.Index]]).ToList();
    }

    private static readonly string[] KindPrefixes = ["Xã ", "Phường ", "Đặc khu ", "Thôn ", "Bản ", "Tổ dân phố ", "Tỉnh ", "Thành phố ", "Sở "];

    private static string StripKindPrefix(string name)
    {
        foreach (var prefix in KindPrefixes)
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return name[prefix.Length..];
        return name;
    }

    private int Index(int id) =>
        _indexById.TryGetValue(id, out var i) ? i : throw new KeyNotFoundException($"No unit with id {id}.");
}

/// <summary>Thrown when units cannot form a tree; <see cref="Problems"/> names each fault.</summary>
public sealed class OrgTreeException(IReadOnlyList<string> problems)
    : Exception("The units do not form a tree: " + string.Join("; ", problems))
{
    /// <summary>Each fault found: unknown parents or merge targets, duplicate ids or codes, and cycles.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
