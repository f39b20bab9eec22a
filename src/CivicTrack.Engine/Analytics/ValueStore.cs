using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Engine.Analytics;

/// <summary>A data element as the store needs it: identity, code, how its values combine, and whether they are
/// whole numbers (whose totals are exact; see <see cref="ValueBounds"/>).</summary>
public sealed record ElementDef(int Id, string Code, AggregationType Aggregation, bool Whole = false);

/// <summary>One stored value: a data element at the unit and period where it was reported.</summary>
public readonly record struct ValueRow(int ElementId, int UnitId, Period Period, double Value);

/// <summary>An aggregate answer: the value (null when nothing was reported) and how many values went into it.</summary>
public readonly record struct Aggregate(double? Value, int Count)
{
    /// <summary>The answer when nothing was reported: no value, from no values.</summary>
    public static readonly Aggregate None = new(null, 0);
}

/// <summary>Every data value in memory with its subtree totals kept current, so that any element for any
/// unit's subtree over any period range is answered without scanning the units below.</summary>
/// <remarks>
/// Per element and reported period there is one layer: for each unit that has data in its subtree, its own
/// value and the running subtree sum, count (and min/max when the element needs them). Writing a value walks
/// the unit's ancestors (four or five levels) adjusting their totals; a query reads one slot per period in the
/// range. Units are given slots per element only where data exists, so commune-level elements cost a few
/// thousand slots a layer even in a tree of sixty thousand villages. A value of a unit merged into another
/// is attributed, for periods starting on or after the merger, to the unit it merged into.
/// </remarks>
public sealed class ValueStore
{
    private readonly OrgTree _tree;
    private readonly Dictionary<int, int> _nodeById = [];
    private readonly int[] _nodeParent;
    private readonly bool[] _nodeMerged;   // the unit merged into another: its values may be carried elsewhere
    private readonly Dictionary<int, Column> _byId = [];
    private readonly Dictionary<string, Column> _byCode = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private long _version;

    /// <summary>An empty store for the units of <paramref name="tree"/> and the given data elements.</summary>
    public ValueStore(OrgTree tree, IEnumerable<ElementDef> elements)
    {
        _tree = tree;
        var all = tree.All.ToArray();
        _nodeParent = new int[all.Length];
        _nodeMerged = new bool[all.Length];
        for (var i = 0; i < all.Length; i++) { _nodeById[all[i].Id] = i; _nodeMerged[i] = all[i].MergedIntoId is not null; }
        for (var i = 0; i < all.Length; i++)
            _nodeParent[i] = all[i].ParentId is { } p && _nodeById.TryGetValue(p, out var pi) ? pi : -1;
        foreach (var e in elements) AddColumn(e);
    }

    /// <summary>The tree the store was built on; a changed tree needs a new store.</summary>
    public OrgTree Tree => _tree;

    /// <summary>Grows by one with every change; caches of derived figures compare it.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>How many values are stored.</summary>
    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _byId.Values.Sum(c => c.ValueCount); }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>The element with this code (case counts), or null when there is none.</summary>
    public ElementDef? Element(string code)
    {
        _lock.EnterReadLock();
        try { return _byCode.TryGetValue(code, out var c) ? c.Def : null; }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds an element, or changes its code or aggregation (its stored values are kept).</summary>
    public void Define(ElementDef def)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_byId.TryGetValue(def.Id, out var existing))
            {
                _byCode.Remove(existing.Def.Code);
                existing.Redefine(def);
                _byCode[def.Code] = existing;
            }
            else AddColumn(def);
            _version++;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Stores or replaces one value and updates every total above it. The value must be
    /// <see cref="ValueBounds.Storable"/> for the element.</summary>
    public void Set(int elementId, int unitId, Period period, double value)
    {
        _lock.EnterWriteLock();
        try
        {
            var column = ColumnOf(elementId);
            if (!ValueBounds.Storable(value, column.Def.Whole))
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{column.Def.Code}: a value must be finite, at most {(column.Def.Whole ? ValueBounds.WholeLimit : ValueBounds.Limit):E0} in size{(column.Def.Whole ? " and whole" : "")}.");
            column.Set(Attribute(unitId, period), period, value, propagate: true);
            _version++;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Removes one value; true when there was one.</summary>
    public bool Remove(int elementId, int unitId, Period period)
    {
        _lock.EnterWriteLock();
        try
        {
            var removed = ColumnOf(elementId).Remove(Attribute(unitId, period), period);
            if (removed) _version++;
            return removed;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>How many loaded values were left out because the store cannot hold them (stored before
    /// values were bounded): they never reach a total.</summary>
    public long Skipped { get; private set; }

    /// <summary>Stores many values at once: own values first, then one bottom-up pass per layer for the
    /// totals, which is much cheaper than walking ancestors value by value.</summary>
    public void Load(IEnumerable<ValueRow> rows)
    {
        _lock.EnterWriteLock();
        try
        {
            Column? column = null;
            foreach (var row in rows)
            {
                if (column is null || column.Def.Id != row.ElementId) column = ColumnOf(row.ElementId);
                if (!ValueBounds.Storable(row.Value, column.Def.Whole)) { Skipped++; continue; }
                column.Set(Attribute(row.UnitId, row.Period), row.Period, row.Value, propagate: false);
            }
            foreach (var c in _byId.Values) c.RecomputeTotals();
            _version++;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>The element's aggregate over a unit's subtree and every reported period lying wholly inside the range.</summary>
    public Aggregate Get(int elementId, int unitId, PeriodRange range)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_byId.TryGetValue(elementId, out var column) || !_nodeById.TryGetValue(unitId, out var node)) return Aggregate.None;
            return column.Get(node, range);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>The aggregate of the element with this code over a unit's subtree and every reported period lying wholly inside the range.</summary>
    public Aggregate Get(string elementCode, int unitId, PeriodRange range)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_byCode.TryGetValue(elementCode, out var column) || !_nodeById.TryGetValue(unitId, out var node)) return Aggregate.None;
            return column.Get(node, range);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Reads several figures under one lock, so they come from the same moment.</summary>
    public T Read<T>(Func<Reader, T> read)
    {
        _lock.EnterReadLock();
        try { return read(new Reader(this)); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Lock-free access for use inside <see cref="Read{T}"/>.</summary>
    public readonly struct Reader(ValueStore store)
    {
        /// <summary>As <see cref="ValueStore.Get(string, int, PeriodRange)"/>, under the lock <see cref="Read{T}"/> already holds.</summary>
        public Aggregate Get(string elementCode, int unitId, PeriodRange range) =>
            store._byCode.TryGetValue(elementCode, out var column) && store._nodeById.TryGetValue(unitId, out var node)
                ? column.Get(node, range) : Aggregate.None;

        /// <summary>As <see cref="ValueStore.Get(int, int, PeriodRange)"/>, under the lock <see cref="Read{T}"/> already holds.</summary>
        public Aggregate Get(int elementId, int unitId, PeriodRange range) =>
            store._byId.TryGetValue(elementId, out var column) && store._nodeById.TryGetValue(unitId, out var node)
                ? column.Get(node, range) : Aggregate.None;
    }

    private void AddColumn(ElementDef def)
    {
        var c = new Column(this, def);
        _byId[def.Id] = c;
        _byCode[def.Code] = c;
    }

    private Column ColumnOf(int elementId) =>
        _byId.TryGetValue(elementId, out var c) ? c : throw new KeyNotFoundException($"No data element with id {elementId}.");

    /// <summary>The unit's node and the node that carries its value for the period (itself, or the unit it merged into).</summary>
    private (int Node, int Carrier) Attribute(int unitId, Period period)
    {
        if (!_nodeById.TryGetValue(unitId, out var node)) throw new KeyNotFoundException($"No unit with id {unitId}.");
        if (!_nodeMerged[node]) return (node, node);
        var carrier = _tree.MergeTarget(unitId, period.Start).Id;
        return (node, carrier == unitId ? node : _nodeById[carrier]);
    }

    /// <summary>All values of one element.</summary>
    private sealed class Column(ValueStore store, ElementDef def)
    {
        private int[]? _slotOfNode;                 // node index → slot, -1 when the node has no data below it
        private int[] _slotParent = new int[16];
        private List<int>?[] _slotChildren = new List<int>?[16];
        private int _slots;
        // A merged unit's values after its merger sit in a slot of their own under the unit that carries them,
        // so they neither overwrite that unit's own values nor show in the old unit's figures.
        private readonly Dictionary<(int Node, int Carrier), int> _carried = [];
        private readonly Dictionary<Period, Layer> _layers = [];
        private Layer[] _sorted = [];                 // by period start, for range scans
        private Layer? _lastLayer;

        public ElementDef Def { get; private set; } = def;
        public long ValueCount { get; private set; }
        private bool TracksExtremes => Def.Aggregation is AggregationType.Min or AggregationType.Max;
        // Sums of fractions carry a compensation term; Min and Max never read their sums.
        private bool Compensated => !Def.Whole && !TracksExtremes;

        public void Redefine(ElementDef def)
        {
            var (extremes, compensated, whole) = (TracksExtremes, Compensated, Def.Whole);
            Def = def;
            var rebuild = extremes != TracksExtremes || compensated != Compensated || whole != Def.Whole;
            if (!rebuild) return;
            foreach (var layer in _layers.Values)
            {
                layer.EnsureExtremes(TracksExtremes, _slotParent.Length);
                layer.EnsureCarry(Compensated, _slotParent.Length);
                // Values of a whole-number element that no longer fit are dropped from memory (the database keeps them).
                if (Def.Whole)
                    for (var s = 0; s < _slots; s++)
                        if (!double.IsNaN(layer.Own[s]) && !ValueBounds.Storable(layer.Own[s], true)) { layer.Own[s] = double.NaN; ValueCount--; }
            }
            RecomputeTotals();
        }

        public void Set((int Node, int Carrier) at, Period period, double value, bool propagate)
        {
            var slot = EnsureSlot(at);
            var layer = EnsureLayer(period);
            var old = layer.Own[slot];
            if (double.IsNaN(old)) ValueCount++;
            else if (old.Equals(value)) return;
            layer.Own[slot] = value;
            if (!propagate) return;
            var added = double.IsNaN(old);
            for (var s = slot; s >= 0; s = _slotParent[s])
            {
                // Whole numbers: value - old is exact. Fractions: each side goes in compensated.
                if (layer.Carry is null) layer.Sum[s] += added ? value : value - old;
                else
                {
                    if (!added) layer.Add(s, -old);
                    layer.Add(s, value);
                }
                if (added) layer.Count[s] += 1;
            }
            if (TracksExtremes) FixExtremesUpward(layer, slot);
        }

        public bool Remove((int Node, int Carrier) at, Period period)
        {
            var slot = FindSlot(at);
            if (slot < 0) return false;
            if (!_layers.TryGetValue(period, out var layer)) return false;
            var old = layer.Own[slot];
            if (double.IsNaN(old)) return false;
            layer.Own[slot] = double.NaN;
            ValueCount--;
            for (var s = slot; s >= 0; s = _slotParent[s])
            {
                if (layer.Carry is null) layer.Sum[s] -= old; else layer.Add(s, -old);
                layer.Count[s] -= 1;
                // Exact zero once a subtree is empty: no drift left behind by additions and removals.
                if (layer.Count[s] == 0)
                {
                    layer.Sum[s] = 0;
                    if (layer.Carry is not null) layer.Carry[s] = 0;
                }
            }
            if (TracksExtremes) FixExtremesUpward(layer, slot);
            return true;
        }

        public Aggregate Get(int node, PeriodRange range)
        {
            if (_slotOfNode is null) return Aggregate.None;
            var slot = _slotOfNode[node];
            if (slot < 0) return Aggregate.None;
            var layers = _sorted;
            // First layer starting on or after the range start; layers are sorted by start.
            int lo = 0, hi = layers.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (layers[mid].Start < range.Start) lo = mid + 1; else hi = mid;
            }
            // Whole numbers add up exactly in 64 bits; fractions with a compensation term.
            long whole = 0;
            double sum = 0, carry = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            var count = 0;
            Layer? last = null;
            for (var i = lo; i < layers.Length; i++)
            {
                var layer = layers[i];
                if (layer.Start > range.End) break;
                if (layer.End > range.End) continue;
                var c = layer.Count[slot];
                if (c == 0) continue;
                count += c;
                if (layer.Carry is not null)
                {
                    Neumaier(ref sum, ref carry, layer.Sum[slot]);
                    carry += layer.Carry[slot];
                }
                else if (Def.Whole) whole += (long)layer.Sum[slot];
                else sum += layer.Sum[slot];
                if (layer.Min is not null)
                {
                    if (layer.Min[slot] < min) min = layer.Min[slot];
                    if (layer.Max![slot] > max) max = layer.Max[slot];
                }
                // The latest period; of two ending together, the shorter is the more recent report.
                if (last is null || layer.End > last.End || layer.End == last.End && layer.Start > last.Start)
                    last = layer;
            }
            if (count == 0) return Aggregate.None;
            var total = Def.Whole ? whole : sum + carry;
            return Def.Aggregation switch
            {
                AggregationType.Sum => new(total, count),
                AggregationType.Average => new(total / count, count),
                AggregationType.Last => new(last!.Sum[slot] + (last.Carry?[slot] ?? 0), last.Count[slot]),
                AggregationType.Min => new(min, count),
                AggregationType.Max => new(max, count),
                _ => throw new InvalidOperationException($"Unknown aggregation {Def.Aggregation}."),
            };
        }

        /// <summary>Rebuilds every total from the own values: children have higher slots than their parents.</summary>
        public void RecomputeTotals()
        {
            foreach (var layer in _layers.Values)
            {
                for (var s = 0; s < _slots; s++)
                {
                    var own = layer.Own[s];
                    var has = !double.IsNaN(own);
                    layer.Sum[s] = has ? own : 0;
                    layer.Count[s] = has ? 1 : 0;
                    if (layer.Carry is not null) layer.Carry[s] = 0;
                    if (layer.Min is not null)
                    {
                        layer.Min[s] = has ? own : double.PositiveInfinity;
                        layer.Max![s] = has ? own : double.NegativeInfinity;
                    }
                }
                for (var s = _slots - 1; s > 0; s--)
                {
                    var p = _slotParent[s];
                    if (p < 0 || layer.Count[s] == 0) continue;
                    if (layer.Carry is null) layer.Sum[p] += layer.Sum[s];
                    else
                    {
                        layer.Add(p, layer.Sum[s]);
                        layer.Carry[p] += layer.Carry[s];
                    }
                    layer.Count[p] += layer.Count[s];
                    if (layer.Min is not null)
                    {
                        if (layer.Min[s] < layer.Min[p]) layer.Min[p] = layer.Min[s];
                        if (layer.Max![s] > layer.Max[p]) layer.Max[p] = layer.Max[s];
                    }
                }
            }
        }

        private void FixExtremesUpward(Layer layer, int slot)
        {
            for (var s = slot; s >= 0; s = _slotParent[s])
            {
                var own = layer.Own[s];
                double min = double.IsNaN(own) ? double.PositiveInfinity : own, max = double.IsNaN(own) ? double.NegativeInfinity : own;
                if (_slotChildren[s] is { } children)
                    foreach (var c in children)
                    {
                        if (layer.Count[c] == 0) continue;
                        if (layer.Min![c] < min) min = layer.Min[c];
                        if (layer.Max![c] > max) max = layer.Max[c];
                    }
                layer.Min![s] = min;
                layer.Max![s] = max;
            }
        }

        private int FindSlot((int Node, int Carrier) at)
        {
            if (_slotOfNode is null) return -1;
            if (at.Node == at.Carrier) return _slotOfNode[at.Node];
            return _carried.TryGetValue(at, out var slot) ? slot : -1;
        }

        private int EnsureSlot((int Node, int Carrier) at)
        {
            if (at.Node == at.Carrier) return EnsureSlot(at.Node);
            if (_carried.TryGetValue(at, out var slot)) return slot;
            slot = NewSlot(EnsureSlot(at.Carrier));
            _carried[at] = slot;
            return slot;
        }

        private int NewSlot(int parentSlot)
        {
            var slot = _slots++;
            if (slot == _slotParent.Length) Grow(slot * 2);
            _slotParent[slot] = parentSlot;
            if (parentSlot >= 0) (_slotChildren[parentSlot] ??= []).Add(slot);
            return slot;
        }

        private int EnsureSlot(int node)
        {
            _slotOfNode ??= CreateSlotMap(store._nodeParent.Length);
            var slot = _slotOfNode[node];
            if (slot >= 0) return slot;
            // Parents get their slots first, so a child's slot is always higher than its parent's.
            var parentNode = store._nodeParent[node];
            var parentSlot = parentNode >= 0 ? EnsureSlot(parentNode) : -1;
            slot = NewSlot(parentSlot);
            _slotOfNode[node] = slot;
            return slot;
        }

        private static int[] CreateSlotMap(int nodes)
        {
            var map = new int[nodes];
            Array.Fill(map, -1);
            return map;
        }

        private void Grow(int capacity)
        {
            Array.Resize(ref _slotParent, capacity);
            Array.Resize(ref _slotChildren, capacity);
            foreach (var layer in _layers.Values) layer.Grow(capacity);
        }

        private Layer EnsureLayer(Period period)
        {
            // Loads and batches arrive grouped by period: the last layer is usually the one asked for.
            if (_lastLayer is { } lastLayer && lastLayer.Period == period) return lastLayer;
            if (_layers.TryGetValue(period, out var layer)) return _lastLayer = layer;
            layer = new Layer(period, _slotParent.Length, TracksExtremes, Compensated);
            _layers[period] = layer;
            _lastLayer = layer;
            // New periods are rare (a few a month), so the sorted view is rebuilt at once, under the write lock.
            var sorted = _layers.Values.ToArray();
            Array.Sort(sorted, (a, b) => a.Period.CompareTo(b.Period));
            _sorted = sorted;
            return layer;
        }
    }

    /// <summary>Adds <paramref name="x"/> to the running sum, keeping what rounding lost in <paramref name="carry"/>.</summary>
    private static void Neumaier(ref double sum, ref double carry, double x)
    {
        var t = sum + x;
        carry += Math.Abs(sum) >= Math.Abs(x) ? sum - t + x : x - t + sum;
        sum = t;
    }

    private sealed class Layer
    {
        public Layer(Period period, int capacity, bool extremes, bool carry)
        {
            Period = period;
            Start = period.Start;
            End = period.End;
            Own = new double[capacity];
            Array.Fill(Own, double.NaN);
            Sum = new double[capacity];
            Count = new int[capacity];
            EnsureExtremes(extremes, capacity);
            EnsureCarry(carry, capacity);
        }

        public Period Period { get; }
        // Cached: range scans compare them for every layer.
        public readonly DateOnly Start, End;
        public double[] Own;
        public double[] Sum;
        public int[] Count;
        public double[]? Min;
        public double[]? Max;
        /// <summary>What rounding took from each sum, for elements whose values may be fractions; null for whole numbers.</summary>
        public double[]? Carry;

        public void Add(int slot, double x) => Neumaier(ref Sum[slot], ref Carry![slot], x);

        public void EnsureCarry(bool carry, int capacity) => Carry = carry ? Carry ?? new double[capacity] : null;

        public void EnsureExtremes(bool extremes, int capacity)
        {
            if (!extremes) { Min = Max = null; return; }
            Min = new double[capacity];
            Max = new double[capacity];
        }

        public void Grow(int capacity)
        {
            var old = Own.Length;
            Array.Resize(ref Own, capacity);
            Array.Fill(Own, double.NaN, old, capacity - old);
            Array.Resize(ref Sum, capacity);
            Array.Resize(ref Count, capacity);
            if (Carry is not null) Array.Resize(ref Carry, capacity);
            if (Min is not null)
            {
                Array.Resize(ref Min, capacity);
                Array.Resize(ref Max, capacity);
                Array.Fill(Min, double.PositiveInfinity, old, capacity - old);
                Array.Fill(Max!, double.NegativeInfinity, old, capacity - old);
            }
        }
    }
}
