using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
/// <summary>The new rows and changes of several writes in one transaction, inserted and recorded together by
/// <see cref="DataValueService.FlushAsync"/>.</summary>
public sealed class ValueWriteBatch
{
    public List<DataValue> Inserts { get; } = [];
    public List<(int ElementId, int UnitId, Period Period, double? Value)> Applied { get; } = [];
}
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
    /// <param name="together">When given, new rows and the journal record wait in it for <see cref="FlushAsync"/>, so that the
    /// values of several reports committed together go in with one statement.</param>
    public async Task<ValueWrite> WriteAsync(AppDb db, AccessScope scope, IReadOnlyList<PlannedValue> planned, ValueSource source, CancellationToken ct,
        Dictionary<(int DataElementId, int OrgUnitId, string Period), DataValue>? existing = null, ValueWriteBatch? together = null)
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
        if (together is not null)
        {
            together.Inserts.AddRange(inserts);
            together.Applied.AddRange(applied);
        }
        else
        {
            await InsertAsync(db, inserts, ct);
            // Other instances on the same PostgreSQL read these keys again once the caller's transaction commits.
            await journal.RecordValuesAsync(db, applied, ct);
        }
        return new ValueWrite(added, updated, deleted, unchanged, applied, changes);
    }

    /// <summary>Inserts the new rows gathered in <paramref name="together"/> and records its changes for the other instances,
    /// in the caller's transaction.</summary>
    public async Task FlushAsync(AppDb db, ValueWriteBatch together, CancellationToken ct)
    {
        await InsertAsync(db, together.Inserts, ct);
        await journal.RecordValuesAsync(db, together.Applied, ct);
        together.Inserts.Clear();
        together.Applied.Clear();
    }

    /// <summary>New values go in outside change tracking, in the caller's transaction: on PostgreSQL one statement over
    /// arrays whatever the count (one plan, prepared once); on SQLite one prepared single-row statement run per row, which
    /// SQLite executes without parsing it again.</summary>
    private static async Task InsertAsync(AppDb db, List<DataValue> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection is Npgsql.NpgsqlConnection pg)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO data_values ("DataElementId", "OrgUnitId", "Period", "Value", "Source", "Comment", "UpdatedAt", "UpdatedBy")
                SELECT * FROM unnest(@e, @u, @p, @v, @s, @c, @t, @b)
                """, pg, (Npgsql.NpgsqlTransaction?)transaction);
            var n = rows.Count;
            var (e, u, p, v, s, c, t, b) = (new int[n], new int[n], new string[n], new double[n], new string[n], new string?[n], new DateTime[n], new string?[n]);
            for (var i = 0; i < n; i++)
            {
                var r = rows[i];
                (e[i], u[i], p[i], v[i], s[i], c[i], t[i], b[i]) = (r.DataElementId, r.OrgUnitId, r.Period, r.Value, r.Source.ToString(), r.Comment, r.UpdatedAt, r.UpdatedBy);
            }
            command.Parameters.Add(new("e", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer) { Value = e });
            command.Parameters.Add(new("u", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer) { Value = u });
            command.Parameters.Add(new("p", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Varchar) { Value = p });
            command.Parameters.Add(new("v", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Double) { Value = v });
            command.Parameters.Add(new("s", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Varchar) { Value = s });
            command.Parameters.Add(new("c", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Varchar) { Value = c });
            command.Parameters.Add(new("t", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = t });
            command.Parameters.Add(new("b", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Varchar) { Value = b });
            await command.ExecuteNonQueryAsync(ct);
            return;
        }
        if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction?)transaction;
            command.CommandText = """
                INSERT INTO data_values ("DataElementId", "OrgUnitId", "Period", "Value", "Source", "Comment", "UpdatedAt", "UpdatedBy")
                VALUES ($e, $u, $p, $v, $s, $c, $t, $b)
                """;
            var (e, u, p, v, s, c, t, b) = (command.Parameters.Add("$e", Microsoft.Data.Sqlite.SqliteType.Integer), command.Parameters.Add("$u", Microsoft.Data.Sqlite.SqliteType.Integer),
                command.Parameters.Add("$p", Microsoft.Data.Sqlite.SqliteType.Text), command.Parameters.Add("$v", Microsoft.Data.Sqlite.SqliteType.Real),
                command.Parameters.Add("$s", Microsoft.Data.Sqlite.SqliteType.Text), command.Parameters.Add("$c", Microsoft.Data.Sqlite.SqliteType.Text),
                command.Parameters.Add("$t", Microsoft.Data.Sqlite.SqliteType.Text), command.Parameters.Add("$b", Microsoft.Data.Sqlite.SqliteType.Text));
            command.Prepare();
            foreach (var r in rows)
            {
                (e.Value, u.Value, p.Value, v.Value, s.Value) = (r.DataElementId, r.OrgUnitId, r.Period, r.Value, r.Source.ToString());
                (c.Value, t.Value, b.Value) = ((object?)r.Comment ?? DBNull.Value, r.UpdatedAt, (object?)r.UpdatedBy ?? DBNull.Value);
                command.ExecuteNonQuery();
            }
            return;
        }
        await RowInserts.InsertAsync(db, rows, ct);
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
