using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Community.Activities;
using CivicTrack.Features.Plans;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>
/// The demo's activities and campaigns: Thượng Tân's 45-day campaign (38/KH-UBND, scope the commune) with its launch
/// ceremony on 15 September 2025 and mobile support points in its villages every weekend; the province's campaign for
/// Digital Transformation Day (1–31 October 2025) with every unit's response activities; training courses, literacy classes
/// and response activities month by month up to the demo's day; and a campaign running on that day.
/// </summary>
/// <remarks>Activities of a kind the activity mapping counts are made FROM the stored figures: for every unit and month
/// they touch, the mapped sums (officials trained, courses, literacy attendances, response activities) equal the values
/// the history stores, so the 2025 history stays exactly as it is. Activities of kinds the mapping does not count
/// (meetings, support points) are free. Everything is drawn from fixed seeds.</remarks>
public static class DemoActivities
{
    public const string ThuongTanCampaign = "38/KH-UBND";
    public const string DigitalDayCampaign = "286/KH-UBND";
    public const string LivingCampaignPrefix = "CD-HO-GIA-DINH/";
    private const string ThuongTan = "08051";

    private sealed record Unit(int Id, string Code, string Name, OrgUnitKind Kind, int? ParentId, DateOnly? ClosedOn);

    public static async Task LoadAsync(AppDb db, DateOnly today, CancellationToken ct)
    {
        if (await db.Activities.AnyAsync(ct)) return;
        var units = await db.OrgUnits.AsNoTracking().Select(u => new Unit(u.Id, u.Code, u.Name, u.Kind, u.ParentId, u.ClosedOn)).ToListAsync(ct);
        var byCode = units.ToDictionary(u => u.Code, StringComparer.Ordinal);
        var byId = units.ToDictionary(u => u.Id);
        var thuongTan = byCode[ThuongTan];
        var villages = units.Where(u => u.ParentId == thuongTan.Id && u.Kind == OrgUnitKind.Village).OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var created = new DateTime(2025, 9, 1, 1, 0, 0, DateTimeKind.Utc);

        // Thượng Tân's 45-day campaign covers the commune's villages.
        var fortyFive = await db.Plans.SingleOrDefaultAsync(p => p.DocumentNumber == ThuongTanCampaign, ct);
        if (fortyFive is not null) fortyFive.ScopeUnitId = thuongTan.Id;

        // Digital Transformation Day: the province asks every agency and locality for at least one response activity in October.
        var commEvents = await db.Indicators.AsNoTracking().Where(i => i.Code == "IND_COMM_EVENTS").Select(i => new { i.Id, i.PillarId }).SingleOrDefaultAsync(ct);
        var digitalDay = new Plan
        {
            DocumentNumber = DigitalDayCampaign,
            Title = LocalText.Of("Hưởng ứng Ngày Chuyển đổi số quốc gia (10/10) năm 2025", "Digital Transformation Day (10 October) 2025",
                "জাতীয় ডিজিটাল রূপান্তর দিবস (১০ অক্টোবর) ২০২৫ উদযাপন"),
            Kind = PlanKind.Campaign, IssuedOn = new DateOnly(2025, 9, 24), IssuingUnitId = byCode["08"].Id, ScopeUnitId = byCode["08"].Id,
            StartsOn = new DateOnly(2025, 10, 1), EndsOn = new DateOnly(2025, 10, 31), CreatedAt = created, UpdatedAt = created,
        };
        if (commEvents is not null)
            digitalDay.Targets.Add(new Target
            {
                Code = "1", Name = LocalText.Of("Mỗi xã, phường tổ chức ít nhất 01 hoạt động hưởng ứng trong tháng 10", "Every commune and ward holds at least one response activity in October",
                    "প্রতিটি কমিউন ও ওয়ার্ড অক্টোবরে অন্তত একটি সাড়াদান কার্যক্রম আয়োজন করে"),
                IndicatorId = commEvents.Id, PillarId = commEvents.PillarId, ScopeUnitId = byCode["08"].Id, ScopeKind = OrgUnitKind.Commune,
                Comparison = TargetComparison.AtLeast, Value = 1, Baseline = 0, Deadline = new DateOnly(2025, 10, 31), SortOrder = 1,
            });
        db.Plans.Add(digitalDay);
        Plan? living = null;
        if (today > DemoLiving.HistoryEnd) living = await LivingCampaignAsync(db, today, thuongTan, ct);
        await db.SaveChangesAsync(ct);

        var activities = new List<Activity>();
        Activity New(Unit unit, ActivityKind kind, string title, DateOnly day, string place, int? plan = null) => new()
        {
            OrgUnitId = unit.Id, Kind = kind, Title = title, StartsOn = day, Place = place, PlanId = plan,
            CreatedAt = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), CreatedBy = $"Cán bộ {unit.Name}",
            UpdatedAt = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), UpdatedBy = $"Cán bộ {unit.Name}",
        };

        // The campaign's own days: the launch (a meeting, counted nowhere) and weekend support points in the villages.
        var rng = new Random(20250915);
        if (fortyFive is not null)
        {
            var launch = New(thuongTan, ActivityKind.Meeting, "Lễ phát động Chiến dịch 45 ngày cao điểm chuyển đổi số cộng đồng", new DateOnly(2025, 9, 15),
                "Hội trường UBND xã Thượng Tân", fortyFive.Id);
            (launch.Officials, launch.Citizens, launch.YouthUnion, launch.Women) = (42, 180, 35, 97);
            launch.Result = "Ra mắt 25 tổ công nghệ số cộng đồng; ra quân hỗ trợ người dân cài đặt VNeID, ví điện tử ngay sau lễ.";
            activities.Add(launch);
            SupportPoints(activities, villages, fortyFive.StartsOn, fortyFive.EndsOn, fortyFive.Id, rng, today, New);
        }
        if (living is not null) SupportPoints(activities, villages, living.StartsOn, today, living.Id, rng, today, New);
        var ceremony = New(byCode["08"], ActivityKind.Meeting, "Lễ hưởng ứng Ngày Chuyển đổi số quốc gia 10/10 của tỉnh", new DateOnly(2025, 10, 10),
            "Quảng trường Nguyễn Tất Thành", digitalDay.Id);
        (ceremony.Officials, ceremony.Citizens, ceremony.Students, ceremony.YouthUnion, ceremony.Enterprises, ceremony.Women) = (320, 850, 400, 260, 45, 940);
        activities.Add(ceremony);

        // The counted kinds, from the stored figures.
        await FromFiguresAsync(db, activities, byId, digitalDay, fortyFive, living, today, New, ct);
        foreach (var chunk in activities.Chunk(2_000))
        {
            db.Activities.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private delegate Activity Maker(Unit unit, ActivityKind kind, string title, DateOnly day, string place, int? plan = null);

    /// <summary>Mobile support points in every village on each Saturday and Sunday of the period (up to today).</summary>
    private static void SupportPoints(List<Activity> activities, List<Unit> villages, DateOnly from, DateOnly to, int planId, Random rng, DateOnly today, Maker New)
    {
        for (var day = from; day <= to && day <= today; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) continue;
            foreach (var village in villages)
            {
                if (rng.NextDouble() < 0.35) continue;
                var a = New(village, ActivityKind.SupportSession, $"Điểm hỗ trợ lưu động {village.Name}", day, $"Nhà văn hóa {village.Name}", planId);
                (a.Citizens, a.YouthUnion) = (rng.Next(12, 46), rng.Next(2, 7));
                a.Women = rng.Next(a.Citizens / 3, a.Citizens * 2 / 3 + 1);
                a.Result = $"Hỗ trợ {a.Citizens} lượt người dân: kích hoạt VNeID mức 2, cài đặt ví điện tử, nộp hồ sơ trực tuyến.";
                activities.Add(a);
            }
        }
    }

    /// <summary>The current year's campaign of Thượng Tân: from the first of last month to three and a half weeks after the
    /// demo's day, every village to reach 90% of households with a VNeID account and 85% using an e-wallet.</summary>
    private static async Task<Plan> LivingCampaignAsync(AppDb db, DateOnly today, Unit thuongTan, CancellationToken ct)
    {
        var vneid = await db.Indicators.AsNoTracking().Where(i => i.Code == "IND_HH_VNEID_PCT").Select(i => new { i.Id, i.PillarId }).SingleAsync(ct);
        var ewallet = await db.Indicators.AsNoTracking().Where(i => i.Code == "IND_HH_EWALLET_PCT").Select(i => new { i.Id, i.PillarId }).SingleAsync(ct);
        // Counted from the household support log: households the village's team has helped to activate VNeID.
        var helped = await db.Indicators.AsNoTracking().Where(i => i.Code == "IND_HHS_VNEID_PCT").Select(i => new { i.Id, i.PillarId }).SingleOrDefaultAsync(ct);
        var (starts, ends) = (new DateOnly(today.Year, today.Month, 1).AddMonths(-1), today.AddDays(24));
        var at = starts.AddDays(-5).ToDateTime(new TimeOnly(2, 0), DateTimeKind.Utc);
        var plan = new Plan
        {
            DocumentNumber = $"{LivingCampaignPrefix}{today.Year}", Kind = PlanKind.Campaign,
            Title = LocalText.Of($"Chiến dịch cao điểm hỗ trợ hộ gia đình sử dụng dịch vụ số năm {today.Year}", $"Household digital services drive {today.Year}",
                $"{today.Year} সালের পরিবারভিত্তিক ডিজিটাল সেবা সহায়তা প্রচারাভিযান"),
            IssuedOn = starts.AddDays(-5), IssuingUnitId = thuongTan.Id, ScopeUnitId = thuongTan.Id, StartsOn = starts, EndsOn = ends, CreatedAt = at, UpdatedAt = at,
        };
        plan.Targets.Add(new Target
        {
            Code = "1", Name = LocalText.Of("Mỗi thôn có ít nhất 90% hộ gia đình có tài khoản VNeID", "In every village at least 90% of households have a VNeID account",
                "প্রতিটি গ্রামে অন্তত ৯০% পরিবারের VNeID অ্যাকাউন্ট আছে"),
            IndicatorId = vneid.Id, PillarId = vneid.PillarId, ScopeUnitId = thuongTan.Id, ScopeKind = OrgUnitKind.Village,
            Comparison = TargetComparison.AtLeast, Value = 90, Baseline = 84, Deadline = ends, SortOrder = 1,
        });
        plan.Targets.Add(new Target
        {
            Code = "2", Name = LocalText.Of("Mỗi thôn có ít nhất 85% hộ gia đình sử dụng ví điện tử", "In every village at least 85% of households use an e-wallet",
                "প্রতিটি গ্রামে অন্তত ৮৫% পরিবার ই-ওয়ালেট ব্যবহার করে"),
            IndicatorId = ewallet.Id, PillarId = ewallet.PillarId, ScopeUnitId = thuongTan.Id, ScopeKind = OrgUnitKind.Village,
            Comparison = TargetComparison.AtLeast, Value = 85, Baseline = 78, Deadline = ends, SortOrder = 2,
        });
        if (helped is not null)
            plan.Targets.Add(new Target
            {
                Code = "3", Name = LocalText.Of("Tổ công nghệ số cộng đồng mỗi thôn hỗ trợ ít nhất 25% hộ gia đình kích hoạt VNeID mức 2",
                    "In every village the community team has helped at least 25% of households activate VNeID level 2",
                    "প্রতিটি গ্রামে কমিউনিটি দল অন্তত ২৫% পরিবারকে VNeID স্তর ২ সক্রিয় করতে সহায়তা করেছে"),
                IndicatorId = helped.Id, PillarId = helped.PillarId, ScopeUnitId = thuongTan.Id, ScopeKind = OrgUnitKind.Village,
                Comparison = TargetComparison.AtLeast, Value = 25, Baseline = 10, Deadline = ends, SortOrder = 3,
            });
        db.Plans.Add(plan);
        return plan;
    }

    private static readonly string[] Response = ["Tuyên truyền về chuyển đổi số trên hệ thống loa truyền thanh cơ sở", "Ngày hội chuyển đổi số cộng đồng",
        "Cuộc thi trực tuyến tìm hiểu về chuyển đổi số", "Ra mắt mô hình \"Chợ 4.0\" thanh toán không dùng tiền mặt"];
    private static readonly ActivityKind[] ResponseKinds = [ActivityKind.Communication, ActivityKind.Festival, ActivityKind.Contest, ActivityKind.PilotModel];

    /// <summary>Training courses, literacy classes and response activities of each unit and month where the stored figures
    /// have them, adding up to those figures exactly.</summary>
    private static async Task FromFiguresAsync(AppDb db, List<Activity> activities, Dictionary<int, Unit> units, Plan digitalDay, Plan? fortyFive,
        Plan? living, DateOnly today, Maker New, CancellationToken ct)
    {
        var codes = new[] { "OFFICIALS_TRAINED", "TRAINING_COURSES", "LITERACY_PEOPLE", "COMM_EVENTS" };
        var elements = await db.DataElements.AsNoTracking().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Id, e => e.Code, ct);
        var ids = elements.Keys.ToList();
        var stored = await db.DataValues.AsNoTracking().Where(v => ids.Contains(v.DataElementId) && v.Period.Length == 7)
            .Select(v => new { v.OrgUnitId, v.Period, v.DataElementId, v.Value }).ToListAsync(ct);
        var months = stored.GroupBy(v => (v.OrgUnitId, v.Period))
            .Select(g => (Unit: g.Key.OrgUnitId, Period: g.Key.Period, Values: g.ToDictionary(v => elements[v.DataElementId], v => (int)Math.Round(v.Value), StringComparer.Ordinal)))
            .Where(m => units.ContainsKey(m.Unit) && m.Period.Length == 7 && m.Period[4] == '-')
            .OrderBy(m => units[m.Unit].Code, StringComparer.Ordinal).ThenBy(m => m.Period, StringComparer.Ordinal).ToList();
        var rng = new Random(20251010);
        foreach (var (unitId, period, values) in months)
        {
            var unit = units[unitId];
            var (year, month) = (int.Parse(period[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(period[5..], System.Globalization.CultureInfo.InvariantCulture));
            var first = new DateOnly(year, month, 1);
            var last = first.AddMonths(1).AddDays(-1);
            if (first > today) continue;
            if (last > today) last = today;
            DateOnly Day() => first.AddDays(rng.Next(0, last.DayNumber - first.DayNumber + 1));
            int? CampaignOn(DateOnly day) =>
                day >= digitalDay.StartsOn && day <= digitalDay.EndsOn ? digitalDay.Id
                : fortyFive is not null && unit.Code == ThuongTan && day >= fortyFive.StartsOn && day <= fortyFive.EndsOn ? fortyFive.Id
                : living is not null && unit.Code == ThuongTan && day >= living.StartsOn && day <= living.EndsOn ? living.Id
                : null;
            var hall = unit.Kind == OrgUnitKind.Department ? $"Hội trường {unit.Name}" : $"Hội trường UBND {unit.Name}";

            // Courses: as many as stored, sharing the officials trained (all of them, where the unit stores courses).
            if (values.GetValueOrDefault("TRAINING_COURSES") is var courses and > 0)
            {
                var trained = Split(values.GetValueOrDefault("OFFICIALS_TRAINED"), courses, rng);
                for (var i = 0; i < courses; i++)
                {
                    var day = Day();
                    var a = New(unit, ActivityKind.TrainingCourse, i % 2 == 0 ? "Tập huấn kỹ năng số cho cán bộ, công chức" : "Bồi dưỡng về an toàn thông tin và chữ ký số",
                        day, hall, CampaignOn(day));
                    a.Officials = trained[i];
                    a.Women = (int)Math.Round(a.Officials * (0.35 + 0.25 * rng.NextDouble()));
                    a.Result = $"{a.Officials} cán bộ, công chức hoàn thành khóa bồi dưỡng.";
                    activities.Add(a);
                }
            }
            // Literacy classes of communes and wards: 60–120 attendances each.
            if (values.GetValueOrDefault("LITERACY_PEOPLE") is var people and > 0 && unit.Kind is OrgUnitKind.Commune or OrgUnitKind.Ward)
            {
                var classes = Math.Max(1, (int)Math.Ceiling(people / (60 + 60 * rng.NextDouble())));
                var attendances = Split(people, classes, rng);
                for (var i = 0; i < classes; i++)
                {
                    var day = Day();
                    var a = New(unit, ActivityKind.DigitalLiteracyClass, "Lớp \"Bình dân học vụ số\"", day, $"Nhà văn hóa {unit.Name}", CampaignOn(day));
                    (a.Citizens, a.Students) = (attendances[i], 0);
                    a.Women = (int)Math.Round(a.Citizens * (0.45 + 0.2 * rng.NextDouble()));
                    a.Result = "Hướng dẫn sử dụng điện thoại thông minh, VNeID, dịch vụ công trực tuyến và nhận diện lừa đảo trên mạng.";
                    activities.Add(a);
                }
            }
            // Response activities: October's answer Digital Transformation Day (most on the 10th), the rest now and then.
            if (values.GetValueOrDefault("COMM_EVENTS") is var events and > 0)
                for (var i = 0; i < events; i++)
                {
                    var october = month == 10;
                    var day = october && i == 0 && new DateOnly(year, 10, 10) <= last ? new DateOnly(year, 10, 10) : Day();
                    var k = rng.Next(ResponseKinds.Length);
                    var title = october ? $"Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10: {Response[k].ToLowerInvariant()}" : Response[k];
                    var a = New(unit, ResponseKinds[k], title, day, k == 0 ? $"Địa bàn {unit.Name}" : hall, CampaignOn(day));
                    (a.Officials, a.Citizens, a.Students, a.YouthUnion, a.Enterprises) =
                        (rng.Next(10, 60), k == 0 ? 0 : rng.Next(50, 400), k == 2 ? rng.Next(20, 200) : 0, rng.Next(5, 40), rng.Next(0, 8));
                    a.Women = (int)Math.Round(a.Total * (0.4 + 0.2 * rng.NextDouble()));
                    activities.Add(a);
                }
        }
    }

    /// <summary><paramref name="total"/> in <paramref name="parts"/> near-equal whole parts.</summary>
    private static int[] Split(int total, int parts, Random rng)
    {
        var result = new int[parts];
        for (var i = 0; i < parts; i++) result[i] = total / parts + (i < total % parts ? 1 : 0);
        rng.Shuffle(result);
        return result;
    }
}
