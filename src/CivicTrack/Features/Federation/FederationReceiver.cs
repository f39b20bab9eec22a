using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Federation;

/// <summary>The national side of federation: a province's batch is checked whole (its units join the national tree under the
/// province, its values must all lie within the province), then stored in one transaction through the one write path of values;
/// a batch received before changes nothing.</summary>
public sealed class FederationReceiver(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, AnalyticsStore store, DataValueService values,
    AuditLog audit, TimeProvider clock, IStringLocalizer<FederationResource> t)
{
    public const int MaxUnits = 100_000;
    public const int MaxValues = 50_000;
    public const int MaxProblems = 100;

    public async Task<Outcome<FederationReceipt>> ReceiveAsync(AccessScope scope, FederationBatchDto? batch, CancellationToken ct)
    {
        if (batch is null) return Outcome<FederationReceipt>.Invalid("body", t["Fed.NoBody"]);
        var definitions = await store.DefinitionsAsync(ct);
        var tree = definitions.Tree;
        scope = scope.On(tree);
        var problems = new Problems();
        if (batch.Id is not { } id || id == Guid.Empty) problems.Add("id", t["Fed.NoId"]);
        var province = string.IsNullOrWhiteSpace(batch.Province) ? null : tree.Find(batch.Province.Trim());
        if (province is null || province.Kind != OrgUnitKind.Province || !scope.Covers(province))
            problems.Add("province", t["Fed.NotYourProvince", Short(batch.Province)]);
        if (problems.Any) return problems.Outcome();

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.FederationIncoming.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batch.Id, ct) is { } before)
                return before.ProvinceId == province!.Id
                    ? Outcome<FederationReceipt>.Ok(new(before.Id, province.Code, "unchanged", before.Units, before.Added, before.Updated, before.Deleted, before.Unchanged))
                    : Outcome<FederationReceipt>.Invalid("id", t["Fed.IdTaken"]);
        }

        var units = batch.Units ?? [];
        var list = batch.Values ?? [];
        var totals = batch.Totals ?? [];
        if (units.Count > MaxUnits) problems.Add("units", t["Fed.TooMany", MaxUnits]);
        if (list.Count > MaxValues) problems.Add("values", t["Fed.TooMany", MaxValues]);
        if (totals.Count > MaxValues) problems.Add("totals", t["Fed.TooMany", MaxValues]);
        if (problems.Any) return problems.Outcome();

        // Units: each is the province or lies under it, by the batch's own parents or the national tree's.
        var incoming = new Dictionary<string, (int Index, FederationUnit Unit, OrgUnitKind Kind)>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < units.Count; i++)
        {
            var at = $"units[{i}]";
            if (units[i] is not { } u) { problems.Add(at, t["Fed.Missing"]); continue; }
            var code = u.Code?.Trim();
            if (!Plain(code, 32)) { problems.Add($"{at}.code", t["Fed.BadCode", Short(u.Code)]); continue; }
            if (!Plain(u.Name?.Trim(), 200)) problems.Add($"{at}.name", t["Fed.BadName"]);
            if (!Enum.TryParse<OrgUnitKind>(u.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(u.Kind, out _))
                problems.Add($"{at}.kind", t["Fed.BadKind", Short(u.Kind)]);
            else if ((kind == OrgUnitKind.Province) != string.Equals(code, province!.Code, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{at}.kind", t["Fed.ProvinceKind"]);
            if (u.OpenedOn is { } o && u.ClosedOn is { } c && c < o) problems.Add($"{at}.closedOn", t["Fed.ClosedBeforeOpened"]);
            if (!incoming.TryAdd(code!, (i, u, kind))) problems.Add($"{at}.code", t["Fed.Duplicate", code!]);
            if (tree.Find(code!) is { } known && !tree.IsWithin(known.Id, province!.Id)) problems.Add($"{at}.code", t["Fed.OtherProvince", code!]);
        }
        foreach (var (code, (i, u, _)) in incoming)
        {
            if (string.Equals(code, province!.Code, StringComparison.OrdinalIgnoreCase)) continue;
            if (!ReachesProvince(code, incoming, tree, province)) problems.Add($"units[{i}].parent", t["Fed.OutsideProvince", Short(u.Parent), province.Code]);
            if (u.MergedInto is { Length: > 0 } into && !Inside(into.Trim(), incoming, tree, province))
                problems.Add($"units[{i}].mergedInto", t["Fed.OutsideProvince", Short(into), province.Code]);
        }

        // Values: a known element, a unit of this province, a period, a number that fits the element.
        var planned = new List<(string Unit, PlannedValue Value)>();
        var seen = new HashSet<(int, string, string)>();
        for (var i = 0; i < list.Count && problems.Count < MaxProblems; i++)
        {
            var at = $"values[{i}]";
            if (list[i] is not { } v) { problems.Add(at, t["Fed.Missing"]); continue; }
            var element = v.Element is null ? null : definitions.Catalog.ElementsByCode.GetValueOrDefault(v.Element.Trim());
            if (element is null) { problems.Add($"{at}.element", t["Fed.UnknownElement", Short(v.Element)]); continue; }
            var unit = v.Unit?.Trim();
            if (string.IsNullOrEmpty(unit) || !Inside(unit, incoming, tree, province!))
            { problems.Add($"{at}.unit", t["Fed.OutsideProvince", Short(v.Unit), province!.Code]); continue; }
            if (!Period.TryParse(v.Period?.Trim(), out var period)) { problems.Add($"{at}.period", t["Fed.BadPeriod", Short(v.Period)]); continue; }
            if (v.Value is { } number && values.CheckValue(element, number) is { } why) { problems.Add($"{at}.value", why); continue; }
            if (!seen.Add((element.Id, unit.ToUpperInvariant(), period.Id))) { problems.Add(at, t["Fed.DuplicateValue"]); continue; }
            planned.Add((unit, new PlannedValue(element, 0, period, v.Value, null)));
        }
        var reported = new List<(int Element, string Period, double? Value)>();
        for (var i = 0; i < totals.Count && problems.Count < MaxProblems; i++)
        {
            var at = $"totals[{i}]";
            if (totals[i] is not { } x) { problems.Add(at, t["Fed.Missing"]); continue; }
            var element = x.Element is null ? null : definitions.Catalog.ElementsByCode.GetValueOrDefault(x.Element.Trim());
            if (element is null) { problems.Add($"{at}.element", t["Fed.UnknownElement", Short(x.Element)]); continue; }
            if (!Period.TryParse(x.Period?.Trim(), out var period)) { problems.Add($"{at}.period", t["Fed.BadPeriod", Short(x.Period)]); continue; }
            if (x.Value is { } n && !double.IsFinite(n)) { problems.Add($"{at}.value", t["Fed.BadNumber"]); continue; }
            reported.Add((element.Id, period.Id, x.Value));
        }
        if (problems.Any) return problems.Outcome();

        var now = clock.GetUtcNow().UtcDateTime;
        var unitsChanged = false;
        var knownUnits = planned.Select(p => tree.Find(p.Unit)?.Id).OfType<int>().Distinct().ToList();
        try
        {
            var receipt = await store.CommitAsync(knownUnits, async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                (unitsChanged, var ids) = await ApplyUnitsAsync(db, incoming, now, ct);
                var write = planned.Select(p => p.Value with { Unit = ids.TryGetValue(p.Unit, out var id) ? id : tree.Find(p.Unit)!.Id }).ToList();
                var done = await values.WriteAsync(db, scope, write, ValueSource.Federation, ct);
                await UpsertTotalsAsync(db, province!.Id, batch.Id!.Value, reported, now, ct);
                db.FederationIncoming.Add(new FederationIncoming
                {
                    Id = batch.Id!.Value, ProvinceId = province.Id, ReceivedAt = now, SentAt = batch.MadeAt?.ToUniversalTime(), Units = incoming.Count,
                    Added = done.Added, Updated = done.Updated, Deleted = done.Deleted, Unchanged = done.Unchanged,
                });
                audit.Add(db, scope, AuditActions.Import, "FederationBatch", batch.Id.Value.ToString(), province.Id,
                    null, new { province = province.Code, units = incoming.Count, added = done.Added, updated = done.Updated, deleted = done.Deleted, changes = done.Changes });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (Receipt: new FederationReceipt(batch.Id.Value, province.Code, "stored", incoming.Count, done.Added, done.Updated, done.Deleted, done.Unchanged),
                    done.Applied);
            }, r => r.Applied, ct);
            return Outcome<FederationReceipt>.Ok(receipt.Receipt);
        }
        catch (DbUpdateException)
        {
            // The same batch arrived twice at once: the other request stored it.
            if (!await ReceivedAsync(batch.Id!.Value)) throw;
            return Outcome<FederationReceipt>.Ok(new(batch.Id!.Value, province!.Code, "unchanged", 0, 0, 0, 0, 0));
        }
        finally
        {
            if (unitsChanged) directory.Invalidate();
        }
    }

    private async Task<bool> ReceivedAsync(Guid id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.FederationIncoming.AnyAsync(b => b.Id == id);
    }

    /// <summary>Adds the units the national tree lacks and brings the others up to the province's registry; true when anything changed.</summary>
    private static async Task<(bool Changed, Dictionary<string, int> Ids)> ApplyUnitsAsync(AppDb db,
        Dictionary<string, (int Index, FederationUnit Unit, OrgUnitKind Kind)> incoming, DateTime now, CancellationToken ct)
    {
        if (incoming.Count == 0) return (false, new(StringComparer.OrdinalIgnoreCase));
        var codes = incoming.Keys.Select(c => c.ToUpperInvariant()).ToList();
        var existing = (await db.OrgUnits.Where(u => codes.Contains(u.Code.ToUpper())).ToListAsync(ct))
            .ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var changed = false;
        foreach (var (code, (_, u, kind)) in incoming)
        {
            var name = u.Name!.Trim();
            if (!existing.TryGetValue(code, out var row))
            {
                row = new OrgUnit { Code = code, Name = name, NameFolded = VietnameseText.Fold(name), Kind = kind, CreatedAt = now, UpdatedAt = now };
                db.OrgUnits.Add(row);
                existing[code] = row;
                changed = true;
            }
            else if (row.Name != name || row.Kind != kind)
            {
                (row.Name, row.NameFolded, row.Kind, row.UpdatedAt) = (name, VietnameseText.Fold(name), kind, now);
                changed = true;
            }
        }
        if (changed) await db.SaveChangesAsync(ct);
        foreach (var (code, (_, u, _)) in incoming)
        {
            var row = existing[code];
            int? parent = u.Parent is { Length: > 0 } p && existing.TryGetValue(p.Trim(), out var pr) ? pr.Id
                : u.Parent is { Length: > 0 } p2 ? await db.OrgUnits.Where(x => x.Code == p2.Trim()).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct) : null;
            if (row.Kind == OrgUnitKind.Province) parent = row.ParentId;
            int? merged = u.MergedInto is { Length: > 0 } m
                ? existing.TryGetValue(m.Trim(), out var mr) ? mr.Id : await db.OrgUnits.Where(x => x.Code == m.Trim()).Select(x => (int?)x.Id).FirstOrDefaultAsync(ct)
                : null;
            if (row.ParentId != parent || row.OpenedOn != u.OpenedOn || row.ClosedOn != u.ClosedOn || row.MergedIntoId != merged || row.MergedOn != u.MergedOn)
            {
                (row.ParentId, row.OpenedOn, row.ClosedOn, row.MergedIntoId, row.MergedOn, row.UpdatedAt) = (parent, u.OpenedOn, u.ClosedOn, merged, u.MergedOn, now);
                changed = true;
            }
        }
        await db.SaveChangesAsync(ct);
        return (changed, existing.ToDictionary(kv => kv.Key, kv => kv.Value.Id, StringComparer.OrdinalIgnoreCase));
    }

    private static async Task UpsertTotalsAsync(AppDb db, int province, Guid batch, List<(int Element, string Period, double? Value)> reported, DateTime now, CancellationToken ct)
    {
        if (reported.Count == 0) return;
        var elements = reported.Select(r => r.Element).Distinct().ToList();
        var periods = reported.Select(r => r.Period).Distinct().ToList();
        var rows = (await db.FederationTotals.Where(x => x.ProvinceId == province && elements.Contains(x.DataElementId) && periods.Contains(x.Period)).ToListAsync(ct))
            .ToDictionary(x => (x.DataElementId, x.Period));
        foreach (var (element, period, value) in reported)
        {
            if (!rows.TryGetValue((element, period), out var row))
                db.FederationTotals.Add(rows[(element, period)] = row = new FederationTotal { ProvinceId = province, DataElementId = element, Period = period });
            (row.Value, row.BatchId, row.ReceivedAt) = (value, batch, now);
        }
    }

    private static bool ReachesProvince(string code, Dictionary<string, (int Index, FederationUnit Unit, OrgUnitKind Kind)> incoming, OrgTree tree, OrgNode province)
    {
        var at = code;
        for (var depth = 0; depth < 16; depth++)
        {
            if (string.Equals(at, province.Code, StringComparison.OrdinalIgnoreCase)) return true;
            if (incoming.TryGetValue(at, out var u))
            {
                if (u.Unit.Parent is not { Length: > 0 } parent) return false;
                at = parent.Trim();
                continue;
            }
            return tree.Find(at) is { } known && tree.IsWithin(known.Id, province.Id);
        }
        return false;
    }

    /// <summary>The unit is the province or under it: in the national tree, or by the batch's own units.</summary>
    private static bool Inside(string code, Dictionary<string, (int Index, FederationUnit Unit, OrgUnitKind Kind)> incoming, OrgTree tree, OrgNode province) =>
        incoming.ContainsKey(code) ? ReachesProvince(code, incoming, tree, province) : tree.Find(code) is { } known && tree.IsWithin(known.Id, province.Id);

    /// <summary>Text fit to store: not empty, within the length, no control character and no lone UTF-16 surrogate.</summary>
    public static bool Plain(string? text, int max) =>
        !string.IsNullOrEmpty(text) && text.Length <= max && !ControlCharacters.InName(text) && !ControlCharacters.LoneSurrogate(text);

    /// <summary>A value as quoted back in a message: short, and never a lone surrogate or control character.</summary>
    private static string Short(string? text) =>
        text is null ? "" : new string([.. text.Take(40).Select(c => char.IsSurrogate(c) || char.IsControl(c) ? '?' : c)]);

    private sealed class Problems
    {
        private readonly Dictionary<string, string[]> _all = [];
        public bool Any => _all.Count > 0;
        public int Count => _all.Count;
        public void Add(string field, string message)
        {
            if (_all.Count < MaxProblems) _all.TryAdd(field, [message]);
        }
        public Outcome<FederationReceipt> Outcome() => Outcome<FederationReceipt>.Invalid(_all);
    }
}
