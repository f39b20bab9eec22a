using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Accounts;

/// <summary>A write that rides on the browser's sign-in cookie must come from a page of this site. Browsers say
/// where a request comes from (<c>Sec-Fetch-Site</c>, <c>Origin</c>); a write carrying the cookie that says it comes
/// from elsewhere, or says nothing at all, is refused. Bearer-token calls carry no ambient credential and pass.</summary>
public static class SameOrigin
{
    public static IApplicationBuilder UseSameOriginWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsCrossSiteWrite(context.Request))
        {
            var t = context.RequestServices.GetRequiredService<IStringLocalizer<Resources.SharedResource>>();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Title = t["Security.CrossSiteRefused"], Status = StatusCodes.Status403Forbidden },
            });
            return;
        }
        await next();
    });

    public static bool IsCrossSiteWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return false;
        if (request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site is not ("same-origin" or "none");
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0) return !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        // Neither header: not a current browser. Without a cookie there is nothing to ride on.
        return request.Cookies.Count > 0 && request.Cookies.Keys.Any(k => k.StartsWith("civictrack.auth", StringComparison.Ordinal) || k.StartsWith(".AspNetCore.Identity", StringComparison.Ordinal));
    }

    /// <summary>Behind a reverse proxy (<c>ForwardedHeaders:Enabled=true</c>) the scheme and client address come from
    /// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c>, trusted only from <c>ForwardedHeaders:KnownProxies</c>
    /// (loopback when not set), so HTTPS behind the proxy gets Secure cookies and HSTS.</summary>
    public static IServiceCollection AddForwardedHeaders(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in (config["ForwardedHeaders:KnownProxies"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
                if (IPAddress.TryParse(proxy, out var ip)) o.KnownProxies.Add(ip);
        });
        return services;
    }
}
