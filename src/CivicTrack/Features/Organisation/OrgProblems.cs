using CivicTrack.Engine.Organisation;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Organisation;

/// <summary>Import and form errors as sentences in the reader's language.</summary>
public static class OrgProblems
{
    /// <summary>An import or form error as a sentence.</summary>
    public static ImportErrorDto Describe(IStringLocalizer t, ImportError e) =>
        new(e.Line, e.Column, e.Code.ToString(), e.Value, t[$"ImportError.{e.Code}", e.Value ?? "", e.Detail ?? ""]);

    /// <summary>A form's errors by the JSON field they concern; an error of no column concerns the <c>file</c>.</summary>
    public static Dictionary<string, string[]> ByField(IStringLocalizer t, IEnumerable<ImportError> errors) =>
        errors.GroupBy(e => e.Column.Length == 0 ? "file" : e.Column)
            .ToDictionary(g => ToFieldName(g.Key), g => g.Select(e => Describe(t, e).Message).ToArray());

    // Import columns are snake_case; JSON fields are camelCase.
    private static string ToFieldName(string column) => column switch
    {
        "parent_code" => "parentCode",
        "opened_on" => "openedOn",
        "closed_on" => "closedOn",
        "merged_into_code" => "into",
        _ => column,
    };
}
