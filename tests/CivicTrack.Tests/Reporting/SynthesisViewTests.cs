using CivicTrack.Features.Reporting.Synthesis;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CivicTrack.Tests.Reporting;

/// <summary>The print page of the synthesized report, rendered to HTML without a browser.</summary>
public sealed class SynthesisViewTests
{
    private static async Task<string> RenderAsync(SynthesisDocument report)
    {
        await using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<SynthesisView>(
                ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(SynthesisView.Document)] = report }));
            // The renderer escapes non-ASCII letters as character references.
            return System.Net.WebUtility.HtmlDecode(output.ToHtmlString());
        });
    }

    [Fact]
    public async Task The_page_shows_the_header_sections_tables_charts_and_signature()
    {
        var html = await RenderAsync(SynthesisSamples.Report());

        Assert.Contains("class=\"ct-synthesis\"", html);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html);
        Assert.Contains("Số: 125/BC-SKHCN", html);
        Assert.Contains("Tuyên Quang, ngày 27 tháng 10 năm 2025", html);
        Assert.Contains("I. Kết quả thực hiện", html);
        Assert.Contains("Xã Giáp Trung", html);
        Assert.Contains("1.234", html);
        Assert.Contains("95,4%", html);
        Assert.Contains("syn-total", html);
        Assert.Equal(2, CountOf(html, "src=\"data:image/png;base64,iVBORw0KGgo"));
        Assert.Contains("Nguyễn Văn An", html);
        Assert.Contains("@page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }", html);
    }

    [Fact]
    public async Task The_page_speaks_the_report_language()
    {
        var html = await RenderAsync(SynthesisSamples.Report("en"));

        Assert.Contains("lang=\"en-GB\"", html);
        Assert.Contains("SOCIALIST REPUBLIC OF VIET NAM", html);
        Assert.Contains("1,234", html);
        Assert.Contains("Chart 1.", html);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
