using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using CivicTrack.Features.Reporting;
using CivicTrack.Features.Shared.Instances;
using CivicTrack.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CivicTrack.Tests.Instances;

/// <summary>Two app instances on one PostgreSQL database: what is committed through one is seen by the other, through
/// the listened notifications and, when one is missed, through the periodic read.</summary>
public sealed class SeveralInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>Instance A on a fresh database, instance B on the same one; B is disposed first (A drops the database).</summary>
    private sealed class Pair : IAsyncDisposable
    {
        public required AppFactory A { get; init; }
        public required AppFactory B { get; init; }
        public string Root { get; } = "T" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);
        public HttpClient AdminA { get; set; } = null!;
        public HttpClient AdminB { get; set; } = null!;

        public static async Task<Pair> StartAsync(double pollSeconds)
        {
            var settings = new Dictionary<string, string?> { ["Instances:PollSeconds"] = pollSeconds.ToString(CultureInfo.InvariantCulture) };
            var a = new AppFactory(DatabaseProvider.Postgres, loadDemo: false) { Settings = settings };
            _ = a.Server;
            var b = new AppFactory(DatabaseProvider.Postgres, loadDemo: false, reuseConnection: a.ConnectionString) { Settings = settings };
            _ = b.Server;
            var pair = new Pair { A = a, B = b };
            try
            {
                // Both hold the tree in memory before the province's root unit and its administrator are made through A.
                Assert.Null((await b.Services.GetRequiredService<OrgDirectory>().TreeAsync(Ct)).Find(pair.Root));
                pair.AdminA = await a.AccountOnNewRootAsync(pair.Root);
                await Eventually(async () => (await b.Services.GetRequiredService<OrgDirectory>().TreeAsync(Ct)).Find(pair.Root) is not null, "B's tree has the new root");
                pair.AdminB = await b.SignedInAsync($"administrator.{pair.Root.ToLowerInvariant()}@test.local");
                return pair;
            }
            catch
            {
                await pair.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
        }
    }

    /// <summary>Waits (polling) until the condition holds; fails after <see cref="Patience"/>. Returns how long it took.</summary>
    private static async Task<TimeSpan> Eventually(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return watch.Elapsed;
            if (watch.Elapsed > Patience) Assert.Fail($"Not within {Patience.TotalSeconds} s: {what}");
            await Task.Delay(20, Ct);
        }
    }

    private static async Task CreateElementAsync(HttpClient client, string code)
    {
        var created = await client.PostAsJsonAsync("/api/data-elements",
            new DataElementInput(code, LocalText.Of("Chỉ tiêu thử", "Test element"), Engine.Analytics.ValueType.Integer, AggregationType.Sum, null, null), Json.Options, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
    }

    private static async Task PutAsync(HttpClient client, string element, string unit, string period, double? value)
    {
        var put = await client.PutAsJsonAsync("/api/data-values", new DataValueBatch([new DataValueInput(element, unit, period, value)]), Json.Options, Ct);
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<double?> AnalyticsAsync(HttpClient client, string element, string unit, string period)
    {
        var response = await client.GetAsync($"/api/analytics?indicators={element}&units={unit}&periods={period}", Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        var result = System.Text.Json.JsonSerializer.Deserialize<AnalyticsResult>(body, Json.Options)!;
        return result.Values.SingleOrDefault(v => v.Item == element && v.Unit == unit && v.Period == period)?.Value;
    }

    [Fact]
    public async Task A_value_written_through_one_instance_is_read_through_the_other_within_a_second()
    {
        // The periodic read is made rare: only the notification can bring the changes this soon.
        await using var pair = await Pair.StartAsync(pollSeconds: 60);
        const string element = "COH_VALUE";
        await CreateElementAsync(pair.AdminA, element);
        // B learns of the new element (the catalogue) and answers from its loaded values.
        await Eventually(async () => (await pair.B.Services.GetRequiredService<AnalyticsStore>().DefinitionsAsync(Ct)).Catalog.ElementsByCode.ContainsKey(element),
            "B's catalogue has the element made through A");
        Assert.Null(await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-01"));
        Assert.True(pair.B.Services.GetRequiredService<AnalyticsStore>().ValuesLoaded);

        await PutAsync(pair.AdminA, element, pair.Root, "2025-01", 42);
        var aToB = await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-01") == 42, "A's value read through B");

        await PutAsync(pair.AdminB, element, pair.Root, "2025-01", 43);
        await PutAsync(pair.AdminB, element, pair.Root, "2025-02", 7);
        var bToA = await Eventually(async () => await AnalyticsAsync(pair.AdminA, element, pair.Root, "2025-01") == 43
            && await AnalyticsAsync(pair.AdminA, element, pair.Root, "2025-02") == 7, "B's values read through A");

        // A removed value is removed from the other's memory too.
        await PutAsync(pair.AdminA, element, pair.Root, "2025-02", null);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-02") is null, "A's removal seen through B");
        Assert.Equal(43, await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-01"));

        Assert.True(aToB < TimeSpan.FromSeconds(1), $"A to B took {aToB.TotalMilliseconds} ms");
        Assert.True(bToA < TimeSpan.FromSeconds(1), $"B to A took {bToA.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Units_and_report_forms_changed_through_one_instance_show_in_the_other()
    {
        await using var pair = await Pair.StartAsync(pollSeconds: 60);
        var child = pair.Root + "1";
        var created = await pair.AdminA.PostAsJsonAsync("/api/org-units", new OrgUnitInput(child, "Xã Một", "Commune", pair.Root, null, null, null), Json.Options, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var directoryB = pair.B.Services.GetRequiredService<OrgDirectory>();
        await Eventually(async () => (await directoryB.TreeAsync(Ct)).Find(child)?.ParentId is { } parent
            && (await directoryB.TreeAsync(Ct)).Get(parent).Code == pair.Root, "the unit made through A is in B's tree");
        var renamed = await pair.AdminA.PutAsJsonAsync($"/api/org-units/{child}", new OrgUnitInput(child, "Xã Một Mới", "Commune", pair.Root, null, null, null), Json.Options, Ct);
        Assert.True(renamed.IsSuccessStatusCode, await renamed.Content.ReadAsStringAsync(Ct));
        await Eventually(async () => (await directoryB.TreeAsync(Ct)).Find(child)?.Name == "Xã Một Mới", "the new name in B's tree");
        var detail = await pair.AdminB.GetFromJsonAsync<OrgUnitDetailDto>($"/api/org-units/{child}", Json.Options, Ct);
        Assert.Equal("Xã Một Mới", detail!.Unit.Name);

        const string element = "COH_FORM";
        await CreateElementAsync(pair.AdminA, element);
        var formsB = pair.B.Services.GetRequiredService<FormService>();
        Assert.Empty(await formsB.ListAsync(includeInactive: true, Ct));
        var input = new ReportFormInput("COH-FORM", LocalText.Of("Báo cáo thử", "Test report"), null, PeriodType.Month, null, null, null, "day:25", null, 1, null,
            [new SectionInput(LocalText.Of("Phần một", "Part one"), [new FieldInput(element, true, 0)])], [], new AssignmentInput(null, null, [child]));
        var form = await pair.AdminA.PostAsJsonAsync("/api/report-forms", input, Json.Options, Ct);
        Assert.True(form.StatusCode == HttpStatusCode.Created, await form.Content.ReadAsStringAsync(Ct));
        await Eventually(async () => await formsB.GetAsync("COH-FORM", Ct) is { } f && f.Sections.Single().Fields.Single().Element == element,
            "the form made through A is served by B");
        var changed = await pair.AdminA.PutAsJsonAsync("/api/report-forms/COH-FORM", input with { Name = LocalText.Of("Báo cáo đổi tên", "Renamed report") }, Json.Options, Ct);
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync(Ct));
        await Eventually(async () => (await pair.AdminB.GetFromJsonAsync<ReportFormDto>("/api/report-forms/COH-FORM", Json.Options, Ct))!.Name.Equals(LocalText.Of("Báo cáo đổi tên", "Renamed report")),
            "the form's new name through B's API");
    }

    [Fact]
    public async Task A_change_without_a_notification_is_caught_up_by_the_periodic_read()
    {
        await using var pair = await Pair.StartAsync(pollSeconds: 1);
        const string element = "COH_MISSED";
        await CreateElementAsync(pair.AdminA, element);
        await PutAsync(pair.AdminA, element, pair.Root, "2025-03", 1);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-03") == 1, "the first value through B");

        // Another writer changes the value and records it, but sends no notification.
        await using (var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pair.A.ConnectionString) { ApplicationName = "elsewhere" }.ConnectionString))
        {
            await other.OpenAsync(Ct);
            await using var change = new NpgsqlCommand("""
                UPDATE data_values SET "Value" = 5 WHERE "Period" = '2025-03' AND "DataElementId" = (SELECT "Id" FROM data_elements WHERE "Code" = @e);
                INSERT INTO instance_changes (instance, kind, elements, units, periods)
                SELECT 'elsewhere', 'values', ARRAY["DataElementId"], ARRAY["OrgUnitId"], ARRAY["Period"] FROM data_values
                WHERE "Period" = '2025-03' AND "DataElementId" = (SELECT "Id" FROM data_elements WHERE "Code" = @e);
                """, other);
            change.Parameters.AddWithValue("e", element);
            await change.ExecuteNonQueryAsync(Ct);
        }
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-03") == 5, "the unannounced change through B");
    }

    [Fact]
    public async Task A_change_committed_after_a_later_one_is_not_skipped()
    {
        await using var pair = await Pair.StartAsync(pollSeconds: 1);
        const string element = "COH_GAP";
        await CreateElementAsync(pair.AdminA, element);
        await PutAsync(pair.AdminA, element, pair.Root, "2025-04", 1);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-04") == 1, "the first value through B");

        // A slow writer takes its version first and commits last, without a notification.
        await using var slow = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pair.A.ConnectionString) { ApplicationName = "elsewhere" }.ConnectionString);
        await slow.OpenAsync(Ct);
        await using var tx = await slow.BeginTransactionAsync(Ct);
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", slow, tx)) await xid.ExecuteScalarAsync(Ct);
        await using (var update = new NpgsqlCommand("""
            UPDATE data_values SET "Value" = 9 WHERE "Period" = '2025-04' AND "DataElementId" = (SELECT "Id" FROM data_elements WHERE "Code" = @e)
            """, slow, tx))
        {
            update.Parameters.AddWithValue("e", element);
            Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
        }
        long slowVersion;
        await using (var record = new NpgsqlCommand("""
            INSERT INTO instance_changes (instance, kind, elements, units, periods)
            SELECT 'elsewhere', 'values', ARRAY["DataElementId"], ARRAY["OrgUnitId"], ARRAY["Period"] FROM data_values
            WHERE "Period" = '2025-04' AND "DataElementId" = (SELECT "Id" FROM data_elements WHERE "Code" = @e)
            RETURNING version
            """, slow, tx))
        {
            record.Parameters.AddWithValue("e", element);
            slowVersion = (long)(await record.ExecuteScalarAsync(Ct))!;
        }
        // A later version, committed and read by B while the slow one is still open: B does not settle past the gap.
        await PutAsync(pair.AdminA, element, pair.Root, "2025-05", 2);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-05") == 2, "the later value through B");
        var listener = pair.B.Services.GetRequiredService<ChangeListener>();
        await Task.Delay(1500, Ct);
        Assert.True(listener.Settled < slowVersion, $"settled {listener.Settled}, open gap {slowVersion}");
        Assert.Equal(1, await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-04"));

        await tx.CommitAsync(Ct);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-04") == 9, "the slow writer's value through B");
        await Eventually(() => Task.FromResult(listener.Settled > slowVersion), "B settles past the filled gap");
    }

    [Fact]
    public async Task A_listener_cut_off_reconnects_and_reads_what_it_missed()
    {
        await using var pair = await Pair.StartAsync(pollSeconds: 60);
        const string element = "COH_CUT";
        await CreateElementAsync(pair.AdminA, element);
        await PutAsync(pair.AdminA, element, pair.Root, "2025-06", 1);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-06") == 1, "the first value through B");

        var listener = pair.B.Services.GetRequiredService<ChangeListener>();
        await using (var admin = new NpgsqlConnection(pair.A.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var cut = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", admin);
            cut.Parameters.AddWithValue("name", listener.ListenerName);
            Assert.Equal(1L, await cut.ExecuteScalarAsync(Ct));
        }
        // Written while B is not listening: read when it has reconnected, long before the next periodic read.
        await PutAsync(pair.AdminA, element, pair.Root, "2025-06", 2);
        await Eventually(async () => await AnalyticsAsync(pair.AdminB, element, pair.Root, "2025-06") == 2, "the value written while B was cut off");
    }

    [Fact]
    public async Task Each_value_write_records_one_change_in_its_own_transaction()
    {
        await using var pair = await Pair.StartAsync(pollSeconds: 60);
        const string element = "COH_COUNT";
        await CreateElementAsync(pair.AdminA, element);
        await using var connection = new NpgsqlConnection(pair.A.ConnectionString);
        await connection.OpenAsync(Ct);
        async Task<long> Count()
        {
            await using var count = new NpgsqlCommand("SELECT count(*) FROM instance_changes WHERE kind = 'values'", connection);
            return (long)(await count.ExecuteScalarAsync(Ct))!;
        }
        var before = await Count();
        var batch = new DataValueBatch([new DataValueInput(element, pair.Root, "2025-07", 1), new DataValueInput(element, pair.Root, "2025-08", 2)]);
        Assert.Equal(HttpStatusCode.OK, (await pair.AdminA.PutAsJsonAsync("/api/data-values", batch, Json.Options, Ct)).StatusCode);
        Assert.Equal(before + 1, await Count());
        // A refused batch writes nothing, and records nothing.
        var refused = new DataValueBatch([new DataValueInput(element, pair.Root, "2025-09", 1), new DataValueInput(element, "NOPE", "2025-09", 1)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await pair.AdminA.PutAsJsonAsync("/api/data-values", refused, Json.Options, Ct)).StatusCode);
        // Writing the same values again changes nothing and records nothing.
        Assert.Equal(HttpStatusCode.OK, (await pair.AdminA.PutAsJsonAsync("/api/data-values", batch, Json.Options, Ct)).StatusCode);
        Assert.Equal(before + 1, await Count());
    }
}
