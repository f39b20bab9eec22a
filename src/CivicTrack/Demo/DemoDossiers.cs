using CivicTrack.Data;
using CivicTrack.Engine.Dossiers;
using CivicTrack.Engine.Organisation;
using CivicTrack.Features.Dossiers;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>What the demo's dossiers came to: how many, and every unit and month whose stored figures could not be
/// followed exactly (a part larger than its whole), with what was done.</summary>
public sealed record DemoDossierResult(int Dossiers, IReadOnlyList<string> Adjusted);

/// <summary>
/// A year of one-stop-shop dossiers up to the current month for every unit whose monthly figures count dossiers: as many
/// received, online, cross-boundary, finished, finished on time, paid online and with digitized results as its stored
/// figures say, unit by unit and month by month, so the counts of docs/dossiers.md give back exactly the stored values.
/// Dossiers carried over are finished first, then the month's own by their due date; a few stay stuck awaiting a
/// supplement past their due date and are finished late months later; the oldest of what is left over beyond a few days'
/// intake are withdrawn. Everything is drawn from a fixed seed.
/// </summary>
public static partial class DemoDossiers
{
    private const string Centre = "08-TTPVHCC";

    /// <summary>The counts the stored figures hold, by data element (docs/dossiers.md, "Into the indicators").</summary>
    private static readonly string[] Elements =
    [
        "DOSSIERS_RECEIVED", "DOSSIERS_ONLINE", "DOSSIERS_CROSS_BOUNDARY", "DOSSIERS_FINISHED", "DOSSIERS_ON_TIME",
        "DOSSIERS_PAID_ONLINE", "DOSSIERS_RESULTS_DIGITIZED",
    ];

    private const int Received = 0, Online = 1, Cross = 2, Finished = 3, OnTime = 4, Paid = 5, Digitized = 6;

    /// <summary>One dossier as it is generated: its final state is written once the whole year is drawn.</summary>
    private sealed class Draft
    {
        public required DemoProcedures.Procedure Procedure;
        public DateOnly Received;
        public DateOnly Due;
        public DateOnly? Finished;
        public DateOnly? Returned;
        public int Sequence;
        public byte Channel;
        public byte Status;
        public string? ReceivingUnit;
        public bool Vneid, Digitized, Paid, Stuck;
    }

    private sealed record Unit(int Id, string Code, OrgUnitKind Kind, DateOnly? ClosedOn);

    /// <summary>Generates and stores the dossiers of the twelve months up to <paramref name="today"/>'s month.</summary>
    public static async Task<DemoDossierResult> LoadAsync(AppDb db, DateOnly today, CancellationToken ct)
    {
        var current = DossierMonths.Of(today);
        var first = current - 11;
        var periods = Enumerable.Range(first, 12).Select(DossierMonths.Id).ToList();
        var elementIds = await db.DataElements.AsNoTracking().Where(e => Elements.Contains(e.Code)).ToDictionaryAsync(e => e.Id, e => Array.IndexOf(Elements, e.Code), ct);
        var stored = await db.DataValues.AsNoTracking().Where(v => elementIds.Keys.Contains(v.DataElementId) && periods.Contains(v.Period))
            .Select(v => new { v.OrgUnitId, v.Period, v.DataElementId, v.Value }).ToListAsync(ct);
        var targets = new Dictionary<(int Unit, int Month), int[]>();
        foreach (var v in stored)
        {
            var key = (v.OrgUnitId, first + periods.IndexOf(v.Period));
            if (!targets.TryGetValue(key, out var counts)) targets[key] = counts = new int[Elements.Length];
            counts[elementIds[v.DataElementId]] = (int)Math.Round(v.Value);
        }
        var units = (await db.OrgUnits.AsNoTracking().Select(u => new Unit(u.Id, u.Code, u.Kind, u.ClosedOn)).ToListAsync(ct))
            .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var communes = units.Where(u => u.Kind is OrgUnitKind.Commune or OrgUnitKind.Ward).Select(u => u.Code).ToList();
        var byId = units.ToDictionary(u => u.Id);

        var adjusted = new List<string>();
        var drafts = new List<(Unit Unit, List<Draft> Dossiers)>();
        foreach (var unitId in targets.Keys.Select(k => k.Unit).Distinct().OrderBy(id => byId[id].Code, StringComparer.Ordinal))
        {
            var unit = byId[unitId];
            var year = new UnitYear(unit, communes, today, Seed(unit.Code), adjusted);
            for (var m = first; m <= current; m++)
                year.Month(m, targets.TryGetValue((unitId, m), out var t) ? t : null, LastReported(targets, unitId, m, current, unit));
            drafts.Add((unit, year.Dossiers));
        }
        Check(drafts, targets, adjusted);

        var count = drafts.Sum(d => d.Dossiers.Count);
        var at = today.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);
        var import = new DossierImport
        {
            Source = DossierImportSource.Demo, State = DossierImportState.Done, FileName = "demo", By = "import", StartedAt = at, FinishedAt = at,
            Rows = count, Added = count,
        };
        db.DossierImports.Add(import);
        await db.SaveChangesAsync(ct);
        await InsertAsync(db, import.Id, drafts, ct);
        return new DemoDossierResult(count, adjusted);
    }

    /// <summary>True when the unit reports no later month: it was closed (merged away) after this one, so nothing is left open.</summary>
    private static bool LastReported(Dictionary<(int, int), int[]> targets, int unit, int month, int current, Unit u)
    {
        if (u.ClosedOn is null) return false;
        for (var m = month + 1; m <= current; m++) if (targets.ContainsKey((unit, m))) return false;
        return true;
    }

    private static int Seed(string code)
    {
        var h = 20251001;
        foreach (var c in code) h = unchecked(h * 31 + c);
        return h;
    }

    /// <summary>One unit's dossiers, month after month.</summary>
    private sealed class UnitYear(Unit unit, List<string> communes, DateOnly today, int seed, List<string> adjusted)
    {
        private readonly Random _rng = new(seed);
        private readonly DemoProcedures.Procedure[] _procedures = DemoProcedures.For(unit.Code);
        private readonly int _weights = DemoProcedures.For(unit.Code).Sum(p => p.Weight);
        private readonly int _at = communes.IndexOf(unit.Code);
        private readonly List<Draft> _open = [];
        private readonly List<Draft> _stuck = [];
        private readonly Dictionary<DateOnly, int> _perDay = [];
        public List<Draft> Dossiers { get; } = [];

        public void Month(int month, int[]? target, bool closing)
        {
            if (target is null) return;
            var start = DossierMonths.First(month);
            var end = DossierMonths.Last(month) < today ? DossierMonths.Last(month) : today;
            var t = (int[])target.Clone();
            Clamp(t, Online, t[Received], month, "online", "received");
            Clamp(t, Cross, t[Received], month, "cross-boundary", "received");
            Clamp(t, OnTime, t[Finished], month, "on time", "finished");
            Clamp(t, Paid, t[Finished], month, "paid online", "finished");
            Clamp(t, Digitized, t[Finished], month, "results digitized", "finished");

            var arrived = Receive(t, start, end);
            // Carried over first, then the month's own by their due date.
            var pool = new List<Draft>(_open.Count + arrived.Count);
            pool.AddRange(_open);
            pool.AddRange(arrived.Where(d => !d.Stuck).OrderBy(d => d.Due).ThenBy(d => d.Received));
            _stuck.AddRange(arrived.Where(d => d.Stuck));

            var late = t[Finished] - t[OnTime];
            // Stuck dossiers of earlier months are finished, late, as far as the month's late ones allow.
            var released = _stuck.Where(d => d.Received < start).Take(late).ToList();
            var fromPool = Math.Min(t[Finished] - released.Count, pool.Count);
            if (released.Count + fromPool < t[Finished])
            {
                var more = _stuck.Where(d => d.Received < start && !released.Contains(d)).Take(t[Finished] - released.Count - fromPool).ToList();
                released.AddRange(more);
                if (released.Count + fromPool < t[Finished])
                {
                    Note(month, $"finished {t[Finished]} > open {released.Count + fromPool}: finished {released.Count + fromPool}");
                    t[Finished] = released.Count + fromPool;
                    Clamp(t, OnTime, t[Finished], month, "on time", "finished");
                    Clamp(t, Paid, t[Finished], month, "paid online", "finished");
                    Clamp(t, Digitized, t[Finished], month, "results digitized", "finished");
                    late = t[Finished] - t[OnTime];
                }
            }
            foreach (var d in released) _stuck.Remove(d);
            var finishing = new List<Draft>(t[Finished]);
            finishing.AddRange(released);
            finishing.AddRange(pool.Take(fromPool));
            _open.Clear();
            _open.AddRange(pool.Skip(fromPool));
            Finish(finishing, late, start, end, month);
            foreach (var d in Chosen(finishing, t[Digitized], online: false)) d.Digitized = true;
            foreach (var d in Chosen(finishing, t[Paid], online: true)) d.Paid = true;

            // What is left beyond a few days' intake is withdrawn, oldest first; a unit merged away leaves nothing open.
            var keep = closing ? 0 : (int)Math.Round(t[Received] * (0.06 + 0.06 * _rng.NextDouble()));
            var withdraw = Math.Max(0, _open.Count - keep);
            foreach (var d in _open.Take(withdraw))
            {
                d.Status = DossierStatus.Withdrawn;
                d.Returned = Day(d.Received > start ? d.Received : start, end, early: false);
            }
            _open.RemoveRange(0, withdraw);
            if (closing)
                foreach (var d in _stuck) { d.Status = DossierStatus.Withdrawn; d.Returned = end; }
            if (closing) _stuck.Clear();
            foreach (var d in _open) d.Status = Pick(DossierStatus.Received, DossierStatus.Processing, DossierStatus.Processing, DossierStatus.SupplementRequested);
            foreach (var d in _stuck) d.Status = Pick(DossierStatus.SupplementRequested, DossierStatus.AwaitingFinancialObligation);
        }

        private byte Pick(params byte[] choices) => choices[_rng.Next(choices.Length)];

        private void Clamp(int[] t, int part, int whole, int month, string partName, string wholeName)
        {
            if (t[part] <= whole) return;
            Note(month, $"{partName} {t[part]} > {wholeName} {whole}: {partName} {whole}");
            t[part] = whole;
        }

        private void Note(int month, string what) => adjusted.Add($"{unit.Code} {DossierMonths.Id(month)}: {what}");

        /// <summary>The month's received dossiers: their days (fewer at weekends), channels, receiving units and procedures.</summary>
        private List<Draft> Receive(int[] t, DateOnly start, DateOnly end)
        {
            var n = t[Received];
            var online = Subset(n, t[Online]);
            var cross = Subset(n, t[Cross]);
            var days = Days(start, end);
            var list = new List<Draft>(n);
            for (var i = 0; i < n; i++)
            {
                var day = days[_rng.Next(days.Length)];
                var isOnline = online[i];
                var procedure = Procedure(isOnline);
                _perDay[day] = _perDay.GetValueOrDefault(day) + 1;
                var d = new Draft
                {
                    Procedure = procedure, Received = day, Due = day.AddDays(procedure.Days), Sequence = _perDay[day],
                    Channel = isOnline ? DossierChannel.Online : _rng.NextDouble() < 0.85 ? DossierChannel.InPerson : DossierChannel.Postal,
                    ReceivingUnit = cross[i] ? Elsewhere() : null,
                    Vneid = _rng.NextDouble() < (isOnline ? 0.78 : 0.22),
                    Status = DossierStatus.Processing,
                    // A few wait for a supplement or a fee well past their due date.
                    Stuck = _rng.NextDouble() < 0.0012 && day.AddDays(procedure.Days) < end,
                };
                list.Add(d);
                Dossiers.Add(d);
            }
            return list;
        }

        /// <summary>The days of a month, a weekday five times as likely as a Saturday, a Sunday hardly at all.</summary>
        private static DateOnly[] Days(DateOnly start, DateOnly end)
        {
            var days = new List<DateOnly>();
            for (var d = start; d <= end; d = d.AddDays(1))
            {
                var weight = d.DayOfWeek switch { DayOfWeek.Sunday => 1, DayOfWeek.Saturday => 2, _ => 10 };
                for (var i = 0; i < weight; i++) days.Add(d);
            }
            return [.. days];
        }

        private DemoProcedures.Procedure Procedure(bool online)
        {
            while (true)
            {
                var roll = _rng.Next(_weights);
                foreach (var p in _procedures)
                {
                    if ((roll -= p.Weight) >= 0) continue;
                    if (online && p.Level < 3) break;
                    return p;
                }
            }
        }

        /// <summary>Where a cross-boundary dossier was handed in: the provincial public administration centre or a
        /// neighbouring commune for a commune's, a commune or ward for a department's.</summary>
        private string Elsewhere()
        {
            var at = _at;
            if (at >= 0 && _rng.NextDouble() < 0.5) return Centre;
            if (at >= 0) return communes[at + 1 < communes.Count && (at == 0 || _rng.NextDouble() < 0.5) ? at + 1 : at - 1];
            return unit.Code == Centre || _rng.NextDouble() < 0.8 ? communes[_rng.Next(communes.Count)] : Centre;
        }

        /// <summary>Exactly <paramref name="k"/> of <paramref name="n"/> chosen.</summary>
        private bool[] Subset(int n, int k)
        {
            var chosen = new bool[n];
            var idx = Enumerable.Range(0, n).ToArray();
            for (var i = 0; i < k; i++)
            {
                var j = i + _rng.Next(n - i);
                (idx[i], idx[j]) = (idx[j], idx[i]);
                chosen[idx[i]] = true;
            }
            return chosen;
        }

        /// <summary>Finish dates: exactly <paramref name="late"/> after their due date, the rest on or before it.</summary>
        private void Finish(List<Draft> finishing, int late, DateOnly start, DateOnly end, int month)
        {
            DateOnly From(Draft d) => d.Received > start ? d.Received : start;
            // Those already past due when the month began are late first.
            var overdue = finishing.Where(d => d.Due < From(d)).ToList();
            var lateSet = overdue.Take(late).ToHashSet();
            if (lateSet.Count < late)
            {
                var candidates = finishing.Where(d => !lateSet.Contains(d) && From(d) < end)
                    .OrderBy(d => d.Due < end ? 0 : 1).ThenBy(_ => _rng.Next()).Take(late - lateSet.Count).ToList();
                lateSet.UnionWith(candidates);
                if (lateSet.Count < late) Note(month, $"late {late} > possible {lateSet.Count}: {late - lateSet.Count} on time");
            }
            foreach (var d in finishing)
            {
                var from = From(d);
                if (lateSet.Contains(d))
                {
                    if (d.Due >= from && d.Due < end) d.Finished = Day(d.Due.AddDays(1), end, early: false);
                    else if (d.Due < from) d.Finished = Day(from, end, early: true);
                    else
                    {
                        // Due after the month's end: it was shortened (a supplement's deadline), and missed.
                        d.Finished = Day(from.AddDays(1), end, early: false);
                        d.Due = Day(from, d.Finished.Value.AddDays(-1), early: false);
                    }
                }
                else if (d.Due >= from) d.Finished = Day(from, d.Due < end ? d.Due : end, early: true);
                else
                {
                    // Past due when the month began but finished on time: its deadline was extended.
                    d.Finished = Day(from, end, early: true);
                    d.Due = d.Finished.Value;
                }
                d.Status = _rng.NextDouble() < 0.85 ? DossierStatus.ResultReturned : DossierStatus.Processed;
                if (d.Status == DossierStatus.ResultReturned) d.Returned = d.Finished;
            }
        }

        /// <summary>A day from <paramref name="from"/> to <paramref name="to"/>, most likely the first ones when early.</summary>
        private DateOnly Day(DateOnly from, DateOnly to, bool early)
        {
            var span = to.DayNumber - from.DayNumber;
            if (span <= 0) return from;
            var u = _rng.NextDouble();
            return from.AddDays((int)Math.Floor((early ? u * u : u) * (span + 1)));
        }

        /// <summary>Exactly <paramref name="k"/> of the finished ones, mostly those received online when asked.</summary>
        private List<Draft> Chosen(List<Draft> finishing, int k, bool online) =>
            [.. finishing.Select(d => (d, key: (online && d.Channel == DossierChannel.Online ? 0 : 0.8) + _rng.NextDouble()))
                .OrderBy(x => x.key).Take(k).Select(x => x.d)];
    }

    /// <summary>Counts the generated dossiers the way the dossier feed does and compares them with the stored values.</summary>
    private static void Check(List<(Unit Unit, List<Draft> Dossiers)> drafts, Dictionary<(int Unit, int Month), int[]> targets, List<string> adjusted)
    {
        var aggregator = new DossierAggregator(DossierRules.Default);
        foreach (var (unit, dossiers) in drafts)
            foreach (var d in dossiers)
                aggregator.Add(DossierStore.Facts(unit.Id, unit.Code, d.Received, d.Due, d.Finished, d.Returned, d.Status, d.Channel,
                    d.ReceivingUnit ?? unit.Code, d.Digitized, d.Paid, d.Vneid));
        var codes = drafts.ToDictionary(d => d.Unit.Id, d => d.Unit.Code);
        foreach (var ((unit, month), t) in targets)
        {
            var c = aggregator.Month(unit, month);
            long[] got = [c.Received, c.Online, c.CrossBoundary, c.Finished, c.Early + c.OnTime, c.PaidOnline, c.Digitized];
            for (var i = 0; i < Elements.Length; i++)
                if (got[i] != t[i]) adjusted.Add($"{codes[unit]} {DossierMonths.Id(month)}: {Elements[i]} counts {got[i]}, stored {t[i]}");
        }
    }
}
