using CivicTrack.Reliability;

namespace CivicTrack.Tests.Reliability;

/// <summary>Generated inputs (mutations of valid ones and random ones) to every parser: each must end in a result or the
/// parser's own "bad input" answer (2,000 per parser here; <c>bench -- fuzz --inputs 100000</c> runs more).</summary>
public sealed class ParserFuzzTests
{
    private const int Inputs = 2_000;

    [Theory]
    [InlineData("csv")]
    [InlineData("expression")]
    [InlineData("period")]
    [InlineData("dossiers")]
    public void EngineParser_AnswersEveryGeneratedInput_WithoutCrashing(string parser) => Check(parser);

    /// <summary>The three workbook read paths of the app (unit import, target annex, report sheet).</summary>
    [Theory]
    [InlineData("xlsx: units")]
    [InlineData("xlsx: target annex")]
    [InlineData("xlsx: report sheet")]
    public void WorkbookReadPath_AnswersEveryGeneratedInput_WithoutCrashing(string parser) => Check(parser);

    private static void Check(string parser)
    {
        var result = Assert.Single(ParserFuzz.Run(Inputs, only: [parser]));
        Assert.Equal(Inputs, result.Inputs);
        Assert.True(result.Crashes == 0,
            $"{result.Crashes} of {result.Inputs} inputs crashed {parser}; the first ones:{Environment.NewLine}" +
            string.Join(Environment.NewLine, result.Examples.Select(e => $"{e.Input} → {e.Failure}")));
        // The generator reaches both sides of the parser, or the run proves little.
        Assert.True(result.Accepted > 0, $"No generated input was accepted by {parser}.");
        Assert.True(result.Rejected > 0, $"No generated input was refused by {parser}.");
    }

    [Fact]
    public void Runs_AreTheSameForTheSameSeed()
    {
        var first = ParserFuzz.Run(300, seed: 7, only: ["expression", "period"]);
        var second = ParserFuzz.Run(300, seed: 7, only: ["expression", "period"]);
        Assert.Equal(first.Select(r => (r.Accepted, r.Rejected, r.Crashes)), second.Select(r => (r.Accepted, r.Rejected, r.Crashes)));
    }
}
