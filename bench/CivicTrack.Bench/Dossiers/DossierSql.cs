using System.Data.Common;

namespace CivicTrack.Bench.Dossiers;

/// <summary>The counts of docs/dossiers.md as one SQL query over the loaded rows, for DuckDB and PostgreSQL alike:
/// received, online, cross-boundary and VNeID per handling unit and received month; finished, early, on time, late,
/// digitized and paid online per handling unit and finished month (status 3 ignored, status 7 never finished).
/// Carried-over and open-overdue counts, which span months, are left out of the baselines.</summary>
public static class DossierSql
{
    public static readonly string[] Columns =
    [
        "dossier_code", "procedure_code", "procedure_name", "sector", "service_level", "channel", "receiving_unit_code", "handling_unit_code",
        "received_at", "due_at", "finished_at", "returned_at", "status", "digitized", "paid_online", "vneid_verified",
    ];

    /// <summary>The column types the baselines load: dates as text (converted by the query, as the rules say), the rest typed.</summary>
    public static string TypeOf(string column) => column switch
    {
        "service_level" or "channel" or "status" => "SMALLINT",
        "digitized" or "paid_online" or "vneid_verified" => "BOOLEAN",
        _ => "VARCHAR",
    };

    /// <summary>The query; <paramref name="businessDate"/> turns a date column into its Vietnam business date.</summary>
    public static string MonthlyCounts(Func<string, string> businessDate) => $"""
        WITH d AS (
            SELECT handling_unit_code AS unit, receiving_unit_code AS receiving, channel, status, digitized, paid_online, vneid_verified,
                   {businessDate("received_at")} AS received, {businessDate("due_at")} AS due, {businessDate("finished_at")} AS finished
            FROM dossiers
            WHERE status <> 3 AND received_at IS NOT NULL
        ),
        r AS (
            SELECT unit, CAST(extract(year FROM received) * 12 + extract(month FROM received) - 1 AS INTEGER) AS month,
                   count(*) AS received,
                   count(*) FILTER (WHERE channel = 2) AS online,
                   count(*) FILTER (WHERE receiving <> unit) AS cross_boundary,
                   count(*) FILTER (WHERE vneid_verified) AS vneid_verified
            FROM d GROUP BY 1, 2
        ),
        f AS (
            SELECT unit, CAST(extract(year FROM finished) * 12 + extract(month FROM finished) - 1 AS INTEGER) AS month,
                   count(*) AS finished,
                   count(*) FILTER (WHERE finished < due) AS early,
                   count(*) FILTER (WHERE due IS NULL OR finished = due) AS on_time,
                   count(*) FILTER (WHERE finished > due) AS late,
                   count(*) FILTER (WHERE digitized) AS digitized,
                   count(*) FILTER (WHERE paid_online) AS paid_online
            FROM d WHERE finished IS NOT NULL AND status <> 7 GROUP BY 1, 2
        )
        SELECT coalesce(r.unit, f.unit) AS unit, coalesce(r.month, f.month) AS month,
               coalesce(r.received, 0), coalesce(r.online, 0), coalesce(r.cross_boundary, 0), coalesce(r.vneid_verified, 0),
               coalesce(f.finished, 0), coalesce(f.early, 0), coalesce(f.on_time, 0), coalesce(f.late, 0),
               coalesce(f.digitized, 0), coalesce(f.paid_online, 0)
        FROM r FULL JOIN f ON r.unit = f.unit AND r.month = f.month
        """;

    /// <summary>Reads the query's rows into the province's monthly totals; returns how many unit-month rows came back.</summary>
    public static async Task<long> ReadAsync(DbDataReader reader, DossierTotals totals)
    {
        long rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var month = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            for (var k = 0; k < DossierTotals.Names.Length; k++)
                totals.Add(month, k, Convert.ToInt64(reader.GetValue(2 + k), System.Globalization.CultureInfo.InvariantCulture));
        }
        return rows;
    }
}
