using System.Globalization;
using CivicTrack.Features.Accounts;
using Microsoft.AspNetCore.Localization;

namespace CivicTrack;

/// <summary>The languages the product speaks, from <c>Localization:Cultures</c> (default vi-VN, en-GB, bn-BD; the
/// first is the default). The choice is remembered in a cookie; the browser's language is not asked.</summary>
public static class Localization
{
    /// <summary>The cultures used when <c>Localization:Cultures</c> is not set.</summary>
    public const string DefaultCultures = "vi-VN,en-GB,bn-BD";

    /// <summary>The supported cultures, the default first.</summary>
    public static IReadOnlyList<CultureInfo> Cultures { get; private set; } = Parse(DefaultCultures);

    /// <summary>Their two-letter languages ("vi", "en", "bn"): the keys of names in several languages.</summary>
    public static IReadOnlyList<string> Languages { get; private set; } = Cultures.Select(c => c.TwoLetterISOLanguageName).ToList();

    /// <summary>The language switch's label for a culture: its language in capitals, or in its own script
    /// when that is not Latin ("VI", "EN", "বাংলা").</summary>
    public static string SwitchLabel(CultureInfo culture) =>
        IsLatinScript(culture) ? culture.TwoLetterISOLanguageName.ToUpperInvariant() : NeutralOf(culture).NativeName;

    /// <summary>True when the language writes its own name in Latin letters (Vietnamese, English), false for
    /// Bengali and other scripts.</summary>
    public static bool IsLatinScript(CultureInfo culture) =>
        NeutralOf(culture).NativeName.Where(char.IsLetter).All(c => c < 0x0250 || c is >= '\u1E00' and <= '\u1EFF');

    private static CultureInfo NeutralOf(CultureInfo culture) =>
        culture.IsNeutralCulture || culture.Parent == CultureInfo.InvariantCulture ? culture : culture.Parent;

    /// <summary>The language's own name with a capital ("Tiếng Việt", "English", "বাংলা").</summary>
    public static string LanguageName(CultureInfo culture)
    {
        var language = NeutralOf(culture);
        var name = language.NativeName;
        return name.Length == 0 ? culture.Name : char.ToUpper(name[0], language) + name[1..];
    }

    internal static IReadOnlyList<CultureInfo> Parse(string? list)
    {
        var cultures = (list ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => CultureInfo.GetCultureInfo(name))
            .DistinctBy(c => c.TwoLetterISOLanguageName)
            .ToList();
        return cultures.Count > 0 ? cultures : Parse(DefaultCultures);
    }

    public static IServiceCollection AddAppLocalization(this IServiceCollection services, IConfiguration config)
    {
        Cultures = Parse(config["Localization:Cultures"]);
        Languages = Cultures.Select(c => c.TwoLetterISOLanguageName).ToList();
        NativeDigits = config.GetValue("Localization:NativeDigits", false);
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = [.. Cultures];
            o.SupportedUICultures = [.. Cultures];
            // The browser's language is not asked: the product speaks the default unless the person chooses otherwise.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>Whether numbers are written in the culture's own digits (০১২ for Bengali); Latin digits otherwise.</summary>
    public static bool NativeDigits { get; private set; }

    public static IApplicationBuilder UseAppLocalization(this IApplicationBuilder app) => app.UseRequestLocalization();

    /// <summary>The supported culture named by a culture or language name ("en-GB", "bn"), else the default.</summary>
    public static CultureInfo Find(string? name) =>
        Cultures.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            || c.TwoLetterISOLanguageName.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? Cultures[0];

    /// <summary><c>/culture/en-GB?returnUrl=/org</c> remembers the language for a year and goes back.</summary>
    public static IEndpointRouteBuilder MapCulture(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/{name}", (string name, string? returnUrl, HttpContext http, IConfiguration config) =>
        {
            var culture = Find(name);
            var secure = AccountsServices.SecureCookies(config) == CookieSecurePolicy.Always || http.Request.IsHttps;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = secure });
            var target = CivicTrack.Components.Shared.LocalUrl.IsLocal(returnUrl) ? returnUrl! : "/";
            return TypedResults.LocalRedirect(target);
        }).ExcludeFromDescription().RequireAccess(Access.Public);
        return app;
    }
}
