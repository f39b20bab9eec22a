using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CivicTrack.Data;

/// <summary>Inserts new rows of one entity type with one statement in the caller's transaction, outside change tracking:
/// the columns, names and conversions come from the model, so the rows are stored exactly as a save would store them.</summary>
/// <remarks>For paths that add many rows at once (reports committed together): a tracked save builds one command per row.</remarks>
public static class RowInserts
{
    // SQLite allows 32,766 parameters in a statement, PostgreSQL 65,535.
    private const int MaxParameters = 30_000;

    /// <summary>Inserts <paramref name="rows"/>; with <paramref name="returning"/>, each inserted row's values of those columns
    /// are handed to <paramref name="read"/> (in no particular order: return a key to match them up).</summary>
    public static async Task InsertAsync<T>(AppDb db, IReadOnlyList<T> rows, CancellationToken ct,
        string[]? returning = null, Action<DbDataReader>? read = null) where T : class
    {
        if (rows.Count == 0) return;
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = type.GetTableName()!;
        var columns = type.GetProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never)).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName())))}) VALUES ";
        var tail = returning is { Length: > 0 } ? " RETURNING " + string.Join(", ", returning.Select(sql.DelimitIdentifier)) : "";
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var count = Math.Min(perStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(head);
            for (var i = 0; i < count; i++)
            {
                var row = rows[start + i];
                text.Append(i == 0 ? "(" : ", (");
                for (var k = 0; k < columns.Count; k++)
                {
                    var column = columns[k];
                    var name = $"@r{i}_{k}";
                    if (k > 0) text.Append(", ");
                    text.Append(name);
                    var value = column.GetGetter().GetClrValueUsingContainingEntity(row);
                    if (value is not null && column.GetTypeMapping().Converter is { } converter) value = converter.ConvertToProvider(value);
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                }
                text.Append(')');
            }
            command.CommandText = text.Append(tail).ToString();
            if (read is null) await command.ExecuteNonQueryAsync(ct);
            else
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) read(reader);
            }
        }
    }
}
