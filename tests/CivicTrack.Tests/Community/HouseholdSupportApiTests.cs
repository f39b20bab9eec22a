using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CivicTrack.Data;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Community.Households;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Community;

/// <summary>The household support log's API as the Thượng Tân village team member uses it from a phone: each entry judged
/// on its own, stored once whatever the number of sends, edits ordered by the phone's edit time, citizens' ID numbers refused.</summary>
public sealed class HouseholdSupportApiTests(SqliteDemoApp shared) : IClassFixture<SqliteDemoApp>
{
    private const string Village = "08051-01";
    private const string OtherVillage = "08052-01";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateOnly Today = VietnamTime.Today(TimeProvider.System);
    private static string Day(int back = 0) => Today.AddDays(-back).ToString("yyyy-MM-dd");

    private HttpClient? _team;
    private async Task<HttpClient> TeamAsync() => _team ??= await shared.App.SignedInAsync("team.thuongtan@demo.local");

    private static object Entry(Guid id, string household = "NB-017", string village = Village, string? date = null, string? editedAt = null,
        string service = "VNEID", string outcome = "done", string? note = null) =>
        new { id, village, household, date = date ?? Day(), editedAt = editedAt ?? DateTime.UtcNow.AddMinutes(-5).ToString("O"), services = new[] { new { service, outcome } }, note };

    private static async Task<List<HouseholdEntryResult>> Post(HttpClient client, params object[] entries)
    {
        var response = await client.PostAsJsonAsync("/api/household-support", new { entries }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return (await response.Content.ReadFromJsonAsync<HouseholdSaveResult>(Json.Options, Ct))!.Results.ToList();
    }

    private async Task<List<HouseholdSupportEntry>> Rows(Guid id)
    {
        await using var db = await shared.App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        return await db.HouseholdSupportEntries.AsNoTracking().Include(e => e.Services).Where(e => e.Id == id).ToListAsync(Ct);
    }

    [Fact]
    public async Task The_same_entry_sent_twice_is_stored_once_and_answered_unchanged_the_second_time()
    {
        var team = await TeamAsync();
        var id = Guid.NewGuid();
        var entry = Entry(id, "NB-501");

        Assert.Equal("stored", Assert.Single(await Post(team, entry)).Status);
        Assert.Equal("unchanged", Assert.Single(await Post(team, entry)).Status);
        // Twice in one request too.
        Assert.All(await Post(team, entry, entry), r => Assert.Equal("unchanged", r.Status));

        var row = Assert.Single(await Rows(id));
        Assert.Equal(("NB-501", "Tổ công nghệ số cộng đồng"), (row.Household, row.ByName));
        Assert.Single(row.Services);
    }

    [Fact]
    public async Task A_later_edit_replaces_the_entry_and_an_older_one_never_overwrites_it()
    {
        var team = await TeamAsync();
        var id = Guid.NewGuid();
        var first = DateTime.UtcNow.AddHours(-2);
        Assert.Equal("stored", Assert.Single(await Post(team, Entry(id, "NB-502", editedAt: first.ToString("O")))).Status);

        var later = Entry(id, "NB-503", editedAt: first.AddMinutes(30).ToString("O"), service: "EWALLET", outcome: "partly", note: "Quay lại sau");
        Assert.Equal("stored", Assert.Single(await Post(team, later)).Status);
        // The first version arrives late (a second phone, a retry): it is older, so nothing changes.
        Assert.Equal("unchanged", Assert.Single(await Post(team, Entry(id, "NB-502", editedAt: first.ToString("O")))).Status);

        var row = Assert.Single(await Rows(id));
        Assert.Equal(("NB-503", "Quay lại sau"), (row.Household, row.Note));
        var service = Assert.Single(row.Services);
        Assert.Equal(("EWALLET", "partly"), (service.Service, service.Outcome));

        var listed = await team.GetFromJsonAsync<List<HouseholdEntryDto>>($"/api/household-support?village={Village}&from={Day(1)}", Json.Options, Ct);
        Assert.Contains(listed!, e => e.Id == id && e.Household == "NB-503");
    }

    [Theory]
    [InlineData("001089012345")]
    [InlineData("0912 345 678")]
    [InlineData("0912.345.678")]
    [InlineData("NB-091234567")]
    public async Task A_household_code_that_looks_like_an_ID_or_phone_number_is_refused_naming_household(string household)
    {
        var team = await TeamAsync();
        var id = Guid.NewGuid();
        var result = Assert.Single(await Post(team, Entry(id, household)));

        Assert.Equal(("refused", "invalid", "household"), (result.Status, result.Reason, result.Field));
        Assert.Contains("NB-017", result.Message);
        Assert.Empty(await Rows(id));
    }

    [Fact]
    public async Task Another_village_is_refused_as_outside_and_the_good_entry_beside_it_is_stored()
    {
        var team = await TeamAsync();
        Guid outside = Guid.NewGuid(), inside = Guid.NewGuid();

        var results = await Post(team, Entry(outside, "GT-001", OtherVillage), Entry(inside, "NB-504"));

        Assert.Equal(("refused", "outside", "village"), (results[0].Status, results[0].Reason, results[0].Field));
        Assert.DoesNotContain(OtherVillage, results[0].Message ?? "");
        Assert.Equal("stored", results[1].Status);
        Assert.Empty(await Rows(outside));
        Assert.Single(await Rows(inside));
    }

    [Fact]
    public async Task A_bad_service_outcome_date_or_code_is_refused_naming_its_field()
    {
        var team = await TeamAsync();
        var cases = new (object Entry, string Field)[]
        {
            (Entry(Guid.NewGuid(), service: "FACEBOOK"), "services[0].service"),
            (Entry(Guid.NewGuid(), outcome: "maybe"), "services[0].outcome"),
            (Entry(Guid.NewGuid(), date: "2019-12-31"), "date"),
            (Entry(Guid.NewGuid(), date: Today.AddDays(3).ToString("yyyy-MM-dd")), "date"),
            (Entry(Guid.NewGuid(), date: "03/10/2025"), "date"),
            (Entry(Guid.NewGuid(), editedAt: "yesterday"), "editedAt"),
            (Entry(Guid.NewGuid(), household: "NB 017"), "household"),
            (Entry(Guid.NewGuid(), household: "NB-0170000000000000000"), "household"),
            (Entry(Guid.NewGuid(), note: new string('x', 501)), "note"),
            (new { id = "not-a-uuid", village = Village, household = "NB-1", date = Day(), editedAt = DateTime.UtcNow.ToString("O"), services = new[] { new { service = "VNEID", outcome = "done" } } }, "id"),
            (new { id = Guid.NewGuid(), village = Village, household = "NB-1", date = Day(), editedAt = DateTime.UtcNow.ToString("O"), services = Array.Empty<object>() }, "services"),
            (new { id = Guid.NewGuid(), village = "08051", household = "NB-1", date = Day(), editedAt = DateTime.UtcNow.ToString("O"), services = new[] { new { service = "VNEID", outcome = "done" } } }, "village"),
        };

        var results = await Post(team, [.. cases.Select(c => c.Entry)]);

        Assert.Equal(cases.Select(c => ("refused", c.Field)), results.Select(r => (r.Status, r.Field!)));
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r.Message)));
    }

    [Fact]
    public async Task A_malformed_or_oversized_body_is_a_400_naming_the_field_and_a_viewer_may_not_write()
    {
        var team = await TeamAsync();
        var malformed = await team.PostAsync("/api/household-support", new StringContent("""{"entries": 5}""", System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("entries", JsonNode.Parse(await malformed.Content.ReadAsStringAsync(Ct))!["errors"]!.AsObject().Select(p => p.Key));

        var tooMany = await team.PostAsJsonAsync("/api/household-support", new { entries = Enumerable.Range(0, 201).Select(i => Entry(Guid.NewGuid(), $"NB-{i}")) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("entries", JsonNode.Parse(await tooMany.Content.ReadAsStringAsync(Ct))!["errors"]!.AsObject().Select(p => p.Key));

        var viewer = await shared.App.SignedInAsync("viewer@demo.local");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/household-support", new { entries = new[] { Entry(Guid.NewGuid()) } }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_mistaken_entry_is_deleted_in_the_own_village_only_and_the_page_learns_the_village()
    {
        var team = await TeamAsync();
        var id = Guid.NewGuid();
        Assert.Equal("stored", Assert.Single(await Post(team, Entry(id, "NB-505"))).Status);

        var giapTrung = await shared.App.SignedInAsync("reporter.giaptrung@demo.local");
        Assert.Equal(HttpStatusCode.NotFound, (await giapTrung.DeleteAsync($"/api/household-support/{id}", Ct)).StatusCode);
        Assert.Single(await Rows(id));

        Assert.Equal(HttpStatusCode.NoContent, (await team.DeleteAsync($"/api/household-support/{id}", Ct)).StatusCode);
        Assert.Empty(await Rows(id));

        var me = (await team.GetFromJsonAsync<HouseholdMeDto>("/api/household-support/me", Json.Options, Ct))!;
        Assert.Equal(Village, Assert.Single(me.Villages).Code);
        Assert.Equal(HouseholdServices.All, me.Services.Select(s => s.Code));
        Assert.True(me.CanWrite);
        Assert.Equal("Sổ hỗ trợ hộ gia đình", me.Texts["Title"]);
    }
}
