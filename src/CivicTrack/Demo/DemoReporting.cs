using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Reporting;
using CivicTrack.Features.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>The demo's periodic reports: the monthly digital-transformation report every department, commune and ward
/// sends the Department of Science and Technology by the 25th (twelve months of 2025: most on time, some late, some
/// never sent, one returned and sent again), and the one-off report on October's response activities.</summary>
public static class DemoReporting
{
    public const string MonthlyForm = "BC-CDS-THANG";
    public const string OctoberForm = "BC-HUONG-UNG-10";
    private const string Receiving = "08-SKHCN";
    private const string ReturnedUnit = "08051";
    private const string ReturnedPeriod = "2025-09";
    private static readonly string[] Lagging = ["08066", "08083", "08085", "08087", "08088"];

    public static async Task LoadAsync(AppDb db, CancellationToken ct)
    {
        if (await db.ReportForms.AnyAsync(ct)) return;
        var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.Code, u.Name, u.Kind, u.ClosedOn }).ToListAsync(ct);
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.Id, StringComparer.Ordinal, ct);
        var receiving = units.FirstOrDefault(u => u.Code == Receiving)?.Id;
        var now = new DateTime(2025, 1, 5, 2, 0, 0, DateTimeKind.Utc);

        ReportField Field(string code, int order, bool required = false, double? min = 0) =>
            new() { DataElementId = elements[code], Order = order, Required = required, Min = min };
        var monthly = new ReportForm
        {
            Code = MonthlyForm, Name = DemoNames.Of("Báo cáo kết quả chuyển đổi số", "Digital transformation results report"),
            Description = DemoNames.Of("Các cơ quan, đơn vị và địa phương báo cáo kết quả chuyển đổi số hằng tháng về Sở Khoa học và Công nghệ trước ngày 25.",
                "Agencies, units and localities report their digital transformation results to the Department of Science and Technology every month before the 25th."),
            PeriodType = PeriodType.Month, DueKind = DueRuleKind.DayOfMonth, DueDays = 25, LockAfterDays = 20, ApprovalLevels = 1,
            FirstPeriod = "2025-01", LastPeriod = "2025-12", ReceivingUnitId = receiving, CreatedAt = now, UpdatedAt = now,
            Sections =
            [
                new ReportSection { Order = 0, Title = DemoNames.Of("Giải quyết thủ tục hành chính", "Administrative procedures"), Fields =
                    [Field("DOSSIERS_RECEIVED", 0, true), Field("DOSSIERS_ONLINE", 1, true), Field("DOSSIERS_FINISHED", 2, true),
                     Field("DOSSIERS_ON_TIME", 3, true), Field("DOSSIERS_PAID_ONLINE", 4), Field("DOSSIERS_DIGITIZED", 5)] },
                new ReportSection { Order = 1, Title = DemoNames.Of("Chuyển đổi số cộng đồng", "Community digital transformation"), Fields =
                    [Field("SUPPORT_SESSIONS", 0), Field("LITERACY_PEOPLE", 1)] },
                new ReportSection { Order = 2, Title = DemoNames.Of("Nhân lực và truyền thông", "People and communication"), Fields =
                    [Field("OFFICIALS_TRAINED", 0), Field("COMM_EVENTS", 1)] },
            ],
            Rules =
            [
                new ReportRule { Expression = "#{DOSSIERS_ONLINE} <= #{DOSSIERS_RECEIVED}", Message = DemoNames.Of("Số hồ sơ trực tuyến không được lớn hơn số hồ sơ tiếp nhận.", "Online dossiers must not be greater than dossiers received.") },
                new ReportRule { Expression = "#{DOSSIERS_ON_TIME} <= #{DOSSIERS_FINISHED}", Message = DemoNames.Of("Số hồ sơ giải quyết đúng hạn không được lớn hơn số hồ sơ đã giải quyết.", "Dossiers finished on time must not be greater than dossiers finished.") },
            ],
            Assignments = [new() { Kind = OrgUnitKind.Department }, new() { Kind = OrgUnitKind.Commune }, new() { Kind = OrgUnitKind.Ward }],
        };
        var october = new ReportForm
        {
            Code = OctoberForm, Name = DemoNames.Of("Báo cáo kết quả hưởng ứng Ngày Chuyển đổi số quốc gia 10/10/2025",
                "Report on activities for National Digital Transformation Day, 10 October 2025"),
            Description = DemoNames.Of("Mỗi cơ quan, địa phương tổ chức ít nhất một hoạt động hưởng ứng trong tháng 10 và báo cáo kết quả về Sở Khoa học và Công nghệ trước ngày 25/10/2025.",
                "Every agency and locality holds at least one response activity in October and reports the results to the Department of Science and Technology before 25 October 2025."),
            PeriodType = PeriodType.Month, OnlyPeriod = "2025-10", DueKind = DueRuleKind.DayOfMonth, DueDays = 25, ApprovalLevels = 0,
            ReceivingUnitId = receiving, CreatedAt = now, UpdatedAt = now,
            Sections = [new ReportSection { Order = 0, Title = DemoNames.Of("Hoạt động hưởng ứng", "Response activities"), Fields =
                [Field("COMM_EVENTS", 0, true), Field("SUPPORT_SESSIONS", 1), Field("OFFICIALS_TRAINED", 2)] }],
            Assignments = [new() { Kind = OrgUnitKind.Department }, new() { Kind = OrgUnitKind.Commune }, new() { Kind = OrgUnitKind.Ward }],
        };
        db.ReportForms.AddRange(monthly, october);
        await db.SaveChangesAsync(ct);

        // Who sent what: a unit's report exists where it reported its dossiers for that month.
        var dossiers = elements["DOSSIERS_RECEIVED"];
        var reported = (await db.DataValues.AsNoTracking().Where(v => v.DataElementId == dossiers).Select(v => new { v.OrgUnitId, v.Period }).ToListAsync(ct))
            .Select(v => (v.OrgUnitId, v.Period)).ToHashSet();
        var rng = new Random(20251025);
        var submissions = new List<Submission>();
        foreach (var unit in units.Where(u => u.Kind is OrgUnitKind.Department or OrgUnitKind.Commune or OrgUnitKind.Ward).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            var lagging = Lagging.Contains(unit.Code);
            for (var m = 1; m <= 12; m++)
            {
                var period = Period.Month(2025, m);
                if (!reported.Contains((unit.Id, period.Id))) continue;
                var roll = rng.NextDouble();
                // Most units send on time, a few days before the 25th; lagging communes are late or silent more often.
                var (missing, daysLate) = lagging ? (roll < 0.15, roll < 0.5 ? rng.Next(1, 9) : 0) : (roll < 0.02, roll < 0.09 ? rng.Next(1, 6) : 0);
                if (unit.Code == ReturnedUnit && period.Id == ReturnedPeriod) (missing, daysLate) = (false, 0);
                var due = new DateOnly(2025, m, 25);
                var day = daysLate > 0 ? due.AddDays(daysLate) : roll > 0.97 ? due : due.AddDays(-rng.Next(1, 9));
                var at = At(day, rng.Next(8, 17), rng.Next(0, 60));
                var reporter = $"Cán bộ báo cáo {unit.Name}";
                var s = new Submission
                {
                    FormId = monthly.Id, OrgUnitId = unit.Id, Period = period.Id, CreatedAt = at.AddDays(-2), UpdatedAt = at, UpdatedBy = reporter,
                    State = missing ? SubmissionState.Draft : SubmissionState.Approved,
                };
                if (!missing)
                {
                    s.FirstSubmittedAt = s.SubmittedAt = at;
                    s.SubmittedBy = reporter;
                    s.ApprovedLevels = 1;
                    s.ApprovedAt = at.AddDays(rng.Next(1, 4));
                    s.Events.Add(new SubmissionEvent { At = at, Action = SubmissionAction.Submitted, ByName = reporter, ByUnitId = unit.Id });
                    if (unit.Code == ReturnedUnit && period.Id == ReturnedPeriod)
                    {
                        // Returned for a figure that did not add up, corrected and sent again before the 25th.
                        var returned = at.AddDays(1);
                        var again = at.AddDays(3);
                        s.Events.Add(new SubmissionEvent { At = returned, Action = SubmissionAction.Returned, Level = 1, ByName = "Lãnh đạo xã Thượng Tân", ByUnitId = unit.Id,
                            Note = "Số hồ sơ trực tuyến chưa khớp với số liệu trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; đề nghị rà soát, cập nhật lại." });
                        s.Events.Add(new SubmissionEvent { At = again, Action = SubmissionAction.Submitted, ByName = reporter, ByUnitId = unit.Id });
                        s.SubmittedAt = again;
                        s.ApprovedAt = again.AddDays(1);
                    }
                    s.Events.Add(new SubmissionEvent { At = s.ApprovedAt.Value, Action = SubmissionAction.Approved, Level = 1,
                        ByName = unit.Code == ReturnedUnit ? "Lãnh đạo xã Thượng Tân" : "Sở Khoa học và Công nghệ", ByUnitId = unit.Code == ReturnedUnit ? unit.Id : receiving });
                    s.UpdatedAt = s.ApprovedAt.Value;
                }
                submissions.Add(s);
            }
            // October's response activities: owed by every open unit; a few late, a few never sent.
            if (unit.ClosedOn is { } closed && closed <= new DateOnly(2025, 10, 31)) continue;
            var r = rng.NextDouble();
            if (r < (lagging ? 0.4 : 0.05)) continue;
            var octDay = r < (lagging ? 0.7 : 0.12) ? new DateOnly(2025, 10, 25).AddDays(rng.Next(1, 7)) : new DateOnly(2025, 10, 25).AddDays(-rng.Next(0, 10));
            var octAt = At(octDay, rng.Next(8, 17), rng.Next(0, 60));
            var oct = new Submission
            {
                FormId = october.Id, OrgUnitId = unit.Id, Period = "2025-10", State = SubmissionState.Approved, CreatedAt = octAt, UpdatedAt = octAt,
                FirstSubmittedAt = octAt, SubmittedAt = octAt, ApprovedAt = octAt, SubmittedBy = $"Cán bộ báo cáo {unit.Name}", UpdatedBy = $"Cán bộ báo cáo {unit.Name}",
            };
            oct.Events.Add(new SubmissionEvent { At = octAt, Action = SubmissionAction.Submitted, ByName = oct.SubmittedBy, ByUnitId = unit.Id });
            submissions.Add(oct);
        }
        db.Submissions.AddRange(submissions);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A Vietnam-time moment stored as UTC.</summary>
    private static DateTime At(DateOnly day, int hour, int minute) =>
        new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, minute)), TimeSpan.FromHours(7)).UtcDateTime;
}
