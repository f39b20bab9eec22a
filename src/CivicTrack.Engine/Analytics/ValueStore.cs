using System.Runtime.InteropServices;
using System.Text;
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

    /// <summary>The format of <see cref="Export"/>; a store written in another format is not read back.</summary>
    public const int ExportFormat = 1;
    private const int ExportMagic = 0x53565443; // "CTVS"

    /// <summary>Writes every element's slots and layers (own values and the totals above them) to
    /// <paramref name="stream"/>, so that <see cref="Import"/> gives back the same store without rebuilding any
    /// total. Each element is written under the read lock on its own: writers wait for one element at a time,
    /// never for the whole store. An element changed while another is written shows its later state, so a reader
    /// of the export replays every change made since the export began (which is harmless for the elements that
    /// already hold it).</summary>
    public void Export(Stream stream)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The store is exported on little-endian machines only.");
        int[] ids;
        _lock.EnterReadLock();
        try { ids = [.. _byId.Keys.Order()]; }
        finally { _lock.ExitReadLock(); }
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(ExportMagic);
        w.Write(ExportFormat);
        w.Write(_nodeParent.Length);
        w.Write(ids.Length);
        foreach (var id in ids)
        {
            _lock.EnterReadLock();
            try
            {
                if (_byId.TryGetValue(id, out var column)) { w.Write(true); column.Export(w); }
                else w.Write(false);
            }
            finally { _lock.ExitReadLock(); }
        }
        w.Write(Skipped);
        w.Write(ExportMagic);
        w.Flush();
    }

    /// <summary>A store for <paramref name="tree"/> and <paramref name="elements"/> filled from what <see cref="Export"/>
    /// wrote. The caller makes sure the export was made for the same tree and elements (see <see cref="TreeIdentity"/>
    /// and <see cref="ElementsIdentity"/>); an export that cannot be read throws <see cref="InvalidDataException"/>.</summary>
    public static ValueStore Import(Stream stream, OrgTree tree, IEnumerable<ElementDef> elements)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("The store is imported on little-endian machines only.");
        var store = new ValueStore(tree, elements);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (r.ReadInt32() != ExportMagic) throw new InvalidDataException("Not an exported value store.");
            if (r.ReadInt32() is var format && format != ExportFormat) throw new InvalidDataException($"Exported in format {format}, not {ExportFormat}.");
            if (r.ReadInt32() != store._nodeParent.Length) throw new InvalidDataException("Exported for a tree of another size.");
            var columns = r.ReadInt32();
            if (columns < 0) throw new InvalidDataException("A negative number of elements.");
            for (var i = 0; i < columns; i++)
            {
                if (!r.ReadBoolean()) continue;
                var id = r.ReadInt32();
                if (!store._byId.TryGetValue(id, out var column)) throw new InvalidDataException($"Exported with an element {id} that is not defined.");
                column.Import(r);
            }
            store.Skipped = r.ReadInt64();
            if (r.ReadInt32() != ExportMagic) throw new InvalidDataException("The export does not end where it should.");
        }
        catch (EndOfStreamException e) { throw new InvalidDataException("The export is cut short.", e); }
        catch (ArgumentOutOfRangeException e) { throw new InvalidDataException("The export holds a size out of range.", e); }
        catch (IndexOutOfRangeException e) { throw new InvalidDataException("The export holds a slot out of range.", e); }
        catch (OutOfMemoryException e) { throw new InvalidDataException("The export holds a size out of range.", e); }
        store._version++;
        return store;
    }

    /// <summary>A fingerprint of everything in the tree that places a value in the store: each unit's id, parent, kind and
    /// merger. A store exported for one tree is read back only for a tree of the same fingerprint.</summary>
    public static ulong TreeIdentity(OrgTree tree)
    {
        var h = new Fingerprint();
        foreach (var n in tree.All.OrderBy(n => n.Id))
        {
            h.Add(n.Id);
            h.Add(n.ParentId ?? -1);
            h.Add((int)n.Kind);
            h.Add(n.MergedIntoId ?? -1);
            h.Add(n.MergedOn?.DayNumber ?? -1);
        }
        return h.Value;
    }

    /// <summary>A fingerprint of the elements as the store keeps them: id, code, aggregation and whole numbers.</summary>
    public static ulong ElementsIdentity(IEnumerable<ElementDef> elements)
    {
        var h = new Fingerprint();
        foreach (var e in elements.OrderBy(e => e.Id))
        {
            h.Add(e.Id);
            h.Add((int)e.Aggregation);
            h.Add(e.Whole ? 1 : 0);
            foreach (var c in e.Code) h.Add(c);
            h.Add(-1);
        }
        return h.Value;
    }

    /// <summary>FNV-1a over 32-bit words: a fingerprint to tell one tree or catalogue from another, not a secure hash.</summary>
    private struct Fingerprint()
    {
        public ulong Value { get; private set; } = 14695981039346656037UL;

        public void Add(int x)
        {
            var v = Value;
            for (var i = 0; i < 4; i++) { v ^= (byte)(x >> (8 * i)); v *= 1099511628211UL; }
            Value = v;
        }
    }

    private static void WriteArray<T>(BinaryWriter w, T[] array, int count) where T : struct =>
        w.Write(MemoryMarshal.AsBytes(array.AsSpan(0, count)));

    private static void ReadArray<T>(BinaryReader r, T[] array, int count) where T : struct =>
        r.BaseStream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan(0, count)));

    private static int ReadCount(BinaryReader r, int max, string what)
    {
        var n = r.ReadInt32();
        if (n < 0 || n > max) throw new InvalidDataException($"{what}: {n} is out of range.");
        return n;
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

        public void Export(BinaryWriter w)
        {
            w.Write(Def.Id);
            w.Write(_slots);
            w.Write(ValueCount);
            w.Write(_slotOfNode is not null);
            if (_slotOfNode is not null) WriteArray(w, _slotOfNode, _slotOfNode.Length);
            WriteArray(w, _slotParent, _slots);
            w.Write(_carried.Count);
            foreach (var ((node, carrier), slot) in _carried) { w.Write(node); w.Write(carrier); w.Write(slot); }
            w.Write(_layers.Count);
            foreach (var layer in _sorted)
            {
                w.Write(layer.Period.Id);
                w.Write((byte)((layer.Min is not null ? 1 : 0) | (layer.Carry is not null ? 2 : 0)));
                WriteArray(w, layer.Own, _slots);
                WriteArray(w, layer.Sum, _slots);
                WriteArray(w, layer.Count, _slots);
                if (layer.Min is not null) { WriteArray(w, layer.Min, _slots); WriteArray(w, layer.Max!, _slots); }
                if (layer.Carry is not null) WriteArray(w, layer.Carry, _slots);
            }
        }

        /// <summary>Fills this empty column from <see cref="Export"/>'s output.</summary>
        public void Import(BinaryReader r)
        {
            var nodes = store._nodeParent.Length;
            // A slot per node, and more for merged nodes whose values are carried to others.
            var slots = ReadCount(r, 4 * nodes + 16, "slots");
            ValueCount = r.ReadInt64();
            var capacity = Math.Max(16, slots);
            _slotParent = new int[capacity];
            _slotChildren = new List<int>?[capacity];
            if (r.ReadBoolean())
            {
                _slotOfNode = new int[nodes];
                ReadArray(r, _slotOfNode, nodes);
                foreach (var s in _slotOfNode)
                    if (s < -1 || s >= slots) throw new InvalidDataException($"Slot {s} is out of range.");
            }
            ReadArray(r, _slotParent, slots);
            for (var s = 0; s < slots; s++)
            {
                var p = _slotParent[s];
                // Parents come before their children: the totals are rebuilt bottom-up on that order.
                if (p < -1 || p >= s) throw new InvalidDataException($"Slot {s} has the parent {p}.");
                if (p >= 0) (_slotChildren[p] ??= []).Add(s);
            }
            _slots = slots;
            var carried = ReadCount(r, slots, "carried slots");
            for (var i = 0; i < carried; i++)
            {
                int node = r.ReadInt32(), carrier = r.ReadInt32(), slot = r.ReadInt32();
                if (node < 0 || node >= nodes || carrier < 0 || carrier >= nodes || slot < 0 || slot >= slots)
                    throw new InvalidDataException("A carried slot is out of range.");
                _carried[(node, carrier)] = slot;
            }
            var layers = ReadCount(r, 1_000_000, "layers");
            for (var i = 0; i < layers; i++)
            {
                if (!Period.TryParse(r.ReadString(), out var period)) throw new InvalidDataException("A layer of an unknown period.");
                var flags = r.ReadByte();
                if ((flags & 1) != 0 != TracksExtremes || (flags & 2) != 0 != Compensated)
                    throw new InvalidDataException($"{Def.Code}: the layers were written for another aggregation.");
                var layer = new Layer(period, capacity, slots, TracksExtremes, Compensated);
                ReadArray(r, layer.Own, slots);
                ReadArray(r, layer.Sum, slots);
                ReadArray(r, layer.Count, slots);
                if (layer.Min is not null) { ReadArray(r, layer.Min, slots); ReadArray(r, layer.Max!, slots); }
                if (layer.Carry is not null) ReadArray(r, layer.Carry, slots);
                if (!_layers.TryAdd(period, layer)) throw new InvalidDataException($"Two layers of {period.Id}.");
            }
            var sorted = _layers.Values.ToArray();
            Array.Sort(sorted, (a, b) => a.Period.CompareTo(b.Period));
            _sorted = sorted;
            _lastLayer = null;
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

        /// <summary>A layer whose first <paramref name="filled"/> slots are about to be read in; the rest start empty.</summary>
        public Layer(Period period, int capacity, int filled, bool extremes, bool carry)
        {
            Period = period;
            Start = period.Start;
            End = period.End;
            // Not zeroed first: the filled slots are overwritten by the read, only the rest is set here.
            Own = Uninitialized(capacity, filled, double.NaN);
            Sum = Uninitialized(capacity, filled, 0d);
            Count = Uninitialized(capacity, filled, 0);
            if (extremes)
            {
                Min = Uninitialized(capacity, filled, double.PositiveInfinity);
                Max = Uninitialized(capacity, filled, double.NegativeInfinity);
            }
            if (carry) Carry = Uninitialized(capacity, filled, 0d);
        }

        private static T[] Uninitialized<T>(int capacity, int filled, T rest)
        {
            var array = GC.AllocateUninitializedArray<T>(capacity);
            Array.Fill(array, rest, filled, capacity - filled);
            return array;
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
