using System.Globalization;
using System.Text.RegularExpressions;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Households;

public sealed record HouseholdServiceInput(string? Service, string? Outcome);
public sealed record HouseholdEntryInput(string? Id, string? Village, string? Household, string? Date, string? EditedAt,
    IReadOnlyList<HouseholdServiceInput?>? Services, string? Note);
public sealed record HouseholdBatch(IReadOnlyList<HouseholdEntryInput?>? Entries);

/// <summary>What became of one entry: <c>stored</c>, <c>unchanged</c> or <c>refused</c> (then <c>reason</c> is
/// <c>outside</c> or <c>invalid</c>, <c>field</c> names the field and <c>message</c> says why in the reader's language).</summary>
public sealed record HouseholdEntryResult(string? Id, string Status, string? Reason = null, string? Field = null, string? Message = null);
public sealed record HouseholdSaveResult(IReadOnlyList<HouseholdEntryResult> Results);

public sealed record HouseholdServiceDto(string Service, string Outcome);
public sealed record HouseholdEntryDto(Guid Id, string Village, string Household, DateOnly Date, DateTime EditedAt,
    IReadOnlyList<HouseholdServiceDto> Services, string? Note, string? By, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The household support log: entries sent by phones (each judged on its own, idempotent by the phone's id and
/// ordered by its edit time), the scoped list, deletion of a mistaken entry, and what the phone page needs to start.</summary>
public sealed partial class HouseholdLog(IDbContextFactory<AppDb> dbFactory, AnalyticsStore analytics, HouseholdFeed feed, AuditLog audit,
    TimeProvider clock, IStringLocalizer<HouseholdResource> t)
{
    public const int MaxEntries = 200;
    public const int MaxRequestBytes = 1024 * 1024;
    public const int MaxHousehold = 20;
    public const int MaxNote = 500;
    public static readonly DateOnly Earliest = new(2020, 1, 1);

    // Nine to twelve digits, also with single spaces, dots or dashes between them: a citizen ID or phone number.
    [GeneratedRegex(@"\d(?:[ .\-]?\d){8,}")]
    private static partial Regex IdLike();

    [GeneratedRegex(@"^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$")]
    private static partial Regex CodeShape();

    public static bool IsVillage(OrgNode unit) => unit.Kind is OrgUnitKind.Village or OrgUnitKind.ResidentialGroup;

    /// <summary>The household code as stored (trimmed, upper case), or the problem with it.</summary>
    public (string? Code, string? Problem) CheckHousehold(string? raw)
    {
        var code = raw?.Trim() ?? "";
        if (code.Length == 0) return (null, t["Household.Required"]);
        if (IdLike().IsMatch(code)) return (null, t["Household.IdLike"]);
        if (code.Length > MaxHousehold) return (null, t["Household.TooLong", MaxHousehold]);
        if (!CodeShape().IsMatch(code)) return (null, t["Household.Shape"]);
        return (code.ToUpperInvariant(), null);
    }

    private sealed record Checked(Guid Id, OrgNode Village, string Household, DateOnly Date, DateTime EditedAt, List<(string Service, string Outcome)> Services, string? Note);

    private (Checked? Entry, HouseholdEntryResult? Refusal) Check(AccessScope scope, HouseholdEntryInput? input, DateOnly today, DateTime now)
    {
        HouseholdEntryResult Invalid(string? id, string field, string message) => new(id, "refused", "invalid", field, message);
        if (input is null) return (null, Invalid(null, "entries", t["Entry.Missing"]));
        var id = input.Id?.Trim();
        if (string.IsNullOrEmpty(id) || !Guid.TryParse(id, out var guid) || guid == Guid.Empty) return (null, Invalid(input.Id, "id", t["Entry.Id"]));
        id = guid.ToString();
        var villageCode = input.Village?.Trim();
        if (string.IsNullOrEmpty(villageCode)) return (null, Invalid(id, "village", t["Entry.VillageRequired"]));
        // An unknown code and one outside the caller's units read the same: neither says whether the unit exists.
        if (scope.Tree.Find(villageCode) is not { } village || !scope.Covers(village))
            return (null, new HouseholdEntryResult(id, "refused", "outside", "village", t["Entry.Outside"]));
        if (!IsVillage(village)) return (null, Invalid(id, "village", t["Entry.NotVillage"]));
        var (household, problem) = CheckHousehold(input.Household);
        if (problem is not null) return (null, Invalid(id, "household", problem));
        if (!DateOnly.TryParseExact(input.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return (null, Invalid(id, "date", t["Entry.Date"]));
        if (date < Earliest || date > today.AddDays(1)) return (null, Invalid(id, "date", t["Entry.DateRange", Earliest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)]));
        if (!DateTimeOffset.TryParse(input.EditedAt?.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var edited)
            || edited.UtcDateTime < Earliest.ToDateTime(TimeOnly.MinValue) || edited.UtcDateTime > now.AddDays(1))
            return (null, Invalid(id, "editedAt", t["Entry.EditedAt"]));
        var services = new List<(string, string)>();
        if (input.Services is not { Count: > 0 } given) return (null, Invalid(id, "services", t["Entry.ServicesRequired"]));
        if (given.Count > HouseholdServices.All.Length) return (null, Invalid(id, "services", t["Entry.ServicesTooMany", HouseholdServices.All.Length]));
        for (var i = 0; i < given.Count; i++)
        {
            var service = given[i]?.Service?.Trim().ToUpperInvariant();
            if (service is null || !HouseholdServices.All.Contains(service))
                return (null, Invalid(id, $"services[{i}].service", t["Entry.Service", string.Join(", ", HouseholdServices.All)]));
            var outcome = given[i]?.Outcome?.Trim().ToLowerInvariant();
            if (outcome is null || !HouseholdServices.Outcomes.Contains(outcome))
                return (null, Invalid(id, $"services[{i}].outcome", t["Entry.Outcome", string.Join(", ", HouseholdServices.Outcomes)]));
            if (services.Any(s => s.Item1 == service)) return (null, Invalid(id, $"services[{i}].service", t["Entry.ServiceTwice", service]));
            services.Add((service, outcome));
        }
        var note = input.Note?.Trim();
        if (note is { Length: > MaxNote }) return (null, Invalid(id, "note", t["Entry.NoteTooLong", MaxNote]));
        if (note is not null && note.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            return (null, Invalid(id, "note", t["Entry.NoteControl"]));
        return (new Checked(guid, village, household!, date, edited.UtcDateTime, services, string.IsNullOrEmpty(note) ? null : note), null);
    }

    private static bool SameContent(HouseholdSupportEntry row, Checked c) =>
        row.VillageId == c.Village.Id && row.Household == c.Household && row.Date == c.Date && row.Note == c.Note
        && row.Services.Count == c.Services.Count
        && c.Services.All(s => row.Services.Any(r => r.Service == s.Service && r.Outcome == s.Outcome));

    /// <summary>Judges every entry on its own and stores the good ones, with the coverage figures of the villages they touch,
    /// in one transaction. Invalid only when the batch itself is unusable (no list, too many entries).</summary>
    public async Task<Outcome<HouseholdSaveResult>> SaveAsync(AccessScope scope, HouseholdBatch? batch, CancellationToken ct)
    {
        if (batch?.Entries is not { } entries) return Outcome<HouseholdSaveResult>.Invalid("entries", t["Batch.Required"]);
        if (entries.Count > MaxEntries) return Outcome<HouseholdSaveResult>.Invalid("entries", t["Batch.TooMany", MaxEntries]);
        await feed.RollForwardAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = VietnamTime.Today(clock);
        var results = new HouseholdEntryResult?[entries.Count];
        var good = new List<(int Index, Checked Entry)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, refusal) = Check(scope, entries[i], today, now);
            if (refusal is not null) results[i] = refusal;
            else good.Add((i, entry!));
        }
        if (good.Count > 0)
        {
            var ids = good.Select(g => g.Entry.Id).Distinct().ToList();
            Dictionary<Guid, int> storedVillages;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
                storedVillages = await db.HouseholdSupportEntries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.VillageId, ct);
            var units = good.Select(g => g.Entry.Village.Id).Concat(storedVillages.Values).Distinct().ToList();
            await analytics.CommitAsync(units, async () =>
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var rows = await db.HouseholdSupportEntries.Include(e => e.Services).Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
                var touched = new HashSet<int>();
                int added = 0, updated = 0;
                foreach (var (index, c) in good)
                {
                    var id = c.Id.ToString();
                    if (!rows.TryGetValue(c.Id, out var row))
                    {
                        row = new HouseholdSupportEntry
                        {
                            Id = c.Id, VillageId = c.Village.Id, Household = c.Household, Date = c.Date, Note = c.Note, ClientEditedAt = c.EditedAt,
                            ByUserId = scope.UserId, ByName = scope.DisplayName, CreatedAt = now, UpdatedAt = now,
                            Services = [.. c.Services.Select(s => new HouseholdSupportService { EntryId = c.Id, Service = s.Service, Outcome = s.Outcome })],
                        };
                        db.HouseholdSupportEntries.Add(row);
                        rows[c.Id] = row;
                        touched.Add(c.Village.Id);
                        added++;
                        results[index] = new HouseholdEntryResult(id, "stored");
                        continue;
                    }
                    // Someone else's entry in a village out of reach is not this caller's to change.
                    if (!scope.Covers(row.VillageId))
                    {
                        results[index] = new HouseholdEntryResult(id, "refused", "outside", "village", t["Entry.Outside"]);
                        continue;
                    }
                    // An older edit than the stored one never overwrites it; the same content changes nothing.
                    if (c.EditedAt <= row.ClientEditedAt || SameContent(row, c))
                    {
                        results[index] = new HouseholdEntryResult(id, "unchanged");
                        continue;
                    }
                    touched.Add(row.VillageId);
                    touched.Add(c.Village.Id);
                    row.VillageId = c.Village.Id;
                    row.Household = c.Household;
                    row.Date = c.Date;
                    row.Note = c.Note;
                    row.ClientEditedAt = c.EditedAt;
                    row.UpdatedAt = now;
                    foreach (var old in row.Services.Where(r => !c.Services.Any(s => s.Service == r.Service)).ToList())
                        row.Services.Remove(old);
                    foreach (var (service, outcome) in c.Services)
                    {
                        if (row.Services.FirstOrDefault(r => r.Service == service) is { } existing) existing.Outcome = outcome;
                        else row.Services.Add(new HouseholdSupportService { EntryId = c.Id, Service = service, Outcome = outcome });
                    }
                    updated++;
                    results[index] = new HouseholdEntryResult(id, "stored");
                }
                if (touched.Count == 0) return new ValueWrite(0, 0, 0, 0, [], []);
                await db.SaveChangesAsync(ct);
                var write = await feed.WriteVillagesAsync(db, scope, touched, ct);
                audit.Add(db, scope, AuditActions.Update, "HouseholdSupport", $"{added + updated}", touched.Count == 1 ? touched.First() : null, null,
                    new { added, updated, villages = touched.Select(v => scope.Tree.Find(v)?.Code).ToList(), values = write.Applied.Count });
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return write;
            }, w => w.Applied, ct);
        }
        return Outcome<HouseholdSaveResult>.Ok(new HouseholdSaveResult([.. results.Select(r => r!)]));
    }

    /// <summary>The villages the caller may record for: its own village, or the villages under its units.</summary>
    public static IEnumerable<OrgNode> Villages(AccessScope scope) =>
        scope.Roots.SelectMany(r => scope.Tree.Subtree(r.Id)).Where(IsVillage).DistinctBy(v => v.Id);

    /// <summary>Entries of a village (or of every village within reach), newest first. NotFound for a village out of reach.</summary>
    public async Task<Outcome<IReadOnlyList<HouseholdEntryDto>>> ListAsync(AccessScope scope, string? village, string? from, string? to, int? limit, CancellationToken ct)
    {
        var problems = new FieldProblems();
        DateOnly? fromDay = null, toDay = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var f)) fromDay = f;
            else problems.Add("from", t["Entry.Date"]);
        }
        if (!string.IsNullOrWhiteSpace(to))
        {
            if (DateOnly.TryParseExact(to.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) toDay = d;
            else problems.Add("to", t["Entry.Date"]);
        }
        if (limit is < 1 or > 5000) problems.Add("limit", t["List.Limit", 5000]);
        if (problems.Count > 0) return Outcome<IReadOnlyList<HouseholdEntryDto>>.Invalid(problems.ByField());
        List<int> villages;
        if (!string.IsNullOrWhiteSpace(village))
        {
            if (scope.Tree.Find(village.Trim()) is not { } unit || !scope.Covers(unit)) return Outcome<IReadOnlyList<HouseholdEntryDto>>.NotFound();
            villages = [.. scope.Tree.Subtree(unit.Id).Where(IsVillage).Select(v => v.Id)];
        }
        else villages = [.. Villages(scope).Select(v => v.Id)];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.HouseholdSupportEntries.AsNoTracking().Where(e => villages.Contains(e.VillageId));
        if (fromDay is { } a) query = query.Where(e => e.Date >= a);
        if (toDay is { } b) query = query.Where(e => e.Date <= b);
        var rows = await query.Include(e => e.Services).OrderByDescending(e => e.Date).ThenByDescending(e => e.UpdatedAt).ThenBy(e => e.Id)
            .Take(limit ?? 1000).ToListAsync(ct);
        return Outcome<IReadOnlyList<HouseholdEntryDto>>.Ok([.. rows.Select(e => Dto(scope.Tree, e))]);
    }

    private static HouseholdEntryDto Dto(OrgTree tree, HouseholdSupportEntry e) => new(e.Id, tree.Find(e.VillageId)?.Code ?? "", e.Household, e.Date,
        DateTime.SpecifyKind(e.ClientEditedAt, DateTimeKind.Utc),
        [.. e.Services.OrderBy(s => Array.IndexOf(HouseholdServices.All, s.Service)).Select(s => new HouseholdServiceDto(s.Service, s.Outcome))],
        e.Note, e.ByName, DateTime.SpecifyKind(e.CreatedAt, DateTimeKind.Utc), DateTime.SpecifyKind(e.UpdatedAt, DateTimeKind.Utc));

    /// <summary>Removes a mistaken entry of a village within reach (with its figures). NotFound otherwise.</summary>
    public async Task<Outcome<bool>> DeleteAsync(AccessScope scope, Guid id, CancellationToken ct)
    {
        int village;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var found = await db.HouseholdSupportEntries.AsNoTracking().Where(e => e.Id == id).Select(e => (int?)e.VillageId).FirstOrDefaultAsync(ct);
            if (found is not { } v || !scope.Covers(v)) return Outcome<bool>.NotFound();
            village = v;
        }
        await feed.RollForwardAsync(ct);
        var removed = await analytics.CommitAsync([village], async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var row = await db.HouseholdSupportEntries.Include(e => e.Services).FirstOrDefaultAsync(e => e.Id == id && e.VillageId == village, ct);
            if (row is null) return (Removed: false, Write: new ValueWrite(0, 0, 0, 0, [], []));
            db.HouseholdSupportEntries.Remove(row);
            await db.SaveChangesAsync(ct);
            var write = await feed.WriteVillagesAsync(db, scope, [village], ct);
            audit.Add(db, scope, AuditActions.Delete, "HouseholdSupport", id.ToString(), village,
                new { village = scope.Tree.Find(village)?.Code, date = row.Date, services = row.Services.Count }, null);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (Removed: true, Write: write);
        }, r => r.Write.Applied, ct);
        return removed.Removed ? Outcome<bool>.Ok(true) : Outcome<bool>.NotFound();
    }

    /// <summary>Entries the caller's villages recorded in the current month (Vietnam time), for the home page.</summary>
    public async Task<int> CountThisMonthAsync(AccessScope scope, CancellationToken ct)
    {
        var villages = Villages(scope).Select(v => v.Id).ToList();
        if (villages.Count == 0) return 0;
        var today = VietnamTime.Today(clock);
        var first = new DateOnly(today.Year, today.Month, 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.HouseholdSupportEntries.AsNoTracking().CountAsync(e => villages.Contains(e.VillageId) && e.Date >= first, ct);
    }

    /// <summary>The household codes a village used last, most recent first, for the page's quick choices.</summary>
    public async Task<IReadOnlyList<string>> RecentHouseholdsAsync(int village, int count, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var recent = await db.HouseholdSupportEntries.AsNoTracking().Where(e => e.VillageId == village)
            .OrderByDescending(e => e.UpdatedAt).Select(e => e.Household).Take(count * 4).ToListAsync(ct);
        return [.. recent.Distinct(StringComparer.Ordinal).Take(count)];
    }
}
