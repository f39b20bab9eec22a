using System.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Accounts;
using CivicTrack.Features.Audit;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CivicTrack.Features.Dossiers;

/// <summary>How far an import has got: rows read, bytes of the file read, and what the batches did so far.</summary>
public sealed record DossierImportProgress(long Rows, long Bytes, long TotalBytes, long Added, long Updated, long Unchanged, long Refused);

/// <summary>A refused row as the answer and the page show it.</summary>
public sealed record DossierProblemDto(long Line, string Column, string Kind, string Reason, string Value);

/// <summary>What an import did.</summary>
public sealed record DossierImportResult(long ImportId, DossierImportState State, long Rows, long Added, long Updated, long Unchanged, long Refused,
    IReadOnlyList<DossierProblemDto> Problems, bool MoreProblems);

/// <summary>Imports a dossier file: checks every row, then applies the accepted ones in batches, each batch one transaction
/// holding its dossiers, its refused rows, the import's counts so far and the months whose data values must be written
/// again; after the last batch those values are written (<see cref="DossierFeed"/>). See docs/dossiers.md.</summary>
public sealed class DossierImporter(IDbContextFactory<AppDb> dbFactory, OrgDirectory directory, DossierStore store, DossierFeed feed, AuditLog audit,
    TimeProvider clock, IOptions<DossierSettings> settings, IStringLocalizer<Resources.DossierResource> t, ILogger<DossierImporter> log)
{
    /// <summary>Refused rows shown in an answer; the rest are in the downloadable report.</summary>
    public const int ProblemsInAnswer = 1_000;

    /// <summary>Imports the UTF-8 CSV file at <paramref name="path"/> as <paramref name="scope"/>. <paramref name="lineShift"/>
    /// is subtracted from every line number (a JSON body counts records, not lines).</summary>
    public async Task<DossierImportResult> ImportFileAsync(AccessScope scope, string path, string fileName, DossierImportSource source,
        IProgress<DossierImportProgress>? progress = null, CancellationToken ct = default, long lineShift = 0)
    {
        var total = new FileInfo(path).Length;
        var tree = (await directory.GetAsync(ct)).Tree;
        scope = scope.On(tree);
        var units = new Units(tree, scope);
        var now = clock.GetUtcNow().UtcDateTime;
        var import = new DossierImport
        {
            Source = source, State = DossierImportState.Running, FileName = Path.GetFileName(fileName).Length > 200 ? Path.GetFileName(fileName)[..200] : Path.GetFileName(fileName),
            UserId = scope.UserId, By = scope.DisplayName ?? scope.UserName, StartedAt = now,
        };
        var shown = new List<DossierProblemDto>();
        var more = false;

        if (Utf8Check.FirstInvalidLine(path) is { } badLine)
        {
            var problem = new DossierProblem(badLine - lineShift, "", DossierProblemKind.NotUtf8, "");
            return Refuse([problem]);
        }

        await store.WriteGate.WaitAsync(ct);
        try
        {
            // Months left by an import that was cut off are written first.
            await feed.FlushLockedAsync(scope, ct);
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var text = new StreamReader(file, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 20);
            using var reader = new DossierReader(text, units);
            if (reader.FileProblems.Count > 0) return Refuse(reader.FileProblems);

            var batch = new Dictionary<string, DossierRecord>(StringComparer.Ordinal);
            var problems = new List<DossierProblem>();
            var size = Math.Max(1, settings.Value.BatchSize);
            var stored = 0;
            var lastReport = 0L;
            while (reader.Next())
            {
                import.Rows++;
                if (reader.Problems.Count > 0)
                {
                    import.Refused++;
                    foreach (var p in reader.Problems)
                    {
                        var shifted = p with { Line = p.Line - lineShift };
                        if (stored++ < settings.Value.MaxStoredProblems) problems.Add(shifted);
                        if (shown.Count < ProblemsInAnswer) shown.Add(Dto(shifted));
                        else more = true;
                    }
                }
                else batch[reader.Record!.Code] = reader.Record;
                // Refused rows wait for the first accepted one: a file of which nothing is accepted leaves no trace.
                if (batch.Count >= size || problems.Count >= size && import.Id != 0)
                {
                    await ApplyBatchAsync(scope, tree, import, batch, problems, ct);
                    batch.Clear();
                    problems.Clear();
                }
                if (progress is not null && import.Rows - lastReport >= 10_000)
                {
                    lastReport = import.Rows;
                    progress.Report(new(import.Rows, file.Position, total, import.Added, import.Updated, import.Unchanged, import.Refused));
                }
            }
            // Nothing accepted: refused when rows were refused, an empty answer when there were none.
            if (import.Id == 0 && batch.Count == 0)
                return new(0, import.Refused > 0 ? DossierImportState.Refused : DossierImportState.Done, import.Rows, 0, 0, 0, import.Refused, shown, more);
            import.State = DossierImportState.Done;
            import.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await ApplyBatchAsync(scope, tree, import, batch, problems, ct, last: true);
            progress?.Report(new(import.Rows, total, total, import.Added, import.Updated, import.Unchanged, import.Refused));
            await feed.FlushLockedAsync(scope, ct);
        }
        catch
        {
            // A batch that failed may have been applied to memory only in part: read it all again next time.
            store.Reset();
            throw;
        }
        finally { store.WriteGate.Release(); }
        log.LogInformation("Dossier import {Id} ({Source}): {Rows} rows, {Added} added, {Updated} updated, {Unchanged} unchanged, {Refused} refused",
            import.Id, import.Source, import.Rows, import.Added, import.Updated, import.Unchanged, import.Refused);
        return new(import.Id, import.State, import.Rows, import.Added, import.Updated, import.Unchanged, import.Refused, shown, more);
    }

    private DossierProblemDto Dto(DossierProblem p) => new(p.Line, p.Column, p.Kind.ToString(), Reason(p.Kind), p.Value);

    /// <summary>The reader's sentence for a kind of problem.</summary>
    public string Reason(DossierProblemKind kind) => t["Dossiers.Problem." + kind];
    public string Reason(string kind) => Enum.TryParse<DossierProblemKind>(kind, out var k) ? Reason(k) : kind;

    /// <summary>A file refused whole: nothing is stored.</summary>
    private DossierImportResult Refuse(IReadOnlyList<DossierProblem> problems) =>
        new(0, DossierImportState.Refused, 0, 0, 0, 0, 0, [.. problems.Select(Dto)], false);

    private static DossierImportProblem Row(long importId, DossierProblem p) => new()
    {
        ImportId = importId, Line = p.Line, Column = p.Column.Length > 60 ? p.Column[..60] : p.Column, Kind = p.Kind.ToString(),
        Value = p.Value.Length > 120 ? p.Value[..120] : p.Value,
    };

    /// <summary>One transaction: the batch's new and changed dossiers, its refused rows, the months to write again, and the
    /// import's counts so far. Applied to the counts in memory once committed.</summary>
    private async Task ApplyBatchAsync(AccessScope scope, OrgTree tree, DossierImport import, Dictionary<string, DossierRecord> batch,
        List<DossierProblem> problems, CancellationToken ct, bool last = false)
    {
        await store.BatchGate.WaitAsync(ct);
        try { await ApplyBatchLockedAsync(scope, tree, import, batch, problems, last, ct); }
        finally { store.BatchGate.Release(); }
    }

    private async Task ApplyBatchLockedAsync(AccessScope scope, OrgTree tree, DossierImport import, Dictionary<string, DossierRecord> batch,
        List<DossierProblem> problems, bool last, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (import.Id == 0)
        {
            // The import is recorded with its first accepted rows.
            db.DossierImports.Add(import);
            await db.SaveChangesAsync(ct);
        }
        else
        {
            db.DossierImports.Attach(import);
            db.Entry(import).State = EntityState.Modified;
        }
        var codes = batch.Keys.ToList();
        var existing = codes.Count == 0 ? [] : await db.Dossiers.AsNoTracking().Where(d => codes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, StringComparer.Ordinal, ct);
        var writes = new List<Dossier>();
        var changes = new List<(DossierFacts? Old, DossierFacts New)>();
        var months = new HashSet<(int Unit, int Month)>();
        foreach (var record in batch.Values)
        {
            var unit = tree.Find(record.HandlingUnit)!;
            // Unit codes as the registry writes them, so that comparing them later needs no case rules.
            var row = ToRow(record with { HandlingUnit = unit.Code, ReceivingUnit = tree.Find(record.ReceivingUnit)?.Code ?? record.ReceivingUnit }, unit.Id, import.Id);
            existing.TryGetValue(record.Code, out var old);
            if (old is not null && Same(old, row)) { import.Unchanged++; continue; }
            if (old is null) import.Added++; else import.Updated++;
            writes.Add(row);
            var oldFacts = old is null ? (DossierFacts?)null : DossierStore.Facts(old, tree.Find(old.HandlingUnitId)?.Code);
            var newFacts = DossierStore.Facts(row, unit.Code);
            changes.Add((oldFacts, newFacts));
            if (oldFacts is { } o) Touch(months, o);
            Touch(months, newFacts);
        }
        var connection = db.Database.GetDbConnection();
        var transaction = tx.GetDbTransaction();
        if (writes.Count > 0)
        {
            if (connection is NpgsqlConnection pg) await UpsertPostgresAsync(pg, writes, ct);
            else await UpsertSqliteAsync(connection, transaction, writes, ct);
        }
        if (months.Count > 0) await DossierFeed.AddPendingAsync(connection, transaction, months, ct);
        if (problems.Count > 0) db.DossierImportProblems.AddRange(problems.Select(p => Row(import.Id, p)));
        db.Entry(import).State = EntityState.Modified;
        if (writes.Count > 0 || last)
            audit.Add(db, scope, AuditActions.Import, "Dossiers", import.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null,
                new { import = import.Id, batch = writes.Count, rows = import.Rows, added = import.Added, updated = import.Updated, unchanged = import.Unchanged, refused = import.Refused });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        store.Apply(changes);
    }

    private static void Touch(HashSet<(int, int)> months, DossierFacts f)
    {
        if (f.Received != DossierFacts.None) months.Add((f.Unit, DossierMonths.Of(f.Received)));
        if (f.Finished != DossierFacts.None) months.Add((f.Unit, DossierMonths.Of(f.Finished)));
    }

    private static Dossier ToRow(DossierRecord r, int unitId, long importId) => new()
    {
        Code = r.Code, ProcedureCode = NoNul(r.ProcedureCode), ProcedureName = NoNul(r.ProcedureName), Sector = NoNul(r.Sector), ServiceLevel = r.ServiceLevel,
        Channel = r.Channel, ReceivingUnitCode = r.ReceivingUnit, HandlingUnitId = unitId, ReceivedOn = r.Received, DueOn = r.Due,
        FinishedOn = r.Finished, ReturnedOn = r.Returned, Status = r.Status, Digitized = r.Digitized, PaidOnline = r.PaidOnline,
        VneidVerified = r.VneidVerified, ImportId = importId,
    };

    /// <summary>NUL cannot be stored in a PostgreSQL text column (nor shown): it is dropped from names.</summary>
    private static string NoNul(string s) => s.Contains('\0') ? s.Replace("\0", "", StringComparison.Ordinal) : s;

    /// <summary>Equal in every column of the file (the import that wrote it aside).</summary>
    private static bool Same(Dossier a, Dossier b) =>
        a.ProcedureCode == b.ProcedureCode && a.ProcedureName == b.ProcedureName && a.Sector == b.Sector && a.ServiceLevel == b.ServiceLevel
        && a.Channel == b.Channel && a.ReceivingUnitCode == b.ReceivingUnitCode && a.HandlingUnitId == b.HandlingUnitId
        && a.ReceivedOn == b.ReceivedOn && a.DueOn == b.DueOn && a.FinishedOn == b.FinishedOn && a.ReturnedOn == b.ReturnedOn
        && a.Status == b.Status && a.Digitized == b.Digitized && a.PaidOnline == b.PaidOnline && a.VneidVerified == b.VneidVerified;

    private const string Columns = """
        "Code", "ProcedureCode", "ProcedureName", "Sector", "ServiceLevel", "Channel", "ReceivingUnitCode", "HandlingUnitId",
        "ReceivedOn", "DueOn", "FinishedOn", "ReturnedOn", "Status", "Digitized", "PaidOnline", "VneidVerified", "ImportId"
        """;
    private const string Updates = """
        "ProcedureCode" = excluded."ProcedureCode", "ProcedureName" = excluded."ProcedureName", "Sector" = excluded."Sector",
        "ServiceLevel" = excluded."ServiceLevel", "Channel" = excluded."Channel", "ReceivingUnitCode" = excluded."ReceivingUnitCode",
        "HandlingUnitId" = excluded."HandlingUnitId", "ReceivedOn" = excluded."ReceivedOn", "DueOn" = excluded."DueOn",
        "FinishedOn" = excluded."FinishedOn", "ReturnedOn" = excluded."ReturnedOn", "Status" = excluded."Status",
        "Digitized" = excluded."Digitized", "PaidOnline" = excluded."PaidOnline", "VneidVerified" = excluded."VneidVerified",
        "ImportId" = excluded."ImportId"
        """;

    /// <summary>SQLite: one prepared statement, run once per row inside the batch's transaction.</summary>
    private static async Task UpsertSqliteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, List<Dossier> rows, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"""INSERT INTO dossiers ({Columns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16) ON CONFLICT ("Code") DO UPDATE SET {Updates}""";
        var p = new System.Data.Common.DbParameter[17];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = command.CreateParameter();
            p[i].ParameterName = "@p" + i;
            command.Parameters.Add(p[i]);
        }
        await command.PrepareAsync(ct);
        foreach (var r in rows)
        {
            p[0].Value = r.Code; p[1].Value = r.ProcedureCode; p[2].Value = r.ProcedureName; p[3].Value = r.Sector;
            p[4].Value = r.ServiceLevel is { } l ? l : DBNull.Value; p[5].Value = r.Channel; p[6].Value = r.ReceivingUnitCode; p[7].Value = r.HandlingUnitId;
            p[8].Value = Date(r.ReceivedOn); p[9].Value = Date(r.DueOn); p[10].Value = Date(r.FinishedOn); p[11].Value = Date(r.ReturnedOn);
            p[12].Value = r.Status; p[13].Value = r.Digitized; p[14].Value = r.PaidOnline; p[15].Value = r.VneidVerified; p[16].Value = r.ImportId;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static object Date(DateOnly? d) => d is { } v ? v.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : DBNull.Value;

    /// <summary>PostgreSQL: binary COPY into a staging table, then one INSERT … ON CONFLICT that changes only what differs.</summary>
    private static async Task UpsertPostgresAsync(NpgsqlConnection connection, List<Dossier> rows, CancellationToken ct)
    {
        await using (var create = new NpgsqlCommand("""CREATE TEMP TABLE IF NOT EXISTS dossier_stage (LIKE dossiers INCLUDING DEFAULTS) ON COMMIT DELETE ROWS""", connection))
            await create.ExecuteNonQueryAsync(ct);
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY dossier_stage ({Columns}) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Code, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.ProcedureCode, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.ProcedureName, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.Sector, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                if (r.ServiceLevel is { } l) await copy.WriteAsync((short)l, NpgsqlTypes.NpgsqlDbType.Smallint, ct); else await copy.WriteNullAsync(ct);
                await copy.WriteAsync((short)r.Channel, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(r.ReceivingUnitCode, NpgsqlTypes.NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(r.HandlingUnitId, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                foreach (var d in new[] { r.ReceivedOn, r.DueOn, r.FinishedOn, r.ReturnedOn })
                    if (d is { } v) await copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Date, ct); else await copy.WriteNullAsync(ct);
                await copy.WriteAsync((short)r.Status, NpgsqlTypes.NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(r.Digitized, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(r.PaidOnline, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(r.VneidVerified, NpgsqlTypes.NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(r.ImportId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using var upsert = new NpgsqlCommand($"""
            INSERT INTO dossiers ({Columns}) SELECT {Columns} FROM dossier_stage
            ON CONFLICT ("Code") DO UPDATE SET {Updates}
            WHERE (dossiers."ProcedureCode", dossiers."ProcedureName", dossiers."Sector", dossiers."ServiceLevel", dossiers."Channel",
                   dossiers."ReceivingUnitCode", dossiers."HandlingUnitId", dossiers."ReceivedOn", dossiers."DueOn", dossiers."FinishedOn",
                   dossiers."ReturnedOn", dossiers."Status", dossiers."Digitized", dossiers."PaidOnline", dossiers."VneidVerified")
              IS DISTINCT FROM (excluded."ProcedureCode", excluded."ProcedureName", excluded."Sector", excluded."ServiceLevel", excluded."Channel",
                   excluded."ReceivingUnitCode", excluded."HandlingUnitId", excluded."ReceivedOn", excluded."DueOn", excluded."FinishedOn",
                   excluded."ReturnedOn", excluded."Status", excluded."Digitized", excluded."PaidOnline", excluded."VneidVerified")
            """, connection);
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The registry's units by code for the reader, and which of them the caller may write for.</summary>
    private sealed class Units(OrgTree tree, AccessScope scope) : IDossierUnits
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _codes =
            tree.All.ToDictionary(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly Dictionary<int, bool> _writable = [];

        public int Find(ReadOnlySpan<char> code) => _codes.TryGetValue(code, out var id) ? id : -1;

        public bool MayWrite(int key)
        {
            if (!_writable.TryGetValue(key, out var may)) _writable[key] = may = scope.Covers(key);
            return may;
        }
    }
}

/// <summary>Finds the first invalid UTF-8 sequence of a file without reading it whole.</summary>
public static class Utf8Check
{
    /// <summary>The 1-based line of the first invalid byte sequence, or null when the whole file is valid UTF-8.</summary>
    public static long? FirstInvalidLine(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buffer = new byte[1 << 20];
        var carry = 0;
        long line = 1;
        while (true)
        {
            var read = file.Read(buffer, carry, buffer.Length - carry);
            var length = carry + read;
            if (length == 0) return null;
            var end = length;
            if (read > 0)
            {
                // A sequence cut by the end of the buffer is checked with the next one.
                var i = length - 1;
                while (i > 0 && length - i < 4 && (buffer[i] & 0xC0) == 0x80) i--;
                var lead = buffer[i];
                var need = lead < 0xC0 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
                if (length - i < need) end = i;
            }
            var span = buffer.AsSpan(0, end);
            if (!System.Text.Unicode.Utf8.IsValid(span))
            {
                var offset = 0;
                while (System.Text.Rune.DecodeFromUtf8(span[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done) offset += consumed;
                return line + span[..offset].Count((byte)'\n');
            }
            line += span.Count((byte)'\n');
            if (read == 0) return end == length ? null : line;
            carry = length - end;
            buffer.AsSpan(end, carry).CopyTo(buffer);
        }
    }
}
