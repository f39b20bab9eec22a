using System.Threading.RateLimiting;
using CivicTrack.Resources;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.OpenData;

public static class OpenDataServices
{
    public static IServiceCollection AddOpenData(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<OpenDataCatalog>();
        services.AddScoped<OpenDataTables>();
        services.AddScoped<OpenDatasetService>();
        var perMinute = Math.Max(1, config.GetValue("OpenData:RequestsPerMinute", 600));
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(OpenDataApi.RateLimit, new OpenDataRateLimit(perMinute)));
        return services;
    }
}

/// <summary>The portal's limit per client address: <c>OpenData:RequestsPerMinute</c> in a fixed window; beyond it 429
/// with Retry-After (seconds until the window turns).</summary>
public sealed class OpenDataRateLimit(int perMinute) : IRateLimiterPolicy<string>
{
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter(httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, ct) =>
    {
        var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var http = ctx.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<OpenDataResource>>();
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Title = t["RateLimit.TooMany"], Status = StatusCodes.Status429TooManyRequests },
        });
    };
}
