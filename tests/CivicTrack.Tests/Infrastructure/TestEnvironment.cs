namespace CivicTrack.Tests.Infrastructure;

/// <summary>What the machine offers the tests. A missing PostgreSQL skips its tests with a reason,
/// unless CIVICTRACK_REQUIRE_ALL=1, where it fails them.</summary>
public static class TestEnvironment
{
    public static string? PostgresAdmin => Environment.GetEnvironmentVariable("CIVICTRACK_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool RequireAll => Environment.GetEnvironmentVariable("CIVICTRACK_REQUIRE_ALL") == "1";

    public static string RequirePostgres()
    {
        if (PostgresAdmin is { } cs) return cs;
        const string reason = "PostgreSQL tests need CIVICTRACK_TEST_POSTGRES (a connection string to a server where databases may be created); .ci/run sets it.";
        if (RequireAll) Assert.Fail(reason + " CIVICTRACK_REQUIRE_ALL=1 forbids skipping.");
        Assert.Skip(reason);
        return "";
    }
}
