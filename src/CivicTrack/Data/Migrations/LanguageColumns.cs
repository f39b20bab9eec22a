namespace CivicTrack.Data.Migrations;

/// <summary>Carries names stored as Vietnamese/English column pairs into one JSON column per name
/// (<c>{"en": "...", "vi": "..."}</c>), for the migration that makes language a list.</summary>
internal static class LanguageColumns
{
    private static readonly (string Table, string Target, string Vi, string? En)[] Moves =
    [
        ("pillars", "Name", "NameVi", "NameEn"),
        ("org_groups", "Name", "NameVi", "NameEn"),
        ("indicators", "Name", "NameVi", "NameEn"),
        ("indicators", "Unit", "UnitVi", "UnitEn"),
        ("data_elements", "Name", "NameVi", "NameEn"),
        ("data_elements", "Unit", "UnitVi", "UnitEn"),
        ("targets", "Name", "Name", "NameEn"),
        ("plans", "Title", "Title", "TitleEn"),
        ("report_forms", "Name", "Name", "NameEn"),
        ("report_forms", "Description", "Description", null),
        ("report_sections", "Title", "Title", "TitleEn"),
        ("report_rules", "Message", "Message", "MessageEn"),
    ];

    /// <summary>One UPDATE per name: an English text equal to the Vietnamese one, or empty, is left out.</summary>
    public static IEnumerable<string> Updates(bool postgres)
    {
        var obj = postgres ? "json_build_object" : "json_object";
        var cast = postgres ? "::text" : "";
        foreach (var (table, target, viColumn, enColumn) in Moves)
        {
            var vi = $"\"{viColumn}\"";
            var en = enColumn is null ? "NULL" : $"\"{enColumn}\"";
            yield return $"""
                UPDATE "{table}" SET "{target}" = CASE
                    WHEN coalesce({vi}, '') = '' AND coalesce({en}, '') = '' THEN '{"{}"}'
                    WHEN coalesce({en}, '') = '' OR {en} = {vi} THEN {obj}('vi', {vi}){cast}
                    WHEN coalesce({vi}, '') = '' THEN {obj}('en', {en}){cast}
                    ELSE {obj}('en', {en}, 'vi', {vi}){cast}
                END
                """;
        }
    }
}
