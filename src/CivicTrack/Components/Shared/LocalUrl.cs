namespace CivicTrack.Components.Shared;

/// <summary>Return addresses after sign-in come from the query string, so only paths on this site are followed.</summary>
public static class LocalUrl
{
    /// <summary>True for "/x", false for "//evil.example", "/\evil", absolute URLs and control characters.</summary>
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/') return false;
        if (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) return false;
        return !CivicTrack.Engine.Text.ControlCharacters.InName(url);
    }

    /// <summary>The address when it is local and not a sign-in page itself (which would loop), else the fallback.</summary>
    public static string OrDefault(string? url, string fallback = "/") =>
        IsLocal(url) && !url!.StartsWith("/account/log", StringComparison.OrdinalIgnoreCase) ? url : fallback;
}
