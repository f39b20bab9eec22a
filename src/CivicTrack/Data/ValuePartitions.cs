using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Data;

/// <summary>On PostgreSQL, <c>data_values</c> is partitioned by the year of its period (docs/scaling.md). A value of a
/// year without its partition is still stored, in the DEFAULT partition; at start-up this year's partition and the next
/// two are made, and so is the partition of every year with values waiting in the default one, which moves them there.</summary>
public static class ValuePartitions
{
    public const int YearsAhead = 2;

    /// <summary>Adds the missing partitions; returns the years added. Does nothing where the table is not partitioned
    /// (SQLite, or a PostgreSQL database migrated back before partitioning).</summary>
    public static async Task<IReadOnlyList<int>> EnsureAsync(AppDb db, int currentYear, CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql()) return [];
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(ct);
        try
        {
            var ready = await ScalarAsync(connection, """
                SELECT to_regprocedure('data_values_add_year(integer)') IS NOT NULL AND to_regclass('data_values_default') IS NOT NULL
                """, ct);
            if (ready is not true) return [];
            var years = new SortedSet<int>(Enumerable.Range(currentYear, YearsAhead + 1));
            await using (var waiting = connection.CreateCommand())
            {
                waiting.CommandText = """SELECT DISTINCT left("Period", 4)::integer FROM data_values_default WHERE "Period" ~ '^[0-9]{4}'""";
                await using var reader = await waiting.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) years.Add(reader.GetInt32(0));
            }
            var added = new List<int>();
            foreach (var year in years)
                if (await AddYearAsync(connection, year, ct)) added.Add(year);
            return added;
        }
        finally { if (opened) await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>Adds the partition of <paramref name="year"/> if it is missing, moving that year's values out of the default
    /// partition; false when it was there already (or the year is outside 1000–9998, whose values stay in the default).</summary>
    public static async Task<bool> AddYearAsync(System.Data.Common.DbConnection connection, int year, CancellationToken ct = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT data_values_add_year(@year)";
        var p = command.CreateParameter();
        p.ParameterName = "year";
        p.Value = year;
        command.Parameters.Add(p);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private static async Task<object?> ScalarAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }
}
