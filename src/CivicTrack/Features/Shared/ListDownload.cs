using System.Globalization;
using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Shared;

/// <summary>How a list is downloaded: a styled workbook or CSV, chosen by <c>format=xlsx|csv</c>.</summary>
public enum ListFormat { Xlsx, Csv }

/// <summary>
/// A list people ask to hand over, as a download: the same <see cref="Sheet"/> written as a workbook or as CSV, named after
/// the list and the day it was taken ("tasks-2025-12-03.xlsx"). Every list export reads <c>format</c> the same way.
/// </summary>
public static class ListDownload
{
    /// <summary>"xlsx" (the default when none is given) or "csv", in any case; anything else is refused.</summary>
    public static bool TryParse(string? format, out ListFormat parsed)
    {
        parsed = ListFormat.Xlsx;
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "xlsx": return true;
            case "csv": parsed = ListFormat.Csv; return true;
            default: return false;
        }
    }

    /// <summary>The 400 answer to an unknown format, naming the field.</summary>
    public static ValidationProblem BadFormat(string? format, IStringLocalizer<SharedResource> t) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [t["Api.BadFormat", format ?? ""]] });

    /// <summary>"late-reports-2025-12-03.xlsx": the list's name, the day, the format's extension.</summary>
    public static string FileName(string list, DateOnly day, ListFormat format) =>
        $"{list}-{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.{(format == ListFormat.Csv ? "csv" : "xlsx")}";

    public static byte[] Bytes(Sheet sheet, ListFormat format, string? title = null) =>
        format == ListFormat.Csv ? Workbook.ToCsv(sheet) : Workbook.ToBytes([sheet], title ?? sheet.Title);

    public static FileContentHttpResult File(Sheet sheet, ListFormat format, string list, DateOnly day) =>
        TypedResults.File(Bytes(sheet, format), format == ListFormat.Csv ? Workbook.CsvContentType : Workbook.ContentType, FileName(list, day, format));
}
