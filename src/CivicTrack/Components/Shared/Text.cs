using Microsoft.AspNetCore.Components;

namespace CivicTrack.Components.Shared;

/// <summary>Small text helpers for narrow table cells.</summary>
public static class Text
{
    /// <summary>An e-mail address that may break before its "@" rather than anywhere.</summary>
    public static RenderFragment BreakableEmail(string text) => builder =>
    {
        var at = text.IndexOf('@');
        if (at <= 0) { builder.AddContent(0, text); return; }
        builder.AddContent(1, text[..at]);
        builder.AddMarkupContent(2, "<wbr>");
        builder.AddContent(3, text[at..]);
    };
}
