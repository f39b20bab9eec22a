using System.Security.Cryptography;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.OpenData;

/// <summary>How a column's figures read: counts, percentages, other numbers.</summary>
public enum OpenColumnFormat { Count, Percent, Number }

/// <summary>A column of a published table: an indicator, a data element or a reporting rate. Its name is a text in
/// several languages, or a resource key for the columns the product names itself.</summary>
public sealed record OpenColumn(string Code, LocalText? Name, string? NameKey, LocalText? Unit, OpenColumnFormat Format, int Decimals, bool CountsPeople);

/// <summary>A figure of a published table. <see cref="Suppressed"/>: withheld because it counts, or would let one recover,
/// fewer people or households than the threshold; the value is then never handed out.</summary>
public readonly record struct OpenCell(double? Value, bool Suppressed);

public sealed record OpenRow(string UnitCode, string UnitName, bool IsTotal, string Period, OpenCell[] Cells);

/// <summary>A dataset's figures as of one moment, the same for every format and language.</summary>
public sealed record OpenTable(IReadOnlyList<OpenColumn> Columns, IReadOnlyList<string> Periods, IReadOnlyList<OpenRow> Rows,
    DateTime Modified, string Hash, int SuppressedCount, int Threshold)
{
    public IEnumerable<OpenRow> InPeriod(string period) => Rows.Where(r => r.Period == period);
}

/// <summary>Computes a dataset's table from the live figures: the analytics store for indicator, dossier and household
/// datasets, the reporting rates for report forms. Aggregates only; small counts are suppressed (see docs/open-data.md).</summary>
public sealed class OpenDataTables(AnalyticsStore store, RatesService rates, AccessScopes scopes, IDbContextFactory<AppDb> dbFactory, IConfiguration config, TimeProvider clock)
{
    /// <summary>Counts under this (and above zero) are withheld. <c>OpenData:SuppressBelow</c>, default 5.</summary>
    public int Threshold => Math.Max(0, config.GetValue("OpenData:SuppressBelow", 5));

    /// <summary>Data elements count people or households when their unit (in English) is one of
    /// <c>OpenData:PersonUnits</c>, or their code is listed in <c>OpenData:PersonElements</c>.</summary>
    public bool CountsPeople(DataElement e)
    {
        var units = (config["OpenData:PersonUnits"] ?? "households,people").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var codes = (config["OpenData:PersonElements"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return codes.Contains(e.Code, StringComparer.Ordinal)
            || e.Unit.In("en") is { } unit && units.Contains(unit.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    public async Task<OpenTable> BuildAsync(OpenDataset d, DateOnly today, CancellationToken ct)
    {
        var periods = OpenDataQuery.Periods(d, today);
        var (columns, rows, modified) = d.Kind == OpenDatasetKind.ReportingRates
            ? await RatesAsync(d, periods, ct)
            : await ValuesAsync(d, periods, ct);
        var threshold = Threshold;
        var suppressed = Complement(rows, columns.Count);
        var latest = modified is { } m && m > d.ModifiedAt ? m : d.ModifiedAt;
        // A value stamped later than now (a clock set back, a demo run ahead) must not make the dataset look newer than it can be.
        var now = clock.GetUtcNow().UtcDateTime;
        if (latest > now) latest = now;
        return new OpenTable(columns, periods.Select(p => p.Id).ToList(), rows, DateTime.SpecifyKind(latest, DateTimeKind.Utc), Hash(columns, rows), suppressed, threshold);
    }

    private async Task<(List<OpenColumn>, List<OpenRow>, DateTime?)> ValuesAsync(OpenDataset d, IReadOnlyList<Period> periods, CancellationToken ct)
    {
        var snapshot = await store.GetAsync(ct);
        var catalog = snapshot.Catalog;
        var threshold = Threshold;
        var columns = new List<OpenColumn>();
        // Per column: the element read directly, or the indicator and the person-counting elements it is computed from.
        var plans = new List<(DataElement? Element, Indicator? Indicator, int[] Counting)>();
        foreach (var code in OpenDataQuery.List(d.Items))
        {
            if (catalog.IndicatorsByCode.TryGetValue(code, out var ind))
            {
                var refs = catalog.Formulas[ind.Id]?.References ?? [];
                var counting = refs.Select(r => catalog.ElementsByCode.GetValueOrDefault(r)).OfType<DataElement>().Where(CountsPeople).Select(e => e.Id).Distinct().ToArray();
                var percent = ind.Unit.In("en") == "%";
                columns.Add(new(ind.Code, ind.Name, null, ind.Unit, percent ? OpenColumnFormat.Percent : OpenColumnFormat.Number, ind.Decimals, counting.Length > 0));
                plans.Add((null, ind, counting));
            }
            else if (catalog.ElementsByCode.TryGetValue(code, out var el))
            {
                var counts = CountsPeople(el);
                var whole = el.ValueType is Engine.Analytics.ValueType.Integer;
                columns.Add(new(el.Code, el.Name, null, el.Unit, whole || counts ? OpenColumnFormat.Count : OpenColumnFormat.Number, whole ? 0 : 2, counts));
                plans.Add((el, null, counts ? [el.Id] : []));
            }
        }
        var units = Open(OpenDataQuery.Units(d, snapshot.Tree), periods);
        var rows = snapshot.Values.Read(r =>
        {
            var list = new List<OpenRow>(units.Count * periods.Count);
            foreach (var (unit, total) in units)
                foreach (var period in periods)
                {
                    var range = PeriodRange.Of(period);
                    var cells = new OpenCell[plans.Count];
                    for (var i = 0; i < plans.Count; i++)
                    {
                        var (element, indicator, counting) = plans[i];
                        double? value = null;
                        if (element is not null) value = r.Get(element.Id, unit.Id, range).Value;
                        else if (catalog.Formulas[indicator!.Id] is { } formula && formula.Evaluate(r, unit.Id, range).Value is { } x)
                            value = Math.Round(x, indicator.Decimals);
                        if (value is { } v && !double.IsFinite(v)) value = null;
                        var small = false;
                        foreach (var id in counting)
                            if (r.Get(id, unit.Id, range).Value is { } n && Small(n, threshold)) small = true;
                        cells[i] = small ? new OpenCell(null, true) : new OpenCell(value, false);
                    }
                    list.Add(new OpenRow(unit.Code, unit.Name, total, period.Id, cells));
                }
            return list;
        });
        var elementIds = plans.SelectMany(p => p.Element is { } e ? [e.Id]
            : catalog.Formulas[p.Indicator!.Id]?.References.Select(c => catalog.ElementsByCode.GetValueOrDefault(c)?.Id ?? 0) ?? []).Where(id => id > 0).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modified = elementIds.Count == 0 ? null
            : await db.DataValues.Where(v => elementIds.Contains(v.DataElementId)).MaxAsync(v => (DateTime?)v.UpdatedAt, ct);
        return (columns, rows, modified);
    }

    private async Task<(List<OpenColumn>, List<OpenRow>, DateTime?)> RatesAsync(OpenDataset d, IReadOnlyList<Period> periods, CancellationToken ct)
    {
        List<OpenColumn> columns =
        [
            new("expected", null, "Rates.Expected", null, OpenColumnFormat.Count, 0, false),
            new("submitted", null, "Rates.Submitted", null, OpenColumnFormat.Count, 0, false),
            new("on_time", null, "Rates.OnTime", null, OpenColumnFormat.Count, 0, false),
            new("completeness", null, "Rates.Completeness", LocalText.Of("%", "%", "%"), OpenColumnFormat.Percent, 1, false),
            new("timeliness", null, "Rates.Timeliness", LocalText.Of("%", "%", "%"), OpenColumnFormat.Percent, 1, false),
        ];
        var rows = new List<OpenRow>();
        if (periods.Count == 0) return (columns, rows, null);
        var form = OpenDataQuery.List(d.Items).FirstOrDefault() ?? "";
        var system = await scopes.SystemAsync(ct);
        var outcome = await rates.RatesAsync(system, form, d.UnitCode, $"{periods[0].Id}..{periods[^1].Id}", ct);
        if (outcome.Value is not { } result) return (columns, rows, null);
        var units = (d.IncludeTotal ? [result.Unit] : Enumerable.Empty<UnitRatesDto>()).Concat(result.Children);
        foreach (var u in units)
            foreach (var period in periods)
            {
                var rate = u.ByPeriod.GetValueOrDefault(period.Id) ?? new RateDto(0, 0, 0, null, null);
                rows.Add(new OpenRow(u.Unit, u.UnitName, ReferenceEquals(u, result.Unit), period.Id,
                [
                    new(rate.Expected, false), new(rate.Submitted, false), new(rate.OnTime, false),
                    new(rate.Completeness is { } c ? Math.Round(c * 100, 1) : null, false),
                    new(rate.Timeliness is { } tl ? Math.Round(tl * 100, 1) : null, false),
                ]));
            }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var modified = await db.Submissions.Where(s => db.ReportForms.Any(f => f.Id == s.FormId && f.Code == form)).MaxAsync(s => (DateTime?)s.UpdatedAt, ct);
        return (columns, rows, modified);
    }

    private static bool Small(double n, int threshold) => n > 0 && n < threshold;

    /// <summary>Units that existed at some time during the periods (a unit merged away before them has no row).</summary>
    private static List<(OrgNode Unit, bool Total)> Open(IReadOnlyList<(OrgNode Unit, bool Total)> units, IReadOnlyList<Period> periods)
    {
        if (periods.Count == 0) return [.. units];
        var first = periods[0].Start;
        var last = periods[^1].End;
        return units.Where(u => u.Total || (u.Unit.ClosedOn is not { } closed || closed > first) && (u.Unit.OpenedOn is not { } opened || opened <= last)).ToList();
    }

    /// <summary>Complementary suppression: where a total row is published and exactly one of the other rows of a column and
    /// period is suppressed, the smallest other published figure of that column and period is withheld too, so the
    /// suppressed one cannot be worked out as the total minus the rest. Returns how many cells are suppressed in all.</summary>
    private static int Complement(List<OpenRow> rows, int columns)
    {
        foreach (var group in rows.Where(r => !r.IsTotal).GroupBy(r => r.Period))
        {
            if (!rows.Any(r => r.IsTotal && r.Period == group.Key)) continue;
            var members = group.ToList();
            for (var c = 0; c < columns; c++)
            {
                if (members.Count(r => r.Cells[c].Suppressed) != 1) continue;
                var partner = members.Where(r => !r.Cells[c].Suppressed && r.Cells[c].Value is > 0).OrderBy(r => r.Cells[c].Value).FirstOrDefault();
                if (partner is not null) partner.Cells[c] = new OpenCell(null, true);
            }
        }
        return rows.Sum(r => r.Cells.Count(c => c.Suppressed));
    }

    private static string Hash(List<OpenColumn> columns, List<OpenRow> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> eight = stackalloc byte[8];
        foreach (var c in columns) hash.AppendData(System.Text.Encoding.UTF8.GetBytes(c.Code + "|"));
        foreach (var r in rows)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(r.UnitCode + "|" + r.UnitName + "|" + r.Period + "|"));
            foreach (var cell in r.Cells)
            {
                BitConverter.TryWriteBytes(eight, cell.Suppressed ? -1.0 : cell.Value ?? double.NaN);
                hash.AppendData(eight);
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..20];
    }
}
