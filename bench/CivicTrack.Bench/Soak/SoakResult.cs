using System.Diagnostics;
using CivicTrack.Bench.Surge;

namespace CivicTrack.Bench.Soak;

/// <summary>Everything one provider's soak measured, and what is read from it.</summary>
public sealed class SoakResult
{
    public required string Provider { get; init; }
    public required string Database { get; init; }
    public string? ServerSettings { get; set; }
    public SoakRun? Run { get; set; }
    public SoakMix? Mix { get; set; }
    public SoakCounts? Counts { get; set; }
    /// <summary>Import reports whose values and last change are the same after the run as before it.</summary>
    public int ImportsUnchanged { get; set; }
    public string? ImportChange { get; set; }
    public long? ResidentAtStart { get; set; }
    public string? HandlesAtStart { get; set; }
    public string? HandlesAtEnd { get; set; }
    public TimeSpan ClientCpu { get; set; }
    public double? MachineBusy { get; set; }
    public string? Problem { get; set; }

    private static readonly double TicksPerMs = Stopwatch.Frequency / 1000.0;

    /// <summary>Latencies of the sent operations matching <paramref name="which"/>: from when each was due (open loop), or from when it was sent.</summary>
    public Latencies Latency(Func<long, SoakOp, bool> which, bool fromDue = true)
    {
        var ops = Run!.Ops;
        var ticks = new List<long>();
        for (long i = 0; i < Run.Started; i++)
            if (ops[i].Status != 0 && which(i, ops[i]))
                ticks.Add((long)((ops[i].Done - (fromDue ? ops[i].Due : ops[i].Sent)) * 1000 * TicksPerMs));
        return new Latencies(ticks);
    }

    /// <summary>Answers other than 2xx, by status ("-1" for no answer), over all kinds or one.</summary>
    public SortedDictionary<string, int> Errors(SoakKind? kind = null)
    {
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var ops = Run!.Ops;
        for (long i = 0; i < Run.Started; i++)
            if (ops[i].Status != 0 && !SoakRun.Ok(ops[i].Status) && (kind is null || SoakMix.KindOf(i) == kind))
            {
                var key = ops[i].Status == -1 ? "no answer" : ops[i].Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                errors[key] = errors.GetValueOrDefault(key) + 1;
            }
        return errors;
    }

    public long ErrorCount => Errors().Values.Sum();

    /// <summary>Operations due before the end that were never sent, the app having fallen behind with every slot taken.</summary>
    public long Unsent => Run!.Scheduled - Run.Started;

    /// <summary>The acknowledged submissions (commune code, month).</summary>
    public HashSet<(string Unit, string Period)> Acknowledged()
    {
        var set = new HashSet<(string, string)>();
        var ops = Run!.Ops;
        for (long i = 0; i < Run.Started; i++)
            if (SoakMix.KindOf(i) == SoakKind.Submit && SoakRun.Ok(ops[i].Status))
            {
                var (commune, period) = Mix!.Submission(SoakMix.Sequence(i));
                set.Add((SurgeData.CommuneCode(commune), period));
            }
        return set;
    }

    /// <summary>The sum of the values of the acknowledged submissions.</summary>
    public double ExpectedSum()
    {
        var ops = Run!.Ops;
        double sum = 0;
        for (long i = 0; i < Run.Started; i++)
            if (SoakMix.KindOf(i) == SoakKind.Submit && SoakRun.Ok(ops[i].Status))
            {
                var (commune, period) = Mix!.Submission(SoakMix.Sequence(i));
                sum += SurgeData.ExpectedSum([commune], period);
            }
        return sum;
    }

    /// <summary>Each commune's last acknowledged draft save, which its stored draft values must equal: (reports checked, reports equal).</summary>
    public (int Checked, int Equal) DraftsAsSaved()
    {
        var last = new Dictionary<int, long>();
        var ops = Run!.Ops;
        for (long i = 0; i < Run.Started; i++)
            if (SoakMix.KindOf(i) == SoakKind.Save && SoakRun.Ok(ops[i].Status))
            {
                var n = SoakMix.Sequence(i);
                var commune = Mix!.SaveCommune(n);
                if (!last.TryGetValue(commune, out var before) || before < n) last[commune] = n;
            }
        var equal = last.Count(l => Enumerable.Range(1, SoakMix.DraftElementCount).All(k =>
            Counts!.DraftValues.TryGetValue((SurgeData.CommuneCode(l.Key), SoakMix.DraftElement(k)), out var v) && v == SoakMix.SaveValue(l.Value, k)));
        return (last.Count, equal);
    }

    public bool ExactlyOnce(out string why)
    {
        var acknowledged = Acknowledged();
        var c = Counts!;
        var lost = acknowledged.Count(a => !c.SubmittedReports.Contains(a));
        var extra = c.SubmittedReports.Count(s => !acknowledged.Contains(s));
        var expected = ExpectedSum();
        why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{acknowledged.Count:N0} acknowledged; {c.Submitted:N0} stored as Submitted ({lost} lost, {extra} not acknowledged), {c.SubmissionRows:N0} rows, {c.SubmitEvents:N0} submit events; {c.Values:N0} values (expected {(long)SurgeData.ElementCount * acknowledged.Count:N0}), sum {(c.ValueSum == expected ? "= expected" : $"{c.ValueSum:N0} ≠ expected {expected:N0}")}");
        return c.Submitted == acknowledged.Count && c.SubmissionRows == acknowledged.Count && c.SubmitEvents == acknowledged.Count
            && c.Values == (long)SurgeData.ElementCount * acknowledged.Count && c.ValueSum == expected && lost == 0 && extra == 0;
    }
}
