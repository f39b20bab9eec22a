using CivicTrack.Engine.Files;
using CivicTrack.Resources;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Uploads;

/// <summary>The one gate every workbook upload passes before MiniExcel reads it (unit, target and report imports):
/// <see cref="XlsxGuard"/> with the configured limits, and its refusal as a sentence in the reader's language.</summary>
public sealed class WorkbookCheck(UploadLimits limits, IStringLocalizer<UploadResource> t)
{
    public XlsxLimits Limits { get; } = limits.Workbook.ToXlsxLimits();

    /// <summary>Null when the workbook may be read; otherwise why not.</summary>
    public WorkbookRefusal? Check(Stream xlsx, CancellationToken ct = default) =>
        XlsxGuard.Check(xlsx, Limits, ct) is { } r ? new WorkbookRefusal(r, Describe(r)) : null;

    /// <summary>What to say when the library still fails on a workbook that passed the checks.</summary>
    public string Unreadable => t["Workbook.Unreadable"];

    private string Describe(XlsxRefusal r)
    {
        var limit = r.Problem == XlsxProblem.TooLarge ? r.Limit / 1024 / 1024 : r.Limit;
        var part = r.Part is { } p ? System.IO.Path.GetFileNameWithoutExtension(p) : "";
        return t[$"Workbook.{r.Problem}", limit, part, r.Cell ?? part, r.Line, r.Position];
    }
}

/// <summary>A refused workbook: the reason and the sentence to show.</summary>
public sealed record WorkbookRefusal(XlsxRefusal Reason, string Message);
