using System.Text;
using CivicTrack.Engine.Files;

namespace CivicTrack.Features.Uploads;

/// <summary>Headers for serving a file someone uploaded: always a download (never shown inline), under a safe name,
/// never sniffed into another type, and sandboxed should a browser render it anyway.</summary>
public static class Downloads
{
    public const string SandboxPolicy = "sandbox";

    public static void MarkAsAttachment(HttpResponse response, string fileName)
    {
        response.Headers.ContentDisposition = ContentDisposition(fileName);
        response.Headers.XContentTypeOptions = "nosniff";
        // SecurityHeaders keeps this policy instead of the page policy.
        response.Headers.ContentSecurityPolicy = SandboxPolicy;
    }

    /// <summary>RFC 6266: <c>attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded</c>.</summary>
    public static string ContentDisposition(string fileName)
    {
        var name = FileTypes.SafeName(fileName);
        var ascii = new StringBuilder(name.Length);
        foreach (var c in name) ascii.Append(c is >= ' ' and < '\u007F' and not ('"' or '\\' or '%' or ';') ? c : '_');
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                || "!#$&+-.^_`|~".Contains((char)b)) encoded.Append((char)b);
            else encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}";
    }
}
