using System.Globalization;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Time;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Reporting.Synthesis;
using CivicTrack.Features.Shared;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.CompositeIndex;

/// <summary>The ranking as a workbook (one row per unit, the same figures as the API) and as a Word report in the Vietnamese
/// administrative layout, written by the synthesized report's own writer (motto header, title, table, bar chart, signature).</summary>
public sealed class IndexExports(IndexRanking ranking, TimeProvider clock, IConfiguration config, IStringLocalizer<IndexResource> t)
{
    public async Task<Outcome<DownloadFile>> WorkbookAsync(AccessScope scope, int id, string? unit, string? period, string language, CancellationToken ct)
    {
        var outcome = await ranking.RankAsync(scope, id, unit, period, language, ct);
        if (!outcome.Succeeded) return outcome.Failed<DownloadFile>();
        var a = outcome.Value!;
        var columns = new List<SheetColumn>
        {
            new(t["Index.Col.Rank"], SheetFormat.Integer), new(t["Index.Col.Code"]), new(t["Index.Col.Unit"]),
            new(t["Index.Col.Score"], SheetFormat.Decimal), new(t["Index.Col.Points"], SheetFormat.Decimal),
        };
        columns.AddRange(a.Pillars.Select(p => new SheetColumn(t["Index.Col.PillarScore", p.Name], SheetFormat.Decimal)));
        columns.Add(new(t["Index.Col.ScoreChange"], SheetFormat.Decimal));
        columns.Add(new(t["Index.Col.RankChange"], SheetFormat.Integer));
        var rows = a.Rows.Select(r =>
        {
            var cells = new List<object?> { r.Rank is { } rank ? (double)rank : null, r.Unit, r.UnitName, Four(r.Score), Two(r.Points) };
            cells.AddRange(r.Pillars.Select(p => (object?)Four(p.Score)));
            cells.Add(Four(r.ScoreChange));
            cells.Add(r.RankChange is { } c ? (double)c : null);
            return (IReadOnlyList<object?>)cells;
        }).ToList();
        var title = t["Index.ExportTitle", a.Name, a.UnitName, a.Period];
        var bytes = Workbook.ToBytes([new Sheet(t["Index.SheetName"], columns, rows, Title: title, Note: t["Index.ExportNote", a.Aggregation, a.Missing])]);
        return Outcome<DownloadFile>.Ok(new($"index-{a.Id}-{a.Period}.xlsx", bytes));
    }

    public async Task<Outcome<DownloadFile>> WordAsync(AccessScope scope, int id, string? unit, string? period, string language, CancellationToken ct)
    {
        var outcome = await ranking.RankAsync(scope, id, unit, period, language, ct);
        if (!outcome.Succeeded) return outcome.Failed<DownloadFile>();
        var a = outcome.Value!;
        var text = SynthesisText.For(language);
        string Score(double? v) => v is { } x ? x.ToString("0.0000", text.Numbers) : "–";
        var columns = new List<SynthesisColumn> { new(t["Index.Col.Rank"], ColumnFormat.Integer), new(t["Index.Col.Unit"]), new(t["Index.Col.Score"]),
            new(t["Index.Col.Points"], ColumnFormat.Decimal) };
        var rows = a.Rows.Select(r => (IReadOnlyList<object?>)[r.Rank is { } rank ? (double)rank : null, r.UnitName, Score(r.Score), r.Points]).ToList();
        var pillarColumns = new List<SynthesisColumn> { new(t["Index.Col.Unit"]) };
        pillarColumns.AddRange(a.Pillars.Select(p => new SynthesisColumn(p.Name)));
        var pillarRows = a.Rows.Select(r => (IReadOnlyList<object?>)[r.UnitName, .. r.Pillars.Select(p => (object?)Score(p.Score))]).ToList();
        var ranked = a.Rows.Where(r => r.Score is not null).ToList();
        var top = ranked.Take(15).ToList();
        var chart = new SynthesisChart(t["Index.ChartTitle", top.Count], [.. top.Select(r => r.UnitName)], [.. top.Select(r => r.Score!.Value)],
            t["Index.Col.Score"], ChartKind.HorizontalBar);
        var summary = ranked.Count == 0 ? t["Index.Doc.None"].Value
            : t["Index.Doc.Summary", ranked.Count, a.UnitName, a.Period, ranked[0].UnitName, Score(ranked[0].Score), Score(ranked.Average(r => r.Score!.Value))].Value;
        var method = t["Index.Doc.Method", t["Index.Aggregation." + a.Aggregation], t["Index.Missing." + a.Missing], a.TotalPoints.ToString("N0", text.Numbers)].Value;
        var sections = new List<SynthesisSection>
        {
            new(t["Index.Doc.Results"], [summary], [new SynthesisTable(t["Index.Doc.RankingTable"], columns, rows)], [chart]),
            new(t["Index.Doc.Pillars"], [method], [new SynthesisTable(t["Index.Doc.PillarTable"], pillarColumns, pillarRows)], []),
        };
        var tree = scope.Tree;
        var root = tree.Find(a.Unit) is { } u ? tree.Ancestors(u.Id).FirstOrDefault() ?? u : null;
        var place = root?.Name.Replace("Tỉnh ", "", StringComparison.Ordinal).Replace("Thành phố ", "", StringComparison.Ordinal) ?? "";
        var issuing = config["Index:IssuingUnit"] is { Length: > 0 } i ? i : t["Index.Doc.Issuing"].Value;
        var parent = root is null ? "" : t["Index.Doc.Parent", root.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN"))].Value;
        var doc = new SynthesisDocument(parent, issuing.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), "      /BC-SKHCN", place, VietnamTime.Today(clock), t["Index.Doc.Kind"],
            t["Index.Doc.Title", a.Name, a.UnitName, a.Period], sections, t["Index.Doc.Recipients"].Value.Split('|'),
            t["Index.Doc.SignerRole"].Value.Replace("\\n", "\n"), config["Reporting:SignerName"] ?? "", language);
        return Outcome<DownloadFile>.Ok(new($"index-{a.Id}-{a.Period}.docx", WordReport.ToBytes(doc)));
    }

    private static double? Four(double? v) => v is { } x ? Math.Round(x, 4) : null;
    private static double? Two(double? v) => v is { } x ? Math.Round(x, 2) : null;
}
