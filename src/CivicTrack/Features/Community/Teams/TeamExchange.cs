using System.Globalization;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Features.Uploads;
using CivicTrack.Resources;
using MiniExcelLibs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Teams;

/// <summary>Teams and members as a workbook and back: two sheets, <c>teams</c> and <c>members</c>, with machine column names so
/// that an export imports back unchanged. An import checks every row first and applies all of them in one transaction or none.</summary>
public sealed class TeamExchange(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, AuditLog audit, TimeProvider clock,
    WorkbookCheck workbooks, TeamService teams, IStringLocalizer<TeamResource> t)
{
    public const string TeamsSheet = "teams", MembersSheet = "members";
    public static readonly string[] TeamColumns = ["unit_code", "unit_name", "level", "decision_number", "decision_date", "active"];
    public static readonly string[] MemberColumns = ["unit_code", "unit_name", "full_name", "role", "youth_union", "phone", "active"];

    /// <summary>The teams and members of the unit's subtree; phone numbers only where the reader may see them.</summary>
    public async Task<Outcome<DownloadFile>> ExportAsync(AccessScope scope, string? unitCode, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        if (TeamService.Resolve(scope, tree, unitCode) is not { } root) return Outcome<DownloadFile>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var all = await db.Set<CommunityTeam>().AsNoTracking().Include(x => x.Members).ToListAsync(ct);
        var order = tree.Subtree(root.Id).Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var list = all.Where(x => order.ContainsKey(x.OrgUnitId)).OrderBy(x => order[x.OrgUnitId]).ToList();
        var teamRows = new List<IReadOnlyList<object?>>();
        var memberRows = new List<IReadOnlyList<object?>>();
        foreach (var team in list)
        {
            var unit = tree.Get(team.OrgUnitId);
            teamRows.Add([unit.Code, unit.Name, team.Level.ToString(), team.DecisionNumber, team.DecisionDate, YesNo(team.Active)]);
            var phones = TeamService.PhonesVisible(scope, tree, unit.Id);
            foreach (var m in team.Members.OrderBy(m => m.Id))
                memberRows.Add([unit.Code, unit.Name, m.FullName, m.Role.ToString(), YesNo(m.YouthUnion), phones ? m.Phone : null, YesNo(m.Active)]);
        }
        var bytes = Workbook.ToBytes([
            new Sheet(TeamsSheet, [.. TeamColumns.Select(c => new SheetColumn(c, c == "decision_date" ? SheetFormat.Date : SheetFormat.Text))], teamRows),
            new Sheet(MembersSheet, [.. MemberColumns.Select(c => new SheetColumn(c))], memberRows),
        ]);
        var day = VietnamTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Outcome<DownloadFile>.Ok(new DownloadFile($"teams-{root.Code}-{day}.xlsx", bytes));
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    private sealed record TeamLine(int Row, OrgNode Unit, string? Decision, DateOnly? Date, bool Active);
    private sealed record MemberLine(int Row, OrgNode Unit, string Name, TeamRole Role, bool Youth, string? Phone, bool PhoneGiven, bool Active);

    /// <summary>Reads, checks and (when every row is good) applies a team workbook.</summary>
    public async Task<TeamImportResult> ImportAsync(AccessScope scope, Stream xlsx, CancellationToken ct = default)
    {
        var errors = new List<TeamImportError>();
        TeamImportResult Refused() => new(false, 0, 0, 0, 0, 0, errors);
        using var ms = new MemoryStream();
        await xlsx.CopyToAsync(ms, ct);
        ms.Position = 0;
        if (workbooks.Check(ms, ct) is { } refusal)
        {
            errors.Add(new TeamImportError("", refusal.Reason.Row, "", refusal.Reason.Cell ?? "", refusal.Message));
            return Refused();
        }
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        var teamLines = new List<TeamLine>();
        var memberLines = new List<MemberLine>();
        try
        {
            ms.Position = 0;
            var sheets = ms.GetSheetNames();
            foreach (var missing in new[] { TeamsSheet, MembersSheet }.Where(s => !sheets.Contains(s)))
                errors.Add(new TeamImportError(missing, 0, "", "", t["Import.MissingSheet", missing]));
            if (errors.Count > 0) return Refused();
            ms.Position = 0;
            var teamRows = ms.Query(useHeaderRow: true, sheetName: TeamsSheet).Cast<IDictionary<string, object?>>().ToList();
            ms.Position = 0;
            var memberRows = ms.Query(useHeaderRow: true, sheetName: MembersSheet).Cast<IDictionary<string, object?>>().ToList();
            ReadTeams(scope, tree, teamRows, teamLines, errors);
            ReadMembers(scope, tree, memberRows, memberLines, errors);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the library trips on in a workbook that passed the checks is the file's fault, not the server's.
            errors.Clear();
            errors.Add(new TeamImportError("", 0, "", "", workbooks.Unreadable));
            return Refused();
        }
        if (errors.Count > 0) return Refused();
        if (teamLines.Count == 0 && memberLines.Count == 0)
        {
            errors.Add(new TeamImportError(TeamsSheet, 2, "unit_code", "A2", t["Import.Empty"]));
            return Refused();
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = teamLines.Select(l => l.Unit.Id).Concat(memberLines.Select(l => l.Unit.Id)).ToHashSet();
        var stored = await db.Set<CommunityTeam>().Include(x => x.Members).Where(x => units.Contains(x.OrgUnitId)).ToListAsync(ct);
        var byUnit = stored.ToDictionary(x => x.OrgUnitId);
        // A member's row needs a team: stored, or in the teams sheet.
        var inFile = teamLines.Select(l => l.Unit.Id).ToHashSet();
        foreach (var m in memberLines.Where(m => !byUnit.ContainsKey(m.Unit.Id) && !inFile.Contains(m.Unit.Id)))
            errors.Add(new TeamImportError(MembersSheet, m.Row, "unit_code", Cell(MemberColumns, "unit_code", m.Row), t["Import.NoTeam", m.Unit.Code]));
        // Matching members by name: a name that two stored members share cannot say which one a row means.
        foreach (var m in memberLines.Where(m => byUnit.TryGetValue(m.Unit.Id, out var team)
                     && team.Members.Count(x => SameName(x.FullName, m.Name)) > 1))
            errors.Add(new TeamImportError(MembersSheet, m.Row, "full_name", Cell(MemberColumns, "full_name", m.Row), t["Import.AmbiguousName", m.Name]));
        // One active leader per team, as the team will stand after the import.
        foreach (var group in memberLines.GroupBy(m => m.Unit.Id))
        {
            var leaders = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
            if (byUnit.TryGetValue(group.Key, out var team))
                foreach (var x in team.Members) leaders[x.FullName] = x.Active && x.Role == TeamRole.Leader;
            foreach (var m in group) leaders[m.Name] = m.Active && m.Role == TeamRole.Leader;
            if (leaders.Count(l => l.Value) > 1)
                foreach (var m in group.Where(m => m.Active && m.Role == TeamRole.Leader))
                    errors.Add(new TeamImportError(MembersSheet, m.Row, "role", Cell(MemberColumns, "role", m.Row), t["Import.OneLeader", m.Unit.Code]));
        }
        if (errors.Count > 0) return Refused();

        var now = clock.GetUtcNow().UtcDateTime;
        int teamsAdded = 0, teamsUpdated = 0, membersAdded = 0, membersUpdated = 0, unchanged = 0;
        foreach (var line in teamLines)
        {
            if (!byUnit.TryGetValue(line.Unit.Id, out var team))
            {
                team = new CommunityTeam
                {
                    OrgUnitId = line.Unit.Id, Level = TeamService.LevelOf(line.Unit.Kind)!.Value, DecisionNumber = line.Decision, DecisionDate = line.Date,
                    Active = line.Active, CreatedAt = now, UpdatedAt = now,
                };
                db.Add(team);
                byUnit[line.Unit.Id] = team;
                teamsAdded++;
            }
            else if (team.DecisionNumber != line.Decision || team.DecisionDate != line.Date || team.Active != line.Active)
            {
                team.DecisionNumber = line.Decision;
                team.DecisionDate = line.Date;
                team.Active = line.Active;
                team.UpdatedAt = now;
                teamsUpdated++;
            }
            else unchanged++;
        }
        foreach (var line in memberLines)
        {
            var team = byUnit[line.Unit.Id];
            var member = team.Members.FirstOrDefault(x => SameName(x.FullName, line.Name));
            // A blank phone keeps the stored one: an export for a reader who may not see phones imports back unchanged.
            var phone = line.PhoneGiven ? line.Phone : member?.Phone;
            if (member is null)
            {
                team.Members.Add(new CommunityTeamMember { FullName = line.Name, Role = line.Role, YouthUnion = line.Youth, Phone = phone, Active = line.Active });
                team.UpdatedAt = now;
                membersAdded++;
            }
            else if (member.FullName != line.Name || member.Role != line.Role || member.YouthUnion != line.Youth || member.Phone != phone || member.Active != line.Active)
            {
                member.FullName = line.Name;
                member.Role = line.Role;
                member.YouthUnion = line.Youth;
                member.Phone = phone;
                member.Active = line.Active;
                team.UpdatedAt = now;
                membersUpdated++;
            }
            else unchanged++;
        }
        if (teamsAdded + teamsUpdated + membersAdded + membersUpdated > 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            // Counts only: names and phone numbers stay out of the audit log's summary of an import.
            audit.Add(db, scope, "Import", TeamService.EntityType, null, TeamService.Resolve(scope, tree, null)?.Id, null,
                new { TeamsAdded = teamsAdded, TeamsUpdated = teamsUpdated, MembersAdded = membersAdded, MembersUpdated = membersUpdated, Unchanged = unchanged });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new TeamImportResult(true, teamsAdded, teamsUpdated, membersAdded, membersUpdated, unchanged, []);
    }

    private static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string Cell(string[] columns, string column, int row) => $"{Workbook.Column(Array.IndexOf(columns, column) + 1)}{row}";

    private static string? Text(IDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var v) && v is not null && Convert.ToString(v, CultureInfo.InvariantCulture) is { } s && s.Trim() is { Length: > 0 } x ? x : null;

    private OrgNode? Unit(AccessScope scope, OrgTree tree, IDictionary<string, object?> row, string sheet, string[] columns, int r, List<TeamImportError> errors)
    {
        var code = Text(row, "unit_code");
        if (code is null) { errors.Add(new(sheet, r, "unit_code", Cell(columns, "unit_code", r), t["Import.UnitRequired"])); return null; }
        if (tree.Find(code) is not { } unit || !TeamService.CanWrite(scope, unit.Id))
        {
            errors.Add(new(sheet, r, "unit_code", Cell(columns, "unit_code", r), t["Teams.UnknownUnit", code]));
            return null;
        }
        if (TeamService.LevelOf(unit.Kind) is null) { errors.Add(new(sheet, r, "unit_code", Cell(columns, "unit_code", r), t["Teams.UnitKind", code])); return null; }
        return unit;
    }

    private bool? Flag(IDictionary<string, object?> row, string column, string sheet, string[] columns, int r, bool empty, List<TeamImportError> errors)
    {
        if (row.TryGetValue(column, out var v) && v is bool b) return b;
        var s = Text(row, column);
        if (s is null) return empty;
        switch (Engine.Text.VietnameseText.Fold(s))
        {
            case "yes" or "true" or "1" or "x" or "co": return true;
            case "no" or "false" or "0" or "khong": return false;
            default:
                errors.Add(new(sheet, r, column, Cell(columns, column, r), t["Import.BadFlag", s]));
                return null;
        }
    }

    private void ReadTeams(AccessScope scope, OrgTree tree, List<IDictionary<string, object?>> rows, List<TeamLine> lines, List<TeamImportError> errors)
    {
        var header = rows.FirstOrDefault()?.Keys.ToList();
        if (header is not null && !header.Contains("unit_code")) { errors.Add(new(TeamsSheet, 1, "unit_code", "A1", t["Import.MissingColumn", "unit_code"])); return; }
        var seen = new Dictionary<int, int>();
        var r = 1;
        foreach (var row in rows)
        {
            r++;
            if (row.Values.All(v => v is null || Convert.ToString(v, CultureInfo.InvariantCulture) is { Length: 0 })) continue;
            var unit = Unit(scope, tree, row, TeamsSheet, TeamColumns, r, errors);
            var decision = Text(row, "decision_number");
            if (decision is not null && (decision.Length > TeamModel.MaxDecision || decision.Any(char.IsControl)))
                errors.Add(new(TeamsSheet, r, "decision_number", Cell(TeamColumns, "decision_number", r), t["Teams.DecisionNumberTooLong", TeamModel.MaxDecision]));
            DateOnly? date = null;
            if (row.TryGetValue("decision_date", out var raw) && raw is not null && Text(row, "decision_date") is { } ds)
            {
                date = raw switch
                {
                    DateTime dt => DateOnly.FromDateTime(dt),
                    double oa when oa is > 0 and < 2958466 => DateOnly.FromDateTime(DateTime.FromOADate(oa)),
                    _ => DateOnly.TryParseExact(ds, ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
                };
                if (date is null || date.Value.Year < 1990 || date.Value.Year > 2100)
                {
                    errors.Add(new(TeamsSheet, r, "decision_date", Cell(TeamColumns, "decision_date", r), t["Import.BadDate", ds]));
                    date = null;
                }
            }
            var active = Flag(row, "active", TeamsSheet, TeamColumns, r, true, errors);
            if (unit is null || active is null) continue;
            if (seen.TryGetValue(unit.Id, out var first))
            {
                errors.Add(new(TeamsSheet, r, "unit_code", Cell(TeamColumns, "unit_code", r), t["Import.DuplicateTeam", unit.Code, first]));
                continue;
            }
            seen[unit.Id] = r;
            lines.Add(new TeamLine(r, unit, decision, date, active.Value));
        }
    }

    private void ReadMembers(AccessScope scope, OrgTree tree, List<IDictionary<string, object?>> rows, List<MemberLine> lines, List<TeamImportError> errors)
    {
        var header = rows.FirstOrDefault()?.Keys.ToList();
        if (header is not null)
            foreach (var missing in new[] { "unit_code", "full_name" }.Where(c => !header.Contains(c)))
                errors.Add(new(MembersSheet, 1, missing, Cell(MemberColumns, missing, 1), t["Import.MissingColumn", missing]));
        if (errors.Any(e => e.Row == 1)) return;
        var seen = new Dictionary<(int, string), int>();
        var r = 1;
        foreach (var row in rows)
        {
            r++;
            if (row.Values.All(v => v is null || Convert.ToString(v, CultureInfo.InvariantCulture) is { Length: 0 })) continue;
            var unit = Unit(scope, tree, row, MembersSheet, MemberColumns, r, errors);
            var problems = new FieldProblems();
            var phoneText = Text(row, "phone");
            var (role, phone) = teams.CheckMember(new MemberInput(Text(row, "full_name"), Text(row, "role"), null, phoneText, null), problems);
            foreach (var (field, messages) in problems.ByField())
            {
                var column = field switch { "fullName" => "full_name", var f => f };
                foreach (var message in messages) errors.Add(new(MembersSheet, r, column, Cell(MemberColumns, column, r), message));
            }
            var youth = Flag(row, "youth_union", MembersSheet, MemberColumns, r, false, errors);
            var active = Flag(row, "active", MembersSheet, MemberColumns, r, true, errors);
            if (unit is null || problems.Count > 0 || youth is null || active is null) continue;
            var name = TeamService.Clean(Text(row, "full_name"))!;
            if (seen.TryGetValue((unit.Id, name.ToUpperInvariant()), out var first))
            {
                errors.Add(new(MembersSheet, r, "full_name", Cell(MemberColumns, "full_name", r), t["Import.DuplicateMember", name, first]));
                continue;
            }
            seen[(unit.Id, name.ToUpperInvariant())] = r;
            lines.Add(new MemberLine(r, unit, name, role, youth.Value, phone, phoneText is not null, active.Value));
        }
    }
}
