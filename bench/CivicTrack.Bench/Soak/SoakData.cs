using System.Globalization;
using CivicTrack.Bench.Analytics;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Soak;

/// <summary>What the database holds after a soak: the monthly form's submissions and values, the draft form's values.</summary>
public sealed record SoakCounts(long Submitted, long SubmissionRows, long SubmitEvents, long Values, double ValueSum,
    IReadOnlySet<(string Unit, string Period)> SubmittedReports, IReadOnlyDictionary<(string Unit, string Element), double> DraftValues, long DraftsNotDraft);

/// <summary>The soak's own rows next to the surge's province: the draft form's elements, and the counts afterwards.</summary>
public static class SoakData
{
    /// <summary>Adds the draft form's whole-number elements <c>D001</c>… in one transaction.</summary>
    public static async Task LoadDraftElementsAsync(SurgeData data)
    {
        await using var db = data.Open();
        await using var tx = await db.BeginTransactionAsync();
        for (var k = 1; k <= SoakMix.DraftElementCount; k++)
        {
            await using var cmd = BenchSql.Command(db, """
                INSERT INTO data_elements ("Code", "Name", "ValueType", "Aggregation", "Unit") VALUES (@code, @name, 'Integer', 'Sum', '{}')
                """, ("code", SoakMix.DraftElement(k)),
                ("name", CivicTrack.Engine.Text.LocalText.Of("Chỉ tiêu quý " + SoakMix.DraftElement(k), "Quarterly element " + SoakMix.DraftElement(k)).ToJson()));
            cmd.Transaction = tx;
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>Counts the monthly form's submissions over every month (only submissions write its elements' values) and
    /// reads the draft form's values for <paramref name="draftQuarter"/>.</summary>
    public static async Task<SoakCounts> CountAsync(SurgeData data, string draftQuarter)
    {
        await using var db = data.Open();
        const string mine = """FROM submissions s JOIN report_forms f ON f."Id" = s."FormId" WHERE f."Code" = @form""";
        long Count(object? o) => Convert.ToInt64(o, CultureInfo.InvariantCulture);
        var form = ("form", (object)SurgeData.FormCode);
        var submitted = Count(await BenchSql.Scalar(db, $"""SELECT count(*) {mine} AND s."State" = 'Submitted'""", form));
        var rows = Count(await BenchSql.Scalar(db, $"SELECT count(*) {mine}", form));
        var events = Count(await BenchSql.Scalar(db, $"""
            SELECT count(*) FROM submission_events e WHERE e."Action" = 'Submitted' AND e."SubmissionId" IN (SELECT s."Id" {mine})
            """, form));
        const string monthly = """FROM data_values v JOIN data_elements d ON d."Id" = v."DataElementId" WHERE d."Code" LIKE 'E%'""";
        var values = Count(await BenchSql.Scalar(db, $"SELECT count(*) {monthly}"));
        var sum = Convert.ToDouble(await BenchSql.Scalar(db, $"""SELECT coalesce(sum(v."Value"), 0) {monthly}"""), CultureInfo.InvariantCulture);

        var reports = new HashSet<(string, string)>();
        await using (var cmd = BenchSql.Command(db, """
            SELECT u."Code", s."Period" FROM submissions s JOIN report_forms f ON f."Id" = s."FormId" JOIN org_units u ON u."Id" = s."OrgUnitId"
            WHERE f."Code" = @form AND s."State" = 'Submitted'
            """, form))
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) reports.Add((reader.GetString(0), reader.GetString(1)));
        }
        var drafts = new Dictionary<(string, string), double>();
        await using (var cmd = BenchSql.Command(db, """
            SELECT u."Code", d."Code", v."Value" FROM data_values v JOIN data_elements d ON d."Id" = v."DataElementId" JOIN org_units u ON u."Id" = v."OrgUnitId"
            WHERE d."Code" LIKE 'D%' AND v."Period" = @period
            """, ("period", draftQuarter)))
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) drafts[(reader.GetString(0), reader.GetString(1))] = Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture);
        }
        var notDraft = Count(await BenchSql.Scalar(db, $"""
            SELECT count(*) FROM submissions s JOIN report_forms f ON f."Id" = s."FormId" WHERE f."Code" = @form AND s."State" <> 'Draft'
            """, ("form", SoakMix.DraftForm)));
        return new SoakCounts(submitted, rows, events, values, sum, reports, drafts, notDraft);
    }
}
