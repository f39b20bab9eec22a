using CivicTrack.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CivicTrack.Features.Uploads;

/// <summary>Reading an upload's body: a malformed multipart body (no boundary, a broken part header, a cut-off
/// stream) or one over the limit is the sender's mistake and is answered 400 or 413 with a sentence, never 500.</summary>
public static class UploadRequest
{
    public static async Task<(IFormCollection? Form, ProblemHttpResult? Problem)> ReadFormAsync(HttpRequest request, UploadLimits limits,
        IStringLocalizer<UploadResource> t, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxRequestBytes) return (null, TooLarge(limits, t));
        // Not a form at all (no or another content type): say what to send instead of failing to read it.
        if (!request.HasFormContentType)
            return (null, TypedResults.Problem(t["Upload.NotAForm"], statusCode: StatusCodes.Status415UnsupportedMediaType));
        try
        {
            return (await request.ReadFormAsync(ct), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limits, t));
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            return (null, TypedResults.Problem(t["Upload.UnreadableForm"], statusCode: StatusCodes.Status400BadRequest));
        }
    }

    /// <summary>A raw request body in memory, or a 413 when it is larger than a request may be.</summary>
    public static async Task<(MemoryStream? Body, ProblemHttpResult? Problem)> ReadBodyAsync(Stream body, long? declaredLength, UploadLimits limits,
        IStringLocalizer<UploadResource> t, CancellationToken ct)
    {
        if (declaredLength > limits.MaxRequestBytes) return (null, TooLarge(limits, t));
        var ms = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (ms.Length + n > limits.MaxRequestBytes) { await ms.DisposeAsync(); return (null, TooLarge(limits, t)); }
                ms.Write(buffer, 0, n);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ms.DisposeAsync();
            return (null, TooLarge(limits, t));
        }
        ms.Position = 0;
        return (ms, null);
    }

    public static ProblemHttpResult TooLarge(UploadLimits limits, IStringLocalizer<UploadResource> t) =>
        TypedResults.Problem(t["Upload.TooLarge", limits.MaxRequestMegabytes], statusCode: StatusCodes.Status413PayloadTooLarge);
}
