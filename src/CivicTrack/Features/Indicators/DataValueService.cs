using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Indicators;

/// <summary>One value to store; a null value removes the stored one.</summary>
public sealed record DataValueInput(string? Element, string? Unit, string? Period, double? Value, string? Comment = null);
public sealed record DataValueBatch(IReadOnlyList<DataValueInput?>? Values);
/// <summary>What a stored batch changed.</summary>
public sealed record DataValueCounts(int Added, int Updated, int Deleted, int Unchanged);

/// <summary>A refused item of a batch: its position (0-based), the field and why. In an outcome's problems its key is
/// <c>values[3].unit</c>, <c>values[3]</c> for the item as a whole, or <c>values</c> for the batch.</summary>
public sealed record DataValueProblem(int Index, string Field, string Message)
{
    public static string Key(int? index = null, string? field = null) =>
        index is null ? "values" : field is null ? $"values[{index}]" : $"values[{index}].{field}";

    /// <summary>The refused items named by an outcome's problems, in their order.</summary>
    public static IReadOnlyList<DataValueProblem> From(IReadOnlyDictionary<string, string[]> problems) =>
        [.. problems.SelectMany(p => p.Value.Select(message => Parse(p.Key, message)))];

    private static DataValueProblem Parse(string key, string message)
    {
        if (!key.StartsWith("values[", StringComparison.Ordinal)) return new(0, "values", message);
        var close = key.IndexOf(']');
        var index = int.Parse(key.AsSpan(7, close - 7), System.Globalization.CultureInfo.InvariantCulture);
        return new(index, close + 2 < key.Length ? key[(close + 2)..] : "values", message);
    }
}

/// <summary>The answer to a batch of values: whether it was stored, what it changed, and every refused item.</summary>
public sealed record DataValueResult(bool Applied, int Added, int Updated, int Deleted, int Unchanged, IReadOnlyList<DataValueProblem> Problems)
{
    public static DataValueResult Of(Outcome<DataValueCounts> outcome) => outcome.Value is { } c
        ? new(true, c.Added, c.Updated, c.Deleted, c.Unchanged, [])
        : new(false, 0, 0, 0, 0, DataValueProblem.From(outcome.Problems));
}
/// <summary>A checked value about to be written; a null value removes the stored one.</summary>
public sealed record PlannedValue(DataElement Element, int Unit, Period Period, double? Value, string? Comment);
/// <summary>What a write did: counts, the changes for the store, and a sample of them for the audit entry.</summary>
public sealed record ValueWrite(int Added, int Updated, int Deleted, int Unchanged, List<(int ElementId, int UnitId, Period Period, double? Value)> Applied, List<object> Changes);
public sealed record DataValueDto(string Element, string Unit, string Period, double Value, string Source, string? Comment, DateTime UpdatedAt, string? UpdatedBy);

/// <summary>Writes data values: the whole batch is checked first, then stored in one transaction and applied to
/// the analytics store at once, so every figure that depends on them is current on the next read.</summary>
public sealed class DataValueService(IDbContextFactory<AppDb> dbFactory, AnalyticsStore store, AuditLog audit, TimeProvider clock, IStringLocalizer<Resources.SharedResource> t,
    Reporting.FormService reportForms, Shared.Instances.ChangeJournal journal)
{
    public const int MaxBatch = 10_000;

    /// <summary>Stores a batch, or refuses it with every refused item named by its <see cref="DataValueProblem.Key"/>.</summary>
    public async Task<Outcome<DataValueCounts>> PutAsync(AccessScope scope, DataValueBatch batch, ValueSource source, CancellationToken ct)
    {
        var items = batch.Values ?? [];
        var snapshot = await store.GetAsync(ct);
        var tree = snapshot.Tree;
        var catalog = snapshot.Catalog;
        var problems = new FieldProblems();
        if (items.Count == 0) problems.Add(DataValueProblem.Key(), t["Data.Empty"]);
        if (items.Count > MaxBatch) problems.Add(DataValueProblem.Key(), t["Data.TooMany", MaxBatch]);
        var planned = new List<PlannedValue>();
        var seen = new HashSet<(int, int, Period)>();
        for (var i = 0; i < items.Count && problems.Count < 200; i++)
        {
            var item = items[i];
            if (item is null) { problems.Add(DataValueProblem.Key(i), t["Data.NullItem"]); continue; }
            var before = problems.Count;
            DataElement? element = null;
            if (string.IsNullOrWhiteSpace(item.Element) || !catalog.ElementsByCode.TryGetValue(item.Element.Trim(), out element))
                problems.Add(DataValueProblem.Key(i, "element"), t["Data.UnknownElement", item.Element ?? ""]);
            var unit = string.IsNullOrWhiteSpace(item.Unit) ? null : tree.Find(item.Unit.Trim());
            if (unit is null || !scope.Covers(unit)) problems.Add(DataValueProblem.Key(i, "unit"), t["Data.UnknownUnit", item.Unit ?? ""]);
            if (!Period.TryParse(item.Period, out var period, out var periodError))
                problems.Add(DataValueProblem.Key(i, "period"), t["Data.BadPeriod", item.Period ?? "", periodError ?? ""]);
            if (element is not null && item.Value is { } v && CheckValue(element, v) is { } valueProblem)
                problems.Add(DataValueProblem.Key(i, "value"), valueProblem);
            if (item.Comment is { Length: > 1000 }) problems.Add(DataValueProblem.Key(i, "comment"), t["Data.CommentTooLong", 1000]);
            if (problems.Count > before) continue;
            if (!seen.Add((element!.Id, unit!.Id, period)))
            {
                problems.Add(DataValueProblem.Key(i, "period"), t["Data.Duplicate", element.Code, unit.Code, period.Id]);
                continue;
            }
            planned.Add(new(element, unit.Id, period, item.Value, string.IsNullOrWhiteSpace(item.Comment) ? null : item.Comment.Trim()));
        }
        if (problems.Count == 0) await RefuseReportedAsync(planned, tree, problems, ct);
        if (problems.Count > 0) return Outcome<DataValueCounts>.Invalid(problems.ByField());

        return await store.CommitAsync(planned.Select(p => p.Unit).Distinct(), async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var write = await WriteAsync(db, scope, planned, source, ct);
            if (write.Applied.Count > 0)
            {
                var units = planned.Select(p => p.Unit).Distinct().ToList();
                audit.Add(db, scope, AuditActions.Update, "DataValues", $"{write.Applied.Count}", units.Count == 1 ? units[0] : null, null,
                    new { source = source.ToString(), added = write.Added, updated = write.Updated, deleted = write.Deleted, changes = write.Changes });
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return (Result: Outcome<DataValueCounts>.Ok(new(write.Added, write.Updated, write.Deleted, write.Unchanged)), write.Applied);
        }, r => r.Applied, ct) switch { var r => r.Result };
    }

    /// <summary>A value that belongs to a report already submitted or approved is changed only through that report (after it is
    /// returned), so an approved report stays as it was approved.</summary>
    private async Task RefuseReportedAsync(List<PlannedValue> planned, Engine.Organisation.OrgTree tree,
        FieldProblems problems, CancellationToken ct)
    {
        // Called only when every item was accepted, so the planned values are the items in their order.
        foreach (var (i, form) in await LockedByReportsAsync(planned, ct))
        {
            var p = planned[i];
            problems.Add(DataValueProblem.Key(i, "value"), t["Data.InSubmittedReport", p.Element.Code, tree.Get(p.Unit).Code, p.Period.Id, form]);
        }
    }

    /// <summary>The planned values (by position) that belong to a report already submitted or approved, with that report's form code.</summary>
    public async Task<IReadOnlyList<(int Index, string Form)>> LockedByReportsAsync(IReadOnlyList<PlannedValue> planned, CancellationToken ct)
    {
        if (planned.Count == 0) return [];
        var units = planned.Select(p => p.Unit).Distinct().ToList();
        var periods = planned.Select(p => p.Period.Id).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sent = await db.Submissions.AsNoTracking()
            .Where(x => (x.State == Engine.Reporting.SubmissionState.Submitted || x.State == Engine.Reporting.SubmissionState.Approved)
                && units.Contains(x.OrgUnitId) && periods.Contains(x.Period))
            .Select(x => new { x.FormId, x.OrgUnitId, x.Period }).ToListAsync(ct);
        if (sent.Count == 0) return [];
        var forms = (await reportForms.DefinitionsAsync(ct)).ToDictionary(d => d.Form.Id);
        var locked = new Dictionary<(int Element, int Unit, string Period), string>();
        foreach (var x in sent)
            if (forms.TryGetValue(x.FormId, out var def))
                foreach (var (_, element) in def.Fields)
                    locked.TryAdd((element.Id, x.OrgUnitId, x.Period), def.Form.Code);
        var result = new List<(int, string)>();
        for (var i = 0; i < planned.Count; i++)
            if (locked.TryGetValue((planned[i].Element.Id, planned[i].Unit, planned[i].Period.Id), out var form)) result.Add((i, form));
        return result;
    }

    /// <summary>Adds, changes or removes the planned values in <paramref name="db"/>, inside the caller's transaction (the
    /// caller saves and commits, then applies <see cref="ValueWrite.Applied"/> to the analytics store).</summary>
    /// <param name="existing">The stored rows of the planned values, tracked by <paramref name="db"/>, when the caller has read them already.</param>
    public async Task<ValueWrite> WriteAsync(AppDb db, AccessScope scope, IReadOnlyList<PlannedValue> planned, ValueSource source, CancellationToken ct,
        Dictionary<(int DataElementId, int OrgUnitId, string Period), DataValue>? existing = null)
    {
        if (existing is null)
        {
            var elementIds = planned.Select(p => p.Element.Id).Distinct().ToList();
            var unitIds = planned.Select(p => p.Unit).Distinct().ToList();
            var periodIds = planned.Select(p => p.Period.Id).Distinct().ToList();
            existing = (await db.DataValues
                    .Where(v => elementIds.Contains(v.DataElementId) && unitIds.Contains(v.OrgUnitId) && periodIds.Contains(v.Period))
                    .ToListAsync(ct))
                .ToDictionary(v => (v.DataElementId, v.OrgUnitId, v.Period));
        }
        int added = 0, updated = 0, deleted = 0, unchanged = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        var changes = new List<object>();
        var applied = new List<(int, int, Period, double?)>();
        var inserts = new List<DataValue>();
        foreach (var (element, unit, period, value, comment) in planned)
        {
            existing.TryGetValue((element.Id, unit, period.Id), out var row);
            if (value is null)
            {
                if (row is null) { unchanged++; continue; }
                db.DataValues.Remove(row);
                deleted++;
            }
            else if (row is null)
            {
                inserts.Add(new DataValue
                {
                    DataElementId = element.Id, OrgUnitId = unit, Period = period.Id, Value = value.Value, Source = source,
                    Comment = comment, UpdatedAt = now, UpdatedBy = scope.DisplayName,
                });
                added++;
            }
            else if (row.Value.Equals(value.Value) && row.Comment == comment) { unchanged++; continue; }
            else
            {
                row.Value = value.Value;
                row.Comment = comment;
                row.Source = source;
                row.UpdatedAt = now;
                row.UpdatedBy = scope.DisplayName;
                updated++;
            }
            applied.Add((element.Id, unit, period, value));
            if (changes.Count < 500)
                changes.Add(new { element = element.Code, unit = scope.Tree.Find(unit)?.Code, period = period.Id, before = row?.Value, after = value });
        }
        await InsertAsync(db, inserts, ct);
        // Other instances on the same PostgreSQL read these keys again once the caller's transaction commits.
        await journal.RecordValuesAsync(db, applied, ct);
        return new ValueWrite(added, updated, deleted, unchanged, applied, changes);
    }

    /// <summary>New values go in with multi-row INSERT statements in the caller's transaction, outside change tracking:
    /// a report's fifty values are one statement instead of fifty.</summary>
    private static async Task InsertAsync(AppDb db, List<DataValue> rows, CancellationToken ct)
    {
        const int perStatement = 500;
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var chunk = rows.GetRange(start, Math.Min(perStatement, rows.Count - start));
            var sql = new System.Text.StringBuilder("INSERT INTO data_values (\"DataElementId\", \"OrgUnitId\", \"Period\", \"Value\", \"Source\", \"Comment\", \"UpdatedAt\", \"UpdatedBy\") VALUES ");
            var args = new object?[chunk.Count * 8];
            for (var i = 0; i < chunk.Count; i++)
            {
                var r = chunk[i];
                var p = i * 8;
                if (i > 0) sql.Append(", ");
                sql.Append('(');
                for (var k = 0; k < 8; k++) sql.Append(k == 0 ? "" : ", ").Append('{').Append(p + k).Append('}');
                sql.Append(')');
                (args[p], args[p + 1], args[p + 2], args[p + 3], args[p + 4], args[p + 5], args[p + 6], args[p + 7]) =
                    (r.DataElementId, r.OrgUnitId, r.Period, r.Value, r.Source.ToString(), r.Comment, r.UpdatedAt, r.UpdatedBy);
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), args!, ct);
        }
    }

    /// <summary>Values stored at a unit (and, when asked, everything under it), optionally for some elements and a period range.</summary>
    public async Task<IReadOnlyList<DataValueDto>?> ListAsync(AccessScope scope, string unitCode, IReadOnlyCollection<string>? elements, PeriodRange? range,
        bool subtree, int limit, CancellationToken ct)
    {
        var snapshot = await store.DefinitionsAsync(ct);
        var unit = snapshot.Tree.Find(unitCode);
        if (unit is null || !scope.Covers(unit)) return null;
        var unitIds = subtree ? snapshot.Tree.Subtree(unit.Id).Select(u => u.Id).ToList() : [unit.Id];
        var elementIds = elements is { Count: > 0 }
            ? elements.Select(c => snapshot.Catalog.ElementsByCode.GetValueOrDefault(c)?.Id ?? -1).ToList()
            : null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.DataValues.AsNoTracking().Where(v => unitIds.Contains(v.OrgUnitId));
        if (elementIds is not null) query = query.Where(v => elementIds.Contains(v.DataElementId));
        var rows = await query.OrderBy(v => v.OrgUnitId).ThenBy(v => v.DataElementId).ThenBy(v => v.Period).ToListAsync(ct);
        return rows
            .Where(v => range is not { } r || Period.TryParse(v.Period, out var p) && r.Contains(p))
            .Take(Math.Clamp(limit, 1, 50_000))
            .Select(v => new DataValueDto(snapshot.Catalog.ElementsById.TryGetValue(v.DataElementId, out var e) ? e.Code : "?",
                snapshot.Tree.Find(v.OrgUnitId)?.Code ?? "?", v.Period, v.Value, v.Source.ToString(), v.Comment, v.UpdatedAt, v.UpdatedBy))
            .ToList();
    }

    /// <summary>Why a value does not fit the element's type and range, or null when it does.</summary>
    public string? CheckValue(DataElement element, double value)
    {
        if (!double.IsFinite(value)) return t["Data.NotANumber"].Value;
        var type = element.ValueType switch
        {
            Engine.Analytics.ValueType.Integer when value != Math.Floor(value) => t["Data.NotWhole", value].Value,
            Engine.Analytics.ValueType.Boolean when value is not (0 or 1) => t["Data.NotYesNo", value].Value,
            Engine.Analytics.ValueType.Percent when value is < 0 or > 100 => t["Data.NotPercent", value].Value,
            _ => null,
        };
        if (type is not null) return type;
        var range = element.Range;
        return range.Contains(value) ? null
            : t["Data.OutOfRange", Components.Display.Number(value), Components.Display.Number(range.Min), Components.Display.Number(range.Max)].Value;
    }
}
