using CivicTrack.Engine.Text;
using CivicTrack.Data;
using CivicTrack.Engine.Expressions;
using CivicTrack.Features.Indicators;
using CivicTrack.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CivicTrack.Tests.Indicators;

/// <summary>The default indicator library as shipped: its size, its expressions and its names.</summary>
public sealed class IndicatorLibraryTests
{
    private static readonly IndicatorLibrary.Definition Library = IndicatorLibrary.Default;

    [Fact]
    public void The_library_has_ten_pillars_60_to_80_elements_and_40_to_60_indicators()
    {
        string[] expected =
            ["awareness", "institutions", "infrastructure", "digital-data", "digital-platforms", "human-resources",
             "cyber-security", "digital-government", "digital-economy", "digital-society"];
        Assert.Equal(expected, Library.Pillars.Select(p => p.Code));
        Assert.InRange(Library.Elements.Count, 60, 100);
        Assert.InRange(Library.Indicators.Count, 40, 80);
    }

    [Fact]
    public void Every_expression_parses_and_refers_only_to_elements_of_the_library()
    {
        var codes = Library.Elements.Select(e => e.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var i in Library.Indicators)
        {
            Assert.False(string.IsNullOrWhiteSpace(i.Numerator), $"{i.Code} has no numerator");
            Assert.Empty(ExpressionCheck.Check(i.Numerator, codes.Contains));
            if (i.Denominator is { } denominator)
                Assert.Empty(ExpressionCheck.Check(denominator, codes.Contains));
        }
    }

    [Fact]
    public void Codes_are_unique_and_every_name_and_unit_is_given_in_every_language()
    {
        AssertUnique(Library.Pillars.Select(p => p.Code));
        AssertUnique(Library.Elements.Select(e => e.Code));
        AssertUnique(Library.Indicators.Select(i => i.Code));
        Assert.All(Library.Pillars, p => AssertNamed(p.Code, p.Name));
        Assert.All(Library.Elements, e => AssertNamed(e.Code, e.Name));
        Assert.All(Library.Indicators, i => AssertNamed(i.Code, i.Name));
        Assert.All(Library.Elements, e => Assert.Matches("^[A-Z][A-Z0-9_]*$", e.Code));
        Assert.All(Library.Indicators, i => Assert.StartsWith("IND_", i.Code, StringComparison.Ordinal));
        Assert.All(Library.Indicators, i => AssertNamed(i.Code, i.Unit));
    }

    [Fact]
    public void Every_element_and_indicator_belongs_to_a_pillar_and_percentages_have_factor_100()
    {
        var pillars = Library.Pillars.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        Assert.All(Library.Elements, e => Assert.Contains(e.Pillar, pillars));
        Assert.All(Library.Indicators, i => Assert.Contains(i.Pillar, pillars));
        Assert.All(Library.Indicators.Where(i => i.Unit.In("vi") == "%"), i =>
        {
            Assert.Equal(100, i.Factor);
            Assert.False(string.IsNullOrWhiteSpace(i.Denominator), $"{i.Code} is a percentage without a denominator");
        });
        // Every pillar has indicators, so pillar scores never divide by nothing.
        Assert.All(pillars, p => Assert.Contains(Library.Indicators, i => i.Pillar == p));
    }

    [Fact]
    public void Stocks_take_the_last_value_and_flows_add_up()
    {
        var byCode = Library.Elements.ToDictionary(e => e.Code, StringComparer.Ordinal);
        foreach (var stock in new[] { "HH_TOTAL", "HH_SMARTPHONE", "HH_VNEID", "ADULTS_TOTAL", "OFFICIALS_TOTAL", "ENTERPRISES_TOTAL", "POP_TOTAL" })
            Assert.Equal(Engine.Analytics.AggregationType.Last, byCode[stock].Agg);
        foreach (var flow in new[] { "DOSSIERS_RECEIVED", "DOSSIERS_ONLINE", "DOSSIERS_FINISHED", "DOSSIERS_ON_TIME", "OFFICIALS_TRAINED", "SUPPORT_SESSIONS" })
            Assert.Equal(Engine.Analytics.AggregationType.Sum, byCode[flow].Agg);
    }

    private static void AssertUnique(IEnumerable<string> codes)
    {
        var duplicates = codes.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "duplicate codes: " + string.Join(", ", duplicates));
    }

    private static void AssertNamed(string code, LocalText text)
    {
        foreach (var language in new[] { "vi", "en", "bn" })
            Assert.False(string.IsNullOrWhiteSpace(text.In(language)), $"{code} has no text in \"{language}\"");
    }
}

/// <summary>Loading the library into a database: everything once, then nothing; rows already there are kept as they are.</summary>
public abstract class IndicatorLibraryLoadTests
{
    protected abstract DatabaseProvider Provider { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Loading_twice_adds_the_whole_library_once_and_then_nothing()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<AppDb>>();
        var library = IndicatorLibrary.Default;

        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            var first = await IndicatorLibrary.LoadAsync(db, Ct);
            Assert.Equal(new IndicatorLibrary.LoadResult(library.Pillars.Count, library.Elements.Count, library.Indicators.Count), first);
        }
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            var second = await IndicatorLibrary.LoadAsync(db, Ct);
            Assert.Equal(new IndicatorLibrary.LoadResult(0, 0, 0), second);
            Assert.Equal(library.Elements.Count, await db.DataElements.CountAsync(Ct));
            Assert.Equal(library.Indicators.Count, await db.Indicators.CountAsync(Ct));
            Assert.Equal(0, await db.DataElements.CountAsync(e => e.PillarId == null, Ct));
            Assert.Equal(0, await db.Indicators.CountAsync(i => i.PillarId == null, Ct));
            var pillars = await db.Pillars.OrderBy(p => p.SortOrder).Select(p => p.Code).ToListAsync(Ct);
            Assert.Equal(library.Pillars.Select(p => p.Code), pillars);
        }
    }

    [Fact]
    public async Task Rows_already_there_are_kept_and_only_the_missing_codes_are_added()
    {
        await using var app = new AppFactory(Provider, loadDemo: false);
        var dbFactory = app.Services.GetRequiredService<IDbContextFactory<AppDb>>();
        var library = IndicatorLibrary.Default;

        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            db.Pillars.Add(new Pillar { Code = "awareness", Name = LocalText.Of("Nhận thức (tỉnh tự đặt)", "Awareness (own name)"), SortOrder = 7 });
            db.DataElements.Add(new DataElement
            {
                Code = "HH_TOTAL", Name = LocalText.Of("Số hộ (tỉnh tự đặt)", "Households (own name)"),
                ValueType = Engine.Analytics.ValueType.Integer, Aggregation = Engine.Analytics.AggregationType.Sum,
            });
            await db.SaveChangesAsync(Ct);
        }
        await using (var db = await dbFactory.CreateDbContextAsync(Ct))
        {
            var result = await IndicatorLibrary.LoadAsync(db, Ct);
            Assert.Equal(new IndicatorLibrary.LoadResult(library.Pillars.Count - 1, library.Elements.Count - 1, library.Indicators.Count), result);
            var pillar = await db.Pillars.SingleAsync(p => p.Code == "awareness", Ct);
            Assert.Equal(("Nhận thức (tỉnh tự đặt)", 7), (pillar.Name.In("vi"), pillar.SortOrder));
            var element = await db.DataElements.SingleAsync(e => e.Code == "HH_TOTAL", Ct);
            Assert.Equal(("Số hộ (tỉnh tự đặt)", Engine.Analytics.AggregationType.Sum, (int?)null), (element.Name.In("vi"), element.Aggregation, element.PillarId));
        }
    }
}

public sealed class IndicatorLibraryLoadSqliteTests : IndicatorLibraryLoadTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class IndicatorLibraryLoadPostgresTests : IndicatorLibraryLoadTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
