using System.Globalization;
using CivicTrack.Data;
using CivicTrack.Engine.Csv;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace CivicTrack.Features.Organisation;

/// <summary>The result of an import: counts when applied, or every error when nothing was applied.</summary>
public sealed record ImportResult(ImportCounts? Counts, IReadOnlyList<ImportError> Errors)
{
    public bool Applied => Counts is not null;
}

/// <summary>Imports and exports units as CSV or XLSX. A file is validated whole, then applied in one
/// transaction or not at all; importing the same file again changes nothing.</summary>
public sealed class OrgImportService(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, AuditLog audit, TimeProvider clock,
    WorkbookCheck workbooks, IStringLocalizer<SharedResource> t, ILogger<OrgImportService> log)
{
    /// <summary>Groups every province uses, with their names in both languages.</summary>
    public static readonly OrgGroupDto[] DefaultGroups =
    [
        new("pilot", LocalText.Of("Xã thí điểm", "Pilot communes", "পাইলট কমিউন")),
        new("mountainous", LocalText.Of("Miền núi", "Mountainous", "পার্বত্য এলাকা")),
    ];

    // One change to the tree at a time (imports, edits, mergers): each is checked against the stored tree
    // and must not race another writer.
    internal static readonly SemaphoreSlim WriteGate = new(1, 1);

    /// <summary>Imports a whole file within the caller's scope: all of it, or nothing.</summary>
    public async Task<ImportResult> ImportAsync(AccessScope scope, byte[] file, CancellationToken ct = default)
    {
        var (records, readError) = ReadRecords(file, ct);
        if (readError is not null) return new ImportResult(null, [readError]);
        var (rows, errors) = OrgImportPlanner.Read(records);
        await WriteGate.WaitAsync(ct);
        try
        {
            var existing = await LoadRowsAsync(ct);
            // Report row errors together with cross-row ones so a person fixes the file in one pass.
            scope = scope.On(await directory.TreeAsync(ct));
            var (plan, planErrors) = OrgImportPlanner.Plan(rows, existing.Values, Covered(scope));
            if (errors.Count > 0 || plan is null)
                return new ImportResult(null, [.. errors.Concat(planErrors).OrderBy(e => e.Line)]);
            await ApplyAsync(plan, scope, AuditActions.Import, ct);
            log.LogInformation("Unit import applied: {Added} added, {Updated} updated, {Unchanged} unchanged", plan.Added.Count, plan.Updated.Count, plan.Unchanged);
            return new ImportResult(new ImportCounts(plan.Added.Count, plan.Updated.Count, plan.Unchanged), []);
        }
        finally { WriteGate.Release(); }
    }

    /// <summary>Creates or updates one unit through the same checks as a file line, answering its code. Merger fields are kept.</summary>
    internal async Task<Outcome<string>> ApplyOneAsync(AccessScope scope, string? code, OrgUnitInput input, int? keepGroupsOf, CancellationToken ct)
    {
        await WriteGate.WaitAsync(ct);
        try
        {
            var existing = await LoadRowsAsync(ct);
            existing.TryGetValue(code?.Trim() ?? "", out var old);
            var groups = keepGroupsOf is not null && old is not null ? old.Groups : input.Groups ?? [];
            var header = new CsvRecord(0, OrgUnitRow.Columns);
            var record = new CsvRecord(1, [code ?? "", input.Name ?? "", input.Kind ?? "", input.ParentCode ?? "",
                Iso(input.OpenedOn), Iso(input.ClosedOn), old?.MergedIntoCode ?? "", string.Join(';', groups)]);
            var (rows, errors) = OrgImportPlanner.Read([header, record]);
            scope = scope.On(await directory.TreeAsync(ct));
            var (plan, planErrors) = rows.Count == 0 ? (null, []) : OrgImportPlanner.Plan(rows, existing.Values, Covered(scope));
            errors.AddRange(planErrors);
            if (plan is null || errors.Count > 0) return Outcome<string>.Invalid(OrgProblems.ByField(t, errors));
            if (plan.Changes.Count > 0) await ApplyAsync(plan, scope, old is null ? AuditActions.Create : AuditActions.Update, ct, old);
            return Outcome<string>.Ok(rows[0].Row.Code);
        }
        finally { WriteGate.Release(); }
    }

    /// <summary>Null for an unrestricted scope; otherwise "is this stored unit within reach?".</summary>
    private static Func<string, bool>? Covered(AccessScope scope) =>
        scope.Unrestricted ? null : code => scope.Tree.Find(code) is { } n && scope.Covers(n);

    public async Task<byte[]> ExportCsvAsync(AccessScope scope, CancellationToken ct = default)
    {
        var csv = new CsvWriter(OrgUnitRow.Columns);
        foreach (var row in await ExportRowsAsync(scope, ct))
            csv.Row(row.Code, row.Name, row.Kind.ToString(), row.ParentCode, Iso(row.OpenedOn), Iso(row.ClosedOn), row.MergedIntoCode, string.Join(';', row.Groups));
        return csv.ToBytes();
    }

    /// <summary>The same columns as the CSV in a styled sheet "org_units" without a title line, so the file imports back as it is.
    /// Dates stay ISO text, as the importer reads them.</summary>
    public async Task<byte[]> ExportXlsxAsync(AccessScope scope, CancellationToken ct = default)
    {
        var rows = (await ExportRowsAsync(scope, ct)).Select(r => (IReadOnlyList<object?>)
        [
            r.Code, r.Name, r.Kind.ToString(), r.ParentCode ?? "", Iso(r.OpenedOn), Iso(r.ClosedOn), r.MergedIntoCode ?? "", string.Join(';', r.Groups),
        ]).ToList();
        return Workbook.ToBytes([new Sheet("org_units", [.. OrgUnitRow.Columns.Select(c => new SheetColumn(c))], rows)]);
    }

    /// <summary>The units within the scope in pre-order, so a re-import finds every parent before its children.</summary>
    private async Task<List<OrgUnitRow>> ExportRowsAsync(AccessScope scope, CancellationToken ct)
    {
        var rows = await LoadRowsAsync(ct);
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        return tree.All.Where(scope.Covers).Select(n => rows[n.Code]).ToList();
    }

    /// <summary>Turns a CSV (UTF-8, BOM optional) or XLSX file into records; XLSX is recognised by its zip signature.</summary>
    internal (IReadOnlyList<CsvRecord> Records, ImportError? Error) ReadRecords(byte[] file, CancellationToken ct = default)
    {
        if (file.Length == 0) return ([], new ImportError(1, "", ImportErrorCode.EmptyFile));
        if (file.AsSpan().StartsWith("PK"u8))
        {
            // Checked whole before MiniExcel reads it: a bomb, a DTD or broken XML is refused with its reason.
            using var ms = new MemoryStream(file, writable: false);
            if (workbooks.Check(ms, ct) is { } refusal)
                return ([], new ImportError(Math.Max(1, refusal.Reason.Row), "", ImportErrorCode.BadWorkbook, null, refusal.Message));
            try { return (ReadXlsx(file), null); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever the library trips on in a workbook that passed the checks is the file's fault, not the server's.
                log.LogInformation(e, "Unit workbook could not be read");
                return ([], new ImportError(1, "", ImportErrorCode.BadWorkbook, null, workbooks.Unreadable));
            }
        }
        if (!CsvReader.TryDecodeUtf8(file, out var text, out var badLine))
            return ([], new ImportError(badLine, "", ImportErrorCode.NotUtf8));
        return (CsvReader.Parse(text), null);
    }

    private static List<CsvRecord> ReadXlsx(byte[] file)
    {
        using var ms = new MemoryStream(file);
        var records = new List<CsvRecord>();
        var line = 0;
        foreach (IDictionary<string, object?> row in ms.Query(useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            line++;
            records.Add(new CsvRecord(line, [.. row.Values.Select(CellText)]));
        }
        return records;
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private async Task<Dictionary<string, OrgUnitRow>> LoadRowsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking()
            .Select(u => new { u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.OpenedOn, u.ClosedOn, u.MergedIntoId })
            .ToListAsync(ct);
        var codeById = units.ToDictionary(u => u.Id, u => u.Code);
        var groups = (await db.OrgGroupMembers.AsNoTracking().Select(m => new { m.OrgUnitId, m.Group!.Code }).ToListAsync(ct))
            .ToLookup(m => m.OrgUnitId, m => m.Code);
        return units.ToDictionary(u => u.Code, u => new OrgUnitRow(u.Code, u.Name, u.Kind,
            u.ParentId is { } p ? codeById[p] : null, u.OpenedOn, u.ClosedOn,
            u.MergedIntoId is { } m ? codeById[m] : null, [.. groups[u.Id].Order(StringComparer.Ordinal)]), StringComparer.OrdinalIgnoreCase);
    }

    private async Task ApplyAsync(OrgImportPlan plan, AccessScope actor, string action, CancellationToken ct, OrgUnitRow? before = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await db.OrgUnits.Include(u => u.Groups).ThenInclude(m => m.Group).ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, ct);
        var groups = await db.OrgGroups.ToDictionaryAsync(g => g.Code, StringComparer.OrdinalIgnoreCase, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var row in plan.Changes)
        {
            if (!units.TryGetValue(row.Code, out var unit))
            {
                unit = new OrgUnit { Code = row.Code, Name = row.Name, CreatedAt = now };
                db.OrgUnits.Add(unit);
                units[row.Code] = unit;
            }
            unit.Name = row.Name;
            unit.NameFolded = VietnameseText.Fold(row.Name);
            unit.Kind = row.Kind;
            unit.Parent = row.ParentCode is { } p ? units[p] : null;
            if (row.ParentCode is null) unit.ParentId = null;
            unit.OpenedOn = row.OpenedOn;
            unit.ClosedOn = row.ClosedOn;
            unit.MergedInto = row.MergedIntoCode is { } m ? units[m] : null;
            if (row.MergedIntoCode is null) unit.MergedIntoId = null;
            unit.MergedOn = row.MergedIntoCode is null ? null : row.ClosedOn;
            unit.UpdatedAt = now;

            var wanted = new HashSet<string>(row.Groups, StringComparer.OrdinalIgnoreCase);
            unit.Groups.RemoveAll(m => !wanted.Contains(m.Group!.Code));
            foreach (var code in wanted)
            {
                if (!groups.TryGetValue(code, out var group))
                {
                    var known = DefaultGroups.FirstOrDefault(d => d.Code.Equals(code, StringComparison.OrdinalIgnoreCase));
                    group = new OrgGroup { Code = known?.Code ?? code, Name = known?.Name ?? LocalText.Of(code) };
                    db.OrgGroups.Add(group);
                    groups[code] = group;
                }
                if (!unit.Groups.Any(m => m.Group == group))
                    unit.Groups.Add(new OrgGroupMember { OrgUnit = unit, Group = group });
            }
        }
        await db.SaveChangesAsync(ct);
        // Written after the units so new ones have their ids; the transaction keeps both or neither.
        if (action == AuditActions.Import)
            audit.Add(db, actor, action, "OrgUnit", null, actor.UnitIds.Count > 0 ? actor.UnitIds[0] : null,
                after: new { added = plan.Added.Select(r => r.Code), updated = plan.Updated.Select(r => r.Code), plan.Unchanged });
        else
            foreach (var row in plan.Changes)
                audit.Add(db, actor, action, "OrgUnit", row.Code, units[row.Code].Id, before, row);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        directory.Invalidate();
    }

    private static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
