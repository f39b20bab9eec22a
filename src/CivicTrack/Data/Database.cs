using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CivicTrack.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Creates the provider's AppDb; used by pages, endpoints and background work alike.</summary>
public sealed class AppDbFactory(DatabaseProvider provider, DbContextOptions options) : IDbContextFactory<AppDb>
{
    public DatabaseProvider Provider { get; } = provider;

    public AppDb CreateDbContext() => Provider == DatabaseProvider.Postgres ? new PostgresAppDb(options) : new SqliteAppDb(options);
}

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/civictrack.db";

    /// <summary>Registers AppDb for the configured provider (<c>Database:Provider</c>, <c>ConnectionStrings:CivicTrack</c>).</summary>
    public static IServiceCollection AddAppDb(this IServiceCollection services, IConfiguration config)
    {
        var providerText = config["Database:Provider"] ?? "Sqlite";
        if (!Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var provider))
            throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{providerText}'.");
        var connection = config.GetConnectionString("CivicTrack");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("ConnectionStrings:CivicTrack is required when Database:Provider is Postgres.");
            connection = DefaultSqlite;
        }
        // Each instance's connections carry its name, so that instances sharing one PostgreSQL tell their changes apart.
        var instance = new AppInstance();
        services.AddSingleton(instance);
        if (provider == DatabaseProvider.Postgres) connection = instance.Tag(connection);
        services.AddSingleton(sp =>
        {
            var builder = new DbContextOptionsBuilder();
            Configure(builder, provider, connection);
            builder.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return new AppDbFactory(provider, builder.Options);
        });
        services.AddSingleton<IDbContextFactory<AppDb>>(sp => sp.GetRequiredService<AppDbFactory>());
        services.AddScoped(sp => sp.GetRequiredService<AppDbFactory>().CreateDbContext());
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseProvider provider, string connection)
    {
        if (provider == DatabaseProvider.Postgres)
            builder.UseNpgsql(connection, o => o.MigrationsHistoryTable("__ef_migrations"));
        else
        {
            EnsureSqliteFolder(connection);
            builder.UseSqlite(connection, o => o.MigrationsHistoryTable("__ef_migrations")).AddInterceptors(SqlitePragmas.Instance);
        }
    }

    private static void EnsureSqliteFolder(string connection)
    {
        var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection);
        if (csb.DataSource is { Length: > 0 } file && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } dir)
            Directory.CreateDirectory(dir);
    }
}

/// <summary>Lets <c>dotnet ef</c> build each provider's migrations without a running app.</summary>
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteAppDb>
{
    public SqliteAppDb CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder();
        b.UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable("__ef_migrations"));
        return new SqliteAppDb(b.Options);
    }
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresAppDb>
{
    public PostgresAppDb CreateDbContext(string[] args)
    {
        var b = new DbContextOptionsBuilder();
        b.UseNpgsql("Host=localhost;Database=design", o => o.MigrationsHistoryTable("__ef_migrations"));
        return new PostgresAppDb(b.Options);
    }
}

/// <summary>Every SQLite connection writes ahead to a log and syncs it at checkpoints: a commit costs one append instead
/// of two synced writes, and a committed transaction still survives the app being killed (only an operating-system crash
/// or power cut can take back the last commits). Readers do not wait for the writer.</summary>
public sealed class SqlitePragmas : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
