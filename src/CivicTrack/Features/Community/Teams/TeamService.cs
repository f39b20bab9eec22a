using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Community.Teams;

/// <summary>The team registry: lists, roll-ups and writes, each confined to the caller's units. Phone numbers leave this
/// service only for readers whose units include the team's commune, and reach the audit log only masked.</summary>
public sealed class TeamService(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, AuditLog audit, TimeProvider clock,
    IStringLocalizer<TeamResource> t)
{
    public const string EntityType = "CommunityTeam";

    /// <summary>The level a team of this kind of unit has, or null when such a unit has no team.</summary>
    public static TeamLevel? LevelOf(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Village or OrgUnitKind.ResidentialGroup => TeamLevel.Village,
        OrgUnitKind.Commune or OrgUnitKind.Ward or OrgUnitKind.SpecialZone => TeamLevel.Commune,
        _ => null,
    };

    /// <summary>The commune (ward, special zone) a unit lies in, or the unit itself when it is one.</summary>
    public static OrgNode? CommuneOf(OrgTree tree, int unitId)
    {
        var unit = tree.Get(unitId);
        if (LevelOf(unit.Kind) == TeamLevel.Commune) return unit;
        return tree.Ancestors(unitId).LastOrDefault(a => LevelOf(a.Kind) == TeamLevel.Commune);
    }

    /// <summary>Phone numbers are for accounts whose units include the team's commune.</summary>
    public static bool PhonesVisible(AccessScope scope, OrgTree tree, int unitId) =>
        CommuneOf(tree, unitId) is { } commune ? scope.Covers(commune.Id) : scope.Unrestricted;

    /// <summary>Administrators and programme managers write within their units; a reporter writes the teams of a commune its
    /// units include (a reporter attached to a village does not).</summary>
    public static bool CanWrite(AccessScope scope, int unitId) =>
        scope.Covers(unitId) && (scope.IsInAnyRole([Roles.Administrator, Roles.ProgrammeManager])
            || scope.IsInRole(Roles.Reporter) && CommuneOf(scope.Tree, unitId) is { } commune && scope.Covers(commune.Id));

    /// <summary>The unit a request names (code), or the caller's first unit; null when unknown or out of reach.</summary>
    public static OrgNode? Resolve(AccessScope scope, OrgTree tree, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return scope.Roots.FirstOrDefault();
        return tree.Find(code.Trim()) is { } u && scope.Covers(u) ? u : null;
    }

    private DateOnly Today => VietnamTime.Today(clock);

    private sealed record Counted(CommunityTeam Team, int Members, int Youth, string? Leader);

    private async Task<List<Counted>> TeamsAsync(AppDb db, Func<CommunityTeam, bool>? keep, CancellationToken ct)
    {
        var rows = await db.Set<CommunityTeam>().AsNoTracking()
            .Select(x => new
            {
                Team = x,
                Members = x.Members.Count(m => m.Active),
                Youth = x.Members.Count(m => m.Active && m.YouthUnion),
                Leader = x.Members.Where(m => m.Active && m.Role == TeamRole.Leader).Select(m => m.FullName).FirstOrDefault(),
            }).ToListAsync(ct);
        return [.. rows.Where(r => keep is null || keep(r.Team)).Select(r => new Counted(r.Team, r.Members, r.Youth, r.Leader))];
    }

    private static TeamRow Row(OrgTree tree, Counted c)
    {
        var unit = tree.Get(c.Team.OrgUnitId);
        var commune = CommuneOf(tree, unit.Id);
        return new TeamRow(c.Team.Id, unit.Code, unit.Name, unit.Kind.ToString(), c.Team.Level, commune?.Code, commune?.Name,
            c.Team.DecisionNumber, c.Team.DecisionDate, c.Team.Active, c.Members, c.Youth,
            c.Members == 0 ? null : Math.Round(100.0 * c.Youth / c.Members, 1), c.Leader);
    }

    /// <summary>The teams of the unit's subtree (or with <paramref name="children"/> false the unit's own team), in tree order.</summary>
    public async Task<Outcome<TeamList>> ListAsync(AccessScope scope, string? unitCode, bool children = true, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        if (Resolve(scope, tree, unitCode) is not { } root) return Outcome<TeamList>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teams = await TeamsAsync(db, x => tree.Contains(x.OrgUnitId) && (children ? tree.IsWithin(x.OrgUnitId, root.Id) : x.OrgUnitId == root.Id), ct);
        var order = tree.Subtree(root.Id).Select((u, i) => (u.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var rows = teams.OrderBy(c => order.GetValueOrDefault(c.Team.OrgUnitId)).Select(c => Row(tree, c)).ToList();
        return Outcome<TeamList>.Ok(new TeamList(root.Code, root.Name, rows));
    }

    /// <summary>Active teams by level, their active members, and villages and communes with a team, over the unit's subtree.</summary>
    public async Task<Outcome<TeamSummary>> SummaryAsync(AccessScope scope, string? unitCode, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        if (Resolve(scope, tree, unitCode) is not { } root) return Outcome<TeamSummary>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teams = await TeamsAsync(db, x => x.Active && tree.Contains(x.OrgUnitId) && tree.IsWithin(x.OrgUnitId, root.Id), ct);
        var today = Today;
        var open = tree.Subtree(root.Id).Where(u => u.IsOpenOn(today)).ToList();
        var withTeam = teams.Select(c => c.Team.OrgUnitId).ToHashSet();
        var villages = open.Where(u => LevelOf(u.Kind) == TeamLevel.Village).ToList();
        var communes = open.Where(u => LevelOf(u.Kind) == TeamLevel.Commune).ToList();
        return Outcome<TeamSummary>.Ok(new TeamSummary(root.Code, root.Name,
            teams.Count(c => c.Team.Level == TeamLevel.Commune), teams.Count(c => c.Team.Level == TeamLevel.Village),
            teams.Sum(c => c.Members), teams.Sum(c => c.Youth),
            villages.Count(v => withTeam.Contains(v.Id)), villages.Count, communes.Count(c => withTeam.Contains(c.Id)), communes.Count));
    }

    /// <summary>Open villages and residential groups of the subtree without an active team.</summary>
    public async Task<Outcome<IReadOnlyList<UnitWithoutTeam>>> WithoutTeamAsync(AccessScope scope, string? unitCode, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        if (Resolve(scope, tree, unitCode) is not { } root) return Outcome<IReadOnlyList<UnitWithoutTeam>>.NotFound();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var withTeam = (await db.Set<CommunityTeam>().AsNoTracking().Where(x => x.Active).Select(x => x.OrgUnitId).ToListAsync(ct)).ToHashSet();
        var today = Today;
        IReadOnlyList<UnitWithoutTeam> list = [.. tree.Subtree(root.Id)
            .Where(u => u.IsOpenOn(today) && LevelOf(u.Kind) == TeamLevel.Village && !withTeam.Contains(u.Id))
            .Select(u => new UnitWithoutTeam(u.Code, u.Name, u.Kind.ToString(), CommuneOf(tree, u.Id)?.Name))];
        return Outcome<IReadOnlyList<UnitWithoutTeam>>.Ok(list);
    }

    /// <summary>One team with its members, or null when it does not exist or lies outside the caller's units.</summary>
    public async Task<TeamDetail?> GetAsync(AccessScope scope, int id, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Set<CommunityTeam>().AsNoTracking().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (team is null || !tree.Contains(team.OrgUnitId) || !scope.Covers(team.OrgUnitId)) return null;
        return Detail(scope, tree, team);
    }

    private static TeamDetail Detail(AccessScope scope, OrgTree tree, CommunityTeam team)
    {
        var phones = PhonesVisible(scope, tree, team.OrgUnitId);
        var active = team.Members.Where(m => m.Active).ToList();
        var counted = new Counted(team, active.Count, active.Count(m => m.YouthUnion), active.FirstOrDefault(m => m.Role == TeamRole.Leader)?.FullName);
        var members = team.Members.OrderByDescending(m => m.Active).ThenBy(m => m.Role).ThenBy(m => m.Id)
            .Select(m => Member(m, phones)).ToList();
        return new TeamDetail(Row(tree, counted), members, phones, CanWrite(scope, team.OrgUnitId));
    }

    private static MemberDto Member(CommunityTeamMember m, bool phones) =>
        new(m.Id, m.FullName, m.Role, m.YouthUnion, phones ? m.Phone : null, m.Active);

    /// <summary>What the audit log keeps of a member: the phone masked.</summary>
    internal static object AuditOf(CommunityTeamMember m) =>
        new { m.FullName, Role = m.Role.ToString(), m.YouthUnion, Phone = m.Phone is null ? null : PhoneNumbers.Mask(m.Phone), m.Active };

    internal static object AuditOf(CommunityTeam x, string unitCode) =>
        new { Unit = unitCode, Level = x.Level.ToString(), x.DecisionNumber, x.DecisionDate, x.Active };

    public async Task<Outcome<TeamDetail>> CreateAsync(AccessScope scope, TeamInput input, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        var problems = new FieldProblems();
        OrgNode? unit = null;
        if (string.IsNullOrWhiteSpace(input.Unit)) problems.Add("unit", t["Teams.UnitRequired"]);
        else if (tree.Find(input.Unit.Trim()) is not { } u || !scope.Covers(u) || !CanWrite(scope, u.Id))
            problems.Add("unit", t["Teams.UnknownUnit", input.Unit.Trim()]);
        else if (LevelOf(u.Kind) is null) problems.Add("unit", t["Teams.UnitKind", u.Code]);
        else unit = u;
        CheckTeam(input, problems);
        if (problems.Count > 0) return Outcome<TeamDetail>.Invalid(problems.ByField());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Set<CommunityTeam>().AnyAsync(x => x.OrgUnitId == unit!.Id, ct))
            return Outcome<TeamDetail>.Conflict("unit", t["Teams.AlreadyHasTeam", unit!.Code]);
        var now = clock.GetUtcNow().UtcDateTime;
        var team = new CommunityTeam
        {
            OrgUnitId = unit!.Id, Level = LevelOf(unit.Kind)!.Value, DecisionNumber = Clean(input.DecisionNumber), DecisionDate = input.DecisionDate,
            Active = input.Active ?? true, CreatedAt = now, UpdatedAt = now,
        };
        db.Add(team);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        audit.Add(db, scope, "Create", EntityType, team.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), unit.Id, null, AuditOf(team, unit.Code));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<TeamDetail>.Created(Detail(scope, tree, team));
    }

    public async Task<Outcome<TeamDetail>> UpdateAsync(AccessScope scope, int id, TeamInput input, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Set<CommunityTeam>().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (team is null || !tree.Contains(team.OrgUnitId) || !CanWrite(scope, team.OrgUnitId)) return Outcome<TeamDetail>.NotFound();
        var problems = new FieldProblems();
        CheckTeam(input, problems);
        if (problems.Count > 0) return Outcome<TeamDetail>.Invalid(problems.ByField());
        var unit = tree.Get(team.OrgUnitId);
        var before = AuditOf(team, unit.Code);
        var changed = team.DecisionNumber != Clean(input.DecisionNumber) || team.DecisionDate != input.DecisionDate || input.Active is { } a && a != team.Active;
        if (changed)
        {
            team.DecisionNumber = Clean(input.DecisionNumber);
            team.DecisionDate = input.DecisionDate;
            team.Active = input.Active ?? team.Active;
            team.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add(db, scope, "Update", EntityType, team.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), unit.Id, before, AuditOf(team, unit.Code));
            await db.SaveChangesAsync(ct);
        }
        return Outcome<TeamDetail>.Ok(Detail(scope, tree, team));
    }

    private void CheckTeam(TeamInput input, FieldProblems problems)
    {
        if (Clean(input.DecisionNumber) is { } d && (d.Length > TeamModel.MaxDecision || d.Any(char.IsControl)))
            problems.Add("decisionNumber", t["Teams.DecisionNumberTooLong", TeamModel.MaxDecision]);
        if (input.DecisionDate is { } day && (day.Year < 1990 || day > Today.AddYears(1)))
            problems.Add("decisionDate", t["Teams.DecisionDateRange"]);
    }

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Checks a member's fields; gives the parsed role and normalised phone when they are good.</summary>
    internal (TeamRole Role, string? Phone) CheckMember(MemberInput input, FieldProblems problems, TeamRole? current = null)
    {
        var name = Clean(input.FullName);
        if (name is null) problems.Add("fullName", t["Teams.NameRequired"]);
        else if (name.Length > TeamModel.MaxName || name.Any(char.IsControl)) problems.Add("fullName", t["Teams.NameTooLong", TeamModel.MaxName]);
        TeamRole role = current ?? TeamRole.Member;
        if (Clean(input.Role) is { } r && !TryRole(r, out role)) problems.Add("role", t["Teams.BadRole", r]);
        string? phone = null;
        if (Clean(input.Phone) is { } p && (phone = PhoneNumbers.Normalise(p)) is null) problems.Add("phone", t["Teams.BadPhone"]);
        return (role, phone);
    }

    /// <summary>Leader, Deputy, Member (any case), or the Vietnamese words tổ trưởng, tổ phó, thành viên.</summary>
    public static bool TryRole(string text, out TeamRole role)
    {
        var folded = Engine.Text.VietnameseText.Fold(text);
        role = folded switch
        {
            "leader" or "to truong" => TeamRole.Leader,
            "deputy" or "to pho" => TeamRole.Deputy,
            "member" or "thanh vien" => TeamRole.Member,
            _ => (TeamRole)(-1),
        };
        return Enum.IsDefined(role);
    }

    public async Task<Outcome<MemberDto>> AddMemberAsync(AccessScope scope, int teamId, MemberInput input, CancellationToken ct = default) =>
        await SaveMemberAsync(scope, teamId, null, input, ct);

    public async Task<Outcome<MemberDto>> UpdateMemberAsync(AccessScope scope, int teamId, int memberId, MemberInput input, CancellationToken ct = default) =>
        await SaveMemberAsync(scope, teamId, memberId, input, ct);

    private async Task<Outcome<MemberDto>> SaveMemberAsync(AccessScope scope, int teamId, int? memberId, MemberInput input, CancellationToken ct)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Set<CommunityTeam>().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == teamId, ct);
        if (team is null || !tree.Contains(team.OrgUnitId) || !CanWrite(scope, team.OrgUnitId)) return Outcome<MemberDto>.NotFound();
        var member = memberId is { } mid ? team.Members.FirstOrDefault(m => m.Id == mid) : null;
        if (memberId is not null && member is null) return Outcome<MemberDto>.NotFound();
        var problems = new FieldProblems();
        var (role, phone) = CheckMember(input, problems, member?.Role);
        var active = input.Active ?? member?.Active ?? true;
        if (problems.Count == 0 && role == TeamRole.Leader && active && team.Members.Any(m => m.Active && m.Role == TeamRole.Leader && m.Id != member?.Id))
            problems.Add("role", t["Teams.OneLeader"]);
        if (problems.Count > 0) return Outcome<MemberDto>.Invalid(problems.ByField());
        var phones = PhonesVisible(scope, tree, team.OrgUnitId);
        var before = member is null ? null : AuditOf(member);
        member ??= new CommunityTeamMember { TeamId = team.Id };
        // A reader who is not shown phone numbers cannot see one to keep, so leaving the field blank keeps it.
        var newPhone = phone ?? (phones || Clean(input.Phone) is not null ? null : member.Phone);
        var changed = member.Id == 0 || member.FullName != Clean(input.FullName) || member.Role != role || member.YouthUnion != (input.YouthUnion ?? member.YouthUnion)
            || member.Phone != newPhone || member.Active != active;
        if (changed)
        {
            member.FullName = Clean(input.FullName)!;
            member.Role = role;
            member.YouthUnion = input.YouthUnion ?? member.YouthUnion;
            member.Phone = newPhone;
            member.Active = active;
            if (member.Id == 0) team.Members.Add(member);
            team.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            audit.Add(db, scope, before is null ? "Create" : "Update", "CommunityTeamMember", member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                team.OrgUnitId, before, AuditOf(member));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var dto = Member(member, phones);
        return before is null ? Outcome<MemberDto>.Created(dto) : Outcome<MemberDto>.Ok(dto);
    }

    /// <summary>Removes a member from the register (deactivating keeps the member listed).</summary>
    public async Task<Outcome<MemberDto>> RemoveMemberAsync(AccessScope scope, int teamId, int memberId, CancellationToken ct = default)
    {
        var tree = await directory.TreeAsync(ct);
        scope = scope.On(tree);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Set<CommunityTeam>().Include(x => x.Members).FirstOrDefaultAsync(x => x.Id == teamId, ct);
        if (team is null || !tree.Contains(team.OrgUnitId) || !CanWrite(scope, team.OrgUnitId)) return Outcome<MemberDto>.NotFound();
        if (team.Members.FirstOrDefault(m => m.Id == memberId) is not { } member) return Outcome<MemberDto>.NotFound();
        db.Remove(member);
        team.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, scope, "Delete", "CommunityTeamMember", member.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), team.OrgUnitId, AuditOf(member));
        await db.SaveChangesAsync(ct);
        return Outcome<MemberDto>.Ok(Member(member, PhonesVisible(scope, tree, team.OrgUnitId)));
    }
}
