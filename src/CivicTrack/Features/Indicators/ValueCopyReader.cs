using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace CivicTrack.Features.Indicators;

/// <summary>Reads <c>(element, unit, period, value)</c> rows straight from PostgreSQL's binary COPY stream.</summary>
/// <remarks>The national store holds tens of millions of values; reading them column by column through the
/// driver costs several hundred nanoseconds a row, most of it per-field overhead and one string per period id.
/// Parsing the stream's bytes directly, with period ids looked up by their bytes, is several times cheaper.
/// Format: an 11-byte signature, flags and a header extension, then per row a 16-bit field count and each
/// field as a 32-bit length and its bytes, all big-endian; a field count of -1 ends the data.</remarks>
public static class ValueCopyReader
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    public const string Command = """COPY data_values ("DataElementId", "OrgUnitId", "Period", "Value") TO STDOUT (FORMAT BINARY)""";

    /// <summary>Calls <paramref name="row"/> for every row; each distinct period id is decoded once.</summary>
    public static void Read(NpgsqlConnection connection, Action<int, int, string, double> row, CancellationToken ct)
    {
        using var stream = connection.BeginRawBinaryCopy(Command);
        var buffer = new byte[1 << 20];
        int start = 0, end = 0;
        // Period ids are a few dozen distinct short strings repeated millions of times.
        var periods = new Dictionary<(ulong, ulong), string>();

        bool Fill(int need)
        {
            if (end - start >= need) return true;
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            while (end < need)
            {
                var n = stream.Read(buffer, end, buffer.Length - end);
                if (n == 0) return false;
                end += n;
            }
            return true;
        }

        if (!Fill(19) || !buffer.AsSpan(0, 11).SequenceEqual(Signature)) throw new InvalidDataException("Not a PostgreSQL binary COPY stream.");
        var extension = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(15));
        start = 19;
        if (!Fill(extension)) throw new InvalidDataException("Truncated COPY header.");
        start += extension;
        var rows = 0L;
        while (true)
        {
            if (!Fill(2)) throw new InvalidDataException("Truncated COPY data.");
            var fields = BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(start));
            start += 2;
            if (fields == -1) break;
            if (fields != 4) throw new InvalidDataException($"Expected 4 fields, found {fields}.");
            // Up to the period's length; then the period and the value.
            if (!Fill(20)) throw new InvalidDataException("Truncated COPY row.");
            var span = buffer.AsSpan(start);
            var element = BinaryPrimitives.ReadInt32BigEndian(span[4..]);
            var unit = BinaryPrimitives.ReadInt32BigEndian(span[12..]);
            var periodLength = BinaryPrimitives.ReadInt32BigEndian(span[16..]);
            if (periodLength is < 0 or > 64) throw new InvalidDataException("Unexpected period field.");
            if (!Fill(20 + periodLength + 12)) throw new InvalidDataException("Truncated COPY row.");
            span = buffer.AsSpan(start);
            var periodBytes = span.Slice(20, periodLength);
            var key = PeriodKey(periodBytes);
            if (!periods.TryGetValue(key, out var period) || periodLength > 16)
                periods[key] = period = Encoding.UTF8.GetString(periodBytes);
            var value = BinaryPrimitives.ReadDoubleBigEndian(span[(20 + periodLength + 4)..]);
            start += 20 + periodLength + 12;
            row(element, unit, period, value);
            if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Up to 16 bytes packed into two words: exact for every period id ("2025-10-10" is 10 bytes).</summary>
    private static (ulong, ulong) PeriodKey(ReadOnlySpan<byte> bytes)
    {
        Span<byte> padded = stackalloc byte[16];
        bytes[..Math.Min(16, bytes.Length)].CopyTo(padded);
        return (BinaryPrimitives.ReadUInt64LittleEndian(padded), BinaryPrimitives.ReadUInt64LittleEndian(padded[8..]) ^ (ulong)bytes.Length << 56);
    }
}
