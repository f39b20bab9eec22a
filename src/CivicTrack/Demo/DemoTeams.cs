using CivicTrack.Data;
using CivicTrack.Features.Community.Teams;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>
/// The demo's community digital technology teams: one for every village and residential group of the communes and wards
/// that have them, and one for each such commune or ward, with 5–9 members each (one leader, most in the Youth Union),
/// made-up names and made-up phone numbers, decisions dated 2024–2025; Thượng Tân's teams were refounded on 19 September
/// 2025 with its campaign. Generated from a fixed seed, so every instance holds the same teams. No data values are written:
/// the history's TEAMS_* figures stay as they are.
/// </summary>
public static class DemoTeams
{
    public const int Seed = 20250919;
    public const string ThuongTan = "08051";
    public static readonly DateOnly ThuongTanRefounded = new(2025, 9, 19);

    private static readonly string[] Families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hà", "Ma", "Nông", "Triệu", "Lục", "Quan", "Lương", "Sầm", "Chu", "Mai", "La"];
    private static readonly string[] MaleMiddle = ["Văn", "Đức", "Minh", "Quang", "Xuân", "Hữu", "Ngọc", "Thanh"];
    private static readonly string[] FemaleMiddle = ["Thị", "Thị", "Thu", "Thanh", "Ngọc", "Hồng", "Kim", "Bích"];
    private static readonly string[] MaleGiven = ["Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Việt", "Khánh", "Bình", "Hiếu", "Định", "Toàn", "Lâm", "Kiên"];
    private static readonly string[] FemaleGiven = ["Hoa", "Lan", "Mai", "Hương", "Thảo", "Trang", "Linh", "Ngân", "Nhung", "Hằng", "Yến", "Duyên", "Phương", "Huyền", "Vân", "Quỳnh", "Thủy", "Hà", "Chi", "Nga"];
    private static readonly string[] PhonePrefixes = ["096", "097", "098", "086", "088", "091", "094", "081", "083", "035", "036", "038", "039", "032", "070", "076", "077", "079"];

    public static async Task LoadAsync(AppDb db, DateOnly today, CancellationToken ct)
    {
        var units = await db.OrgUnits.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Code, u.Kind, u.ParentId, u.ClosedOn }).ToListAsync(ct);
        var villagesOf = units.Where(u => TeamService.LevelOf(u.Kind) == TeamLevel.Village && u.ParentId is not null && u.ClosedOn is null)
            .GroupBy(u => u.ParentId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToList());
        var communes = units.Where(u => TeamService.LevelOf(u.Kind) == TeamLevel.Commune && u.ClosedOn is null && villagesOf.ContainsKey(u.Id))
            .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        var random = new Random(Seed);
        var created = DateTime.SpecifyKind(new DateTime(2025, 12, 31, 3, 0, 0), DateTimeKind.Utc);
        var number = 0;
        foreach (var commune in communes)
        {
            var refounded = commune.Code == ThuongTan;
            // A commune decides on its teams on one day: its own team and its villages' teams together.
            var decided = refounded ? ThuongTanRefounded : new DateOnly(2024, 3, 1).AddDays(random.Next(0, 640));
            if (decided > today) decided = today;
            var prefix = 100 + random.Next(0, 300);
            foreach (var unit in villagesOf[commune.Id].Prepend(commune))
            {
                number++;
                var team = new CommunityTeam
                {
                    OrgUnitId = unit.Id, Level = TeamService.LevelOf(unit.Kind)!.Value,
                    DecisionNumber = $"{prefix}/QĐ-UBND", DecisionDate = decided, Active = true, CreatedAt = created, UpdatedAt = created,
                };
                var size = random.Next(5, 10);
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < size; i++)
                {
                    string name;
                    do name = Name(random); while (!names.Add(name));
                    team.Members.Add(new CommunityTeamMember
                    {
                        FullName = name,
                        Role = i == 0 ? TeamRole.Leader : i == 1 && size >= 7 ? TeamRole.Deputy : TeamRole.Member,
                        // The leader is often the village head; most of the others come from the Youth Union.
                        YouthUnion = i == 0 ? random.NextDouble() < 0.4 : random.NextDouble() < 0.8,
                        Phone = PhonePrefixes[random.Next(PhonePrefixes.Length)] + random.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture),
                        Active = true,
                    });
                }
                db.Add(team);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static string Name(Random random)
    {
        var female = random.Next(2) == 0;
        var family = Families[random.Next(Families.Length)];
        var middle = (female ? FemaleMiddle : MaleMiddle)[random.Next(8)];
        var given = (female ? FemaleGiven : MaleGiven)[random.Next(20)];
        return $"{family} {middle} {given}";
    }
}
