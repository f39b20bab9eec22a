using CivicTrack.Engine.Text;

namespace CivicTrack.Demo;

/// <summary>The demo's names in Vietnamese and English, with their Bengali looked up by the Vietnamese text.</summary>
internal static partial class DemoNames
{
    public static LocalText Of(string vi, string? en) =>
        LocalText.Of(vi, en, Bengali.TryGetValue(vi, out var bn) ? bn : null);
}
