using CivicTrack.Data;
using CivicTrack.Engine.Text;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CivicTrack.Tests.Localization;

/// <summary>Names stored as Vietnamese/English pairs before the language list come through the migration as maps.</summary>
public abstract class LanguageMigrationTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_pair_is_carried_into_the_map_and_nothing_is_lost()
    {
        var (options, cleanup) = Open();
        try
        {
            var factory = new AppDbFactory(provider, options);
            await using (var db = factory.CreateDbContext())
            {
                var migrator = db.GetService<IMigrator>();
                var all = db.Database.GetMigrations().ToList();
                var before = all[all.FindIndex(m => m.EndsWith("_Languages", StringComparison.Ordinal)) - 1];
                await migrator.MigrateAsync(before, Ct);
                foreach (var sql in new[]
                {
                    """INSERT INTO pillars ("Code", "NameVi", "NameEn", "SortOrder") VALUES ('p1', 'Chính quyền số', 'Digital government', 1)""",
                    """INSERT INTO pillars ("Code", "NameVi", "NameEn", "SortOrder") VALUES ('p2', 'Xã hội số', 'Xã hội số', 2)""",
                    """INSERT INTO data_elements ("Code", "NameVi", "NameEn", "ValueType", "Aggregation", "UnitVi", "UnitEn") VALUES ('E1', 'Số hộ', 'Households', 'Integer', 'Sum', 'hộ', '')""",
                    """INSERT INTO indicators ("Code", "NameVi", "NameEn", "Numerator", "Factor", "Direction", "Decimals", "UnitVi", "UnitEn", "SortOrder") VALUES ('I1', 'Tỷ lệ "hộ"', 'Share', '#{{E1}}', 1, 'HigherIsBetter', 1, '%', '%', 1)""",
                    """INSERT INTO org_groups ("Code", "NameVi", "NameEn") VALUES ('pilot', 'Xã thí điểm', 'Pilot communes')""",
                })
                    await db.Database.ExecuteSqlRawAsync(sql, Ct);
                await migrator.MigrateAsync(null, Ct);
            }
            await using (var db = factory.CreateDbContext())
            {
                var pillars = await db.Pillars.OrderBy(p => p.Code).ToListAsync(Ct);
                Assert.Equal(LocalText.Of("Chính quyền số", "Digital government"), pillars[0].Name);
                Assert.Equal(LocalText.Of("Xã hội số"), pillars[1].Name); // an English text equal to the Vietnamese adds nothing
                var element = await db.DataElements.SingleAsync(Ct);
                Assert.Equal((LocalText.Of("Số hộ", "Households"), LocalText.Of("hộ")), (element.Name, element.Unit));
                var indicator = await db.Indicators.SingleAsync(Ct);
                Assert.Equal((LocalText.Of("Tỷ lệ \"hộ\"", "Share"), LocalText.Of("%")), (indicator.Name, indicator.Unit));
                Assert.Equal(LocalText.Of("Xã thí điểm", "Pilot communes"), (await db.OrgGroups.SingleAsync(Ct)).Name);
            }
        }
        finally { cleanup(); }
    }

    private (DbContextOptions Options, Action Cleanup) Open()
    {
        var builder = new DbContextOptionsBuilder();
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"ct-migrate-{Guid.NewGuid():N}.db");
            DatabaseSetup.Configure(builder, provider, $"Data Source={file};Pooling=False");
            return (builder.Options, () => File.Delete(file));
        }
        var admin = TestEnvironment.RequirePostgres();
        var name = $"ct_migrate_{Guid.NewGuid():N}";
        using (var conn = new NpgsqlConnection(admin))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            cmd.ExecuteNonQuery();
        }
        DatabaseSetup.Configure(builder, provider, new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString);
        return (builder.Options, () =>
        {
            using var conn = new NpgsqlConnection(admin);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        });
    }
}

public sealed class LanguageMigrationSqliteTests() : LanguageMigrationTests(DatabaseProvider.Sqlite);

public sealed class LanguageMigrationPostgresTests() : LanguageMigrationTests(DatabaseProvider.Postgres);
