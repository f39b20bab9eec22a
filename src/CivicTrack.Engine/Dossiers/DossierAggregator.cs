namespace CivicTrack.Engine.Dossiers;

/// <summary>Counts dossiers per key (a handling unit, a sector or a procedure) and month in flat arrays, without an
/// allocation per dossier. A replaced dossier is taken out with <c>sign = -1</c> and its new version added. Carried-over
/// and open-overdue dossiers span months: they are kept as differences (+1 where the span starts, −1 after it ends) and
/// summed when a month is asked for. Not thread-safe: the caller locks.</summary>
public sealed class DossierAggregator(DossierRules rules)
{
    private const int Stride = 12;
    private const int Received = 0, Online = 1, Cross = 2, Vneid = 3, Finished = 4, Early = 5, OnTime = 6, Late = 7, Digitized = 8, Paid = 9,
        CarriedDelta = 10, OverdueDelta = 11;
    private static readonly int MinMonth = DossierMonths.Of(DossierDates.Earliest);
    private static readonly int MaxMonth = DossierMonths.Of(DossierDates.Latest) + 1;

    private Series?[] _series = new Series?[64];

    /// <summary>The counting rules in force.</summary>
    public DossierRules Rules => rules;

    /// <summary>How many dossiers have been added (less those taken out).</summary>
    public long Count { get; private set; }

    private sealed class Series(int first, int length)
    {
        public int First = first;
        public int[] Counts = new int[length * Stride];
        public int Length => Counts.Length / Stride;
    }

    /// <summary>Adds (<paramref name="sign"/> = 1) or takes out (−1) one dossier. Status 3 (not received) and a dossier
    /// without a received date count nowhere.</summary>
    public void Add(in DossierFacts f, int sign = 1)
    {
        Count += sign;
        if (f.Status == DossierStatus.NotReceived || f.Received == DossierFacts.None) return;
        var received = DossierMonths.Of(f.Received);
        var withdrawn = f.Status == DossierStatus.Withdrawn;
        // The day the dossier stopped being open: finished, or for a withdrawn one the day it is known to have left
        // (finished date, else returned date, else the day it came).
        var closed = f.Finished != DossierFacts.None ? f.Finished
            : withdrawn ? (f.Returned != DossierFacts.None ? f.Returned : f.Received) : DossierFacts.None;
        var closedMonth = closed == DossierFacts.None ? MaxMonth : DossierMonths.Of(closed);
        int overdueFrom = MaxMonth;
        if (f.Due != DossierFacts.None)
        {
            // Overdue in month P when the due date is earlier than P's last day.
            DateOnly.FromDayNumber(f.Due).Deconstruct(out var year, out var month, out var day);
            overdueFrom = DossierMonths.Of(year, month) + (day == DateTime.DaysInMonth(year, month) ? 1 : 0);
        }
        var overdueStart = Math.Max(received, overdueFrom);
        // The last month this dossier writes to: its finished month, the ends of its spans.
        var last = received + 1;
        if (closedMonth < MaxMonth) last = Math.Max(last, closedMonth + 1);
        if (overdueStart < closedMonth && overdueStart < MaxMonth) last = Math.Max(last, overdueStart);
        var s = Ensure(f.Unit, received, Math.Min(last, MaxMonth - 1));
        var c = s.Counts;
        var at = (received - s.First) * Stride;
        c[at + Received] += sign;
        if ((f.Flags & DossierFlags.Online) != 0) c[at + Online] += sign;
        if ((f.Flags & DossierFlags.CrossBoundary) != 0) c[at + Cross] += sign;
        if ((f.Flags & DossierFlags.VneidVerified) != 0) c[at + Vneid] += sign;

        if (f.Finished != DossierFacts.None && (!withdrawn || rules.WithdrawnAsFinished))
        {
            var fa = (DossierMonths.Of(f.Finished) - s.First) * Stride;
            c[fa + Finished] += sign;
            c[fa + (f.Due == DossierFacts.None || f.Finished == f.Due ? OnTime : f.Finished < f.Due ? Early : Late)] += sign;
            if ((f.Flags & DossierFlags.Digitized) != 0) c[fa + Digitized] += sign;
            if ((f.Flags & DossierFlags.PaidOnline) != 0) c[fa + Paid] += sign;
        }
        // Carried over into every month after the one it came in, up to and including the month it closed.
        if (closedMonth > received && received + 1 < MaxMonth)
        {
            c[(received + 1 - s.First) * Stride + CarriedDelta] += sign;
            if (closedMonth + 1 < MaxMonth) c[(closedMonth + 1 - s.First) * Stride + CarriedDelta] -= sign;
        }
        // Open and overdue from the later of its month and the first month whose last day is past the due date, up to
        // the month before the one it closed in.
        if (overdueStart < closedMonth && overdueStart < MaxMonth)
        {
            c[(overdueStart - s.First) * Stride + OverdueDelta] += sign;
            if (closedMonth < MaxMonth) c[(closedMonth - s.First) * Stride + OverdueDelta] -= sign;
        }
    }

    /// <summary>The series of <paramref name="key"/>, grown to hold months <paramref name="from"/> to <paramref name="to"/> (inclusive).</summary>
    private Series Ensure(int key, int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        if (key >= _series.Length) Array.Resize(ref _series, Math.Max(key + 1, _series.Length * 2));
        var s = _series[key];
        if (s is null)
        {
            // A year on each side, so that most later dossiers fit without growing.
            var first = Math.Max(MinMonth, from - 12);
            return _series[key] = new Series(first, Math.Min(MaxMonth, Math.Max(to, from + 24)) - first + 1);
        }
        if (from >= s.First && to < s.First + s.Length) return s;
        var newFirst = Math.Max(MinMonth, Math.Min(s.First, from - 12));
        var newLast = Math.Min(MaxMonth, Math.Max(s.First + s.Length - 1, to + 12));
        var counts = new int[(newLast - newFirst + 1) * Stride];
        Array.Copy(s.Counts, 0, counts, (s.First - newFirst) * Stride, s.Counts.Length);
        s.First = newFirst;
        s.Counts = counts;
        return s;
    }

    /// <summary>The keys that have counted at least one dossier.</summary>
    public IEnumerable<int> Keys()
    {
        for (var i = 0; i < _series.Length; i++) if (_series[i] is not null) yield return i;
    }

    /// <summary>The counts of the keys together, for each month from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public DossierCounts[] Months(IEnumerable<int> keys, int from, int to)
    {
        var months = to - from + 1;
        if (months <= 0) return [];
        var sums = new long[months * Stride];
        foreach (var key in keys)
        {
            if (key < 0 || key >= _series.Length || _series[key] is not { } s) continue;
            long carried = 0, overdue = 0;
            var end = Math.Min(to, s.First + s.Length - 1);
            // Differences before the range are summed first.
            for (var m = s.First; m < from && m <= end; m++)
            {
                carried += s.Counts[(m - s.First) * Stride + CarriedDelta];
                overdue += s.Counts[(m - s.First) * Stride + OverdueDelta];
            }
            for (var m = from; m <= to; m++)
            {
                var o = (m - from) * Stride;
                if (m >= s.First && m <= end)
                {
                    var i = (m - s.First) * Stride;
                    for (var k = 0; k < CarriedDelta; k++) sums[o + k] += s.Counts[i + k];
                    carried += s.Counts[i + CarriedDelta];
                    overdue += s.Counts[i + OverdueDelta];
                }
                sums[o + CarriedDelta] += carried;
                sums[o + OverdueDelta] += overdue;
            }
        }
        var result = new DossierCounts[months];
        for (var m = 0; m < months; m++)
        {
            var o = m * Stride;
            result[m] = new DossierCounts(
                Received: sums[o + Received], CarriedOver: sums[o + CarriedDelta], Finished: sums[o + Finished], Early: sums[o + Early],
                OnTime: sums[o + OnTime], Late: sums[o + Late], OpenOverdue: sums[o + OverdueDelta], Online: sums[o + Online],
                CrossBoundary: sums[o + Cross], VneidVerified: sums[o + Vneid], Digitized: sums[o + Digitized], PaidOnline: sums[o + Paid]);
        }
        return result;
    }

    /// <summary>The counts of one key and one month.</summary>
    public DossierCounts Month(int key, int month) => Months([key], month, month)[0];
}
