using System.Diagnostics;
using System.Globalization;

namespace CivicTrack.Bench;

/// <summary>Percentiles of measured durations, from <see cref="Stopwatch"/> ticks.</summary>
public sealed class Latencies
{
    private readonly double[] _ms;

    public Latencies(IEnumerable<long> ticks)
    {
        _ms = [.. ticks.Select(t => t * 1000.0 / Stopwatch.Frequency)];
        Array.Sort(_ms);
    }

    public int Count => _ms.Length;
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);
    public double Max => _ms.Length == 0 ? double.NaN : _ms[^1];
    public double Mean => _ms.Length == 0 ? double.NaN : _ms.Average();

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (_ms.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p * _ms.Length);
        return _ms[Math.Clamp(rank - 1, 0, _ms.Length - 1)];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"n={Count}, p50 {Ms(P50)}, p99 {Ms(P99)}, max {Ms(Max)}");

    public static string Ms(double ms) => ms switch
    {
        double.NaN => "–",
        < 1 => ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms",
        < 100 => ms.ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => ms.ToString("0", CultureInfo.InvariantCulture) + " ms",
    };
}
