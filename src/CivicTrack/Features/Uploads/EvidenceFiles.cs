using System.Security.Cryptography;
using CivicTrack.Engine.Files;
using CivicTrack.Features.Plans;

namespace CivicTrack.Features.Uploads;

/// <summary>An evidence file as stored: its name as sent, the type its extension and first bytes agree on, its size, the
/// fresh name it has on disk and its SHA-256.</summary>
public sealed record StoredEvidence(string FileName, string ContentType, long Size, string StoredName, string Sha256);

/// <summary>Writes checked evidence uploads (task progress, activities) under a folder of their owner.</summary>
public static class EvidenceFiles
{
    /// <summary>Copies each upload to a fresh name in <paramref name="folder"/> and reads back its type and hash. Every path
    /// written is added to <paramref name="written"/> first, so a caller whose database write fails can remove them.</summary>
    public static async Task<List<StoredEvidence>> WriteAsync(string folder, IReadOnlyList<EvidenceUpload> files, List<string> written, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var stored = new List<StoredEvidence>(files.Count);
        foreach (var f in files)
        {
            var name = $"{Guid.NewGuid():N}{Path.GetExtension(f.FileName).ToLowerInvariant()}";
            var path = Path.Combine(folder, name);
            written.Add(path);
            await using (var source = f.Open())
            await using (var target = File.Create(path))
                await source.CopyToAsync(target, ct);
            await using var check = File.OpenRead(path);
            var head = new byte[FileTypes.SniffBytes];
            var read = await check.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            check.Position = 0;
            // The type is the one the extension and the first bytes agree on, never the one the client declared.
            stored.Add(new StoredEvidence(f.FileName, FileTypes.Checked(f.FileName, head.AsSpan(0, read)), check.Length, name,
                Convert.ToHexStringLower(await SHA256.HashDataAsync(check, ct))));
        }
        return stored;
    }
}
