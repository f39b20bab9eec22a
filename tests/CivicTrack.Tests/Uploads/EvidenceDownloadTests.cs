using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using CivicTrack.Features.Plans;
using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Uploads;

/// <summary>Evidence downloads (security review, finding 7): a file is served by the type its extension and content
/// agree on, as a sandboxed attachment under a safe name, whatever its uploader declared.</summary>
public abstract class EvidenceDownloadTests(SharedApp shared)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Evidence_is_served_by_its_checked_type_as_a_sandboxed_attachment_whatever_the_uploader_declared()
    {
        var (reporter, manager, task) = await ApiErrorTests.TaskAsync(shared.App);
        var script = new ByteArrayContent(Encoding.UTF8.GetBytes("alert(document.cookie)"));
        script.Headers.ContentType = MediaTypeHeaderValue.Parse("text/javascript");
        var fakePng = new ByteArrayContent(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"));
        fakePng.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        var form = new MultipartFormDataContent { { new StringContent("Nộp tệp"), "note" }, { script, "files", "ghi-chu.txt" }, { fakePng, "files", "anh.png" } };
        Assert.Equal(HttpStatusCode.OK, (await reporter.PostAsync($"/api/tasks/{task}/progress", form, Ct)).StatusCode);

        // A part whose content type is not ASCII, and a name with a quote and a line break (RFC 5987 filename*).
        var odd = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nTệp lạ\r\n"
            + "--b\r\nContent-Disposition: form-data; name=\"files\"; filename*=UTF-8''bi%C3%AAn%22b%E1%BA%A3n%0D%0A.txt\r\nContent-Type: text/vi\u1EC7t\r\n\r\nhello\r\n--b--\r\n";
        var oddResponse = await reporter.PostAsync($"/api/tasks/{task}/progress", ApiErrorTests.RawMultipart("multipart/form-data; boundary=b", odd), Ct);
        Assert.True(oddResponse.StatusCode == HttpStatusCode.OK, await oddResponse.Content.ReadAsStringAsync(Ct));

        var detail = (await manager.GetFromJsonAsync<TaskDetailDto>($"/api/tasks/{task}", Json.Options, Ct))!;
        var files = detail.Updates.SelectMany(u => u.Evidence).ToDictionary(e => e.FileName);
        Assert.Equal("text/plain; charset=utf-8", files["ghi-chu.txt"].ContentType);
        Assert.Equal("application/octet-stream", files["anh.png"].ContentType);

        async Task<HttpResponseMessage> Download(string name)
        {
            var response = await manager.GetAsync(files[name].Url, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("sandbox", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            return response;
        }
        var text = await Download("ghi-chu.txt");
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal("alert(document.cookie)", await text.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/octet-stream", (await Download("anh.png")).Content.Headers.ContentType?.MediaType);
        var oddName = Assert.Single(files.Keys, k => k.StartsWith("biên", StringComparison.Ordinal));
        Assert.DoesNotContain('"', oddName);
        Assert.DoesNotContain('\r', oddName);
        var oddDownload = await Download(oddName);
        Assert.Equal(oddName, oddDownload.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("hello", await oddDownload.Content.ReadAsStringAsync(Ct));
    }
}

[Collection(FilesOnSqlite.Sqlite)]
public sealed class EvidenceDownloadSqliteTests(SqliteDemoApp app) : EvidenceDownloadTests(app);

[Collection(FilesOnPostgres.Postgres)]
public sealed class EvidenceDownloadPostgresTests(PostgresDemoApp app) : EvidenceDownloadTests(app);
