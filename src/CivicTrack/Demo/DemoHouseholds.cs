using CivicTrack.Data;
using CivicTrack.Engine.Organisation;
using CivicTrack.Engine.Text;
using CivicTrack.Features.Community.Households;
using CivicTrack.Features.Indicators;
using CivicTrack.Features.Organisation;
using Microsoft.EntityFrameworkCore;

namespace CivicTrack.Demo;

/// <summary>The household support log of the demo's villages: about five thousand visits from July to December 2025
/// (Thượng Tân's villages busiest in its 45-day campaign, 15 September – 29 October), then a steady trickle up to
/// <c>Demo:Today</c>, with their coverage figures. Each village and month draws from a seed of its own, so 2025 is the
/// same whatever day the demo runs up to.</summary>
public static class DemoHouseholds
{
    private const string CampaignCommune = "08051";
    private static readonly DateOnly Start = new(2025, 7, 1);
    private static readonly DateOnly CampaignStart = new(2025, 9, 15), CampaignEnd = new(2025, 10, 29);

    private static readonly string[] Members =
    [
        "Hoàng Văn Thắng", "Ma Thị Hoa", "Nông Văn Tuấn", "Lương Thị Mai", "Triệu Văn Hải", "Hà Thị Lan", "Lý Văn Nam", "Bàn Thị Hương",
        "Quan Văn Dũng", "Lộc Thị Thu", "Nguyễn Văn Bình", "Trần Thị Hằng", "Ma Văn Cường", "Hoàng Thị Yến", "Nông Thị Nga", "Đặng Văn Phúc",
    ];

    // Weights of the services a visit helps with: identity and payments first, signatures and shop listings seldom.
    private static readonly (string Service, int Weight)[] Weights =
        [("VNEID", 30), ("EWALLET", 20), ("ONLINE_SERVICE", 16), ("CASHLESS", 12), ("EHEALTH", 10), ("SOCIAL_INSURANCE", 8), ("DIGITAL_SIGNATURE", 2), ("ECOMMERCE", 2)];

    /// <param name="today">The day the demo runs up to: no visit after it.</param>
    /// <param name="clockToday">Today by the instance's clock: the coverage figures reach its month (a demo ending earlier
    /// than the clock carries its last counts on), so starting the app has nothing to carry forward.</param>
    public static async Task<int> LoadAsync(AppDb db, DateOnly today, DateOnly clockToday, CancellationToken ct)
    {
        if (await db.HouseholdSupportEntries.AnyAsync(ct)) return 0;
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(ct);
        var byId = units.ToDictionary(u => u.Id);
        var villages = units.Where(u => u.Kind is OrgUnitKind.Village or OrgUnitKind.ResidentialGroup && u.ParentId is { } p && byId.ContainsKey(p))
            .OrderBy(u => u.Code, StringComparer.Ordinal).ToList();
        if (villages.Count == 0) return 0;
        var elements = await db.DataElements.AsNoTracking().ToDictionaryAsync(e => e.Code, ct);
        if (!elements.TryGetValue("HH_TOTAL", out var total)) return 0;
        var villageIds = villages.Select(v => v.Id).ToList();
        // The 2025 figures only, so a demo carried further draws the same 2025 households.
        var households = (await db.DataValues.AsNoTracking().Where(v => v.DataElementId == total.Id && villageIds.Contains(v.OrgUnitId) && v.Period.StartsWith("2025-"))
                .Select(v => new { v.OrgUnitId, v.Value }).ToListAsync(ct))
            .GroupBy(v => v.OrgUnitId).ToDictionary(g => g.Key, g => (int)g.Min(v => v.Value));
        var lastMonth = new DateOnly(today.Year, today.Month, 1);
        var figuresTo = clockToday > today ? new DateOnly(clockToday.Year, clockToday.Month, 1) : lastMonth;
        var entries = new List<HouseholdSupportEntry>();
        var values = new List<DataValue>();
        foreach (var village in villages)
        {
            if (!households.TryGetValue(village.Id, out var count) || count <= 0) continue;
            var campaign = byId[village.ParentId!.Value].Code == CampaignCommune;
            var prefix = Prefix(village.Name);
            var visited = new List<int>();
            var mine = new List<HouseholdSupportEntry>();
            for (var month = Start; month <= lastMonth; month = month.AddMonths(1))
            {
                var rng = new Random(Seed(village.Code, month));
                var days = DateTime.DaysInMonth(month.Year, month.Month);
                var visits = month.Year == 2025
                    ? campaign ? (month.Month is 9 ? 22 : month.Month is 10 ? 38 : 4) + rng.Next(0, 5)
                    : (month.Month is 10 ? 2 : month.Month is 9 ? 1 : 0) + rng.Next(0, 3)
                    : rng.Next(0, 3);
                var members = new[] { Members[rng.Next(Members.Length)], Members[rng.Next(Members.Length)] };
                for (var i = 0; i < visits; i++)
                {
                    var day = campaign && month.Month is 9 or 10 && month.Year == 2025
                        ? month.Month == 9 ? rng.Next(CampaignStart.Day, days + 1) : rng.Next(1, CampaignEnd.Day + 1)
                        : rng.Next(1, days + 1);
                    var date = new DateOnly(month.Year, month.Month, day);
                    // Second visits finish what the first left partly done.
                    var again = visited.Count > 0 && rng.NextDouble() < 0.2;
                    var number = again ? visited[rng.Next(visited.Count)] : rng.Next(1, count + 1);
                    if (!again) visited.Add(number);
                    var id = Guid(rng);
                    var services = new List<HouseholdSupportService>();
                    var wanted = 1 + (rng.NextDouble() < 0.45 ? 1 : 0) + (rng.NextDouble() < 0.15 ? 1 : 0);
                    while (services.Count < wanted)
                    {
                        var service = Pick(rng, campaign && month.Year == 2025 && month.Month is 9 or 10);
                        if (services.Any(s => s.Service == service)) continue;
                        var r = rng.NextDouble();
                        var outcome = r < (again ? 0.85 : 0.68) ? HouseholdServices.Done : r < 0.84 ? "partly" : r < 0.93 ? "declined" : "not_eligible";
                        services.Add(new HouseholdSupportService { EntryId = id, Service = service, Outcome = outcome });
                    }
                    var at = date.ToDateTime(new TimeOnly(1 + rng.Next(0, 9), rng.Next(0, 60)), DateTimeKind.Utc);
                    mine.Add(new HouseholdSupportEntry
                    {
                        Id = id, VillageId = village.Id, Household = $"{prefix}-{number:000}", Date = date, ByName = members[i % 2],
                        Note = rng.NextDouble() < 0.05 ? "Hẹn quay lại khi có căn cước." : null,
                        ClientEditedAt = at, CreatedAt = at.AddMinutes(rng.Next(1, 90)), UpdatedAt = at.AddMinutes(90), Services = services,
                    });
                }
            }
            mine.RemoveAll(e => e.Date > today);
            entries.AddRange(mine);
            var series = HouseholdSeries.Monthly([.. mine.Select(e => new HouseholdSeries.Visit(e.Household, e.Date, [.. e.Services.Select(s => (s.Service, s.Outcome))]))], figuresTo);
            foreach (var (period, element, value) in series)
                if (elements.TryGetValue(element, out var def))
                    values.Add(new DataValue
                    {
                        DataElementId = def.Id, OrgUnitId = village.Id, Period = period.Id, Value = value, Source = ValueSource.Computed,
                        UpdatedAt = period.End.AddDays(1).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc), UpdatedBy = "system",
                    });
        }
        foreach (var chunk in entries.Chunk(2_000))
        {
            db.HouseholdSupportEntries.AddRange(chunk);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        await InsertValuesAsync(db, values, ct);
        return entries.Count;
    }

    /// <summary>Tens of thousands of new values (nothing else writes them while the demo loads) through one prepared
    /// statement in one transaction: a few hundred milliseconds rather than seconds.</summary>
    private static async Task InsertValuesAsync(AppDb db, List<DataValue> values, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "INSERT INTO data_values (\"DataElementId\", \"OrgUnitId\", \"Period\", \"Value\", \"Source\", \"UpdatedAt\", \"UpdatedBy\") "
                + "VALUES (@e, @u, @p, @v, @s, @t, @b)";
            System.Data.Common.DbParameter Add(string name)
            {
                var p = command.CreateParameter();
                p.ParameterName = name;
                command.Parameters.Add(p);
                return p;
            }
            var (e, u, p, v, s, t, b) = (Add("@e"), Add("@u"), Add("@p"), Add("@v"), Add("@s"), Add("@t"), Add("@b"));
            var first = true;
            foreach (var value in values)
            {
                (e.Value, u.Value, p.Value, v.Value, s.Value, t.Value, b.Value) =
                    (value.DataElementId, value.OrgUnitId, value.Period, value.Value, value.Source.ToString(), value.UpdatedAt, value.UpdatedBy);
                if (first && connection is not Npgsql.NpgsqlConnection) await command.PrepareAsync(ct);
                first = false;
                await command.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    private static string Pick(Random rng, bool campaign)
    {
        // In the campaign VNeID, e-wallets and online services weigh double.
        var weights = Weights.Select(w => (w.Service, Weight: campaign && w.Service is "VNEID" or "EWALLET" or "ONLINE_SERVICE" ? w.Weight * 2 : w.Weight)).ToList();
        var roll = rng.Next(weights.Sum(w => w.Weight));
        foreach (var (service, weight) in weights)
        {
            if (roll < weight) return service;
            roll -= weight;
        }
        return weights[^1].Service;
    }

    private static Guid Guid(Random rng)
    {
        var bytes = new byte[16];
        rng.NextBytes(bytes);
        bytes[7] = (byte)(bytes[7] & 0x0F | 0x40);
        bytes[8] = (byte)(bytes[8] & 0x3F | 0x80);
        return new Guid(bytes);
    }

    /// <summary>A seed from the village code and month that does not change between runs (string hashes do).</summary>
    private static int Seed(string code, DateOnly month)
    {
        var hash = 2166136261u;
        foreach (var c in $"{code}/{month:yyyy-MM}") hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>The initials of the village's own name, without its kind: "Thôn Nà Bó" → "NB".</summary>
    private static string Prefix(string name)
    {
        var words = VietnameseText.Fold(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        string[] kinds = ["thon", "ban", "xom", "khu", "to", "dan", "pho", "khom", "lang"];
        var own = words.SkipWhile(w => kinds.Contains(w)).ToList();
        if (own.Count == 0) own = words;
        var letters = new string([.. own.Where(w => char.IsLetterOrDigit(w[0])).Select(w => char.ToUpperInvariant(w[0])).Take(3)]);
        return letters.Length > 0 ? letters : "HO";
    }
}
