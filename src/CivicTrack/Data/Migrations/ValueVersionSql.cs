namespace CivicTrack.Data.Migrations;

/// <summary>Every write to <c>data_values</c> is logged by the database itself, with a version that grows with every write,
/// so that a snapshot of the in-memory analytics store can tell which values changed after it (docs/architecture.md,
/// "Analytics snapshot"). <c>data_value_changes</c> holds the key of each value inserted, updated or deleted and the
/// version of that write; the values themselves are read from <c>data_values</c>. The write path is unchanged: triggers
/// fill the log. Nothing is added to <c>data_values</c>, so an update of a value stays a heap-only update.</summary>
/// <remarks>Old entries are pruned (<c>data_value_change_horizon</c> then holds the highest version pruned: a snapshot older
/// than that is stale). <c>data_value_change_marks</c> records the version reached at given times, so that pruning by age
/// needs no index on the log's times.</remarks>
public static class ValueVersionSql
{
    private const string Log = """
        CREATE TABLE data_value_change_horizon (id integer NOT NULL PRIMARY KEY CHECK (id = 1), version bigint NOT NULL);
        INSERT INTO data_value_change_horizon (id, version) VALUES (1, 0);
        CREATE TABLE data_value_change_marks (version bigint NOT NULL PRIMARY KEY, at {0} NOT NULL);
        """;

    /// <summary>PostgreSQL: one sequence; one statement trigger per kind of write, which logs the rows it saw through its
    /// transition table (a few microseconds a row, nothing per row on <c>data_values</c>). Statement triggers on the
    /// partitioned table see the rows of every partition, those attached later included; rows moved from the default
    /// partition into a new year's partition are not writes and are not logged. The version is taken after the rows are
    /// written, so its transaction already has its id: a reader that sees the sequence at some value can wait for every
    /// transaction that could still commit a version up to it.</summary>
    public static IEnumerable<string> PostgresUp()
    {
        yield return "CREATE SEQUENCE data_values_version_seq AS bigint";
        yield return """
            CREATE TABLE data_value_changes (
                version bigint NOT NULL PRIMARY KEY,
                "DataElementId" integer NOT NULL,
                "OrgUnitId" integer NOT NULL,
                "Period" character varying(20) NOT NULL
            )
            """;
        yield return string.Format(System.Globalization.CultureInfo.InvariantCulture, Log, "timestamptz");
        yield return """
            CREATE FUNCTION data_values_log_new() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO data_value_changes (version, "DataElementId", "OrgUnitId", "Period")
                SELECT nextval('data_values_version_seq'), "DataElementId", "OrgUnitId", "Period" FROM new_rows;
                RETURN NULL;
            END $$
            """;
        // An update logs the new keys, and the old ones where a key itself changed.
        yield return """
            CREATE FUNCTION data_values_log_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO data_value_changes (version, "DataElementId", "OrgUnitId", "Period")
                SELECT nextval('data_values_version_seq'), "DataElementId", "OrgUnitId", "Period" FROM new_rows;
                INSERT INTO data_value_changes (version, "DataElementId", "OrgUnitId", "Period")
                SELECT nextval('data_values_version_seq'), o."DataElementId", o."OrgUnitId", o."Period"
                FROM old_rows o JOIN new_rows n ON n."Id" = o."Id"
                WHERE (o."DataElementId", o."OrgUnitId", o."Period") IS DISTINCT FROM (n."DataElementId", n."OrgUnitId", n."Period");
                RETURN NULL;
            END $$
            """;
        yield return """
            CREATE FUNCTION data_values_log_old() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO data_value_changes (version, "DataElementId", "OrgUnitId", "Period")
                SELECT nextval('data_values_version_seq'), "DataElementId", "OrgUnitId", "Period" FROM old_rows;
                RETURN NULL;
            END $$
            """;
        // Emptying the table logs no keys: it puts the horizon past every snapshot taken before.
        yield return """
            CREATE FUNCTION data_values_log_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE data_value_change_horizon SET version = nextval('data_values_version_seq');
                RETURN NULL;
            END $$
            """;
        yield return """
            CREATE TRIGGER data_values_log_insert AFTER INSERT ON data_values
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_values_log_new()
            """;
        yield return """
            CREATE TRIGGER data_values_log_update AFTER UPDATE ON data_values
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_values_log_update()
            """;
        yield return """
            CREATE TRIGGER data_values_log_delete AFTER DELETE ON data_values
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_values_log_old()
            """;
        yield return """
            CREATE TRIGGER data_values_log_truncate AFTER TRUNCATE ON data_values
            FOR EACH STATEMENT EXECUTE FUNCTION data_values_log_truncate()
            """;
    }

    public static IEnumerable<string> PostgresDown()
    {
        yield return "DROP TRIGGER IF EXISTS data_values_log_insert ON data_values";
        yield return "DROP TRIGGER IF EXISTS data_values_log_update ON data_values";
        yield return "DROP TRIGGER IF EXISTS data_values_log_delete ON data_values";
        yield return "DROP TRIGGER IF EXISTS data_values_log_truncate ON data_values";
        yield return "DROP FUNCTION IF EXISTS data_values_log_new()";
        yield return "DROP FUNCTION IF EXISTS data_values_log_update()";
        yield return "DROP FUNCTION IF EXISTS data_values_log_old()";
        yield return "DROP FUNCTION IF EXISTS data_values_log_truncate()";
        yield return "DROP TABLE IF EXISTS data_value_change_marks";
        yield return "DROP TABLE IF EXISTS data_value_change_horizon";
        yield return "DROP TABLE IF EXISTS data_value_changes";
        yield return "DROP SEQUENCE IF EXISTS data_values_version_seq";
    }

    /// <summary>SQLite has one writer at a time: a one-row counter advanced by row triggers orders every write.</summary>
    public static IEnumerable<string> SqliteUp()
    {
        yield return "CREATE TABLE data_value_version (id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)";
        yield return "INSERT INTO data_value_version (id, version) VALUES (1, 0)";
        yield return """
            CREATE TABLE data_value_changes (
                version INTEGER NOT NULL PRIMARY KEY,
                "DataElementId" INTEGER NOT NULL,
                "OrgUnitId" INTEGER NOT NULL,
                "Period" TEXT NOT NULL
            )
            """;
        foreach (var sql in string.Format(System.Globalization.CultureInfo.InvariantCulture, Log, "TEXT").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            yield return sql;
        foreach (var (name, when, row) in new[] { ("insert", "INSERT", "NEW"), ("update", "UPDATE", "NEW"), ("delete", "DELETE", "OLD") })
            yield return $"""
                CREATE TRIGGER data_values_log_{name} AFTER {when} ON data_values
                BEGIN
                    UPDATE data_value_version SET version = version + 1 WHERE id = 1;
                    INSERT INTO data_value_changes (version, "DataElementId", "OrgUnitId", "Period")
                    VALUES ((SELECT version FROM data_value_version WHERE id = 1), {row}."DataElementId", {row}."OrgUnitId", {row}."Period");
                END
                """;
        // An update that changes a key logs the old key too.
        yield return """
            CREATE TRIGGER data_values_log_rekey AFTER UPDATE ON data_values
            WHEN OLD."DataElementId" <> NEW."DataElementId" OR OLD."OrgUnitId" <> NEW."OrgUnitId" OR OLD."Period" <> NEW."Period"
            BEGIN
                UPDATE data_value_version SET version = version + 1 WHERE id = 1;
                INSERT INTO data_value_changes (version, "DataElementId", "OrgUnitId", "Period")
                VALUES ((SELECT version FROM data_value_version WHERE id = 1), OLD."DataElementId", OLD."OrgUnitId", OLD."Period");
            END
            """;
    }

    public static IEnumerable<string> SqliteDown()
    {
        foreach (var name in new[] { "insert", "update", "delete", "rekey" }) yield return $"DROP TRIGGER IF EXISTS data_values_log_{name}";
        yield return "DROP TABLE IF EXISTS data_value_change_marks";
        yield return "DROP TABLE IF EXISTS data_value_change_horizon";
        yield return "DROP TABLE IF EXISTS data_value_changes";
        yield return "DROP TABLE IF EXISTS data_value_version";
    }
}
