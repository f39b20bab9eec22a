using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Shared;

/// <summary>Text that shows a count: a key may have a <c>.One</c> form for a count of one ("1 unit" beside
/// "{0} units"); languages that do not inflect give both keys the same words.</summary>
public static class Plurals
{
    public static LocalizedString Count(this IStringLocalizer t, string key, long count, params object[] args)
    {
        if (count == 1 && t[key + ".One"] is { ResourceNotFound: false }) return t[key + ".One", args];
        return t[key, args];
    }
}
