using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Community;
using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Community.Teams;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Shared;
using CivicTrack.Reliability;
using CivicTrack.Tests.Infrastructure;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CivicTrack.Tests.Community;

/// <summary>The demo instance with every log line kept, and the commendation's coverage drawn from an indicator that exists
/// beside one that does not (so the ranking must fall back).</summary>
public sealed class TeamsApp : IAsyncDisposable
{
    public CapturedLogs Logs { get; } = new();
    private AppFactory? _app;

    public AppFactory App => _app ??= new AppFactory(DatabaseProvider.Sqlite)
    {
        LogProvider = Logs,
        Settings =
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:CivicTrack"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Community:Commendation:CoverageIndicators"] = "IND_HH_VNEID_PCT,IND_NOT_IN_THE_CATALOGUE",
        },
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

public sealed class TeamsApiTests(TeamsApp shared) : IClassFixture<TeamsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;

    private static StringContent JsonBody(object value) => new(JsonSerializer.Serialize(value, Json.Options), Encoding.UTF8, "application/json");

    private async Task<int> TeamIdAsync(HttpClient client, string unit)
    {
        var list = await client.GetFromJsonAsync<TeamList>($"/api/teams?unit={unit}&children=false", Json.Options, Ct);
        return Assert.Single(list!.Teams).Id;
    }

    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(Workbook.ContentType);
        return content;
    }

    private static byte[] TeamWorkbook(IReadOnlyList<IReadOnlyList<object?>> teams, IReadOnlyList<IReadOnlyList<object?>> members) => Workbook.ToBytes([
        new Sheet("teams", [.. TeamExchange.TeamColumns.Select(c => new SheetColumn(c))], teams),
        new Sheet("members", [.. TeamExchange.MemberColumns.Select(c => new SheetColumn(c))], members),
    ]);

    private async Task<string> NewVillageAsync(string code)
    {
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var created = await App.Services.GetRequiredService<OrgService>()
            .CreateAsync(system, new OrgUnitInput(code, $"Thôn Mới {code}", "Village", "08051", new DateOnly(2025, 7, 1), null, null), Ct);
        Assert.Equal(OutcomeKind.Created, created.Kind);
        return code;
    }

    [Fact]
    public async Task Phone_numbers_reach_no_log_line_no_audit_entry_and_no_reader_outside_the_commune()
    {
        using var manager = await App.SignedInAsync("manager@demo.local");
        using var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        using var villageTeam = await App.SignedInAsync("team.thuongtan@demo.local");
        using var otherCommune = await App.SignedInAsync("reporter.giaptrung@demo.local");
        using var anonymous = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var teamId = await TeamIdAsync(manager, "08051-01");

        // Writes by a commune reporter: add, edit, import; then exports and reads by several roles.
        var added = await reporter.PostAsync($"/api/teams/{teamId}/members", JsonBody(new MemberInput("Lò Văn Thử", "Member", true, "0987 654 321", null)), Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var member = (await added.Content.ReadFromJsonAsync<MemberDto>(Json.Options, Ct))!;
        Assert.Equal("0987654321", member.Phone);
        var edited = await reporter.PutAsync($"/api/teams/{teamId}/members/{member.Id}", JsonBody(new MemberInput("Lò Văn Thử", "Deputy", true, "+84 912 345 670", null)), Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var imported = await reporter.PostAsync("/api/teams/import", Xlsx(TeamWorkbook([],
            [["08051-02", "Thôn Khuổi Nấng", "Hoàng Thị Nhập", "Member", "yes", "0356 789 012", "yes"]])), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var bad = await reporter.PostAsync($"/api/teams/{teamId}/members", JsonBody(new MemberInput("Sai Số", "Member", false, "12345", null)), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("phone", await bad.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var managerExport = await manager.GetByteArrayAsync("/api/teams/export?unit=08051&format=xlsx", Ct);
        var villageExport = await villageTeam.GetByteArrayAsync("/api/teams/export?format=xlsx", Ct);
        var managerView = await manager.GetStringAsync($"/api/teams/{teamId}", Ct);
        var villageView = await villageTeam.GetFromJsonAsync<TeamDetail>($"/api/teams/{teamId}", Json.Options, Ct);
        var otherTeam = await otherCommune.GetAsync($"/api/teams/{teamId}", Ct);
        var otherList = await otherCommune.GetStringAsync("/api/teams", Ct);
        var otherSummary = await otherCommune.GetStringAsync("/api/teams/summary", Ct);
        var anonymousTeam = await anonymous.GetAsync($"/api/teams/{teamId}", Ct);
        var anonymousPage = await anonymous.GetAsync($"/teams/{teamId}", Ct);
        var anonymousExport = await anonymous.GetAsync("/api/teams/export?unit=08051", Ct);

        string[] phones;
        List<string> audit;
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct))
        {
            phones = [.. (await db.CommunityTeamMembers.Where(m => m.Phone != null).Select(m => m.Phone!).ToListAsync(Ct)).Select(p => p[^9..]).Distinct()];
            audit = await db.Audit.Where(a => a.EntityType.StartsWith("CommunityTeam")).Select(a => (a.Before ?? "") + " " + (a.After ?? "")).ToListAsync(Ct);
        }
        Assert.Contains("912345670", phones);
        Assert.Contains("356789012", phones);
        Assert.True(phones.Length > 2000, $"only {phones.Length} phone numbers");

        // The commune's own accounts see phones (in answers and exports): the checks below could fail.
        Assert.Contains("+84912345670", managerView, StringComparison.Ordinal);
        Assert.Contains(ReadMembers(managerExport), r => r["phone"]?.ToString() == "0356789012");
        // A village's team member reads its team, without phones; another commune's reporter does not see it at all.
        Assert.False(villageView!.PhonesShown);
        Assert.NotEmpty(villageView.Members);
        Assert.All(villageView.Members, m => Assert.Null(m.Phone));
        Assert.All(ReadMembers(villageExport), r => Assert.Null(r["phone"]));
        Assert.Equal(HttpStatusCode.NotFound, otherTeam.StatusCode);
        Assert.DoesNotContain("08051", otherList, StringComparison.Ordinal);
        Assert.Contains("\"unit\":\"08052\"", otherSummary, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousTeam.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousExport.StatusCode);
        Assert.True(anonymousPage.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"page answered {anonymousPage.StatusCode}");
        var refusedBodies = await anonymousTeam.Content.ReadAsStringAsync(Ct) + await anonymousPage.Content.ReadAsStringAsync(Ct)
            + await anonymousExport.Content.ReadAsStringAsync(Ct) + await otherTeam.Content.ReadAsStringAsync(Ct) + otherList + otherSummary;
        Assert.DoesNotContain("Lò Văn Thử", refusedBodies, StringComparison.Ordinal);

        // The audit log keeps the member, its phone masked.
        Assert.Contains(audit, a => a.Contains("+8•••••••670", StringComparison.Ordinal));
        var logs = string.Join('\n', shared.Logs.Lines);
        Assert.Contains("/api/teams", logs, StringComparison.Ordinal); // the capture did see the requests
        var flat = new string(logs.Where(c => c is not (' ' or '.' or '-')).ToArray());
        var texts = new[] { ("log", flat), ("audit", string.Join('\n', audit)), ("village member's answer", JsonSerializer.Serialize(villageView, Json.Options)),
            ("refused answers", refusedBodies) };
        foreach (var (where, text) in texts)
        {
            var leaked = phones.Where(p => text.Contains(p, StringComparison.Ordinal)).Take(5).ToList();
            Assert.True(leaked.Count == 0, $"phone numbers in the {where}: {string.Join(", ", leaked)}");
        }
    }

    [Fact]
    public async Task A_reporter_attached_to_a_village_reads_its_team_without_phones_and_may_not_change_it()
    {
        var system = await App.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        using (var scope = App.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateAsync(system, new AccountCreate("reporter.naso@test.local", "Thôn Nà Sài", [Roles.Reporter], ["08051-04"], AppFactory.DemoPassword), Ct);
            Assert.Equal(OutcomeKind.Created, created.Kind);
        }
        using var villageReporter = await App.SignedInAsync("reporter.naso@test.local");
        using var manager = await App.SignedInAsync("manager@demo.local");
        var teamId = await TeamIdAsync(manager, "08051-04");

        var team = await villageReporter.GetFromJsonAsync<TeamDetail>($"/api/teams/{teamId}", Json.Options, Ct);
        Assert.False(team!.PhonesShown);
        Assert.False(team.CanEdit);
        Assert.All(team.Members, m => Assert.Null(m.Phone));
        var added = await villageReporter.PostAsync($"/api/teams/{teamId}/members", JsonBody(new MemberInput("Không Được Thêm", "Member", true, null, null)), Ct);
        Assert.Equal(HttpStatusCode.NotFound, added.StatusCode);
        var again = await manager.GetFromJsonAsync<TeamDetail>($"/api/teams/{teamId}", Json.Options, Ct);
        Assert.DoesNotContain(again!.Members, m => m.FullName == "Không Được Thêm");
        Assert.True(again.PhonesShown);
        Assert.All(again.Members, m => Assert.NotNull(m.Phone));
    }

    private static List<IDictionary<string, object?>> ReadMembers(byte[] xlsx)
    {
        using var ms = new MemoryStream(xlsx);
        return [.. ms.Query(useHeaderRow: true, sheetName: "members").Cast<IDictionary<string, object?>>()];
    }

    [Fact]
    public async Task The_rollup_equals_a_hand_count_for_a_commune_and_the_province() => await RollupAsync(App);

    internal static async Task RollupAsync(AppFactory app)
    {
        using var manager = await app.SignedInAsync("manager@demo.local");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var units = await db.OrgUnits.AsNoTracking().ToDictionaryAsync(u => u.Id, Ct);
        var teams = await db.CommunityTeams.AsNoTracking().Include(t => t.Members).ToListAsync(Ct);
        var today = new DateOnly(2025, 12, 31);
        bool Under(int id, int root) { for (int? u = id; u is { } x; u = units[x].ParentId) if (x == root) return true; return false; }
        bool Open(OrgUnit u) => (u.OpenedOn is null || u.OpenedOn <= today) && (u.ClosedOn is null || today < u.ClosedOn);
        foreach (var code in new[] { "08051", "08" })
        {
            var root = units.Values.Single(u => u.Code == code).Id;
            var mine = teams.Where(t => t.Active && Under(t.OrgUnitId, root)).ToList();
            var villages = units.Values.Where(u => u.Kind is OrgUnitKind.Village or OrgUnitKind.ResidentialGroup && Open(u) && Under(u.Id, root)).ToList();
            var expected = new TeamSummary(code, units[root].Name,
                mine.Count(t => units[t.OrgUnitId].Kind is OrgUnitKind.Commune or OrgUnitKind.Ward),
                mine.Count(t => units[t.OrgUnitId].Kind is OrgUnitKind.Village or OrgUnitKind.ResidentialGroup),
                mine.Sum(t => t.Members.Count(m => m.Active)), mine.Sum(t => t.Members.Count(m => m.Active && m.YouthUnion)),
                villages.Count(v => mine.Any(t => t.OrgUnitId == v.Id)), villages.Count,
                units.Values.Count(u => u.Kind is OrgUnitKind.Commune or OrgUnitKind.Ward or OrgUnitKind.SpecialZone && Open(u) && Under(u.Id, root) && mine.Any(t => t.OrgUnitId == u.Id)),
                units.Values.Count(u => u.Kind is OrgUnitKind.Commune or OrgUnitKind.Ward or OrgUnitKind.SpecialZone && Open(u) && Under(u.Id, root)));
            var got = await manager.GetFromJsonAsync<TeamSummary>($"/api/teams/summary?unit={code}", Json.Options, Ct);
            Assert.Equal(expected, got);
            Assert.True(expected.VillageTeams > 0 && expected.Members > 5 * (expected.VillageTeams + expected.CommuneTeams) - 1);
        }
    }

    [Fact]
    public async Task An_import_applies_a_good_workbook_changes_nothing_when_repeated_and_refuses_a_bad_one_naming_row_and_column()
    {
        using var manager = await App.SignedInAsync("manager@demo.local");
        var village = await NewVillageAsync("08051-T90");
        var good = TeamWorkbook(
            [[village, "Thôn Mới", "Village", "12/QĐ-UBND", new DateOnly(2025, 10, 1), "yes"]],
            [
                [village, "", "Nguyễn Văn Một", "Leader", "no", "0912 000 111", "yes"],
                [village, "", "Trần Thị Hai", "tổ phó", "có", "0388000222", "yes"],
                [village, "", "Lê Văn Ba", "Member", "yes", null, "yes"],
            ]);
        var first = await manager.PostAsync("/api/teams/import", Xlsx(good), Ct);
        var applied = (await first.Content.ReadFromJsonAsync<TeamImportResult>(Json.Options, Ct))!;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal((1, 0, 3, 0), (applied.TeamsAdded, applied.TeamsUpdated, applied.MembersAdded, applied.MembersUpdated));
        var team = await manager.GetFromJsonAsync<TeamDetail>($"/api/teams/{await TeamIdAsync(manager, village)}", Json.Options, Ct);
        Assert.Equal(("12/QĐ-UBND", new DateOnly(2025, 10, 1), 3, "Nguyễn Văn Một"), (team!.Team.DecisionNumber, team.Team.DecisionDate, team.Team.Members, team.Team.Leader));
        Assert.Contains(team.Members, m => m is { FullName: "Trần Thị Hai", Role: TeamRole.Deputy, YouthUnion: true, Phone: "0388000222" });

        await using var fingerprint = await DatabaseFingerprint.OpenAsync(App.Services.GetRequiredService<IDbContextFactory<AppDb>>(), Ct);
        var before = await fingerprint.ComputeAsync(Ct);
        var again = await manager.PostAsync("/api/teams/import", Xlsx(good), Ct);
        var repeated = (await again.Content.ReadFromJsonAsync<TeamImportResult>(Json.Options, Ct))!;
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((0, 0, 0, 0, 4), (repeated.TeamsAdded, repeated.TeamsUpdated, repeated.MembersAdded, repeated.MembersUpdated, repeated.Unchanged));
        Assert.Equal("", DatabaseFingerprint.Difference(before, await fingerprint.ComputeAsync(Ct)));

        var badBook = TeamWorkbook(
            [[village, "", "Village", "12/QĐ-UBND", "31/02/2025", "yes"]],
            [
                [village, "", "Phạm Văn Bốn", "Member", "yes", "0912 000 444", "yes"],
                [village, "", "Đỗ Thị Năm", "Member", "yes", "12345", "yes"],
                [village, "", "Vũ Văn Sáu", "Leader", "yes", null, "yes"],
                ["08051-NOPE", "", "Hà Văn Bảy", "chief", "maybe", null, "yes"],
            ]);
        var refused = await manager.PostAsync("/api/teams/import", Xlsx(badBook), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var result = (await refused.Content.ReadFromJsonAsync<TeamImportResult>(Json.Options, Ct))!;
        Assert.False(result.Applied);
        var errors = result.Errors.Select(e => (e.Sheet, e.Row, e.Column, e.Cell)).ToList();
        Assert.Contains(("teams", 2, "decision_date", "E2"), errors);
        Assert.Contains(("members", 3, "phone", "F3"), errors);
        Assert.Contains(("members", 5, "unit_code", "A5"), errors);
        Assert.Contains(("members", 5, "role", "D5"), errors);
        Assert.Contains(("members", 5, "youth_union", "E5"), errors);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Equal("", DatabaseFingerprint.Difference(before, await fingerprint.ComputeAsync(Ct)));

        // A second active leader is refused on the row that would make it, and still nothing is stored.
        var twoLeaders = TeamWorkbook([], [[village, "", "Vũ Văn Sáu", "Leader", "yes", null, "yes"]]);
        var leaders = await manager.PostAsync("/api/teams/import", Xlsx(twoLeaders), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, leaders.StatusCode);
        Assert.Contains(("members", 2, "role"), (await leaders.Content.ReadFromJsonAsync<TeamImportResult>(Json.Options, Ct))!.Errors.Select(e => (e.Sheet, e.Row, e.Column)));
        Assert.Equal("", DatabaseFingerprint.Difference(before, await fingerprint.ComputeAsync(Ct)));
    }

    [Fact]
    public async Task The_commendation_ranks_the_demo_by_the_weighted_score_and_the_annex_lists_the_top_without_phones()
    {
        using var manager = await App.SignedInAsync("manager@demo.local");
        var ranking = (await manager.GetFromJsonAsync<CommendationResult>("/api/commendation?period=2025&of=units", Json.Options, Ct))!;
        Assert.Equal(93, ranking.Rows.Count);
        var coverage = ranking.Components.Single(c => c.Key == CommendationService.Coverage);
        Assert.True(coverage.Used);
        Assert.Equal("IND_HH_VNEID_PCT", coverage.Source); // the unknown code is left out
        Assert.Equal(Enumerable.Range(1, ranking.Rows.Count), ranking.Rows.Select(r => r.Rank));
        // The same figures through the engine give the same order and scores.
        var used = ranking.Components.Where(c => c.Used).ToList();
        var again = CommendationScore.Rank(
            [.. ranking.Rows.Select(r => new CommendationCandidate(r.Key, r.Name, used.ToDictionary(c => c.Key, c => r.Components[c.Key].Value)))],
            [.. used.Select(c => new CommendationComponent(c.Key, c.Weight))]);
        Assert.Equal(again.Places.Select(p => p.Key), ranking.Rows.Select(r => r.Key));
        Assert.Equal(again.Places.Select(p => Math.Round(100 * p.Score, 1)), ranking.Rows.Select(r => r.Score));
        for (var i = 1; i < ranking.Rows.Count; i++)
            Assert.True(ranking.Rows[i - 1].Score >= ranking.Rows[i].Score, $"{ranking.Rows[i - 1].Name} before {ranking.Rows[i].Name}");
        Assert.True(ranking.Rows[0].Score > ranking.Rows[^1].Score);

        var teams = (await manager.GetFromJsonAsync<CommendationResult>("/api/commendation?period=2025&of=teams&unit=08051", Json.Options, Ct))!;
        Assert.True(teams.Rows.Count >= 26);
        var annex = await manager.GetAsync("/api/commendation/annex.docx?period=2025&of=teams&unit=08051&top=5", Ct);
        Assert.Equal(HttpStatusCode.OK, annex.StatusCode);
        Assert.Equal(CommendationAnnex.ContentType, annex.Content.Headers.ContentType?.MediaType);
        using var word = WordprocessingDocument.Open(new MemoryStream(await annex.Content.ReadAsByteArrayAsync(Ct)), false);
        var problems = new OpenXmlValidator(FileFormatVersions.Office2019).Validate(word, Ct).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        var text = string.Concat(word.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Text>().Select(t => t.Text));
        foreach (var expected in new[] { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Phụ lục", "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Tên tập thể", "Tóm tắt thành tích" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        foreach (var row in teams.Rows.Take(5)) Assert.Contains(row.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain(teams.Rows[5].Name, text, StringComparison.Ordinal);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var phones = await db.CommunityTeamMembers.Where(m => m.Phone != null).Select(m => m.Phone!).ToListAsync(Ct);
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        Assert.DoesNotContain(phones, p => digits.Contains(p[^9..], StringComparison.Ordinal));

        var bad = await manager.GetAsync("/api/commendation?period=2025-13&of=villages", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("period", body, StringComparison.Ordinal);
        Assert.Contains("of", body, StringComparison.Ordinal);
    }
}

public sealed class TeamsPostgresTests(PostgresDemoApp shared) : IClassFixture<PostgresDemoApp>
{
    [Fact]
    public async Task The_rollup_equals_a_hand_count_on_PostgreSQL_and_the_demo_gives_every_village_a_team() =>
        await TeamsApiTests.RollupAsync(shared.App);
}
