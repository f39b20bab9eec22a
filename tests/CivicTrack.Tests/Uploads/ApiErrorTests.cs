using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Uploads;

/// <summary>Malformed requests (security review, finding 6): every one is a 4xx problem naming what to fix, never a 500,
/// an HTML page or an empty body.</summary>
public abstract class ApiErrorTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_wrong_type_or_malformed_json_is_a_problem_naming_the_field()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var wrongType = await Problem(await manager.PostAsync("/api/auth/tokens", Raw("{\"name\":\"x\",\"scopes\":[\"read\"],\"expiresInDays\":\"abc\"}"), Ct),
            HttpStatusCode.BadRequest);
        Assert.True(wrongType.GetProperty("errors").TryGetProperty("expiresInDays", out var why), wrongType.ToString());
        Assert.Contains("1", why[0].GetString()!, StringComparison.Ordinal);
        var malformed = await Problem(await manager.PostAsync("/api/plans", Raw("{\"title\": \"Kế hoạch\", "), Ct), HttpStatusCode.BadRequest);
        Assert.True(malformed.TryGetProperty("errors", out _), malformed.ToString());
        var unauthenticated = shared.App.CreateClient();
        await Problem(await unauthenticated.GetAsync("/api/plans", Ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Nulls_in_a_report_form_s_lists_are_named_not_followed_into_a_crash()
    {
        var manager = await shared.App.SignedInAsync("manager@demo.local");
        var form = "{\"code\":\"F-NULL\",\"name\":\"Biểu mẫu\",\"sections\":[{\"title\":\"A\",\"fields\":[{\"element\":\"DOSSIERS_RECEIVED\"},null]},null],"
            + "\"rules\":[null],\"assign\":{\"units\":[null],\"groups\":[null]}}";
        var problem = await Problem(await manager.PostAsync("/api/report-forms", Raw(form), Ct), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "assign.units[0]", "assign.groups[0]", "sections[1]", "sections[0].fields[1]", "rules[0]" })
            Assert.True(errors.TryGetProperty(field, out _), $"{field} not named in {errors}");
        var values = await Problem(await manager.PutAsync($"/api/reports/{Demo.DemoReporting.MonthlyForm}/08051/2025-10", Raw("{\"values\":[null]}"), Ct),
            HttpStatusCode.BadRequest);
        Assert.True(values.GetProperty("errors").TryGetProperty("values", out _), values.ToString());
    }

    internal static async Task<(HttpClient Reporter, HttpClient Manager, int Task)> TaskAsync(AppFactory app)
    {
        var manager = await app.SignedInAsync("manager@demo.local");
        var created = await manager.PostAsJsonAsync("/api/tasks", new TaskInput(null, "Nộp biên bản", "08051", "Nguyễn Văn B", "reporter.thuongtan@demo.local",
            new DateOnly(2025, 3, 1), new DateOnly(2025, 12, 20), "Biên bản", "Tổ công nghệ số", "Chủ tịch UBND xã", 1, []), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var task = (await created.Content.ReadFromJsonAsync<TaskDto>(Json.Options, Ct))!;
        return (await app.SignedInAsync("reporter.thuongtan@demo.local"), manager, task.Id);
    }

    internal static ByteArrayContent RawMultipart(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    [Fact]
    public async Task Malformed_multipart_bodies_are_a_400_problem()
    {
        var (reporter, _, task) = await TaskAsync(shared.App);
        var url = $"/api/tasks/{task}/progress";
        await Problem(await reporter.PostAsync(url, RawMultipart("multipart/form-data", "--x\r\n\r\nabc\r\n--x--\r\n"), Ct), HttpStatusCode.BadRequest);
        await Problem(await reporter.PostAsync(url, RawMultipart("multipart/form-data; boundary=abc", "--zzz\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx"), Ct),
            HttpStatusCode.BadRequest);
        var crlf = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nGhi chú\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a\r\nb.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n";
        var response = await reporter.PostAsync(url, RawMultipart("multipart/form-data; boundary=b", crlf), Ct);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var form in new[] { "api/org-units/import", $"api/plans/1/targets/import", $"api/reports/{Demo.DemoReporting.MonthlyForm}/08051/2025-10/import" })
        {
            var admin = await shared.App.SignedInAsync("admin@demo.local");
            await Problem(await admin.PostAsync("/" + form, RawMultipart("multipart/form-data", "junk"), Ct), HttpStatusCode.BadRequest);
        }
    }
}

[Collection(FilesOnSqlite.Sqlite)]
public sealed class ApiErrorSqliteTests(SqliteDemoApp app) : ApiErrorTests(app);

[Collection(FilesOnPostgres.Postgres)]
public sealed class ApiErrorPostgresTests(PostgresDemoApp app) : ApiErrorTests(app);
