using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CivicTrack.Bench.Analytics;

namespace CivicTrack.Bench;

/// <summary>An HTTP client of the app under test, signed in with a bearer token from <c>POST /api/auth/login</c>.</summary>
public static class AppClient
{
    /// <summary>A client allowing <paramref name="connections"/> requests in flight, each on its own kept-alive connection.</summary>
    public static HttpClient Create(Uri address, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(connections, 2), PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };

    public static async Task SignInAsync(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new BenchException($"POST /api/auth/login answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync())}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = body.RootElement.GetProperty("token").GetString() ?? throw new BenchException("The login answer has no token.");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    /// <summary>A password the app's policy accepts, new for each run and kept nowhere.</summary>
    public static string NewPassword() => "Bench-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "-x";
}
