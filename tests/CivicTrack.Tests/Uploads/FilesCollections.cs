using CivicTrack.Tests.Infrastructure;

namespace CivicTrack.Tests.Uploads;

// One demo province per provider for the upload, download and export tests. The workbook tests measure memory while a
// request runs, so these collections run with no other test beside them.
[CollectionDefinition(Sqlite, DisableParallelization = true)]
public sealed class FilesOnSqlite : ICollectionFixture<SqliteDemoApp>
{
    public const string Sqlite = "Files on SQLite";
}

[CollectionDefinition(Postgres, DisableParallelization = true)]
public sealed class FilesOnPostgres : ICollectionFixture<PostgresDemoApp>
{
    public const string Postgres = "Files on PostgreSQL";
}
