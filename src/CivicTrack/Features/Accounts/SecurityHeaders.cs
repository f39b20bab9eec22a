namespace CivicTrack.Features.Accounts;

/// <summary>Headers every response carries. The policy allows exactly what the UI uses: its own scripts and
/// styles (MudBlazor sets inline styles), the Blazor connection back to the same origin, and data: images.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    // The API reference page runs its own inline bootstrap script.
    private const string ApiDocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static bool IsLoopback(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            // A download of an uploaded file keeps its sandbox policy; everything else (Blazor sets a frame-ancestors
            // policy of its own) gets the app's.
            if (h.ContentSecurityPolicy != Uploads.Downloads.SandboxPolicy)
                h.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/api-docs") ? ApiDocsPolicy : ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "strict-origin-when-cross-origin";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            // Over HTTPS (directly or as a trusted proxy says), browsers keep to HTTPS for a year. Not for
            // loopback, where a developer's browser would remember it for every local app.
            if (context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
                h.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            // API answers (tokens among them) are personal: no shared or browser cache keeps them unless the
            // endpoint says otherwise.
            if (context.Request.Path.StartsWithSegments("/api") && !h.ContainsKey("Cache-Control"))
                h.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        await next();
    });
}
