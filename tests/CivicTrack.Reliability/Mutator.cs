using System.Text;

namespace CivicTrack.Reliability;

/// <summary>Seeded generation of inputs: mutations of valid ones (characters or bytes inserted, removed, replaced,
/// repeated, spliced, cut) and wholly random ones.</summary>
public sealed class Mutator(int seed)
{
    private static readonly string[] Odd =
    [
        "\0", "\r", "\n", "\r\n", "\t", "\u00a0", "\u2028", "\ufeff", "\ufffd", "\uffff", "\ud800", "\udc00", "😀", "đ", "Ơ", "İ", "ß",
        "\u0301", "٣", "１", "\u202e", " ", "  ", "\"", "'", "\\", "%", "{", "}", "[", "]", "<", ">", "&", ";", ",",
    ];

    public Random Random { get; } = new(seed);

    public int Next(int max) => Random.Next(max);

    public bool Chance(double p) => Random.NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    /// <summary>One to <paramref name="maxSteps"/> mutations of <paramref name="text"/>, with the parser's own tokens
    /// among what gets inserted.</summary>
    public string Mutate(string text, IReadOnlyList<string> tokens, IReadOnlyList<string> seeds, int maxSteps = 6)
    {
        var s = new StringBuilder(text);
        var steps = 1 + Random.Next(maxSteps);
        for (var i = 0; i < steps; i++)
        {
            var at = s.Length == 0 ? 0 : Random.Next(s.Length + 1);
            switch (Random.Next(9))
            {
                case 0: s.Insert(at, Pick(tokens)); break;
                case 1: s.Insert(at, Pick(Odd)); break;
                case 2 when s.Length > 0: s.Remove(Math.Min(at, s.Length - 1), 1 + Random.Next(Math.Min(8, s.Length - Math.Min(at, s.Length - 1)))); break;
                case 3 when s.Length > 0: s[Math.Min(at, s.Length - 1)] = (char)Random.Next(0x20, 0x7f); break;
                case 4 when s.Length > 0:
                {
                    // Repeat a slice: long runs, deep nesting, huge numbers.
                    var start = Random.Next(s.Length);
                    var slice = s.ToString(start, 1 + Random.Next(Math.Min(6, s.Length - start)));
                    var times = Chance(0.2) ? Random.Next(100, 20_000) : Random.Next(2, 20);
                    s.Insert(start, string.Concat(Enumerable.Repeat(slice, times)));
                    break;
                }
                case 5 when s.Length > 0: s.Length = Random.Next(s.Length); break;
                case 6:
                {
                    var other = Pick(seeds);
                    var from = other.Length == 0 ? 0 : Random.Next(other.Length);
                    s.Insert(at, other.AsSpan(from, Random.Next(other.Length - from + 1)));
                    break;
                }
                case 7: s.Insert(at, (char)Random.Next(0, 0x3000)); break;
                default: s.Insert(at, Pick(tokens)).Insert(at, Pick(tokens)); break;
            }
            if (s.Length > 200_000) s.Length = 200_000;
        }
        return s.ToString();
    }

    /// <summary>Random text over <paramref name="alphabet"/> (and now and then any character).</summary>
    public string RandomText(string alphabet, int maxLength)
    {
        var length = Random.Next(maxLength + 1);
        var s = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            s.Append(Chance(0.05) ? (char)Random.Next(0, 0x10000) : alphabet[Random.Next(alphabet.Length)]);
        return s.ToString();
    }

    /// <summary>One to <paramref name="maxSteps"/> byte-level mutations.</summary>
    public byte[] Mutate(byte[] bytes, IReadOnlyList<byte[]> tokens, int maxSteps = 6)
    {
        var b = new List<byte>(bytes);
        var steps = 1 + Random.Next(maxSteps);
        for (var i = 0; i < steps; i++)
        {
            var at = b.Count == 0 ? 0 : Random.Next(b.Count + 1);
            switch (Random.Next(7))
            {
                case 0 when b.Count > 0: b[Math.Min(at, b.Count - 1)] ^= (byte)(1 << Random.Next(8)); break;
                case 1 when b.Count > 0: b[Math.Min(at, b.Count - 1)] = (byte)Random.Next(256); break;
                case 2: b.InsertRange(at, Pick(tokens)); break;
                case 3 when b.Count > 0:
                {
                    var start = Math.Min(at, b.Count - 1);
                    b.RemoveRange(start, 1 + Random.Next(Math.Min(64, b.Count - start)));
                    break;
                }
                case 4 when b.Count > 0:
                {
                    var cut = Random.Next(b.Count);
                    b.RemoveRange(cut, b.Count - cut);
                    break;
                }
                case 5 when b.Count > 0:
                {
                    var start = Random.Next(b.Count);
                    var slice = b.GetRange(start, 1 + Random.Next(Math.Min(32, b.Count - start)));
                    for (var k = Random.Next(1, 50); k > 0; k--) b.InsertRange(start, slice);
                    break;
                }
                default: b.Insert(at, (byte)Random.Next(256)); break;
            }
            if (b.Count > 2_000_000) b.RemoveRange(2_000_000, b.Count - 2_000_000);
        }
        return [.. b];
    }

    public byte[] RandomBytes(int maxLength)
    {
        var bytes = new byte[Random.Next(maxLength + 1)];
        Random.NextBytes(bytes);
        return bytes;
    }
}
