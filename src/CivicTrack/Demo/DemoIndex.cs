using CivicTrack.Data;
using CivicTrack.Engine.CompositeIndex;
using CivicTrack.Engine.Periods;
using CivicTrack.Engine.Text;
using CivicTrack.Features.CompositeIndex;

namespace CivicTrack.Demo;

/// <summary>The demo's default composite index: the DTI structure of Decision 922/QĐ-BTTTT (five foundation pillars of 100
/// points, digital government 200, digital economy and digital society 150 each — 1,000 points), each pillar read from the
/// library indicators of that pillar that communes and wards report. It adds a definition only; no data value changes.</summary>
public static class DemoIndex
{
    private static IndexComponentDef Target(string code, double target, double weight = 1) =>
        new() { Indicator = code, Weight = weight, Normalisation = Normalisation.DistanceToTarget, Target = target };

    private static IndexComponentDef MinMax(string code, double weight = 1, Direction direction = Direction.HigherIsBetter) =>
        new() { Indicator = code, Weight = weight, Normalisation = Normalisation.MinMax, Direction = direction };

    private static IndexComponentDef Z(string code, double weight = 1) =>
        new() { Indicator = code, Weight = weight, Normalisation = Normalisation.ZScore };

    private static IndexPillarDef Pillar(string code, string vi, string en, string bn, double points, params IndexComponentDef[] components) =>
        new() { Code = code, Name = LocalText.Of(vi, en, bn), Points = points, Components = [.. components] };

    /// <summary>The commune DTI definition (linear, skip missing), as the demo stores it.</summary>
    public static IndexDefinition Communes(DateTime now) => new()
    {
        Name = LocalText.Of("Chỉ số chuyển đổi số cấp xã (DTI)", "Commune digital transformation index (DTI)", "কমিউন ডিজিটাল রূপান্তর সূচক (DTI)"),
        Units = IndexUnitSet.Communes,
        PeriodType = PeriodType.Year,
        Aggregation = Aggregation.Linear,
        Missing = MissingRule.Skip,
        UpdatedAt = now,
        UpdatedBy = "demo",
        Pillars =
        [
            Pillar("awareness", "Nhận thức số", "Digital awareness", "ডিজিটাল সচেতনতা", 100, MinMax("IND_COMM_EVENTS")),
            Pillar("institutions", "Thể chế số", "Digital institutions", "ডিজিটাল প্রাতিষ্ঠানিক কাঠামো", 100,
                Target("IND_UNITS_DT_PLAN_PCT", 100), Target("IND_UNITS_KPI_PCT", 100)),
            Pillar("infrastructure", "Hạ tầng số", "Digital infrastructure", "ডিজিটাল অবকাঠামো", 100,
                Target("IND_UNITS_LAN_PCT", 100), Target("IND_POP_4G_PCT", 100), Target("IND_VILLAGES_FIBER_PCT", 100), MinMax("IND_HH_FIBER_PCT")),
            Pillar("human-resources", "Nhân lực số", "Digital human resources", "ডিজিটাল মানবসম্পদ", 100,
                Target("IND_OFFICIALS_TRAINED_PCT", 100), Target("IND_PEOPLE_DIGITAL_SKILLS_PCT", 80, 2), Target("IND_VILLAGES_WITH_TEAM_PCT", 100), Z("IND_TEAM_YOUTH_PCT")),
            Pillar("cyber-security", "An toàn thông tin mạng", "Network information security", "নেটওয়ার্ক তথ্য সুরক্ষা", 100,
                Target("IND_COMPUTERS_ANTIVIRUS_PCT", 100)),
            Pillar("digital-government", "Chính quyền số", "Digital government", "ডিজিটাল সরকার", 200,
                Target("IND_DOSSIERS_ONLINE_PCT", 80, 2), Target("IND_DOSSIERS_ON_TIME_PCT", 100, 2), MinMax("IND_DOSSIERS_LATE_PCT", 1, Direction.LowerIsBetter),
                Z("IND_DOSSIERS_PAID_ONLINE_PCT"), Target("IND_OFFICIALS_EMAIL_PCT", 100), Target("IND_OFFICIALS_SIGNATURE_PCT", 100)),
            Pillar("digital-economy", "Kinh tế số", "Digital economy", "ডিজিটাল অর্থনীতি", 150, MinMax("IND_FARM_HH_ECOMMERCE_PCT")),
            Pillar("digital-society", "Xã hội số", "Digital society", "ডিজিটাল সমাজ", 150,
                Target("IND_HH_SMARTPHONE_PCT", 100), Target("IND_HH_VNEID_PCT", 100), Target("IND_ADULTS_VNEID_L2_PCT", 100),
                Target("IND_HH_EWALLET_PCT", 70), Target("IND_HH_ONLINE_PS_PCT", 70), Z("IND_EHEALTH_PCT")),
        ],
    };

    public static async Task LoadAsync(AppDb db, CancellationToken ct)
    {
        db.IndexDefinitions.Add(Communes(DateTime.UtcNow));
        await db.SaveChangesAsync(ct);
    }
}
