using CivicTrack.Data;
using CivicTrack.Engine.Analytics;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Plans;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Plans;
using CivicTrack.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>
/// Carries the demo from its 2025 history up to the day it is first run: the monthly report runs up to the current month,
/// every month since January of the next year has its figures and reports (most on time, a few late or never sent, last
/// month's Giáp Trung report returned, Thượng Tân's awaiting approval, this month open), the 2025 plan's unfinished tasks
/// close during the following months, and a plan for the current year has targets and tasks due around today.
/// The 2025 history is not touched: everything added is dated after 31 December 2025.
/// </summary>
public static class DemoLiving
{
    /// <summary>The last day of the fixed history.</summary>
    public static readonly DateOnly HistoryEnd = new(2025, 12, 31);

    private const string ThuongTan = "08051";
    private const string GiapTrung = "08052";
    private static readonly string[] Lagging = ["08066", "08083", "08085", "08087", "08088"];

    /// <summary>Part → whole: the part grows a little towards the whole every month.</summary>
    private static readonly Dictionary<string, string> Wholes = new(StringComparer.Ordinal)
    {
        ["HH_SMARTPHONE"] = "HH_TOTAL", ["HH_VNEID"] = "HH_TOTAL", ["HH_EWALLET"] = "HH_TOTAL", ["HH_ONLINE_PS"] = "HH_TOTAL",
        ["HH_CASHLESS"] = "HH_TOTAL", ["HH_FIBER"] = "HH_TOTAL", ["ADULTS_VNEID_L2"] = "ADULTS_TOTAL",
        ["PEOPLE_DIGITAL_SKILLS"] = "POP_TOTAL", ["POP_EHEALTH"] = "POP_TOTAL", ["POP_4G_COVERED"] = "POP_TOTAL",
        ["OFFICIALS_EMAIL_ACTIVE"] = "OFFICIALS_TOTAL", ["OFFICIALS_SIGNATURE"] = "OFFICIALS_TOTAL", ["COMPUTERS_ANTIVIRUS"] = "COMPUTERS_TOTAL",
        ["UNITS_KPI"] = "UNITS_TOTAL", ["UNITS_WAN"] = "UNITS_TOTAL", ["VILLAGES_FIBER"] = "VILLAGES_TOTAL", ["SYSTEMS_CONNECTED"] = "SYSTEMS_TOTAL",
        ["SYSTEMS_SECURITY_APPROVED"] = "SYSTEMS_TOTAL", ["PROCEDURES_ONLINE_FULL"] = "PROCEDURES_TOTAL", ["OCOP_ONLINE"] = "OCOP_TOTAL",
        ["ENTERPRISES_DIGITAL"] = "ENTERPRISES_TOTAL", ["DOCS_DIGITIZED"] = "DOCS_TOTAL", ["FARM_HH_ECOMMERCE"] = "FARM_HH_TOTAL",
    };

    /// <summary>Adds the months from January after the history up to <paramref name="today"/>; nothing when today is in the history.</summary>
    public static async Task LoadAsync(AppDb db, DateOnly today, CancellationToken ct)
    {
        if (today <= HistoryEnd) return;
        var first = Period.Month(HistoryEnd.Year + 1, 1);
        var current = Period.Month(today.Year, today.Month);
        var months = new List<Period>();
        for (var p = first; p.Start <= current.Start; p = Period.Month(p.End.AddDays(1).Year, p.End.AddDays(1).Month)) months.Add(p);

        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.Code, u.Name, u.Kind, u.ClosedOn }).ToListAsync(ct);
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Id, e => (e.Code, e.Aggregation), ct);
        var codeToId = elements.ToDictionary(e => e.Value.Code, e => e.Key, StringComparer.Ordinal);
        var monthly = await db.ReportForms.SingleAsync(f => f.Code == DemoReporting.MonthlyForm, ct);
        var sections = await db.ReportSections.Where(s => s.FormId == monthly.Id).Select(s => s.Id).ToListAsync(ct);
        var formElements = (await db.ReportFields.Where(f => sections.Contains(f.SectionId)).Select(f => f.DataElementId).ToListAsync(ct)).ToHashSet();
        monthly.LastPeriod = null;
        await db.SaveChangesAsync(ct);

        // The history's last values of each unit: the starting point, month by month from there.
        var december = "2025-12";
        var last = await db.DataValues.AsNoTracking().Where(v => v.Period == december).ToListAsync(ct);
        // What the history reported in November as well is monthly; the rest was reported at the end of each quarter.
        var november = "2025-11";
        var everyMonth = (await db.DataValues.AsNoTracking().Where(v => v.Period == november).Select(v => new { v.OrgUnitId, v.DataElementId }).ToListAsync(ct))
            .Select(v => (v.OrgUnitId, v.DataElementId)).ToHashSet();
        var rng = new Random(20260101);
        var reporting = units.Where(u => u.Kind is OrgUnitKind.Department or OrgUnitKind.Commune or OrgUnitKind.Ward && u.ClosedOn is null)
            .Select(u => u.Id).ToHashSet();
        var byUnit = last.GroupBy(v => v.OrgUnitId).ToDictionary(g => g.Key, g => g.ToDictionary(v => elements[v.DataElementId].Code, v => v.Value, StringComparer.Ordinal));
        var unitById = units.ToDictionary(u => u.Id);

        // Who has sent which month: decided first, so a month's figures exist exactly where its report was started.
        var plan = new Dictionary<(int Unit, string Period), Submission?>();
        var submissions = new List<Submission>();
        foreach (var unit in units.Where(u => reporting.Contains(u.Id)).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            if (!byUnit.TryGetValue(unit.Id, out var had) || !had.ContainsKey("DOSSIERS_RECEIVED")) continue;
            var lagging = Lagging.Contains(unit.Code);
            foreach (var p in months)
            {
                var s = Report(monthly, unit.Id, unit.Code, unit.Name, p, today, lagging, rng);
                plan[(unit.Id, p.Id)] = s;
                if (s is not null) submissions.Add(s);
            }
        }

        var values = new List<DataValue>();
        foreach (var (unitId, had) in byUnit)
        {
            var state = new Dictionary<string, double>(had, StringComparer.Ordinal);
            for (var i = 0; i < months.Count; i++)
            {
                var p = months[i];
                var reports = reporting.Contains(unitId);
                // A reporting unit's monthly-report figures exist only where its report was started; the month under way
                // has no other figures yet.
                Submission? s = null;
                var started = !reports || plan.TryGetValue((unitId, p.Id), out s) && s is not null;
                var underWay = p.End >= today;
                var flow = 0.9 + 0.2 * rng.NextDouble();
                var quarter = p.End.Month % 3 == 0;
                foreach (var (code, lastValue) in had)
                {
                    var id = codeToId[code];
                    var (_, aggregation) = elements[id];
                    if (formElements.Contains(id) ? !started : underWay) continue;
                    // Quarterly stocks were reported at the end of each quarter only.
                    if (aggregation != AggregationType.Sum && !formElements.Contains(id) && !quarter && !everyMonth.Contains((unitId, id))) continue;
                    double value;
                    if (aggregation == AggregationType.Sum) value = Math.Round(lastValue * flow * (p.End.Month == 2 ? 0.75 : 1));
                    else if (Wholes.TryGetValue(code, out var whole) && state.TryGetValue(whole, out var total))
                        value = Math.Min(total, Math.Round(state[code] + (total - state[code]) * (0.02 + 0.02 * rng.NextDouble())));
                    else value = code == "DOSSIER_DAYS_AVG" ? Math.Round(lastValue * (0.95 + 0.1 * rng.NextDouble()), 2) : state[code];
                    state[code] = value;
                    var at = p.End.ToDateTime(new TimeOnly(20, 0), DateTimeKind.Utc);
                    values.Add(new DataValue
                    {
                        DataElementId = id, OrgUnitId = unitId, Period = p.Id, Value = value, Source = ValueSource.Import,
                        UpdatedAt = s?.UpdatedAt ?? (at > Now(today) ? Now(today) : at), UpdatedBy = s?.UpdatedBy ?? "import",
                    });
                }
            }
        }
        // Rules of the form hold: a part never exceeds its whole within a report.
        Clamp(values, codeToId["DOSSIERS_ONLINE"], codeToId["DOSSIERS_RECEIVED"]);
        Clamp(values, codeToId["DOSSIERS_ON_TIME"], codeToId["DOSSIERS_FINISHED"]);
        // Dossiers paid online and results digitized are among the finished ones, cross-boundary among the received.
        Clamp(values, codeToId["DOSSIERS_PAID_ONLINE"], codeToId["DOSSIERS_FINISHED"]);
        Clamp(values, codeToId["DOSSIERS_RESULTS_DIGITIZED"], codeToId["DOSSIERS_FINISHED"]);
        Clamp(values, codeToId["DOSSIERS_CROSS_BOUNDARY"], codeToId["DOSSIERS_RECEIVED"]);

        await DemoProgramme.AddValuesAsync(db, values, ct);
        db.Submissions.AddRange(submissions);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        await CloseHistoryTasksAsync(db, today, ct);
        await AddYearPlanAsync(db, today, units.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal), ct);
    }

    private static void Clamp(List<DataValue> values, int part, int whole)
    {
        var wholes = values.Where(v => v.DataElementId == whole).ToDictionary(v => (v.OrgUnitId, v.Period), v => v.Value);
        foreach (var v in values.Where(v => v.DataElementId == part))
            if (wholes.TryGetValue((v.OrgUnitId, v.Period), out var w) && v.Value > w) v.Value = w;
    }

    private static DateTime Now(DateOnly today) => At(today, 8, 0);

    /// <summary>
    /// A unit's monthly report for a period, or null when it has not started one: months past are sent (a few late, lagging
    /// communes now and then never), last month's Thượng Tân report awaits approval and Giáp Trung's was returned; this month
    /// a third of the units have already sent theirs once the 15th has passed, Thượng Tân not yet.
    /// </summary>
    private static Submission? Report(ReportForm form, int unitId, string code, string name, Period p, DateOnly today, bool lagging, Random rng)
    {
        var due = new DateOnly(p.Start.Year, p.Start.Month, 25);
        var roll = rng.NextDouble();
        var reporter = $"Cán bộ báo cáo {name}";
        var currentMonth = p.Start <= today && today <= p.End;
        var lastMonth = !currentMonth && p.End.AddDays(1).Year == today.Year && p.End.AddDays(1).Month == today.Month;
        DateOnly day;
        if (currentMonth)
        {
            if (code == ThuongTan || today.Day < 15 || roll > 0.33) return null;
            day = today.AddDays(-rng.Next(0, Math.Min(7, today.Day - 10)));
        }
        else
        {
            var (missing, daysLate) = lagging ? (roll < 0.15, roll < 0.5 ? rng.Next(1, 9) : 0) : (roll < 0.02, roll < 0.09 ? rng.Next(1, 6) : 0);
            if (code is ThuongTan or GiapTrung) (missing, daysLate) = (false, 0);
            day = daysLate > 0 ? due.AddDays(daysLate) : roll > 0.97 ? due : due.AddDays(-rng.Next(1, 9));
            if (day > today) day = today;
            if (missing)
            {
                // Started and saved, never sent.
                var draftAt = At(due.AddDays(-rng.Next(2, 10)), 9, 30);
                return new Submission
                {
                    FormId = form.Id, OrgUnitId = unitId, Period = p.Id, State = SubmissionState.Draft, CreatedAt = draftAt, UpdatedAt = draftAt, UpdatedBy = reporter,
                };
            }
        }
        var at = At(day, rng.Next(8, 17), rng.Next(0, 60));
        if (at > Now(today)) at = Now(today).AddHours(-1);
        var s = new Submission
        {
            FormId = form.Id, OrgUnitId = unitId, Period = p.Id, State = SubmissionState.Submitted, CreatedAt = at.AddDays(-2), UpdatedAt = at,
            UpdatedBy = reporter, FirstSubmittedAt = at, SubmittedAt = at, SubmittedBy = reporter,
        };
        s.Events.Add(new SubmissionEvent { At = at, Action = SubmissionAction.Submitted, ByName = reporter, ByUnitId = unitId });
        if (lastMonth && code == GiapTrung)
        {
            var returned = at.AddDays(1) > Now(today) ? Now(today).AddMinutes(-30) : at.AddDays(1);
            s.State = SubmissionState.Returned;
            s.ReturnReason = "Số hồ sơ giải quyết đúng hạn lớn hơn số liệu trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; đề nghị rà soát, gửi lại.";
            s.UpdatedAt = returned;
            s.Events.Add(new SubmissionEvent { At = returned, Action = SubmissionAction.Returned, Level = 1, ByName = "Lãnh đạo xã Giáp Trung", ByUnitId = unitId, Note = s.ReturnReason });
            return s;
        }
        // Thượng Tân's last month and this month's early reports wait for approval; the rest were approved within days.
        if (currentMonth || lastMonth && (code == ThuongTan || rng.NextDouble() < 0.3)) return s;
        var approved = at.AddDays(rng.Next(1, 4));
        if (approved > Now(today)) return s;
        s.State = SubmissionState.Approved;
        s.ApprovedLevels = 1;
        s.ApprovedAt = s.UpdatedAt = approved;
        var byLocal = code is ThuongTan or GiapTrung;
        s.Events.Add(new SubmissionEvent { At = approved, Action = SubmissionAction.Approved, Level = 1,
            ByName = byLocal ? (code == ThuongTan ? "Lãnh đạo xã Thượng Tân" : "Lãnh đạo xã Giáp Trung") : "Sở Khoa học và Công nghệ", ByUnitId = unitId });
        return s;
    }

    /// <summary>The 2025 plan's tasks still open at the end of the year close during the first months after it, late.</summary>
    private static async Task CloseHistoryTasksAsync(AppDb db, DateOnly today, CancellationToken ct)
    {
        var open = await db.Tasks.Include(t => t.Updates).Where(t => t.DueOn <= HistoryEnd && (t.State == TaskState.InProgress || t.State == TaskState.NotStarted))
            .OrderBy(t => t.Id).ToListAsync(ct);
        var rng = new Random(20260115);
        for (var i = 0; i < open.Count; i++)
        {
            var task = open[i];
            var done = HistoryEnd.AddDays(rng.Next(10, 75));
            if (done >= today) continue;
            var at = At(done, 16, 0);
            task.Updates.Add(new TaskUpdate { At = at, ByName = task.LeadPerson.Split('–')[0].Trim(), Progress = 100, State = TaskState.Done,
                Note = "Đã hoàn thành; báo cáo kết quả và tài liệu nghiệm thu gửi kèm." });
            task.State = TaskState.Done;
            task.Progress = 100;
            task.CompletedOn = done;
            task.UpdatedAt = at;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The current year's plan: targets that follow on from 2025, and tasks due around today.</summary>
    private static async Task AddYearPlanAsync(AppDb db, DateOnly today, Dictionary<string, int> units, CancellationToken ct)
    {
        var year = today.Year;
        var indicators = await db.Indicators.AsNoTracking().ToDictionaryAsync(i => i.Code, i => (i.Id, i.PillarId), StringComparer.Ordinal, ct);
        var now = Now(today);
        var plan = new Plan
        {
            DocumentNumber = $"18/KH-UBND", Title = DemoNames.Of($"Kế hoạch chuyển đổi số tỉnh năm {year}", $"Provincial digital transformation plan {year}"),
            Kind = PlanKind.Plan, IssuedOn = new DateOnly(year, 1, 20), IssuingUnitId = units["08"], StartsOn = new DateOnly(year, 1, 1),
            EndsOn = new DateOnly(year, 12, 31), CreatedAt = At(new DateOnly(year, 1, 20), 9, 0), UpdatedAt = now,
        };
        (string Indicator, string Vi, string En, double Value, double Baseline)[] targets =
        [
            ("IND_DOSSIERS_ONLINE_PCT", "Ít nhất 85% hồ sơ thủ tục hành chính tiếp nhận trực tuyến", "At least 85% of dossiers received online", 85, 80),
            ("IND_DOSSIERS_ON_TIME_PCT", "Ít nhất 99% hồ sơ thủ tục hành chính giải quyết đúng hạn", "At least 99% of dossiers finished on time", 99, 98),
            ("IND_DOSSIERS_PAID_ONLINE_PCT", "Ít nhất 60% hồ sơ thanh toán trực tuyến phí, lệ phí", "At least 60% of dossiers with fees paid online", 60, 50),
            ("IND_PEOPLE_DIGITAL_SKILLS_PCT", "Ít nhất 65% người dân có kỹ năng số cơ bản", "At least 65% of people have basic digital skills", 65, 55),
            ("IND_HH_FIBER_PCT", "Ít nhất 75% hộ gia đình có kết nối Internet cáp quang", "At least 75% of households have a fibre Internet connection", 75, 65),
            ("IND_OFFICIALS_TRAINED_PCT", "100% cán bộ, công chức cấp xã được bồi dưỡng kỹ năng số", "100% of commune officials trained in digital skills", 100, 100),
            ("IND_PAPERLESS_MEETINGS_PCT", "Ít nhất 90% cuộc họp được tổ chức không giấy", "At least 90% of meetings paperless", 90, 80),
            ("IND_LITERACY_PEOPLE", "Ít nhất 120.000 lượt người dân tham gia \"Bình dân học vụ số\"", "At least 120,000 attendances at \"digital literacy for all\" classes", 120000, 100000),
        ];
        var order = 0;
        foreach (var t in targets.Where(t => indicators.ContainsKey(t.Indicator)))
        {
            var (id, pillar) = indicators[t.Indicator];
            plan.Targets.Add(new Target
            {
                Code = (++order).ToString(System.Globalization.CultureInfo.InvariantCulture), Name = DemoNames.Of(t.Vi, t.En), IndicatorId = id, PillarId = pillar,
                ScopeUnitId = units["08"], Comparison = TargetComparison.AtLeast, Value = t.Value, Baseline = t.Baseline, Deadline = plan.EndsOn, SortOrder = order,
            });
        }
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);

        // Offsets from today: done early, overdue by days, due this week and this month, later in the year.
        (int Start, int Due, string Lead, string Person, string Title, string Result, TaskState State, int Progress, string[] With)[] tasks =
        [
            (-60, -20, "08-SKHCN", "Phạm Thị Ngọc – Trưởng phòng Chuyển đổi số", "Sơ kết, đánh giá kết quả chuyển đổi số của quý",
                "Báo cáo sơ kết quý trình UBND tỉnh", TaskState.Done, 100, ["08-VPUBND"]),
            (-45, -6, ThuongTan, "Hà Văn Kiên – Công chức Văn phòng - Thống kê", "Cập nhật dữ liệu dân cư, hộ gia đình lên hệ thống của xã",
                "100% thôn cập nhật danh sách hộ gia đình", TaskState.InProgress, 70, []),
            (-30, -2, "08-TTPVHCC", "Trần Thị Thu Hà – Giám đốc Trung tâm Phục vụ hành chính công", "Rà soát, tái cấu trúc quy trình các thủ tục hành chính trực tuyến toàn trình",
                "Danh mục thủ tục tái cấu trúc được phê duyệt", TaskState.InProgress, 85, ["08-STP"]),
            (-20, 3, ThuongTan, "Lý Văn Dũng – Bí thư Đoàn xã", "Duy trì điểm hỗ trợ lưu động cuối tuần tại nhà văn hóa các thôn",
                "Mỗi thôn có ít nhất 01 buổi hỗ trợ mỗi tháng", TaskState.InProgress, 60, ["08-VNPT"]),
            (-15, 7, "08-SNV", "Lê Minh Tuấn – Phó Giám đốc Sở Nội vụ", "Mở lớp bồi dưỡng kỹ năng số cho cán bộ cấp xã mới tuyển dụng",
                "100% cán bộ mới được bồi dưỡng", TaskState.InProgress, 40, ["08-SKHCN"]),
            (-10, 12, GiapTrung, "Nguyễn Văn Sơn – Phó Chủ tịch UBND xã", "Hướng dẫn hộ sản xuất đưa sản phẩm OCOP lên sàn thương mại điện tử",
                "Ít nhất 30 hộ có gian hàng trực tuyến", TaskState.NotStarted, 0, ["08-VNPOST"]),
            (-5, 20, "08-SKHCN", "Nguyễn Văn Hùng – Phó Giám đốc Sở Khoa học và Công nghệ", "Đưa vào vận hành phiên bản mới của Cổng dữ liệu mở",
                "Cổng dữ liệu mở công bố ít nhất 80 bộ dữ liệu", TaskState.InProgress, 30, ["08-VPUBND"]),
            (0, 35, "08-CAT", "Đại diện Công an tỉnh", "Diễn tập ứng cứu sự cố an toàn thông tin mạng",
                "Một cuộc diễn tập thực chiến được tổ chức", TaskState.NotStarted, 0, ["08-SKHCN"]),
            (10, 60, ThuongTan, "Nông Văn Phúc – Phó Chủ tịch UBND xã", "Tổng kết Chiến dịch hỗ trợ người dân sử dụng dịch vụ số",
                "Báo cáo tổng kết và khen thưởng tập thể, cá nhân tiêu biểu", TaskState.NotStarted, 0, []),
        ];
        foreach (var t in tasks)
        {
            var starts = today.AddDays(t.Start);
            var task = new PlanTask
            {
                PlanId = plan.Id, Title = t.Title, LeadUnitId = units[t.Lead], LeadPerson = t.Person, StartsOn = starts, DueOn = today.AddDays(t.Due),
                ExpectedResult = t.Result, Responsibility = "Đơn vị chủ trì chịu trách nhiệm trước UBND tỉnh về tiến độ và chất lượng",
                ApprovingAuthority = "Chủ tịch UBND tỉnh", Weight = 2, State = t.State, Progress = t.Progress,
                CompletedOn = t.State == TaskState.Done ? today.AddDays(t.Due - 3) : null, CreatedAt = At(starts, 9, 0), UpdatedAt = now,
            };
            foreach (var code in t.With.Where(units.ContainsKey)) task.Coordinators.Add(new TaskCoordinator { OrgUnitId = units[code] });
            if (t.Progress > 0)
                task.Updates.Add(new TaskUpdate { At = At(t.State == TaskState.Done ? today.AddDays(t.Due - 3) : today.AddDays(-1), 15, 0),
                    ByName = t.Person.Split('–')[0].Trim(), Progress = t.Progress, State = t.State,
                    Note = t.State == TaskState.Done ? "Đã hoàn thành, báo cáo gửi kèm." : $"Đã thực hiện được khoảng {t.Progress}% khối lượng công việc." });
            db.Tasks.Add(task);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A Vietnam-time moment stored as UTC.</summary>
    private static DateTime At(DateOnly day, int hour, int minute) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(7)).UtcDateTime;
}
