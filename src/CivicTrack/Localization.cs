using System.Globalization;
using CivicTrack.Features.Accounts;
using Microsoft.AspNetCore.Localization;

namespace CivicTrack;

/// <summary>Vietnamese by default, English on request; the choice is remembered in a cookie.</summary>
public static class Localization
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en-GB")];

    public static IServiceCollection AddAppLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // The browser's language is not asked: the product speaks Vietnamese unless the person chooses otherwise.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }

    public static IApplicationBuilder UseAppLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary><c>/culture/en-GB?returnUrl=/org</c> remembers the language for a year and goes back.</summary>
    public static IEndpointRouteBuilder MapCulture(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{name}", (string name, string? returnUrl, HttpContext http) =>
        {
            var culture = Cultures.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
                || c.TwoLetterISOLanguageName.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps });
            var target = CivicTrack.Components.Shared.LocalUrl.IsLocal(returnUrl) ? returnUrl! : "/";
            return TypedResults.LocalRedirect(target);
        }).ExcludeFromDescription().RequireAccess(Access.Public);
        return app;
    }
}
