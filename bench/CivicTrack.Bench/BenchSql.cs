using System.Data.Common;

namespace CivicTrack.Bench;

/// <summary>Small commands on a benchmark's own connection, for SQLite and PostgreSQL alike.</summary>
public static class BenchSql
{
    public static DbCommand Command(DbConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public static async Task<object?> Scalar(DbConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = Command(db, sql, parameters);
        return await cmd.ExecuteScalarAsync();
    }
}
