using System.Globalization;
using System.Text;
using System.Xml;
using CivicTrack.Data;
using CivicTrack.Engine.Interop;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Features.Interop;

/// <summary>DHIS2's import strategies.</summary>
public enum Dhis2ImportStrategy { CreateAndUpdate, Create, Update, Delete }

/// <summary>How a payload is read and applied: DHIS2's <c>dataElementIdScheme</c>, <c>orgUnitIdScheme</c>,
/// <c>idScheme</c> (for data sets, and for the other two when they are not given), <c>importStrategy</c>, <c>dryRun</c>, and
/// <c>atomicMode</c>: <c>NONE</c> (DHIS2's way: the good values are stored beside the conflicts) or <c>ALL</c> (nothing is stored
/// when any value is refused).</summary>
public sealed record Dhis2ImportOptions(Dhis2IdScheme DataElementIdScheme, Dhis2IdScheme OrgUnitIdScheme, Dhis2IdScheme IdScheme,
    Dhis2ImportStrategy ImportStrategy, bool DryRun, bool Atomic = false);

public sealed record Dhis2ImportCount(int Imported, int Updated, int Ignored, int Deleted);

/// <summary>A conflict as DHIS2 reports it: the offending identifier or value (<c>object</c>), the message, DHIS2's error code,
/// the property, and the positions of the values it concerns.</summary>
public sealed record Dhis2Conflict(string Object, string Value, string ErrorCode, string Property, IReadOnlyList<int> Indexes);

/// <summary>DHIS2's ImportSummary.</summary>
public sealed record Dhis2ImportSummary(string ResponseType, string Status, object ImportOptions, string Description, Dhis2ImportCount ImportCount,
    IReadOnlyList<Dhis2Conflict> Conflicts, IReadOnlyList<int> RejectedIndexes, string DataSetComplete);

/// <summary>The web message DHIS2 (2.38 and later) wraps an import summary in: HTTP status, status and message, the summary as <c>response</c>.</summary>
public sealed record Dhis2WebMessage(string HttpStatus, int HttpStatusCode, string Status, string Message, Dhis2ImportSummary Response);

/// <summary>Figures in and out in DHIS2's formats. An import resolves every value's identifiers, checks it, and stores the good
/// ones through the one write path of values (one transaction, the analytics store updated at once); each refused value is a
/// conflict that names it. Only the default category option combo exists here: a disaggregated value is a conflict, never summed.</summary>
public sealed class Dhis2DataValues(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, DataValueService values, Dhis2Ids ids, AuditLog audit)
{
    public const int MaxExportValues = 500_000;

    private sealed class Conflicts
    {
        private readonly Dictionary<(string Code, string Property, string Object), (string Message, List<int> Indexes)> _byKey = [];
        public readonly SortedSet<int> Rejected = [];
        public void Add(int index, string code, string property, string? obj, string message)
        {
            var key = (code, property, obj ?? "");
            if (!_byKey.TryGetValue(key, out var entry)) _byKey[key] = entry = (message, []);
            entry.Indexes.Add(index);
            Rejected.Add(index);
        }
        public List<Dhis2Conflict> ToList() => [.. _byKey.Select(kv => new Dhis2Conflict(kv.Key.Object, kv.Value.Message, kv.Key.Code, kv.Key.Property, kv.Value.Indexes))];
    }

    public async Task<Dhis2WebMessage> ImportAsync(AccessScope scope, IncomingSet set, Dhis2ImportOptions options, CancellationToken ct)
    {
        var lookup = await ids.LookupAsync(ct);
        var tree = lookup.Tree;
        scope = scope.On(tree);
        var conflicts = new Conflicts();
        if (set.DataSet is { Length: > 0 } dataSet && lookup.Form(dataSet, options.IdScheme) is null)
        {
            conflicts.Add(0, "E7600", "dataSet", dataSet, $"Data set not found or not accessible: `{dataSet}`");
            return Answer(options, new Dhis2ImportCount(0, 0, set.Values.Count, 0), conflicts, error: true);
        }
        var planned = new List<(int Index, PlannedValue Value)>();
        var at = new Dictionary<(int, int, Period), int>();
        var ignored = 0;
        foreach (var v in set.Values)
        {
            var i = v.Index;
            var element = lookup.Element(v.DataElement, options.DataElementIdScheme);
            if (element is null) { conflicts.Add(i, "E7610", "dataElement", v.DataElement, $"Data element not found or not accessible: `{v.DataElement}`"); continue; }
            Period period = default;
            if (!(v.AdxPeriod ? Dhis2Periods.TryFromAdx(v.Period, out period) : Dhis2Periods.TryFromDhis2(v.Period, out period)))
            { conflicts.Add(i, "E7611", "period", v.Period, $"Period not valid: `{v.Period}`"); continue; }
            var unit = lookup.Unit(v.OrgUnit, options.OrgUnitIdScheme);
            if (unit is null) { conflicts.Add(i, "E7612", "orgUnit", v.OrgUnit, $"Organisation unit not found or not accessible: `{v.OrgUnit}`"); continue; }
            if (!scope.Covers(unit))
            { conflicts.Add(i, "E7617", "orgUnit", v.OrgUnit, $"Organisation unit: `{v.OrgUnit}` not in hierarchy of current user: `{scope.DisplayName}`"); continue; }
            if (!Dhis2Lookup.IsDefaultCombo(v.CategoryOptionCombo))
            {
                conflicts.Add(i, "E7613", "categoryOptionCombo", v.CategoryOptionCombo,
                    $"Category option combo not found or not accessible for writing data: `{v.CategoryOptionCombo}` (only the default combo is stored; a disaggregated value is not summed into the total)");
                continue;
            }
            if (!Dhis2Lookup.IsDefaultCombo(v.AttributeOptionCombo))
            {
                conflicts.Add(i, "E7615", "attributeOptionCombo", v.AttributeOptionCombo,
                    $"Attribute option combo not found or not accessible for writing data: `{v.AttributeOptionCombo}` (only the default combo is stored)");
                continue;
            }
            double? number = null;
            var delete = v.Deleted || options.ImportStrategy == Dhis2ImportStrategy.Delete || string.IsNullOrWhiteSpace(v.Value);
            if (!delete)
            {
                var text = v.Value!.Trim();
                if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) number = 1;
                else if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) number = 0;
                else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)) number = parsed;
                var problem = number is { } n ? values.CheckValue(element, n) : "not a number";
                if (problem is not null)
                {
                    conflicts.Add(i, "E7619", "value", v.Value, $"Value must match data element's `{element.Code}` type constraints: {problem}");
                    continue;
                }
            }
            if (v.Comment is { Length: > 1000 }) { conflicts.Add(i, "E7620", "comment", v.Comment[..40] + "…", "Invalid comment: longer than 1000 characters"); continue; }
            var comment = string.IsNullOrWhiteSpace(v.Comment) ? null : v.Comment.Trim();
            // The same value twice in one payload: the later one counts, as DHIS2 applies them in order.
            if (at.TryGetValue((element.Id, unit.Id, period), out var earlier)) { planned[earlier] = (-1, planned[earlier].Value); ignored++; }
            at[(element.Id, unit.Id, period)] = planned.Count;
            planned.Add((i, new PlannedValue(element, unit.Id, period, number, comment)));
        }
        var kept = planned.Where(p => p.Index >= 0).ToList();

        // What is stored already decides what each strategy does, and an unchanged value is never refused.
        var stored = await StoredAsync(kept.Select(p => p.Value).ToList(), ct);
        var changes = new List<(int Index, PlannedValue Value)>();
        foreach (var (i, p) in kept)
        {
            stored.TryGetValue((p.Element.Id, p.Unit, p.Period.Id), out var row);
            var unchanged = p.Value is null ? row is null : row is not null && row.Value.Equals(p.Value.Value) && row.Comment == p.Comment;
            var skip = unchanged || options.ImportStrategy switch
            {
                Dhis2ImportStrategy.Create => row is not null,
                Dhis2ImportStrategy.Update => row is null,
                _ => false,
            };
            if (skip) ignored++;
            else changes.Add((i, p));
        }
        foreach (var (index, form) in await values.LockedByReportsAsync(changes.Select(c => c.Value).ToList(), ct))
        {
            var (i, p) = changes[index];
            conflicts.Add(i, "E7642", "value", p.Element.Code,
                $"Data already approved for data set: `{form}` period: `{Dhis2Periods.ToDhis2(p.Period)}` org unit: `{tree.Get(p.Unit).Code}`: it changes only through that report");
            changes[index] = (-1, p);
        }
        var write = changes.Where(c => c.Index >= 0).Select(c => c.Value).ToList();
        ignored += conflicts.Rejected.Count;
        if (options.Atomic && conflicts.Rejected.Count > 0)
            return Answer(options, new Dhis2ImportCount(0, 0, set.Values.Count, 0), conflicts, error: true);

        Dhis2ImportCount count;
        if (options.DryRun || write.Count == 0)
        {
            int imported = 0, updated = 0, deleted = 0;
            foreach (var p in write)
            {
                var exists = stored.ContainsKey((p.Element.Id, p.Unit, p.Period.Id));
                if (p.Value is null) deleted++;
                else if (exists) updated++;
                else imported++;
            }
            count = new(imported, updated, ignored, deleted);
        }
        else
        {
            count = await store.CommitAsync(write.Select(p => p.Unit).Distinct(), async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var done = await values.WriteAsync(db, scope, write, ValueSource.Import, ct);
                audit.Add(db, scope, AuditActions.Import, "DataValues", $"{done.Applied.Count}", null, null,
                    new { format = "dhis2", dataSet = set.DataSet, added = done.Added, updated = done.Updated, deleted = done.Deleted, changes = done.Changes });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return (Count: new Dhis2ImportCount(done.Added, done.Updated, ignored + done.Unchanged, done.Deleted), done.Applied);
            }, r => r.Applied, ct) switch { var r => r.Count };
        }
        return Answer(options, count, conflicts, error: false);
    }

    private async Task<Dictionary<(int, int, string), DataValue>> StoredAsync(IReadOnlyList<PlannedValue> planned, CancellationToken ct)
    {
        if (planned.Count == 0) return [];
        var elementIds = planned.Select(p => p.Element.Id).Distinct().ToList();
        var unitIds = planned.Select(p => p.Unit).Distinct().ToList();
        var periodIds = planned.Select(p => p.Period.Id).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var wanted = planned.Select(p => (p.Element.Id, p.Unit, p.Period.Id)).ToHashSet();
        return (await db.DataValues.AsNoTracking()
                .Where(v => elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periodIds.Contains(v.Period)).ToListAsync(ct))
            .Where(v => wanted.Contains((v.DataElementId, v.OrgUnitId, v.Period)))
            .ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period));
    }

    private static Dhis2WebMessage Answer(Dhis2ImportOptions options, Dhis2ImportCount count, Conflicts conflicts, bool error)
    {
        var list = conflicts.ToList();
        var status = error ? "ERROR" : list.Count > 0 ? "WARNING" : "SUCCESS";
        var summary = new Dhis2ImportSummary("ImportSummary", status, new
        {
            idSchemes = new
            {
                dataElementIdScheme = new { type = Scheme(options.DataElementIdScheme) },
                orgUnitIdScheme = new { type = Scheme(options.OrgUnitIdScheme) },
                idScheme = new { type = Scheme(options.IdScheme) },
            },
            dryRun = options.DryRun,
            importStrategy = Strategy(options.ImportStrategy),
            atomicMode = options.Atomic ? "ALL" : "NONE",
        }, error ? "Import process was aborted" : "Import process completed successfully", count, list, [.. conflicts.Rejected], "false");
        return list.Count == 0
            ? new("OK", 200, "OK", "Import was successful.", summary)
            : new("Conflict", 409, status, error ? "An error occurred, please check import summary." : "One more conflicts encountered, please check import summary.", summary);
    }

    public static string Scheme(Dhis2IdScheme scheme) => scheme switch { Dhis2IdScheme.Code => "CODE", Dhis2IdScheme.Name => "NAME", Dhis2IdScheme.Uid => "UID", _ => "AUTO" };

    public static string Strategy(Dhis2ImportStrategy s) => s switch
    {
        Dhis2ImportStrategy.Create => "CREATE",
        Dhis2ImportStrategy.Update => "UPDATE",
        Dhis2ImportStrategy.Delete => "DELETE",
        _ => "CREATE_AND_UPDATE",
    };

    /// <summary>One stored value, named for DHIS2.</summary>
    public sealed record ExportValue(string DataElement, string Period, Period Of, string OrgUnit, double Value, string? Comment, string? StoredBy, DateTime LastUpdated);

    /// <summary>The stored values of the form's data elements at the units (and with <paramref name="children"/> everything under
    /// them) for the periods or the dates, each named under the schemes; a value whose element or unit has no UID under the UID
    /// scheme is left out and counted. More than <see cref="MaxExportValues"/> values is refused (<c>TooMany</c>).</summary>
    public async Task<(IReadOnlyList<ExportValue> Values, int Unnamed, string? DataSetId, bool TooMany)> ExportAsync(AccessScope scope, Reporting.FormDefinition form,
        IReadOnlyList<OrgNode> units, bool children, IReadOnlyList<Period>? periods, (DateOnly From, DateOnly To)? dates,
        Dhis2IdScheme elementScheme, Dhis2IdScheme unitScheme, Dhis2IdScheme idScheme, Dhis2Lookup lookup, CancellationToken ct)
    {
        var tree = lookup.Tree;
        var unitIds = (children ? units.SelectMany(u => tree.Subtree(u.Id)) : units).Select(u => u.Id).Where(scope.Covers).Distinct().ToList();
        var elementIds = form.Fields.Select(f => f.Element.Id).Distinct().ToList();
        var periodIds = periods?.Select(p => p.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.DataValues.AsNoTracking().Where(v => elementIds.Contains(v.DataElementId));
        if (unitIds.Count <= 2_000) query = query.Where(v => unitIds.Contains(v.OrgUnitId));
        if (periodIds is not null) query = query.Where(v => periodIds.Contains(v.Period));
        var wantedUnits = unitIds.ToHashSet();
        var list = new List<ExportValue>();
        var unnamed = 0;
        await foreach (var v in query.OrderBy(v => v.OrgUnitId).ThenBy(v => v.Period).ThenBy(v => v.DataElementId).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!wantedUnits.Contains(v.OrgUnitId) || !Period.TryParse(v.Period, out var period)) continue;
            if (dates is { } d && (period.Start < d.From || period.End > d.To)) continue;
            var element = lookup.Catalog.ElementsById[v.DataElementId];
            var unit = tree.Get(v.OrgUnitId);
            var e = lookup.Id(Dhis2ObjectKind.DataElement, element.Code, element.Name, elementScheme);
            var u = lookup.Id(Dhis2ObjectKind.OrgUnit, unit.Code, Engine.Text.LocalText.Of(unit.Name), unitScheme);
            if (e is null || u is null) { unnamed++; continue; }
            if (list.Count >= MaxExportValues) return (list, unnamed, null, true);
            list.Add(new(e, Dhis2Periods.ToDhis2(period), period, u, v.Value, v.Comment, v.UpdatedBy, v.UpdatedAt));
        }
        return (list, unnamed, lookup.Id(Dhis2ObjectKind.DataSet, form.Form.Code, form.Form.Name, idScheme), false);
    }

    public static Dhis2DataValueSet ToJson(IReadOnlyList<ExportValue> list, string? dataSet, Dhis2IdScheme comboScheme) => new()
    {
        DataSet = dataSet,
        DataValues = [.. list.Select(v => (Dhis2DataValue?)new Dhis2DataValue
        {
            DataElement = v.DataElement, Period = v.Period, OrgUnit = v.OrgUnit,
            CategoryOptionCombo = Dhis2Lookup.DefaultCombo(comboScheme), AttributeOptionCombo = Dhis2Lookup.DefaultCombo(comboScheme),
            Value = System.Text.Json.JsonSerializer.SerializeToElement(v.Value.ToString(CultureInfo.InvariantCulture)),
            StoredBy = v.StoredBy, LastUpdated = v.LastUpdated.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture),
            Comment = v.Comment, Followup = false,
        })],
    };

    public static byte[] ToAdx(IReadOnlyList<ExportValue> list, string? dataSet, DateTime exported)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("adx", Dhis2Payload.AdxNamespace);
            w.WriteAttributeString("exported", exported.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            foreach (var group in list.GroupBy(v => (v.OrgUnit, v.Of)))
            {
                w.WriteStartElement("group", Dhis2Payload.AdxNamespace);
                w.WriteAttributeString("orgUnit", group.Key.OrgUnit);
                w.WriteAttributeString("period", Dhis2Periods.ToAdx(group.Key.Of));
                if (dataSet is not null) w.WriteAttributeString("dataSet", dataSet);
                foreach (var v in group)
                {
                    w.WriteStartElement("dataValue", Dhis2Payload.AdxNamespace);
                    w.WriteAttributeString("dataElement", v.DataElement);
                    w.WriteAttributeString("value", v.Value.ToString(CultureInfo.InvariantCulture));
                    if (v.Comment is not null) w.WriteElementString("annotation", Dhis2Payload.AdxNamespace, v.Comment);
                    w.WriteEndElement();
                }
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        return ms.ToArray();
    }
}
