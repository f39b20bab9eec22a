using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Federation;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Federation;

/// <summary>A province instance pushes to a national instance over real HTTP: every value arrives once, through an outage of the national
/// instance; the same batch twice changes nothing; values for a unit outside the pushing province are refused and change nothing.</summary>
public sealed class FederationTests : IAsyncLifetime
{
    private const string Elements = "HH_TOTAL,HH_VNEID,OFFICIALS_TRAINED";
    private const string ProvinceAdmin = "administrator.08@test.local";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _nationalFile = Path.Combine(Path.GetTempPath(), "civictrack-tests", $"national-{Guid.NewGuid():N}.db");
    private string NationalConnection => $"Data Source={_nationalFile};Pooling=False";
    private readonly int _port = FreePort();
    private AppFactory _national = null!;
    private string _token = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_nationalFile)!);
        _national = await StartNationalAsync();
        // The national administrator registers the province: its unit and an account attached to it, whose token pushes.
        using (var admin = await _national.AccountOnNewRootAsync("08"))
        {
            // The national instance holds the standard indicator framework, as the provinces do.
            var library = await admin.PostAsync("/api/indicators/library", null, Ct);
            Assert.Equal(HttpStatusCode.OK, library.StatusCode);
        }
        using var pusher = await _national.WithTokenAsync(ProvinceAdmin, TokenScopes.FederationPush);
        _token = pusher.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    public async ValueTask DisposeAsync()
    {
        await _national.DisposeAsync();
        foreach (var f in new[] { _nationalFile, _nationalFile + "-wal", _nationalFile + "-shm" })
            try { File.Delete(f); } catch (IOException) { }
    }

    private async Task<AppFactory> StartNationalAsync()
    {
        var app = new AppFactory(DatabaseProvider.Sqlite, loadDemo: false, reuseConnection: NationalConnection);
        app.StartKestrel(_port);
        await Task.CompletedTask;
        return app;
    }

    private AppFactory Province() => new(DatabaseProvider.Sqlite)
    {
        Settings =
        {
            ["Federation:Url"] = $"http://127.0.0.1:{_port}",
            ["Federation:Token"] = _token,
            ["Federation:Elements"] = Elements,
            ["Federation:BatchSize"] = "400",
            ["Federation:Scheduled"] = "false",
            ["Federation:TimeoutSeconds"] = "5",
        },
    };

    [Fact]
    public async Task A_push_survives_the_national_instance_being_down_and_every_value_arrives_once()
    {
        await using var province = Province();
        var outbox = province.Services.GetRequiredService<FederationOutbox>();

        var first = await outbox.PassAsync(Ct);
        Assert.False(first.Unavailable);
        Assert.Null(first.Refused);
        Assert.True(first.Batches >= 2, $"the province's values go in several batches of 400, got {first.Batches}");
        var expected = await ProvinceValuesAsync(province);
        Assert.True(expected.Count > 400, $"the demo holds {expected.Count} values of {Elements}");
        Assert.Equal(expected, await NationalValuesAsync());
        Assert.Equal(first.Batches, await CountAsync(db => db.FederationIncoming));

        // Nothing changed: a pass sends nothing.
        Assert.Equal(0, (await outbox.PassAsync(Ct)).Batches);

        // The province changes figures; the national instance is down for the next push.
        var system = await province.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        var put = await province.Services.GetRequiredService<DataValueService>().PutAsync(system, new DataValueBatch(
        [
            new DataValueInput("HH_TOTAL", "08051-01", "2019-03", 141),
            new DataValueInput("OFFICIALS_TRAINED", "08051", "2019-03", 12),
        ]), ValueSource.Entry, Ct);
        Assert.True(put.Succeeded, string.Join("; ", put.Problems.SelectMany(p => p.Value)));
        await _national.DisposeAsync();
        var down = await outbox.PassAsync(Ct);
        Assert.True(down.Unavailable);
        Assert.Equal(0, down.Batches);
        var waiting = await PendingAsync(province);
        Assert.Single(waiting);

        // It comes back: the waiting batch, the very same, is delivered; every value is there once.
        _national = await StartNationalAsync();
        var back = await outbox.PassAsync(Ct);
        Assert.False(back.Unavailable);
        Assert.Equal(1, back.Batches);
        Assert.Empty(await PendingAsync(province));
        expected = await ProvinceValuesAsync(province);
        var national = await NationalValuesAsync();
        Assert.Equal(expected, national);
        Assert.Equal(141, national[("HH_TOTAL", "08051-01", "2019-03")]);
        Assert.Equal(first.Batches + 1, await CountAsync(db => db.FederationIncoming));
        await using (var db = await DbAsync(_national))
            Assert.Contains(await db.FederationIncoming.Select(b => b.Id).ToListAsync(Ct), id => id == waiting[0].Id);

        // The reconciliation finds no difference: the national figures equal the province's own totals.
        using var admin = await _national.SignedInAsync(ProvinceAdmin);
        var differences = await admin.GetFromJsonAsync<List<FederationReconciliationRow>>("/api/federation/reconciliation?differences=true", Json.Options, Ct);
        Assert.Empty(differences!);
        var all = await admin.GetFromJsonAsync<List<FederationReconciliationRow>>("/api/federation/reconciliation", Json.Options, Ct);
        Assert.NotEmpty(all!);
        Assert.All(all!, r => Assert.Equal(r.Reported, r.National));
        var provinces = await admin.GetFromJsonAsync<List<FederationProvinceRow>>("/api/federation/provinces?element=HH_TOTAL&period=2025", Json.Options, Ct);
        var row = Assert.Single(provinces!);
        Assert.Equal("08", row.Code);
        Assert.Equal(1, row.Rank);
        Assert.NotNull(row.LastReceived);
        Assert.Equal(row.Reported, row.National);
        // Any indicator ranks the provinces too, computed from the values received: the same figure as the province's own.
        var byIndicator = Assert.Single((await admin.GetFromJsonAsync<List<FederationProvinceRow>>(
            "/api/federation/provinces?indicator=IND_HH_VNEID_PCT&period=2025-10", Json.Options, Ct))!);
        using var provinceReader = await province.SignedInAsync("admin@demo.local");
        var own = await provinceReader.GetFromJsonAsync<JsonElement>("/api/analytics?indicators=IND_HH_VNEID_PCT&units=08&periods=2025-10", Json.Options, Ct);
        var ownValue = own.GetProperty("values")[0].GetProperty("value").GetDouble();
        Assert.Equal(ownValue, byIndicator.National);
        Assert.Equal(1, byIndicator.Rank);

        // The same batch sent again changes nothing.
        await using (var db = await DbAsync(province))
        {
            var sent = await db.FederationOutgoing.AsNoTracking().OrderBy(b => b.CreatedAt).FirstAsync(Ct);
            using var pusher = Pusher();
            var before = await NationalValuesAsync();
            var batches = await CountAsync(d => d.FederationIncoming);
            var again = await pusher.PostAsync("/api/federation/batches", new StringContent(sent.Body, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var receipt = await again.Content.ReadFromJsonAsync<FederationReceipt>(Json.Options, Ct);
            Assert.Equal("unchanged", receipt!.Status);
            Assert.Equal(before, await NationalValuesAsync());
            Assert.Equal(batches, await CountAsync(d => d.FederationIncoming));
        }
    }

    [Fact]
    public async Task Values_for_a_unit_outside_the_pushing_province_are_refused_and_change_nothing()
    {
        (await _national.AccountOnNewRootAsync("09")).Dispose();
        using var pusher = Pusher();
        var values = await NationalValuesAsync();
        var units = await CountAsync(db => db.OrgUnits);

        var outside = await PostAsync(pusher, new FederationBatchDto(Guid.NewGuid(), "08", DateTime.UtcNow,
            [new FederationUnit("08", "Tỉnh Tuyên Quang", "Province", null), new FederationUnit("08001", "Xã Một", "Commune", "08")],
            [new FederationValue("HH_TOTAL", "08001", "2025-10", 10), new FederationValue("HH_TOTAL", "09", "2025-10", 99)], null));
        Assert.Equal(HttpStatusCode.BadRequest, outside.Status);
        Assert.Contains("values[1].unit", outside.Problems.Keys);
        Assert.Contains("09", outside.Problems["values[1].unit"][0], StringComparison.Ordinal);

        // A unit of the batch that another province holds, or that hangs under another province, is refused too.
        var stolen = await PostAsync(pusher, new FederationBatchDto(Guid.NewGuid(), "08", null,
            [new FederationUnit("09", "Tỉnh Khác", "Province", null), new FederationUnit("09001", "Xã Khác", "Commune", "09")], [], null));
        Assert.Equal(HttpStatusCode.BadRequest, stolen.Status);
        Assert.Contains("units[0].code", stolen.Problems.Keys);
        Assert.Contains("units[1].parent", stolen.Problems.Keys);

        // Pushing for the other province with this province's token is refused.
        var other = await PostAsync(pusher, new FederationBatchDto(Guid.NewGuid(), "09", null, null, [new FederationValue("HH_TOTAL", "09", "2025-10", 5)], null));
        Assert.Equal(HttpStatusCode.BadRequest, other.Status);
        Assert.Contains("province", other.Problems.Keys);

        // Hostile text and numbers: a 400 naming the field, never a 500.
        var hostile = await pusher.PostAsync("/api/federation/batches", new StringContent(
            $$"""{"id":"{{Guid.NewGuid()}}","province":"08","units":[{"code":"08\uD800","name":"x","kind":"Commune","parent":"08"}]}""",
            Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
        Assert.Contains("units[0].code", await hostile.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var month = await pusher.PostAsync("/api/federation/batches", new StringContent(
            $$"""{"id":"{{Guid.NewGuid()}}","province":"08","values":[{"element":"HH_TOTAL","unit":"08","period":"2025-13","value":1}]}""",
            Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, month.StatusCode);
        Assert.Contains("values[0].period", await month.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var huge = await pusher.PostAsync("/api/federation/batches", new StringContent(
            $$"""{"id":"{{Guid.NewGuid()}}","province":"08","values":[{"element":"HH_TOTAL","unit":"08","period":"2025-10","value":1e400}]}""",
            Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);

        Assert.Equal(values, await NationalValuesAsync());
        Assert.Equal(units, await CountAsync(db => db.OrgUnits));
        Assert.Equal(0, await CountAsync(db => db.FederationIncoming));

        // The same batch without the outside value is stored, and the national tree gains the province's commune.
        var good = await PostAsync(pusher, new FederationBatchDto(Guid.NewGuid(), "08", DateTime.UtcNow,
            [new FederationUnit("08", "Tỉnh Tuyên Quang", "Province", null), new FederationUnit("08001", "Xã Một", "Commune", "08")],
            [new FederationValue("HH_TOTAL", "08001", "2025-10", 10)], [new FederationTotalDto("HH_TOTAL", "2025-10", 12)]));
        Assert.Equal(HttpStatusCode.OK, good.Status);
        Assert.Equal(10, (await NationalValuesAsync())[("HH_TOTAL", "08001", "2025-10")]);
        // The province said 12 where the national figure is 10: the reconciliation flags it.
        using var admin = await _national.SignedInAsync(ProvinceAdmin);
        var flagged = Assert.Single((await admin.GetFromJsonAsync<List<FederationReconciliationRow>>("/api/federation/reconciliation?differences=true", Json.Options, Ct))!);
        Assert.Equal((12.0, 10.0, -2.0), (flagged.Reported, flagged.National, flagged.Difference));
    }

    [Fact]
    public async Task The_national_instance_ranks_the_provinces_by_a_composite_index()
    {
        (await _national.AccountOnNewRootAsync("09")).Dispose();
        using var other = await _national.WithTokenAsync("administrator.09@test.local", TokenScopes.FederationPush);
        using var pusher = Pusher();
        // 08: 60 of 100 households with VNeID; 09: 90 of 120.
        foreach (var (client, province, vneid, total) in new[] { (pusher, "08", 60.0, 100.0), (other, "09", 90.0, 120.0) })
        {
            var stored = await PostAsync(client, new FederationBatchDto(Guid.NewGuid(), province, DateTime.UtcNow,
                [new FederationUnit(province, $"Tỉnh {province}", "Province", null), new FederationUnit($"{province}001", "Xã Một", "Commune", province)],
                [new FederationValue("HH_VNEID", $"{province}001", "2025-10", vneid), new FederationValue("HH_TOTAL", $"{province}001", "2025-10", total)], null));
            Assert.Equal(HttpStatusCode.OK, stored.Status);
        }
        var system = await _national.Services.GetRequiredService<AccessScopes>().SystemAsync(Ct);
        using (var scope = _national.Services.CreateScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateAsync(system, new AccountCreate("bo@test.local", "bo@test.local", [Roles.ProgrammeManager], ["08", "09"], AppFactory.DemoPassword), Ct);
            Assert.True(created.Succeeded);
        }
        using var ministry = await _national.SignedInAsync("bo@test.local");
        var definition = new
        {
            name = new Dictionary<string, string> { ["vi"] = "Chỉ số xã hội số cấp tỉnh", ["en"] = "Provincial digital society index" },
            units = "Provinces", periodType = "Month", aggregation = "Linear", missing = "Skip",
            pillars = new[] { new { code = "digital-society", points = 100.0, components = new[] { new { indicator = "IND_HH_VNEID_PCT", weight = 1.0, direction = "HigherIsBetter", normalisation = "MinMax" } } } },
        };
        var create = await ministry.PostAsJsonAsync("/api/indices", definition, Json.Options, Ct);
        Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync(Ct));
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt32();
        var ranking = await ministry.GetFromJsonAsync<JsonElement>($"/api/indices/{id}/ranking?period=2025-10", Json.Options, Ct);
        var rows = ranking.GetProperty("rows").EnumerateArray().Select(r => (Unit: r.GetProperty("unit").GetString(), Rank: r.GetProperty("rank").GetInt32())).ToList();
        Assert.Equal([("09", 1), ("08", 2)], rows);
    }

    private HttpClient Pusher()
    {
        var client = _national.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return client;
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, string[]> Problems)> PostAsync(HttpClient client, FederationBatchDto batch)
    {
        var response = await client.PostAsJsonAsync("/api/federation/batches", batch, FederationJson.Options, Ct);
        if (response.StatusCode != HttpStatusCode.BadRequest) return (response.StatusCode, []);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return (response.StatusCode, problem.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!);
    }

    private static async Task<List<FederationOutgoing>> PendingAsync(AppFactory app)
    {
        await using var db = await DbAsync(app);
        return await db.FederationOutgoing.AsNoTracking().Where(b => b.State == FederationBatchState.Pending).ToListAsync(Ct);
    }

    private static async Task<AppDb> DbAsync(AppFactory app) =>
        await app.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);

    private async Task<int> CountAsync(Func<AppDb, IQueryable<object>> set)
    {
        await using var db = await DbAsync(_national);
        return await set(db).CountAsync(Ct);
    }

    /// <summary>The province's values of the published elements, by element code, unit code and period.</summary>
    private static async Task<Dictionary<(string, string, string), double>> ProvinceValuesAsync(AppFactory app)
    {
        var codes = Elements.Split(',');
        await using var db = await DbAsync(app);
        return await ValuesAsync(db, v => codes.Contains(v.Element));
    }

    private async Task<Dictionary<(string, string, string), double>> NationalValuesAsync()
    {
        await using var db = await DbAsync(_national);
        return await ValuesAsync(db, _ => true);
    }

    private sealed record Row(string Element, string Unit, string Period, double Value);

    private static async Task<Dictionary<(string, string, string), double>> ValuesAsync(AppDb db, Func<Row, bool> which)
    {
        var rows = await (from v in db.DataValues
                          join e in db.DataElements on v.DataElementId equals e.Id
                          join u in db.OrgUnits on v.OrgUnitId equals u.Id
                          select new Row(e.Code, u.Code, v.Period, v.Value)).ToListAsync(Ct);
        // Each key once: a value stored twice would fail here.
        return rows.Where(which).ToDictionary(r => (r.Element, r.Unit, r.Period), r => r.Value);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
