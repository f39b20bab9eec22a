using MudBlazor;

namespace CivicTrack.Components.Layout;

public static class AppTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#b71c1c",
            Secondary = "#00695c",
            AppbarBackground = "#b71c1c",
            Background = "#f7f7f8",
            // Status colours dark enough for white text and for text on the page (WCAG AA, 4.5:1 on #f7f7f8):
            // MudBlazor's defaults (orange #ff9800, green #4caf50, blue #2196f3, teal #1ec8a5) fall to 2–3:1.
            Tertiary = "#00695c",
            Info = "#0d6aa8",
            Success = "#2e7d32",
            Warning = "#a34700",
            Error = "#c62828",
            // Secondary text (hints, column heads, counts) at 7:1 on the page; MudBlazor's 54% black reaches only 4.4:1
            // on the grey of headers and figure boxes.
            TextSecondary = "rgba(0,0,0,0.68)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Noto Sans", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
