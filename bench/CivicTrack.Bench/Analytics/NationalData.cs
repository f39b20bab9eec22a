using System.Globalization;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;

namespace CivicTrack.Bench.Analytics;

/// <summary>An indicator of the benchmark's framework; village ones read only village-level elements.</summary>
public sealed record IndicatorSpec(int Id, string Code, string Name, string Numerator, string? Denominator, double Factor, bool VillageLevel);

/// <summary>A deterministic national data set: one country root, its provinces, communes and villages, 150
/// commune-level and 10 village-level data elements with monthly values, and indicators over them.</summary>
/// <remarks>Every value is a pure function of (element, unit, month), so the same rows can be streamed to the
/// engine, to PostgreSQL and to SQLite without keeping a second copy. Values are whole numbers, so sums agree
/// exactly whatever order they are added in.</remarks>
public sealed class NationalData
{
    public const int RootId = 1;
    public const string RootCode = "VN";
    public const string RootName = "Việt Nam";
    public const int CommuneElementCount = 150;
    public const int VillageElementCount = 10;
    public const int CommuneMonths = 60;   // 2021-01..2025-12
    public const int VillageMonths = 24;   // 2024-01..2025-12
    public const int FirstYear = 2021;
    private const int VillageMonthOffset = 36; // 2024-01 is month 36 of the commune series

    private const ulong Seed = 0x5EED_C1_71C7_2025UL;

    public NationalData(bool quick)
    {
        Quick = quick;
        var communeCount = quick ? 332 : 3_321;
        var villageCount = quick ? 6_362 : 63_619;
        const int provinceCount = 34;

        var random = new Random(20251123);
        var units = new List<OrgNode>(1 + provinceCount + communeCount + villageCount)
        {
            new(RootId, RootCode, RootName, OrgUnitKind.Province, null),
        };
        var nextId = RootId + 1;
        Provinces = new int[provinceCount];
        for (var p = 0; p < provinceCount; p++)
        {
            Provinces[p] = nextId;
            units.Add(new(nextId++, $"P{p + 1:D2}", $"Tỉnh Số {p + 1:D2}", OrgUnitKind.Province, RootId));
        }
        var communesPer = Spread(communeCount, provinceCount, random);
        Communes = new int[communeCount];
        var c = 0;
        for (var p = 0; p < provinceCount; p++)
            for (var k = 0; k < communesPer[p]; k++, c++)
            {
                Communes[c] = nextId;
                units.Add(new(nextId++, $"C{c + 1:D4}", $"Xã Số {c + 1:D4}", c % 9 == 0 ? OrgUnitKind.Ward : OrgUnitKind.Commune, Provinces[p]));
            }
        var villagesPer = Spread(villageCount, communeCount, random);
        Villages = new int[villageCount];
        var v = 0;
        for (var i = 0; i < communeCount; i++)
            for (var k = 0; k < villagesPer[i]; k++, v++)
            {
                Villages[v] = nextId;
                units.Add(new(nextId++, $"V{v + 1:D5}", $"Thôn Số {v + 1:D5}", OrgUnitKind.Village, Communes[i]));
            }
        Units = units;
        Tree = OrgTree.Build(units);

        ParentOf = new int[nextId];
        foreach (var u in units) ParentOf[u.Id] = u.ParentId ?? 0;

        var elements = new List<ElementDef>(CommuneElementCount + VillageElementCount);
        for (var e = 1; e <= CommuneElementCount; e++)
            elements.Add(Element(e, $"E{e:D3}", CommuneAggregation(e)));
        for (var e = 1; e <= VillageElementCount; e++)
            elements.Add(Element(CommuneElementCount + e, $"V{e:D2}", VillageAggregation(e)));
        Elements = elements;
        Indicators = BuildIndicators(elements);

        Months = new Period[CommuneMonths];
        MonthIds = new string[CommuneMonths];
        for (var m = 0; m < CommuneMonths; m++)
        {
            Months[m] = Period.Month(FirstYear + m / 12, m % 12 + 1);
            MonthIds[m] = Months[m].Id;
        }
    }

    public bool Quick { get; }
    public IReadOnlyList<OrgNode> Units { get; }
    public OrgTree Tree { get; }
    public int[] Provinces { get; }
    public int[] Communes { get; }
    public int[] Villages { get; }
    /// <summary>Parent id by unit id (0 for the root).</summary>
    public int[] ParentOf { get; }
    public IReadOnlyList<ElementDef> Elements { get; }
    public IReadOnlyList<IndicatorSpec> Indicators { get; }
    public Period[] Months { get; }
    public string[] MonthIds { get; }

    public long CommuneValueCount => (long)Communes.Length * CommuneElementCount * CommuneMonths;
    public long VillageValueCount => (long)Villages.Length * VillageElementCount * VillageMonths;
    public long ValueCount => CommuneValueCount + VillageValueCount;

    public static bool IsVillageElement(int elementId) => elementId > CommuneElementCount;

    /// <summary>Every value, ordered by element, then month, then unit (the order monthly reports arrive in).</summary>
    public IEnumerable<(int ElementId, int UnitId, int Month, double Value)> Values()
    {
        foreach (var e in Elements)
        {
            var village = IsVillageElement(e.Id);
            var units = village ? Villages : Communes;
            var (from, to) = village ? (VillageMonthOffset, CommuneMonths) : (0, CommuneMonths);
            for (var m = from; m < to; m++)
                foreach (var u in units)
                    yield return (e.Id, u, m, ValueOf(e, u, m));
        }
    }

    /// <summary>The engine's rows, materialised so that loading can be timed apart from generating.</summary>
    public ValueRow[] Rows()
    {
        var rows = new ValueRow[ValueCount];
        var i = 0;
        foreach (var (e, u, m, value) in Values()) rows[i++] = new ValueRow(e, u, Months[m], value);
        return rows;
    }

    private static double ValueOf(ElementDef e, int unit, int month)
    {
        var perUnit = Hash((ulong)e.Id << 32 | (uint)unit);
        var perValue = Hash(perUnit ^ (ulong)(month + 1) * 0x9E37_79B9_7F4A_7C15UL);
        var village = IsVillageElement(e.Id);
        return e.Aggregation switch
        {
            // Flows (people trained, dossiers received): independent month to month.
            AggregationType.Sum => perValue % (village ? 40UL : 500UL),
            // Stocks (households, subscribers): a base per unit, growing slowly.
            AggregationType.Last => (village ? 50 + perUnit % 400 : 1_000 + perUnit % 7_000) + (ulong)month * 3 + perValue % 20,
            AggregationType.Average => perValue % 101,
            _ => perValue % 1_000,
        };
    }

    /// <summary>Whole-number elements as the app defines them from the value types in <c>BenchDatabase.ValueTypeOf</c>.</summary>
    private static ElementDef Element(int id, string code, AggregationType aggregation) =>
        new(id, code, aggregation, Whole: aggregation is AggregationType.Sum or AggregationType.Last);

    private static ulong Hash(ulong x)
    {
        // SplitMix64 finaliser.
        x += Seed;
        x = (x ^ (x >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>Half Sum, 30 % Last, 10 % Average, 5 % each Min and Max.</summary>
    private static AggregationType CommuneAggregation(int id) => ((id - 1) % 20) switch
    {
        < 10 => AggregationType.Sum,
        < 16 => AggregationType.Last,
        < 18 => AggregationType.Average,
        18 => AggregationType.Min,
        _ => AggregationType.Max,
    };

    private static AggregationType VillageAggregation(int n) => n switch
    {
        <= 6 => AggregationType.Sum,
        <= 9 => AggregationType.Last,
        _ => AggregationType.Average,
    };

    private static List<IndicatorSpec> BuildIndicators(List<ElementDef> elements)
    {
        string Ref(ElementDef e) => "#{" + e.Code + "}";
        var commune = elements.Where(e => !IsVillageElement(e.Id)).ToList();
        var sums = commune.Where(e => e.Aggregation == AggregationType.Sum).ToList();
        var stocks = commune.Where(e => e.Aggregation == AggregationType.Last).ToList();
        var averages = commune.Where(e => e.Aggregation == AggregationType.Average).ToList();
        var extremes = commune.Where(e => e.Aggregation is AggregationType.Min or AggregationType.Max).ToList();
        var list = new List<IndicatorSpec>();
        void Add(string name, string numerator, string? denominator, double factor, bool village = false)
        {
            var id = list.Count + 1;
            list.Add(new(id, string.Create(CultureInfo.InvariantCulture, $"IND{id:D2}"), name, numerator, denominator, factor, village));
        }
        for (var i = 0; i < 16; i++)
        {
            switch (i % 4)
            {
                case 0: Add($"Tỷ lệ {i + 1:D2} trên 100 hộ", Ref(sums[i]), Ref(stocks[i]), 100); break;
                case 1: Add($"Tổng {i + 1:D2} trên 1.000 hộ", $"({Ref(sums[i])} + {Ref(sums[i + 20])})", Ref(stocks[i]), 1_000); break;
                case 2: Add($"Tỷ trọng {i + 1:D2}", Ref(sums[i]), $"{Ref(sums[i])} + {Ref(sums[i + 40])}", 100); break;
                default: Add($"Chỉ số {i + 1:D2}", i % 8 == 3 ? Ref(averages[i % averages.Count]) : Ref(extremes[i % extremes.Count]), null, 1); break;
            }
        }
        var v = elements.Where(e => IsVillageElement(e.Id)).ToList();
        Add("Tỷ lệ thôn 1", Ref(v[0]), Ref(v[6]), 100, village: true);
        Add("Tỷ lệ thôn 2", $"{Ref(v[1])} + {Ref(v[2])}", Ref(v[7]), 100, village: true);
        Add("Tỷ trọng thôn 3", Ref(v[3]), $"{Ref(v[3])} + {Ref(v[4])}", 100, village: true);
        Add("Chỉ số thôn 4", Ref(v[9]), null, 1, village: true);
        return list;
    }

    /// <summary>Splits <paramref name="total"/> over <paramref name="parts"/> unevenly (weights 0.4–1.6), at least one each.</summary>
    private static int[] Spread(int total, int parts, Random random)
    {
        var weights = new double[parts];
        for (var i = 0; i < parts; i++) weights[i] = 0.4 + 1.2 * random.NextDouble();
        var sum = weights.Sum();
        var counts = new int[parts];
        var given = 0;
        for (var i = 0; i < parts; i++)
        {
            counts[i] = Math.Max(1, (int)Math.Floor(total * weights[i] / sum));
            given += counts[i];
        }
        for (var i = 0; given != total; i = (i + 1) % parts)
        {
            if (given < total) { counts[i]++; given++; }
            else if (counts[i] > 1) { counts[i]--; given--; }
        }
        return counts;
    }
}
