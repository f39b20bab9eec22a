namespace CivicTrack.Data.Migrations;

/// <summary>PostgreSQL only: the record of committed changes through which several instances of one province on one
/// database learn of each other's changes (see docs/scaling.md, "Several instances of one province").</summary>
public static class InstanceChangeSql
{
    /// <summary>Which tables' changes make the other instances drop which of their in-memory copies. Data values are
    /// recorded by the application with their keys (one row per writing transaction), not by a trigger.</summary>
    public static readonly (string Table, string Kind)[] Watched =
    [
        ("org_units", "org"), ("org_groups", "org"), ("org_group_members", "org"),
        ("pillars", "catalog"), ("data_elements", "catalog"), ("indicators", "catalog"),
        ("report_forms", "forms"), ("report_sections", "forms"), ("report_fields", "forms"), ("report_rules", "forms"), ("report_assignments", "forms"),
        ("open_datasets", "opendata"),
        ("AspNetUsers", "accounts"), ("AspNetUserRoles", "accounts"), ("user_units", "accounts"),
        ("dossiers", "dossiers"),
    ];

    public static IEnumerable<string> Up()
    {
        yield return """
            CREATE TABLE instance_changes (
                version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at timestamptz NOT NULL DEFAULT now(),
                instance text NOT NULL,
                kind text NOT NULL,
                elements integer[],
                units integer[],
                periods text[]
            )
            """;
        yield return "CREATE INDEX ix_instance_changes_at ON instance_changes (at)";
        // The transaction's id is taken before its version: a reader that sees a later version without this one knows
        // the writer started before the reader's snapshot, and so when this version can no longer appear.
        yield return """
            CREATE FUNCTION record_instance_change(change_kind text, change_elements integer[], change_units integer[], change_periods text[])
            RETURNS void LANGUAGE plpgsql AS $$
            DECLARE recorded bigint;
            BEGIN
                PERFORM pg_current_xact_id();
                INSERT INTO instance_changes (instance, kind, elements, units, periods)
                VALUES (current_setting('application_name'), change_kind, change_elements, change_units, change_periods)
                RETURNING version INTO recorded;
                PERFORM pg_notify('civictrack_changes', recorded::text);
            END $$
            """;
        // Once per transaction and kind: a form saved as fifty statements is one change.
        yield return """
            CREATE FUNCTION instance_change_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF coalesce(current_setting('civictrack.changed_' || TG_ARGV[0], true), '') = 'yes' THEN RETURN NULL; END IF;
                PERFORM set_config('civictrack.changed_' || TG_ARGV[0], 'yes', true);
                PERFORM record_instance_change(TG_ARGV[0], NULL, NULL, NULL);
                RETURN NULL;
            END $$
            """;
        foreach (var (table, kind) in Watched)
            yield return $"""
                CREATE TRIGGER instance_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                FOR EACH STATEMENT EXECUTE FUNCTION instance_change_trigger('{kind}')
                """;
        // A token's last use is written once a minute while it is used; only what decides access is a change.
        yield return """
            CREATE TRIGGER instance_change AFTER INSERT OR DELETE OR TRUNCATE ON api_tokens
            FOR EACH STATEMENT EXECUTE FUNCTION instance_change_trigger('accounts')
            """;
        yield return """
            CREATE TRIGGER instance_change_update AFTER UPDATE OF "UserId", "Hash", "Scopes", "ExpiresAt", "RevokedAt" ON api_tokens
            FOR EACH STATEMENT EXECUTE FUNCTION instance_change_trigger('accounts')
            """;
    }

    public static IEnumerable<string> Down()
    {
        foreach (var (table, _) in Watched) yield return $"""DROP TRIGGER IF EXISTS instance_change ON "{table}" """;
        yield return "DROP TRIGGER IF EXISTS instance_change ON api_tokens";
        yield return "DROP TRIGGER IF EXISTS instance_change_update ON api_tokens";
        yield return "DROP FUNCTION IF EXISTS instance_change_trigger()";
        yield return "DROP FUNCTION IF EXISTS record_instance_change(text, integer[], integer[], text[])";
        yield return "DROP TABLE IF EXISTS instance_changes";
    }
}
