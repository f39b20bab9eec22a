using CivicTrack.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SQLitePCL;

namespace CivicTrack.Demo;

/// <summary>Storing the demo's dossiers in bulk: PostgreSQL's binary COPY, or one SQLite statement stepped once a row.</summary>
public static partial class DemoDossiers
{
    private static async Task InsertAsync(AppDb db, long importId, List<(Unit Unit, List<Draft> Dossiers)> drafts, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection pg)
        {
            await using var copy = await pg.BeginBinaryImportAsync($"COPY dossiers ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var (unit, dossiers) in drafts)
                foreach (var d in dossiers)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(Code(unit, d), NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(d.Procedure.Code, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(d.Procedure.Name, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(d.Procedure.Sector, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync((short)d.Procedure.Level, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                    await copy.WriteAsync((short)d.Channel, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                    await copy.WriteAsync(d.ReceivingUnit ?? unit.Code, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(unit.Id, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(d.Received, NpgsqlTypes.NpgsqlDbType.Date, ct);
                    await copy.WriteAsync(d.Due, NpgsqlTypes.NpgsqlDbType.Date, ct);
                    if (d.Finished is { } f) await copy.WriteAsync(f, NpgsqlTypes.NpgsqlDbType.Date, ct); else await copy.WriteNullAsync(ct);
                    if (d.Returned is { } r) await copy.WriteAsync(r, NpgsqlTypes.NpgsqlDbType.Date, ct); else await copy.WriteNullAsync(ct);
                    await copy.WriteAsync((short)d.Status, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                    await copy.WriteAsync(d.Digitized, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(d.Paid, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(d.Vneid, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(importId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                }
            await copy.CompleteAsync(ct);
            return;
        }
        // SQLite: one statement bound by position and stepped once a row, in the order of the codes, so that SQLite appends
        // to its indexes instead of inserting all over them.
        await using var tx = await connection.BeginTransactionAsync(ct);
        var handle = ((Microsoft.Data.Sqlite.SqliteConnection)connection).Handle!;
        var sql = $"INSERT INTO dossiers ({Columns}) VALUES ({string.Join(", ", Enumerable.Repeat("?", 17))})";
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            raw.sqlite3_bind_int64(statement, 17, importId);
            foreach (var (unit, dossiers) in drafts)
            {
                ct.ThrowIfCancellationRequested();
                raw.sqlite3_bind_int(statement, 8, unit.Id);
                foreach (var d in dossiers.OrderBy(d => d.Received).ThenBy(d => d.Sequence))
                {
                    raw.sqlite3_bind_text(statement, 1, Code(unit, d));
                    raw.sqlite3_bind_text(statement, 2, d.Procedure.Code);
                    raw.sqlite3_bind_text(statement, 3, d.Procedure.Name);
                    raw.sqlite3_bind_text(statement, 4, d.Procedure.Sector);
                    raw.sqlite3_bind_int(statement, 5, d.Procedure.Level);
                    raw.sqlite3_bind_int(statement, 6, d.Channel);
                    raw.sqlite3_bind_text(statement, 7, d.ReceivingUnit ?? unit.Code);
                    raw.sqlite3_bind_text(statement, 9, Text(d.Received));
                    raw.sqlite3_bind_text(statement, 10, Text(d.Due));
                    if (d.Finished is { } f) raw.sqlite3_bind_text(statement, 11, Text(f)); else raw.sqlite3_bind_null(statement, 11);
                    if (d.Returned is { } r) raw.sqlite3_bind_text(statement, 12, Text(r)); else raw.sqlite3_bind_null(statement, 12);
                    raw.sqlite3_bind_int(statement, 13, d.Status);
                    raw.sqlite3_bind_int(statement, 14, d.Digitized ? 1 : 0);
                    raw.sqlite3_bind_int(statement, 15, d.Paid ? 1 : 0);
                    raw.sqlite3_bind_int(statement, 16, d.Vneid ? 1 : 0);
                    if (raw.sqlite3_step(statement) != raw.SQLITE_DONE) Check(handle, raw.sqlite3_errcode(handle));
                    raw.sqlite3_reset(statement);
                }
            }
        }
        await tx.CommitAsync(ct);
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK) throw new InvalidOperationException("The demo dossiers could not be stored: " + raw.sqlite3_errmsg(handle).utf8_to_string());
    }

    private const string Columns = """
        "Code", "ProcedureCode", "ProcedureName", "Sector", "ServiceLevel", "Channel", "ReceivingUnitCode", "HandlingUnitId",
        "ReceivedOn", "DueOn", "FinishedOn", "ReturnedOn", "Status", "Digitized", "PaidOnline", "VneidVerified", "ImportId"
        """;

    /// <summary>The one-stop shop's code: the handling unit, the day received and its number that day.</summary>
    private static string Code(Unit unit, Draft d) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{unit.Code}-{d.Received:yyMMdd}-{d.Sequence:D4}");

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
