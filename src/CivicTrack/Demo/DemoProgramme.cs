using System.Text.Json;
using System.Text.Json.Serialization;
using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>The demo province's programme: the indicator library, a year of reported figures, the Resolution 57
/// plan with its 43 targets and the 45-day community campaign of Thượng Tân, with their tasks.</summary>
/// <remarks>Figures follow the source reports: about 99.7% of dossiers on time and 87.5% online, every agency
/// with a LAN, about 95% 4G coverage, 47.3% of people with digital skills by mid-year, the pilot communes
/// ahead, and 17 of the plan's 43 targets met by 30 June 2025. Everything is drawn from a fixed seed.</remarks>
public static class DemoProgramme
{
    private const int Year = 2025;
    private static readonly int[] Quarters = [3, 6, 9, 12];
    private static readonly string[] PilotCommunes = ["08010", "08051", "08052"];
    private static readonly string[] LaggingCommunes = ["08066", "08083", "08085", "08087", "08088"];
    private const string Merged = "08011";
    private static readonly string[] MergedAway = ["08901", "08902"];
    private const string CampaignCommune = "08051";

    /// <summary>Share of the year's progress reached by each month: slow in the first half, fast once the
    /// October campaigns start.</summary>
    private static readonly double[] Progress = [0, 0.03, 0.06, 0.09, 0.12, 0.15, 0.20, 0.28, 0.42, 0.70, 0.88, 1.0];

    public static async Task LoadAsync(AppDb db, TimeProvider clock, CancellationToken ct)
    {
        await IndicatorLibrary.LoadAsync(db, ct);
        if (await db.Plans.AnyAsync(ct) || await db.DataValues.AnyAsync(ct)) return;

        var units = await db.OrgUnits.AsNoTracking()
            .Select(u => new Unit(u.Id, u.Code, u.Kind, u.Parent == null ? null : u.Parent.Code))
            .ToListAsync(ct);
        var mountainous = (await db.OrgGroupMembers.AsNoTracking().Where(m => m.Group!.Code == "mountainous")
            .Select(m => m.OrgUnitId).ToListAsync(ct)).ToHashSet();
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Id, StringComparer.Ordinal, ct);

        await AddValuesAsync(db, new Figures(units, mountainous, elements).Generate(), ct);

        await AddPlansAsync(db, clock, units, ct);
    }

    /// <summary>Adds many values in chunks, without change tracking, each chunk saved on its own.</summary>
    internal static async Task AddValuesAsync(AppDb db, IReadOnlyCollection<DataValue> values, CancellationToken ct)
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var chunk in values.Chunk(10_000))
            {
                db.DataValues.AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        finally { db.ChangeTracker.AutoDetectChangesEnabled = detect; }
    }

    private sealed record Unit(int Id, string Code, OrgUnitKind Kind, string? ParentCode);

    // ---- plans, targets and tasks (demo-programme.json) ----

    private sealed record ProgrammeFile(List<PlanDef> Plans);

    private sealed record PlanDef(string DocumentNumber, string Title, string? TitleEn, PlanKind Kind, DateOnly IssuedOn,
        string IssuingUnit, DateOnly StartsOn, DateOnly EndsOn, List<TargetDef> Targets, List<TaskDef> Tasks);

    private sealed record TargetDef(string Code, string Name, string? English, string? Indicator, string? Pillar, string? Scope,
        OrgUnitKind? ScopeKind, TargetComparison? Comparison, double Value, double? Baseline, DateOnly? Deadline, DateOnly? DoneOn);

    private sealed record TaskDef(string Title, string LeadUnit, string LeadPerson, DateOnly StartsOn, DateOnly DueOn,
        string ExpectedResult, string Responsibility, string ApprovingAuthority, double Weight, TaskState State, int Progress,
        DateOnly? CompletedOn, List<string>? Coordinators, List<UpdateDef>? Updates);

    private sealed record UpdateDef(DateTime At, string ByName, int Progress, TaskState State, string Note);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static async Task AddPlansAsync(AppDb db, TimeProvider clock, List<Unit> units, CancellationToken ct)
    {
        var file = ReadProgramme();
        var unitIds = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, i => (i.Id, i.PillarId), StringComparer.Ordinal, ct);
        var pillars = await db.Pillars.AsNoTracking().ToDictionaryAsync(p => p.Code, p => p.Id, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        foreach (var p in file.Plans)
        {
            var plan = new Plan
            {
                DocumentNumber = p.DocumentNumber, Title = DemoNames.Of(p.Title, p.TitleEn), Kind = p.Kind, IssuedOn = p.IssuedOn,
                IssuingUnitId = unitIds[p.IssuingUnit], StartsOn = p.StartsOn, EndsOn = p.EndsOn, CreatedAt = now, UpdatedAt = now,
            };
            var order = 0;
            foreach (var t in p.Targets)
            {
                var indicator = t.Indicator is null ? ((int Id, int? PillarId)?)null : indicators[t.Indicator];
                plan.Targets.Add(new Target
                {
                    Code = t.Code, Name = DemoNames.Of(t.Name, t.English),
                    IndicatorId = indicator?.Id,
                    PillarId = indicator?.PillarId ?? (t.Pillar is null ? null : pillars[t.Pillar]),
                    ScopeUnitId = unitIds[t.Scope ?? p.IssuingUnit], ScopeKind = t.ScopeKind,
                    Comparison = t.Comparison ?? (t.Indicator is null ? TargetComparison.Done : TargetComparison.AtLeast),
                    Value = t.Value, Baseline = t.Baseline, Deadline = t.Deadline ?? p.EndsOn, DoneOn = t.DoneOn, SortOrder = ++order,
                });
            }
            db.Plans.Add(plan);
            await db.SaveChangesAsync(ct);

            foreach (var t in p.Tasks)
            {
                var task = new PlanTask
                {
                    PlanId = plan.Id, Title = t.Title, LeadUnitId = unitIds[t.LeadUnit], LeadPerson = t.LeadPerson,
                    StartsOn = t.StartsOn, DueOn = t.DueOn, ExpectedResult = t.ExpectedResult, Responsibility = t.Responsibility,
                    ApprovingAuthority = t.ApprovingAuthority, Weight = t.Weight, State = t.State, Progress = t.Progress,
                    CompletedOn = t.CompletedOn, CreatedAt = now, UpdatedAt = now,
                };
                foreach (var code in t.Coordinators ?? []) task.Coordinators.Add(new TaskCoordinator { OrgUnitId = unitIds[code] });
                foreach (var u in t.Updates ?? [])
                    task.Updates.Add(new TaskUpdate { At = DateTime.SpecifyKind(u.At, DateTimeKind.Utc), ByName = u.ByName, Progress = u.Progress, State = u.State, Note = u.Note });
                db.Tasks.Add(task);
            }
            await db.SaveChangesAsync(ct);
        }
    }

    private static ProgrammeFile ReadProgramme()
    {
        var asm = typeof(DemoProgramme).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith(".demo-programme.json", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize<ProgrammeFile>(stream, JsonOptions)!;
    }

    // ---- a year of figures ----

    /// <summary>A commune or ward: its development level (0–1) sets how far along its households are.</summary>
    private sealed record Commune(Unit Unit, double Level, bool Lagging, int Households, List<(Unit Unit, int Households, double Level)> Villages,
        int DossierBase, int Officials, int Computers, double People, int VillageCount, int MembersPerTeam, double YouthShare,
        int FarmHouseholds, int WanFrom, int KpiFrom, double ActiveMail, double Antivirus);

    private sealed class Figures(List<Unit> units, HashSet<int> mountainous, Dictionary<string, int> elements)
    {
        private readonly Random _rng = new(20250701);
        private readonly List<DataValue> _out = [];

        private double U(double min, double max) => min + (max - min) * _rng.NextDouble();

        private void Add(string element, Unit unit, int month, double value)
        {
            var period = $"{Year}-{month:00}";
            _out.Add(new DataValue
            {
                DataElementId = elements[element], OrgUnitId = unit.Id, Period = period, Value = Math.Round(value, 2),
                Source = ValueSource.Import, UpdatedAt = new DateTime(Year, month, 1, 3, 0, 0, DateTimeKind.Utc).AddMonths(1).AddDays(19),
                UpdatedBy = "import",
            });
        }

        private void AddCount(string element, Unit unit, int month, double value) => Add(element, unit, month, Math.Round(value));

        public List<DataValue> Generate()
        {
            var communes = BuildCommunes();
            foreach (var c in communes) Commune(c);
            foreach (var d in units.Where(u => u.Kind == OrgUnitKind.Department)) Department(d);
            Province(units.Single(u => u.Kind == OrgUnitKind.Province));
            return _out;
        }

        private List<Commune> BuildCommunes()
        {
            var byParent = units.Where(u => u.Kind is OrgUnitKind.Village or OrgUnitKind.ResidentialGroup && u.ParentCode is not null)
                .GroupBy(u => u.ParentCode!).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList());
            var list = new List<Commune>();
            foreach (var u in units.Where(u => u.Kind is OrgUnitKind.Commune or OrgUnitKind.Ward).OrderBy(u => u.Code, StringComparer.Ordinal))
            {
                var lagging = LaggingCommunes.Contains(u.Code) || MergedAway.Contains(u.Code);
                var level = PilotCommunes.Contains(u.Code) ? 0.85
                    : u.Kind == OrgUnitKind.Ward ? U(0.85, 0.95)
                    : lagging ? U(0.15, 0.25)
                    : u.Code == Merged ? 0.3
                    : mountainous.Contains(u.Id) ? U(0.3, 0.6) : U(0.6, 0.75);
                var villages = byParent.TryGetValue(u.Code, out var vs)
                    ? vs.Select(v => (Unit: v, Households: u.Kind == OrgUnitKind.Ward ? _rng.Next(150, 281) : _rng.Next(90, 181), Level: Math.Clamp(level + U(-0.05, 0.05), 0.05, 1))).ToList()
                    : [];
                var households = villages.Count > 0 ? villages.Sum(v => v.Households)
                    : u.Kind == OrgUnitKind.Ward ? _rng.Next(4500, 7500)
                    : mountainous.Contains(u.Id) ? _rng.Next(2000, 4200) : _rng.Next(3500, 5800);
                var dossiers = u.Kind == OrgUnitKind.Ward ? _rng.Next(650, 1050)
                    : lagging ? _rng.Next(120, 180)
                    : PilotCommunes.Contains(u.Code) ? _rng.Next(300, 400)
                    : mountainous.Contains(u.Id) ? _rng.Next(150, 350) : _rng.Next(250, 450);
                list.Add(new Commune(u, level, lagging, households, villages, dossiers,
                    Officials: _rng.Next(22, 41), Computers: _rng.Next(25, 51), People: U(3.8, 4.4),
                    VillageCount: villages.Count > 0 ? villages.Count : Math.Clamp(households / 130, 8, 45),
                    MembersPerTeam: _rng.Next(5, 8), YouthShare: U(0.6, 0.75),
                    FarmHouseholds: (int)(households * (u.Kind == OrgUnitKind.Ward ? 0.05 : U(0.55, 0.7))),
                    WanFrom: _rng.NextDouble() < 0.85 ? 1 : Quarters[_rng.Next(1, 4)],
                    KpiFrom: _rng.NextDouble() < 0.3 ? 6 : Quarters[_rng.Next(2, 4)],
                    ActiveMail: U(0.955, 0.995), Antivirus: U(0.93, 1.0)));
            }
            // Sơn Thủy's villages before the merger were the households of the two communes it absorbed.
            var merged = list.Single(c => c.Unit.Code == Merged);
            var first = (int)(merged.Households * 0.55);
            for (var i = 0; i < list.Count; i++)
                if (MergedAway.Contains(list[i].Unit.Code))
                    list[i] = list[i] with { Households = list[i].Unit.Code == MergedAway[0] ? first : merged.Households - first };
            return list;
        }

        /// <summary>Which months a unit reports: the absorbed communes until the merger, their successor after it.</summary>
        private static bool Reports(Unit unit, int month) =>
            MergedAway.Contains(unit.Code) ? month <= 6 : unit.Code != Merged || month >= 7;

        private static double Rate(double a, double b, double g, double level, int month) => Math.Clamp(a + b * level + g * Progress[month - 1], 2, 97) / 100;

        private void Commune(Commune c)
        {
            var u = c.Unit;
            var campaign = u.Code == CampaignCommune;
            for (var m = 1; m <= 12; m++)
            {
                if (!Reports(u, m)) continue;
                var p = Progress[m - 1];
                // Households: by village where the commune has villages.
                if (c.Villages.Count > 0)
                    foreach (var (v, hh, level) in c.Villages)
                        Households(v, hh, level, m, campaign);
                else Households(u, c.Households, c.Level, m, false);

                var dossiers = c.DossierBase * U(0.85, 1.15) * (m == 1 ? 1.1 : m == 2 ? 0.7 : 1);
                var onTime = c.Lagging ? (m <= 6 ? U(0.90, 0.93) : U(0.93, 0.945)) : U(0.996, 1.0);
                Dossiers(u, dossiers, Math.Min(0.97, 0.73 + 0.2 * c.Level + 0.05 * p), onTime, c.Level, m);

                var support = c.Households * (0.02 + 0.02 * c.Level) * (m == 9 ? 2.5 : m == 10 ? 5 : 1);
                if (campaign) support = m == 9 ? U(880, 950) : m == 10 ? U(1700, 1900) : support;
                AddCount("SUPPORT_SESSIONS", u, m, support);
                if (m >= 3)
                    AddCount("LITERACY_PEOPLE", u, m, campaign && m == 10 ? U(1150, 1250) : c.Households * U(0.025, 0.04) * (m == 10 ? 3 : m == 9 ? 1.5 : 1));
                Trained(u, c.Officials, m);
                Events(u, m, holds: !MergedAway.Contains(u.Code), reportsNone: true);

                if (!Quarters.Contains(m)) continue;
                Office(u, c.Officials, c.Computers, c.ActiveMail, c.Antivirus, m, wan: m >= c.WanFrom, kpi: m >= c.KpiFrom);
                var people = c.Households * c.People * (1 + 0.002 * m);
                var adults = people * 0.72;
                AddCount("POP_TOTAL", u, m, people);
                AddCount("ADULTS_TOTAL", u, m, adults);
                AddCount("ADULTS_VNEID_L2", u, m, adults * Rate(55, 30, 15, c.Level, m));
                AddCount("POP_4G_COVERED", u, m, people * Math.Min(0.995, (87.2 + 14 * c.Level + 2 * p) / 100));
                AddCount("PEOPLE_DIGITAL_SKILLS", u, m, people * Rate(25.4, 35, 12, c.Level, m));
                AddCount("POP_EHEALTH", u, m, people * Rate(35, 30, 15, c.Level, m));
                AddCount("VILLAGES_TOTAL", u, m, c.VillageCount);
                var fibre = Math.Round(c.VillageCount * Math.Min(1, 0.84 + 0.12 * c.Level + 0.05 * p));
                AddCount("VILLAGES_FIBER", u, m, c.Lagging ? Math.Min(fibre, c.VillageCount - 1) : fibre);
                AddCount("TEAMS_VILLAGE", u, m, c.VillageCount);
                AddCount("TEAMS_COMMUNE", u, m, 1);
                var members = c.VillageCount * c.MembersPerTeam + 9 + Math.Round(c.VillageCount * 0.5 * p);
                AddCount("TEAM_MEMBERS", u, m, members);
                AddCount("TEAM_MEMBERS_YOUTH", u, m, members * c.YouthShare);
                AddCount("FARM_HH_TOTAL", u, m, c.FarmHouseholds);
            }
        }

        private void Households(Unit unit, int households, double level, int m, bool campaign)
        {
            AddCount("HH_TOTAL", unit, m, households);
            if (campaign)
            {
                // Thượng Tân's villages: steady until the campaign (15 September – 29 October), then a jump.
                var seed = unit.Id * 7919;
                AddCount("HH_SMARTPHONE", unit, m, households * CampaignRate(seed, 54, 72, 8, m));
                AddCount("HH_VNEID", unit, m, households * CampaignRate(seed + 1, 52, 71.5, 7, m));
                AddCount("HH_EWALLET", unit, m, households * CampaignRate(seed + 2, 38, 58, 18, m));
                AddCount("HH_ONLINE_PS", unit, m, households * CampaignRate(seed + 3, 33, 55, 20, m));
            }
            else
            {
                AddCount("HH_SMARTPHONE", unit, m, households * Rate(30, 45, 16, level, m));
                AddCount("HH_VNEID", unit, m, households * Rate(33, 45, 18, level, m));
                AddCount("HH_EWALLET", unit, m, households * Rate(18, 45, 20, level, m));
                AddCount("HH_ONLINE_PS", unit, m, households * Rate(14, 42, 22, level, m));
            }
            if (!Quarters.Contains(m)) return;
            AddCount("HH_CASHLESS", unit, m, households * Rate(15, 40, 18, level, m));
            AddCount("HH_FIBER", unit, m, households * Rate(35, 40, 10, level, m));
        }

        /// <summary>A village's rate in the campaign commune: from its start, slowly to August, to at least
        /// <paramref name="october"/> plus up to <paramref name="spread"/> points in October, a little more after.</summary>
        private static double CampaignRate(int seed, double start, double october, double spread, int m)
        {
            var r = new Random(seed);
            var begin = start + (r.NextDouble() - 0.5) * 10;
            var peak = october + r.NextDouble() * spread;
            var value = m <= 8 ? begin + 0.8 * (m - 1)
                : m == 9 ? (begin + 5.6 + peak) / 2
                : peak + (m - 10) * 1.5;
            return value / 100;
        }

        private void Dossiers(Unit u, double received, double online, double onTime, double level, int m)
        {
            var p = Progress[m - 1];
            var finished = received * U(0.93, 0.99);
            AddCount("DOSSIERS_RECEIVED", u, m, received);
            AddCount("DOSSIERS_ONLINE", u, m, received * online);
            AddCount("DOSSIERS_FINISHED", u, m, finished);
            AddCount("DOSSIERS_ON_TIME", u, m, finished * onTime);
            AddCount("DOSSIERS_CROSS_BOUNDARY", u, m, received * (m <= 6 ? U(0.03, 0.05) : U(0.15, 0.2)));
            AddCount("DOSSIERS_PAID_ONLINE", u, m, received * Math.Min(0.9, (0.3 + 0.1 * level + 0.25 * p) * U(0.9, 1.1)));
            AddCount("DOSSIERS_DIGITIZED", u, m, received * (0.78 + 0.15 * p + 0.03 * level));
            AddCount("DOSSIERS_RESULTS_DIGITIZED", u, m, finished * (0.80 + 0.15 * p + U(0, 0.03)));
        }

        private static readonly double[] TrainingShare = [0.03, 0.05, 0.06, 0.06, 0.06, 0.05, 0.03, 0.03, 0.04, 0.22, 0.23, 0.22];

        private void Trained(Unit u, int officials, int m)
        {
            var trained = Math.Round(officials * TrainingShare[m - 1] * U(0.9, 1.1));
            if (trained > 0) AddCount("OFFICIALS_TRAINED", u, m, trained);
        }

        /// <summary>Response activities: now and then, and in October at least one everywhere. Communes report
        /// their months without one as 0, so that a commune that held none shows as behind, not as silent.</summary>
        private void Events(Unit u, int m, bool holds, bool reportsNone)
        {
            var count = !holds ? 0 : m == 10 ? (_rng.NextDouble() < 0.4 ? 2 : 1) : _rng.NextDouble() < 0.08 ? 1 : 0;
            if (count > 0 || reportsNone) AddCount("COMM_EVENTS", u, m, count);
        }

        private void Office(Unit u, int officials, int computers, double activeMail, double antivirus, int m, bool wan, bool kpi)
        {
            AddCount("UNITS_TOTAL", u, m, 1);
            AddCount("UNITS_LAN", u, m, 1);
            AddCount("UNITS_WAN", u, m, wan ? 1 : 0);
            AddCount("UNITS_DT_PLAN", u, m, 1);
            AddCount("UNITS_KPI", u, m, kpi ? 1 : 0);
            AddCount("OFFICIALS_TOTAL", u, m, officials);
            AddCount("OFFICIALS_EMAIL", u, m, officials);
            AddCount("OFFICIALS_EMAIL_ACTIVE", u, m, Math.Floor(officials * activeMail));
            AddCount("OFFICIALS_SIGNATURE", u, m, Math.Floor(officials * Math.Min(1, 0.85 + 0.1 * Progress[m - 1] + 0.04 * activeMail)));
            AddCount("COMPUTERS_TOTAL", u, m, computers);
            AddCount("COMPUTERS_ANTIVIRUS", u, m, Math.Floor(computers * antivirus));
        }

        private void Department(Unit d)
        {
            var centre = d.Code == "08-TTPVHCC";
            var officials = d.Code == "08-CAT" ? 350 : _rng.Next(60, 251);
            var computers = (int)(officials * U(0.9, 1.2));
            var dossiers = centre ? U(5600, 6400) : d.Code == "08-CAT" ? U(1300, 1600) : U(80, 900);
            var online = centre ? 0.93 : U(0.88, 0.96);
            var archive = _rng.Next(8000, 40001);
            var documents = _rng.Next(150, 901);
            var meetings = _rng.Next(8, 26);
            var activeMail = U(0.96, 0.995);
            var antivirus = U(0.95, 1.0);
            var kpiFrom = _rng.NextDouble() < 0.35 ? 6 : 9;
            for (var m = 1; m <= 12; m++)
            {
                var p = Progress[m - 1];
                var received = dossiers * U(0.9, 1.1) * (m == 2 ? 0.75 : 1);
                Dossiers(d, received, Math.Min(0.98, online + 0.02 * p), centre ? 0.9985 : U(0.997, 1.0), 0.9, m);
                var finished = received * 0.96;
                var rated = finished * U(0.25, 0.35);
                AddCount("DOSSIERS_RATED", d, m, rated);
                AddCount("DOSSIERS_SATISFIED", d, m, rated * U(0.95, 0.99));
                Add("DOSSIER_DAYS_AVG", d, m, U(3.5, 7));
                var docs = documents * U(0.85, 1.15);
                AddCount("DOCS_OUTGOING", d, m, docs);
                AddCount("DOCS_OUTGOING_SIGNED", d, m, docs * U(0.975, 0.995));
                var held = Math.Max(4, Math.Round(meetings * U(0.8, 1.2)));
                AddCount("MEETINGS_TOTAL", d, m, held);
                AddCount("MEETINGS_PAPERLESS", d, m, Math.Floor(held * (0.55 + 0.27 * p)));
                Trained(d, officials, m);
                Events(d, m, holds: true, reportsNone: false);
                if (m >= 10 || _rng.NextDouble() < 0.15) AddCount("TRAINING_COURSES", d, m, m >= 10 ? _rng.Next(1, 4) : 1);
                if (!Quarters.Contains(m)) continue;
                Office(d, officials, computers, activeMail, antivirus, m, wan: true, kpi: m >= kpiFrom);
                AddCount("DOCS_TOTAL", d, m, archive);
                AddCount("DOCS_DIGITIZED", d, m, archive * (0.28 + 0.37 * p + U(0, 0.02)));
            }
        }

        private void Province(Unit p)
        {
            var vnpt = units.Single(u => u.Code == "08-VNPT");
            var viettel = units.Single(u => u.Code == "08-VIETTEL");
            int[] contest = [0, 0, 0, 0, 0, 0, 0, 0, 21400, 37800, 0, 0];
            int[] docs = [2, 3, 1, 1, 2, 0, 1, 2, 1, 3, 1, 2];
            double[] spent = [0.02, 0.03, 0.05, 0.08, 0.10, 0.10, 0.07, 0.07, 0.10, 0.11, 0.12, 0.115];
            int[] databases = [7, 7, 8, 8, 9, 9, 10, 11, 12, 13, 15, 16];
            int[] datasets = [12, 14, 15, 18, 20, 22, 26, 30, 36, 42, 50, 56];
            int[] lgsp = [38, 40, 42, 45, 52, 56, 60, 63, 66, 70, 74, 78];
            int[] platforms = [4, 5, 5, 6, 8, 8, 8, 9, 9, 10, 10, 10];
            int[] connected = [14, 14, 15, 15, 17, 17, 18, 19, 20, 22, 23, 24];
            int[] secured = [15, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 24];
            int[] incidents = [0, 1, 0, 0, 2, 1, 0, 2, 0, 1, 0, 0];
            int[] drills = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0];
            for (var m = 1; m <= 12; m++)
            {
                var i = m - 1;
                var progress = Progress[i];
                AddCount("COMM_ARTICLES", p, m, m <= 6 ? _rng.Next(88, 96) : _rng.Next(115, 126));
                AddCount("COMM_VIDEOS", p, m, _rng.Next(10, 17));
                AddCount("CONTEST_PARTICIPANTS", p, m, contest[i]);
                AddCount("DT_DOCS_ISSUED", p, m, docs[i]);
                AddCount("DT_BUDGET_PLANNED", p, m, 45000);
                AddCount("DT_BUDGET_SPENT", p, m, 45000 * spent[i]);
                AddCount("DATABASES_TOTAL", p, m, databases[i]);
                AddCount("DATASETS_OPEN", p, m, datasets[i]);
                AddCount("LGSP_SERVICES", p, m, lgsp[i]);
                AddCount("PLATFORMS_DEPLOYED", p, m, platforms[i]);
                AddCount("SYSTEMS_TOTAL", p, m, 24);
                AddCount("SYSTEMS_CONNECTED", p, m, connected[i]);
                AddCount("SYSTEMS_SECURITY_APPROVED", p, m, secured[i]);
                AddCount("SECURITY_INCIDENTS", p, m, incidents[i]);
                AddCount("SECURITY_INCIDENTS_HANDLED", p, m, incidents[i]);
                AddCount("SECURITY_DRILLS", p, m, drills[i]);
                AddCount("PROCEDURES_TOTAL", p, m, 1912);
                AddCount("PROCEDURES_ONLINE", p, m, 1912);
                AddCount("PROCEDURES_ONLINE_FULL", p, m, 1912 * (0.60 + 0.22 * progress));
                var enterprises = 3450 + 15 * m;
                AddCount("ENTERPRISES_TOTAL", p, m, enterprises);
                AddCount("ENTERPRISES_DIGITAL", p, m, 2700 + 20 * m);
                AddCount("ENTERPRISES_EINVOICE", p, m, enterprises);
                var ocop = 168 + m;
                AddCount("OCOP_TOTAL", p, m, ocop);
                AddCount("OCOP_ONLINE", p, m, ocop * (0.52 + 0.32 * progress));
                AddCount("BTS_STATIONS", vnpt, m, 620 + 3 * m);
                AddCount("BTS_STATIONS", viettel, m, 980 + 5 * m);
            }
            FarmEcommerce();
        }

        /// <summary>Farming households selling online, spread over the communes by their farms and level:
        /// about 1,000 in the first half of the year, 1,560 by December.</summary>
        private void FarmEcommerce()
        {
            var farms = _out.Where(v => v.DataElementId == elements["FARM_HH_TOTAL"]).GroupBy(v => v.Period).ToList();
            var byId = units.ToDictionary(u => u.Id);
            foreach (var period in farms)
            {
                var m = int.Parse(period.Key[5..], System.Globalization.CultureInfo.InvariantCulture);
                var total = 950 + 610 * Progress[m - 1];
                var weights = period.Select(v => (v.OrgUnitId, W: v.Value)).ToList();
                var sum = weights.Sum(w => w.W);
                foreach (var (unitId, w) in weights)
                    AddCount("FARM_HH_ECOMMERCE", byId[unitId], m, total * w / sum);
            }
        }
    }
}
