using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CivicTrack.Data;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Interop;
using CivicTrack.Features.Reporting;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Interop;

/// <summary>A stand-in for a DHIS2 server on a local port: it keeps every request and answers as it is told to.</summary>
public sealed class FakeDhis2 : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body)> Requests { get; } = new();
    /// <summary>How many of the next requests are answered 503 (the server is down).</summary>
    public int Unavailable;
    public string Url { get; }

    public FakeDhis2()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"], context.Request.ContentType, body));
            if (Interlocked.Decrement(ref Unavailable) >= 0)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                continue;
            }
            var count = JsonDocument.Parse(body).RootElement.GetProperty("dataValues").GetArrayLength();
            var answer = Encoding.UTF8.GetBytes($$$"""{"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"Import was successful.","response":{"responseType":"ImportSummary","status":"SUCCESS","importCount":{"imported":{{{count}}},"updated":0,"ignored":0,"deleted":0},"conflicts":[]}}""");
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>An approved report's figures go to the configured DHIS2 server from the outbox, as DHIS2 documents the request, and
/// reach it once even when the server is down at first.</summary>
public sealed class Dhis2PushTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_approved_report_reaches_dhis2_once_after_the_server_comes_back()
    {
        await using var dhis2 = new FakeDhis2 { Unavailable = 3 };
        var clock = TestClock.At(2026, 4, 10);
        await using var app = new AppFactory(DatabaseProvider.Sqlite)
        {
            Clock = clock,
            Settings = { ["Dhis2:Url"] = dhis2.Url + "/", ["Dhis2:Token"] = "d2pat_abcdefghijklmnop1234567890", ["Dhis2:IdScheme"] = "CODE", ["Dhis2:PollSeconds"] = "1" },
        };
        var manager = await app.SignedInAsync("manager@demo.local");
        var form = "T-" + Guid.NewGuid().ToString("N")[..8];
        var created = await manager.PostAsJsonAsync("/api/report-forms", new ReportFormInput(form, LocalText.Of("Báo cáo thử", "Test report"), null, PeriodType.Month,
            null, null, null, "day:25", null, 1, null,
            [new SectionInput(LocalText.Of("Hồ sơ", "Dossiers"), [new FieldInput("DOSSIERS_RECEIVED", true, 0), new FieldInput("DOSSIERS_ONLINE", true, 0, 100000)])],
            [], new AssignmentInput(null, null, ["08051"])), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reporter = await app.SignedInAsync("reporter.thuongtan@demo.local");
        var approver = await app.SignedInAsync("approver.thuongtan@demo.local");
        var url = $"/api/reports/{form}/08051/2026-04";
        var submitted = await reporter.PostAsJsonAsync($"{url}/submit",
            new ReportInput([new ReportValueInput("DOSSIERS_RECEIVED", 64), new ReportValueInput("DOSSIERS_ONLINE", 41)]), Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Empty(dhis2.Requests);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"{url}/approve", null, Ct)).StatusCode);

        // The outbox is nudged by the approval; the server refuses three calls (one pass, retried), then takes the next pass's.
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDb>>();
        Dhis2Push? push = null;
        for (var waited = 0; waited < 600 && push?.State != Dhis2PushState.Sent; waited++)
        {
            await Task.Delay(100, Ct);
            await using var db = await factory.CreateDbContextAsync(Ct);
            push = await db.Dhis2Pushes.AsNoTracking().SingleOrDefaultAsync(Ct);
        }
        Assert.NotNull(push);
        Assert.Equal((Dhis2PushState.Sent, 2, form, "2026-04"), (push.State, push.Attempts, push.FormCode, push.Period));
        Assert.StartsWith("200 SUCCESS imported 2", push.Result, StringComparison.Ordinal);
        var requests = dhis2.Requests.ToList();
        Assert.Equal(4, requests.Count);
        // Nothing more is sent afterwards.
        Assert.Equal(0, (await app.Services.GetRequiredService<Dhis2Outbox>().PassAsync(Ct)).Sent);
        Assert.Equal(4, dhis2.Requests.Count);

        // The request as DHIS2 documents it: POST /api/dataValueSets, a personal access token, a JSON data value set.
        var last = requests[^1];
        Assert.Equal("POST", last.Method);
        Assert.StartsWith("/api/dataValueSets?", last.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("dataElementIdScheme=CODE", last.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("orgUnitIdScheme=CODE", last.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("importStrategy=CREATE_AND_UPDATE", last.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("ApiToken d2pat_abcdefghijklmnop1234567890", last.Authorization);
        Assert.StartsWith("application/json", last.ContentType, StringComparison.Ordinal);
        Assert.All(requests, r => Assert.Equal(last.Body, r.Body));
        var set = JsonDocument.Parse(last.Body).RootElement;
        Assert.Equal(form, set.GetProperty("dataSet").GetString());
        var values = set.GetProperty("dataValues").EnumerateArray()
            .Select(v => (v.GetProperty("dataElement").GetString(), v.GetProperty("period").GetString(), v.GetProperty("orgUnit").GetString(),
                v.GetProperty("categoryOptionCombo").GetString(), v.GetProperty("value").GetString()))
            .OrderBy(v => v.Item1).ToList();
        Assert.Equal([("DOSSIERS_ONLINE", "202604", "08051", "default", "41"), ("DOSSIERS_RECEIVED", "202604", "08051", "default", "64")], values);
    }
}
