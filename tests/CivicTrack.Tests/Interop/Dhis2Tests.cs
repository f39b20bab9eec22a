using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CivicTrack.Data;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Interop;
using CivicTrack.Reliability;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Interop;

/// <summary>DHIS2 data value sets and ADX in and out, on payloads written the way DHIS2's documentation writes them.</summary>
public abstract class Dhis2Tests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private AppFactory App => shared.App;
    private const string Form = CivicTrack.Demo.DemoReporting.MonthlyForm;
    private const string Commune = "08051";
    private const string Other = "08052";

    // UIDs as a ministry's DHIS2 would have given them.
    private const string HouseholdsUid = "f7n9E0hX8qk", SmartphonesUid = "Ix2HsbDMLea", CommuneUid = "DiszpKrYNg8", FormUid = "pBOMPrpg1QX";

    private async Task<HttpClient> MappedAdminAsync()
    {
        var admin = await App.SignedInAsync("admin@demo.local");
        var csv = $"kind,uid,code\ndataElement,{HouseholdsUid},HH_TOTAL\ndataElement,{SmartphonesUid},HH_SMARTPHONE\norgUnit,{CommuneUid},{Commune}\ndataSet,{FormUid},{Form}\n";
        var first = await admin.PostAsync("/api/dhis2/mappings", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        return admin;
    }

    private static async Task<JsonElement> SummaryAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("response");

    private static (int Imported, int Updated, int Ignored, int Deleted) Count(JsonElement summary)
    {
        var c = summary.GetProperty("importCount");
        return (c.GetProperty("imported").GetInt32(), c.GetProperty("updated").GetInt32(), c.GetProperty("ignored").GetInt32(), c.GetProperty("deleted").GetInt32());
    }

    private async Task<double?> StoredAsync(string element, string unit, string period)
    {
        return (await RowAsync(element, unit, period))?.Value;
    }

    private async Task<DataValue?> RowAsync(string element, string unit, string period)
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<AppDb>>().CreateDbContextAsync(Ct);
        var elementId = await db.DataElements.Where(e => e.Code == element).Select(e => e.Id).SingleAsync(Ct);
        var unitId = await db.OrgUnits.Where(u => u.Code == unit).Select(u => u.Id).SingleAsync(Ct);
        return await db.DataValues.AsNoTracking().SingleOrDefaultAsync(v => v.Period == period && v.DataElementId == elementId && v.OrgUnitId == unitId, Ct);
    }

    [Fact]
    public async Task A_payload_with_uids_imports_its_good_values_and_names_each_refused_one_as_a_conflict()
    {
        var admin = await MappedAdminAsync();
        Assert.Null(await StoredAsync("HH_TOTAL", Commune, "2024-06"));
        // As DHIS2's documentation writes a data value set: UIDs, the period and unit on the set, values as strings.
        var payload = $$"""
            {
              "dataSet": "{{FormUid}}",
              "completeDate": "2024-07-02",
              "period": "202406",
              "orgUnit": "{{CommuneUid}}",
              "attributeOptionCombo": "HllvX50cXC0",
              "dataValues": [
                { "dataElement": "{{HouseholdsUid}}", "categoryOptionCombo": "HllvX50cXC0", "value": "1432", "comment": "theo số liệu tháng 6" },
                { "dataElement": "{{SmartphonesUid}}", "categoryOptionCombo": "HllvX50cXC0", "value": "1010" },
                { "dataElement": "eY5ehpbEsB7", "categoryOptionCombo": "HllvX50cXC0", "value": "5" },
                { "dataElement": "{{SmartphonesUid}}", "categoryOptionCombo": "Prlt0C1RF0s", "value": "600" },
                { "dataElement": "{{HouseholdsUid}}", "period": "202406", "orgUnit": "{{Other}}", "value": "900" }
              ]
            }
            """;
        var dry = await admin.PostAsync("/api/dhis2/dataValueSets?dryRun=true", new StringContent(payload, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, dry.StatusCode);
        Assert.Equal((3, 0, 2, 0), Count(await SummaryAsync(dry)));
        Assert.Null(await StoredAsync("HH_TOTAL", Commune, "2024-06"));

        var sent = await admin.PostAsync("/api/dhis2/dataValueSets", new StringContent(payload, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        var whole = await sent.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("Conflict", 409, "WARNING"), (whole.GetProperty("httpStatus").GetString(), whole.GetProperty("httpStatusCode").GetInt32(), whole.GetProperty("status").GetString()));
        var summary = whole.GetProperty("response");
        Assert.Equal(("ImportSummary", "WARNING"), (summary.GetProperty("responseType").GetString(), summary.GetProperty("status").GetString()));
        Assert.Equal((3, 0, 2, 0), Count(summary));
        var conflicts = summary.GetProperty("conflicts").EnumerateArray()
            .Select(c => (c.GetProperty("object").GetString(), c.GetProperty("errorCode").GetString(), c.GetProperty("property").GetString(),
                string.Join(",", c.GetProperty("indexes").EnumerateArray().Select(i => i.GetInt32())))).ToList();
        Assert.Contains(("eY5ehpbEsB7", "E7610", "dataElement", "2"), conflicts);
        Assert.Contains(("Prlt0C1RF0s", "E7613", "categoryOptionCombo", "3"), conflicts);
        Assert.Equal(2, conflicts.Count);
        Assert.Equal([2, 3], summary.GetProperty("rejectedIndexes").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(1432, await StoredAsync("HH_TOTAL", Commune, "2024-06"));
        Assert.Equal("theo số liệu tháng 6", (await RowAsync("HH_TOTAL", Commune, "2024-06"))!.Comment);
        // The disaggregated 600 was not summed into the total.
        Assert.Equal(1010, await StoredAsync("HH_SMARTPHONE", Commune, "2024-06"));
        // The administrator's units are the whole province: a value of another commune (named by its code) is in reach.
        Assert.Equal(900, await StoredAsync("HH_TOTAL", Other, "2024-06"));

        // The same payload again changes nothing that was stored.
        await using var fingerprint = await DatabaseFingerprint.OpenAsync(App.Services.GetRequiredService<IDbContextFactory<AppDb>>(), Ct);
        var before = await fingerprint.ComputeAsync(Ct);
        var again = Count(await SummaryAsync(await admin.PostAsync("/api/dhis2/dataValueSets", new StringContent(payload, Encoding.UTF8, "application/json"), Ct)));
        Assert.Equal((0, 0, 5, 0), again);
        Assert.Equal("", DatabaseFingerprint.Difference(before, await fingerprint.ComputeAsync(Ct)));
    }

    [Fact]
    public async Task Strategies_create_update_and_delete_as_dhis2_does_with_codes()
    {
        var admin = await App.SignedInAsync("admin@demo.local");
        string Set(string value) => $$"""{"period":"202407","orgUnit":"{{Commune}}","dataValues":[{"dataElement":"HH_TOTAL","value":"{{value}}"}]}""";
        async Task<(int, int, int, int)> Send(string query, string body) =>
            Count(await SummaryAsync(await admin.PostAsync($"/api/dhis2/dataValueSets?idScheme=CODE&{query}", new StringContent(body, Encoding.UTF8, "application/json"), Ct)));

        Assert.Equal((0, 0, 1, 0), await Send("importStrategy=UPDATE", Set("1500")));
        Assert.Null(await StoredAsync("HH_TOTAL", Commune, "2024-07"));
        Assert.Equal((1, 0, 0, 0), await Send("importStrategy=CREATE", Set("1500")));
        Assert.Equal((0, 0, 1, 0), await Send("importStrategy=CREATE", Set("1600")));
        Assert.Equal(1500, await StoredAsync("HH_TOTAL", Commune, "2024-07"));
        Assert.Equal((0, 1, 0, 0), await Send("importStrategy=CREATE_AND_UPDATE", Set("1600")));
        Assert.Equal(1600, await StoredAsync("HH_TOTAL", Commune, "2024-07"));
        Assert.Equal((0, 0, 0, 1), await Send("importStrategy=DELETE&dryRun=true", Set("1600")));
        Assert.Equal(1600, await StoredAsync("HH_TOTAL", Commune, "2024-07"));
        Assert.Equal((0, 0, 0, 1), await Send("importStrategy=DELETE", Set("1600")));
        Assert.Null(await StoredAsync("HH_TOTAL", Commune, "2024-07"));
        // atomicMode=ALL: one refused value and nothing is stored.
        var mixed = $$"""{"period":"202407","orgUnit":"{{Commune}}","dataValues":[{"dataElement":"HH_TOTAL","value":"1700"},{"dataElement":"NO_SUCH","value":"1"}]}""";
        var atomic = await admin.PostAsync("/api/dhis2/dataValueSets?idScheme=CODE&atomicMode=ALL", new StringContent(mixed, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, atomic.StatusCode);
        var refused = await SummaryAsync(atomic);
        Assert.Equal(("ERROR", (0, 0, 2, 0)), (refused.GetProperty("status").GetString(), Count(refused)));
        Assert.Null(await StoredAsync("HH_TOTAL", Commune, "2024-07"));
        // The analytics store follows at once.
        var analytics = await admin.GetFromJsonAsync<AnalyticsResult>($"/api/analytics?indicators=HH_TOTAL&units={Commune}&periods=2024-07", Json.Options, Ct);
        Assert.Null(Assert.Single(analytics!.Values).Value);
    }

    [Fact]
    public async Task Adx_imports_with_codes_and_a_disaggregated_value_is_a_conflict()
    {
        var admin = await App.SignedInAsync("admin@demo.local");
        var adx = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <adx xmlns="urn:ihe:qrph:adx:2015" exported="2024-09-01T08:00:00Z">
              <group orgUnit="{Commune}" period="2024-08-01/P1M" dataSet="{Form}" completeDate="2024-09-01">
                <dataValue dataElement="HH_TOTAL" value="1444"><annotation>số hộ cuối tháng</annotation></dataValue>
                <dataValue dataElement="HH_SMARTPHONE" SEX="F" value="300"/>
              </group>
              <group orgUnit="{Commune}" period="2024-08-02/P1M">
                <dataValue dataElement="HH_SMARTPHONE" value="1"/>
              </group>
            </adx>
            """;
        var sent = await admin.PostAsync("/api/dhis2/dataValueSets", new StringContent(adx, Encoding.UTF8, "application/adx+xml"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        var summary = await SummaryAsync(sent);
        Assert.Equal((1, 0, 2, 0), Count(summary));
        var conflicts = summary.GetProperty("conflicts").EnumerateArray().ToList();
        Assert.Contains(conflicts, c => c.GetProperty("errorCode").GetString() == "E7613" && c.GetProperty("object").GetString()!.Contains("SEX=F", StringComparison.Ordinal)
            && c.GetProperty("indexes")[0].GetInt32() == 1);
        Assert.Contains(conflicts, c => c.GetProperty("errorCode").GetString() == "E7611" && c.GetProperty("object").GetString() == "2024-08-02/P1M");
        Assert.Equal(1444, await StoredAsync("HH_TOTAL", Commune, "2024-08"));
        Assert.Null(await StoredAsync("HH_SMARTPHONE", Commune, "2024-08"));
        Assert.Equal("số hộ cuối tháng", (await RowAsync("HH_TOTAL", Commune, "2024-08"))!.Comment);
    }

    [Fact]
    public async Task A_round_trip_through_json_and_adx_changes_nothing()
    {
        var admin = await MappedAdminAsync();
        var json = await admin.GetAsync($"/api/dhis2/dataValueSets?dataSet={FormUid}&orgUnit={CommuneUid}&children=true&period=202510", Ct);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var exported = await json.Content.ReadAsStringAsync(Ct);
        var set = JsonDocument.Parse(exported).RootElement;
        Assert.Equal(FormUid, set.GetProperty("dataSet").GetString());
        var values = set.GetProperty("dataValues").EnumerateArray().ToList();
        Assert.True(values.Count >= 5, $"October 2025 of Thượng Tân holds values: {values.Count}");
        // Mapped objects go out as their UIDs, the rest as codes; periods as DHIS2 writes them.
        Assert.Contains(values, v => v.GetProperty("orgUnit").GetString() == CommuneUid);
        Assert.DoesNotContain(values, v => v.GetProperty("dataElement").GetString() is "HH_TOTAL" or "HH_SMARTPHONE" || v.GetProperty("orgUnit").GetString() == Commune);
        Assert.All(values, v => Assert.Equal(("202510", "HllvX50cXC0"), (v.GetProperty("period").GetString(), v.GetProperty("categoryOptionCombo").GetString())));

        await using var fingerprint = await DatabaseFingerprint.OpenAsync(App.Services.GetRequiredService<IDbContextFactory<AppDb>>(), Ct);
        var before = await fingerprint.ComputeAsync(Ct);
        var back = await admin.PostAsync("/api/dhis2/dataValueSets", new StringContent(exported, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal((0, 0, values.Count, 0), Count(await SummaryAsync(back)));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/dhis2/dataValueSets?dataSet={Form}&orgUnit={Commune}&children=true&period=202510&idScheme=CODE");
        request.Headers.Accept.ParseAdd("application/adx+xml");
        var adx = await admin.SendAsync(request, Ct);
        Assert.Equal("application/adx+xml", adx.Content.Headers.ContentType!.MediaType);
        var xml = await adx.Content.ReadAsStringAsync(Ct);
        XNamespace ns = "urn:ihe:qrph:adx:2015";
        var doc = XDocument.Parse(xml);
        Assert.All(doc.Root!.Elements(ns + "group"), g => Assert.Equal("2025-10-01/P1M", (string?)g.Attribute("period")));
        Assert.Equal(values.Count, doc.Descendants(ns + "dataValue").Count());
        Assert.Contains(doc.Root.Elements(ns + "group"), g => (string?)g.Attribute("orgUnit") == Commune && (string?)g.Attribute("dataSet") == Form);
        Assert.DoesNotContain(doc.Descendants(ns + "dataValue"), v => (string?)v.Attribute("dataElement") is HouseholdsUid or SmartphonesUid);
        var adxBack = await admin.PostAsync("/api/dhis2/dataValueSets", new StringContent(xml, Encoding.UTF8, "application/adx+xml"), Ct);
        Assert.Equal(HttpStatusCode.OK, adxBack.StatusCode);
        Assert.Equal((0, 0, values.Count, 0), Count(await SummaryAsync(adxBack)));
        Assert.Equal("", DatabaseFingerprint.Difference(before, await fingerprint.ComputeAsync(Ct)));
    }

    [Fact]
    public async Task A_commune_reporter_cannot_write_another_commune_and_bad_parameters_name_their_field()
    {
        var reporter = await App.SignedInAsync("reporter.thuongtan@demo.local");
        var payload = $$"""{"period":"202409","dataValues":[{"dataElement":"HH_TOTAL","orgUnit":"{{Other}}","value":"77"},{"dataElement":"HH_TOTAL","orgUnit":"{{Commune}}","value":"1450"}]}""";
        var sent = await reporter.PostAsync("/api/dhis2/dataValueSets?orgUnitIdScheme=code", new StringContent(payload, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        var summary = await SummaryAsync(sent);
        var conflict = Assert.Single(summary.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(("E7617", Other), (conflict.GetProperty("errorCode").GetString(), conflict.GetProperty("object").GetString()));
        Assert.Null(await StoredAsync("HH_TOTAL", Other, "2024-09"));
        Assert.Equal(1450, await StoredAsync("HH_TOTAL", Commune, "2024-09"));

        foreach (var (query, field) in new[] { ("importStrategy=MERGE", "importStrategy"), ("idScheme=ATTRIBUTE:abc", "idScheme"), ("dataElementIdScheme=x", "dataElementIdScheme") })
        {
            var bad = await reporter.PostAsync($"/api/dhis2/dataValueSets?{query}", new StringContent(payload, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        var broken = await reporter.PostAsync("/api/dhis2/dataValueSets", new StringContent("{\"dataValues\": [", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        // A lone surrogate, escaped, in a value and in a comment: refused whole, naming where.
        foreach (var lone in new[] { """{"dataValues":[{"dataElement":"HH_TOTAL","orgUnit":"08051","period":"202409","value":"\udfffx"}]}""",
            """{"dataValues":[{"dataElement":"HH_TOTAL","orgUnit":"08051","period":"202409","value":"1","comment":"a\ud800"}]}""" })
        {
            var unpaired = await reporter.PostAsync("/api/dhis2/dataValueSets", new StringContent(lone, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, unpaired.StatusCode);
            Assert.Contains("dataValues[0]", await unpaired.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        var notXml = await reporter.PostAsync("/api/dhis2/dataValueSets", new StringContent("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><adx xmlns=\"urn:ihe:qrph:adx:2015\">&e;</adx>", Encoding.UTF8, "application/adx+xml"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notXml.StatusCode);
        Assert.DoesNotContain("root:", await notXml.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var csv = await reporter.PostAsync("/api/dhis2/dataValueSets", new StringContent("a,b", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, csv.StatusCode);
        var export = await reporter.GetAsync($"/api/dhis2/dataValueSets?dataSet={Form}&orgUnit={Other}&period=202510", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Contains(Other, await export.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var noPeriod = await reporter.GetAsync($"/api/dhis2/dataValueSets?dataSet={Form}&orgUnit={Commune}", Ct);
        Assert.True((await noPeriod.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("period", out _));
    }

    [Fact]
    public async Task The_mapping_import_checks_every_row_first_and_a_repeat_changes_nothing()
    {
        var admin = await MappedAdminAsync();
        var csv = $"kind,uid,code\ndataElement,{HouseholdsUid},HH_TOTAL\norgUnit,{CommuneUid},{Commune}\n";
        var again = await admin.PostAsync("/api/dhis2/mappings", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(new Dhis2MappingResult(0, 0, 2), await again.Content.ReadFromJsonAsync<Dhis2MappingResult>(Json.Options, Ct));
        var before = await admin.GetStringAsync("/api/dhis2/mappings?format=csv", Ct);
        var bad = "kind,uid,code\ndataElement,abc,HH_TOTAL\nindicator,Abcdefghij1,HH_TOTAL\norgUnit,Abcdefghij2,NO_SUCH_UNIT\ndataElement,Abcdefghij3,HH_SMARTPHONE\n";
        var refused = await admin.PostAsync("/api/dhis2/mappings", new StringContent(bad, Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var rows = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("rows").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("Dòng 2, cột uid", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("Dòng 3, cột kind", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("Dòng 4, cột code", rows[2], StringComparison.Ordinal);
        // The good fourth row was not stored either.
        Assert.Equal(before, await admin.GetStringAsync("/api/dhis2/mappings?format=csv", Ct));
        // A UID already given to another element is refused unless that element is mapped anew in the same file.
        var taken = await admin.PostAsync("/api/dhis2/mappings", new StringContent($"kind,uid,code\ndataElement,{HouseholdsUid},HH_SMARTPHONE\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        var swap = await admin.PostAsync("/api/dhis2/mappings",
            new StringContent($"kind,uid,code\ndataElement,{HouseholdsUid},HH_SMARTPHONE\ndataElement,{SmartphonesUid},HH_TOTAL\n", Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(new Dhis2MappingResult(0, 2, 0), await swap.Content.ReadFromJsonAsync<Dhis2MappingResult>(Json.Options, Ct));
        var list = await admin.GetFromJsonAsync<List<Dhis2MappingDto>>("/api/dhis2/mappings", Json.Options, Ct);
        Assert.Contains(new Dhis2MappingDto("dataElement", HouseholdsUid, "HH_SMARTPHONE"), list!);
        // Put back for the other tests of this class.
        await admin.PostAsync("/api/dhis2/mappings",
            new StringContent($"kind,uid,code\ndataElement,{HouseholdsUid},HH_TOTAL\ndataElement,{SmartphonesUid},HH_SMARTPHONE\n", Encoding.UTF8, "text/csv"), Ct);
    }
}

public sealed class Dhis2SqliteTests(SqliteDemoApp shared) : Dhis2Tests(shared), IClassFixture<SqliteDemoApp>;

public sealed class Dhis2PostgresTests(PostgresDemoApp shared) : Dhis2Tests(shared), IClassFixture<PostgresDemoApp>;
