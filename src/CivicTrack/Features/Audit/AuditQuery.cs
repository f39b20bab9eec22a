using System.Globalization;
using CivicTrack.Data;
using CivicTrack.Engine.Csv;
using CivicTrack.Features.Accounts;
using CivicTrack.Components;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Audit;

public sealed record AuditFilter(string? Actor, string? Unit, string? Entity, string? Action, DateOnly? From, DateOnly? To, int Offset = 0, int Limit = 100);

public sealed record AuditEntryDto(long Id, DateTime At, string? ActorId, string? ActorName, string Action, string? UnitCode, string? UnitName,
    string EntityType, string? EntityId, string? Before, string? After);

public sealed record AuditPage(int Total, IReadOnlyList<AuditEntryDto> Items);

/// <summary>Reads the audit log within an administrator's reach: entries about units in the scope, and entries
/// by accounts the administrator manages. Dates are Vietnam dates.</summary>
public sealed class AuditQuery(IDbContextFactory<AppDb> dbFactory)
{
    public const int MaxPage = 500;
    public const int MaxExport = 100_000;

    public async Task<AuditPage?> SearchAsync(AccessScope scope, AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = await FilterAsync(db, scope, filter, ct);
        if (query is null) return null;
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, filter.Offset)).Take(Math.Clamp(filter.Limit, 1, MaxPage)).ToListAsync(ct);
        return new AuditPage(total, [.. rows.Select(r => ToDto(scope, r))]);
    }

    public async Task<byte[]?> ExportCsvAsync(AccessScope scope, AuditFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = await FilterAsync(db, scope, filter, ct);
        if (query is null) return null;
        var csv = new CsvWriter("id", "at_utc", "actor_id", "actor", "action", "unit_code", "unit_name", "entity_type", "entity_id", "before", "after");
        await foreach (var r in query.OrderBy(a => a.At).ThenBy(a => a.Id).Take(MaxExport).AsAsyncEnumerable().WithCancellation(ct))
        {
            var d = ToDto(scope, r);
            csv.Number(d.Id).Text(d.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
                .Row(d.ActorId, d.ActorName, d.Action, d.UnitCode, d.UnitName, d.EntityType, d.EntityId, d.Before, d.After);
        }
        return csv.ToBytes();
    }

    /// <summary>The same entries as the CSV, oldest first, as a styled sheet in the reader's language, times in Vietnam time.</summary>
    public async Task<Sheet?> ExportSheetAsync(AccessScope scope, AuditFilter filter, IStringLocalizer<SharedResource> t, DateOnly today, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = await FilterAsync(db, scope, filter, ct);
        if (query is null) return null;
        var rows = new List<IReadOnlyList<object?>>();
        await foreach (var r in query.OrderBy(a => a.At).ThenBy(a => a.Id).Take(MaxExport).AsAsyncEnumerable().WithCancellation(ct))
        {
            var d = ToDto(scope, r);
            rows.Add([d.Id, VietnamTime.Local(d.At), d.ActorName ?? t["Audit.System"], d.Action, d.UnitCode, d.UnitName, d.EntityType, d.EntityId,
                Cell(d.Before), Cell(d.After)]);
        }
        return new Sheet(t["Audit.Title"],
        [
            new(t["Audit.Col.Id"], SheetFormat.Integer), new(t["Audit.Time"], SheetFormat.DateTime), new(t["Audit.Actor"]), new(t["Audit.Action"]),
            new(t["Audit.Col.UnitCode"]), new(t["Audit.Col.Unit"]), new(t["Audit.Entity"]), new(t["Audit.Col.EntityId"]), new(t["Audit.Before"]), new(t["Audit.After"]),
        ], rows, Title: t["Audit.ExportTitle", Display.Date(today)]);
    }

    /// <summary>Excel holds at most 32,767 characters in a cell; a longer record is cut there (the CSV keeps it whole).</summary>
    private static string? Cell(string? text) => text is { Length: > 32_767 } ? text[..32_766] + "…" : text;

    /// <summary>The filtered entries, or null when the unit filter names a unit outside the scope.</summary>
    private static async Task<IQueryable<AuditEntry>?> FilterAsync(AppDb db, AccessScope scope, AuditFilter f, CancellationToken ct)
    {
        IQueryable<AuditEntry> q = db.Audit.AsNoTracking();
        if (!scope.Unrestricted)
        {
            var unitIds = scope.UnitIds.SelectMany(r => scope.Tree.Subtree(r)).Select(n => n.Id).ToList();
            var accounts = (await db.Users.AsNoTracking().Include(u => u.Units).ToListAsync(ct))
                .Where(u => AccountService.Manageable(scope, u)).Select(u => u.Id).ToList();
            q = q.Where(a => (a.UnitId != null && unitIds.Contains(a.UnitId.Value)) || (a.ActorId != null && accounts.Contains(a.ActorId)));
        }
        if (!string.IsNullOrWhiteSpace(f.Unit))
        {
            if (scope.Tree.Find(f.Unit.Trim()) is not { } unit || !scope.Covers(unit)) return null;
            var ids = scope.Tree.Subtree(unit.Id).Select(n => n.Id).ToList();
            q = q.Where(a => a.UnitId != null && ids.Contains(a.UnitId.Value));
        }
        if (!string.IsNullOrWhiteSpace(f.Actor))
        {
            var actor = f.Actor.Trim();
            q = q.Where(a => a.ActorId == actor || (a.ActorName != null && a.ActorName.Contains(actor)));
        }
        if (!string.IsNullOrWhiteSpace(f.Entity)) { var e = f.Entity.Trim(); q = q.Where(a => a.EntityType == e || a.EntityId == e); }
        if (!string.IsNullOrWhiteSpace(f.Action)) { var act = f.Action.Trim(); q = q.Where(a => a.Action == act); }
        if (f.From is { } from) { var start = VietnamTime.StartUtc(from); q = q.Where(a => a.At >= start); }
        if (f.To is { } to && to < DateOnly.MaxValue) { var end = VietnamTime.StartUtc(to.AddDays(1)); q = q.Where(a => a.At < end); }
        return q;
    }

    private static AuditEntryDto ToDto(AccessScope scope, AuditEntry a)
    {
        var unit = a.UnitId is { } id ? scope.Tree.Find(id) : null;
        return new(a.Id, DateTime.SpecifyKind(a.At, DateTimeKind.Utc), a.ActorId, a.ActorName, a.Action, unit?.Code, unit?.Name, a.EntityType, a.EntityId, a.Before, a.After);
    }
}
