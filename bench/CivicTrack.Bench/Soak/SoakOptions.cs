using System.Globalization;

namespace CivicTrack.Bench.Soak;

/// <summary>The command line of the soak run: <c>soak [--minutes N] [--rate N] [--in-flight N] [--quick] [--app DIR] [--sqlite-only] [--no-write]</c>.</summary>
public sealed record SoakOptions(double Minutes, double Rate, int InFlight, bool Quick, string? AppDirectory, bool SqliteOnly, bool Write)
{
    public const double DefaultMinutes = 30, DefaultRate = 500;
    public const int DefaultInFlight = 64;

    public static SoakOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "soak") return null;
        var options = new SoakOptions(DefaultMinutes, DefaultRate, DefaultInFlight, false, null, false, true);
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--minutes" => options with { Minutes = Math.Max(0.25, double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--rate" => options with { Rate = Math.Max(1, double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--in-flight" => options with { InFlight = Math.Max(1, int.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--quick" => options with { Quick = true },
                "--app" => options with { AppDirectory = Path.GetFullPath(Next()) },
                "--sqlite-only" => options with { SqliteOnly = true },
                "--no-write" => options with { Write = false },
                _ => null,
            };
            if (options is null) return null;
        }
        return options;
    }

    /// <summary>The first part of the run left out of the slopes and of the first window: 2 minutes, or a quarter of a shorter run.</summary>
    public TimeSpan Warmup => TimeSpan.FromMinutes(Math.Min(2, Minutes / 4));

    /// <summary>The stability windows: 5 minutes, or 30 s for a run under 10 minutes.</summary>
    public TimeSpan Window => Minutes >= 10 ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(30);

    public int CommuneCount => Quick ? 332 : 3_321;
}
