using ScottPlot;

namespace CivicTrack.Features.Reporting.Synthesis;

/// <summary>Draws a synthesis chart as a PNG with ScottPlot, labels in the report's language and number format.</summary>
public static class ChartImage
{
    // The server has no fontconfig, so the font is loaded from its file; DejaVu Sans covers Vietnamese diacritics.
    private static readonly string[] FontFiles = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"];
    private static readonly string[] BoldFontFiles = ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"];
    private const string FontName = "DejaVu Sans";
    private static readonly Lazy<string?> LoadedFont = new(LoadFont, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Color SeriesColor = Color.FromHex("#1F4E79");
    private static readonly Color GridColor = Color.FromHex("#DDDDDD");

    /// <summary>
    /// The chart as PNG bytes of <paramref name="widthPx"/> × <paramref name="heightPx"/> pixels.
    /// <paramref name="scale"/> enlarges text and lines with the image, so a chart drawn at 2× for print keeps its proportions.
    /// </summary>
    public static byte[] Png(SynthesisChart chart, int widthPx, int heightPx, string culture = "vi", double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentOutOfRangeException.ThrowIfLessThan(widthPx, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heightPx, 1);
        var text = SynthesisText.For(culture);
        string Label(double v) => text.Number(v, ColumnFormat.Decimal);

        using var plot = new Plot { ScaleFactor = scale > 0 ? scale : 1 };
        // Without the font file the platform's default typeface draws the text, or none is drawn; the chart itself still renders.
        if (LoadedFont.Value is { } font) plot.Font.Set(font);
        plot.Grid.MajorLineColor = GridColor;

        var n = Math.Min(chart.Labels.Count, chart.Values.Count);
        var labels = chart.Labels.Take(n).ToArray();
        var values = chart.Values.Take(n).Select(v => double.IsFinite(v) ? v : 0).ToArray();
        var valueTicks = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Label };
        if (n == 0)
        {
            plot.Axes.Left.TickGenerator = valueTicks;
            return plot.GetImageBytes(widthPx, heightPx, ImageFormat.Png);
        }

        var (low, high) = ValueRange(values);
        switch (chart.Kind)
        {
            case ChartKind.Line:
                DrawLine(plot, labels, values, Label);
                plot.Axes.Left.TickGenerator = valueTicks;
                plot.YLabel(chart.ValueAxis);
                plot.Axes.SetLimits(-0.5, n - 0.5, low, high);
                RotateIfCrowded(plot, labels, widthPx / (plot.ScaleFactor));
                break;
            case ChartKind.HorizontalBar:
                DrawBars(plot, labels, values, Label, horizontal: true);
                plot.Axes.Bottom.TickGenerator = valueTicks;
                plot.XLabel(chart.ValueAxis);
                plot.Axes.SetLimits(low, high, -0.5, n - 0.5);
                break;
            default:
                DrawBars(plot, labels, values, Label, horizontal: false);
                plot.Axes.Left.TickGenerator = valueTicks;
                plot.YLabel(chart.ValueAxis);
                plot.Axes.SetLimits(-0.5, n - 0.5, low, high);
                RotateIfCrowded(plot, labels, widthPx / (plot.ScaleFactor));
                break;
        }
        return plot.GetImageBytes(widthPx, heightPx, ImageFormat.Png);
    }

    private static void DrawBars(Plot plot, string[] labels, double[] values, Func<double, string> label, bool horizontal)
    {
        var n = values.Length;
        // Horizontal bars read top to bottom in the given order, so the first label sits highest.
        double At(int i) => horizontal ? n - 1 - i : i;
        var bars = plot.Add.Bars(Enumerable.Range(0, n).Select(i => new Bar
        {
            Position = At(i),
            Value = values[i],
            Size = 0.6,
            FillColor = SeriesColor,
            LineWidth = 0,
            Label = label(values[i]),
        }).ToList());
        bars.Horizontal = horizontal;
        bars.ValueLabelStyle.FontSize = 11;
        var ticks = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, n).Select(At)], labels);
        if (horizontal) plot.Axes.Left.TickGenerator = ticks;
        else plot.Axes.Bottom.TickGenerator = ticks;
    }

    private static void DrawLine(Plot plot, string[] labels, double[] values, Func<double, string> label)
    {
        var xs = Enumerable.Range(0, values.Length).Select(i => (double)i).ToArray();
        var line = plot.Add.Scatter(xs, values, SeriesColor);
        line.LineWidth = 2;
        line.MarkerSize = 7;
        for (var i = 0; i < values.Length; i++)
        {
            var t = plot.Add.Text(label(values[i]), xs[i], values[i]);
            t.LabelFontSize = 11;
            t.LabelFontColor = Colors.Black;
            t.LabelAlignment = Alignment.LowerCenter;
            t.OffsetY = -6;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(xs, labels);
    }

    /// <summary>The value axis from zero (or the lowest negative value) with head room for the value labels.</summary>
    private static (double Low, double High) ValueRange(double[] values)
    {
        var low = Math.Min(0, values.Min());
        var high = Math.Max(0, values.Max());
        var span = high - low;
        if (span <= 0) span = 1;
        return (low < 0 ? low - span * 0.12 : 0, high + span * 0.15);
    }

    /// <summary>Category labels turn 30° when they would run into each other side by side.</summary>
    private static void RotateIfCrowded(Plot plot, string[] labels, double width)
    {
        const double charWidth = 7.5; // px per character at the default tick size, before scaling
        var slot = width * 0.85 / labels.Length;
        if (labels.Max(l => l.Length) * charWidth <= slot) return;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        // The layout does not measure turned labels, so the axis is given room for the longest one (sin 30° = ½).
        var longest = labels.Max(l => l.Length) * charWidth;
        plot.Axes.Bottom.MinimumSize = (float)(longest * 0.5 + 16);
        // The first label leans left past the axis (cos 30° ≈ 0.87).
        plot.Axes.Left.MinimumSize = (float)Math.Min(width * 0.35, longest * 0.87 - slot / 2);
    }

    private static string? LoadFont()
    {
        var regular = FontFiles.FirstOrDefault(File.Exists);
        if (regular is null) return null;
        try
        {
            Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
            var bold = BoldFontFiles.FirstOrDefault(File.Exists);
            if (bold is not null) Fonts.AddFontFile(FontName, bold, bold: true, italic: false);
            return FontName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
