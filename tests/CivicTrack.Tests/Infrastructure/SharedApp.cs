using System.Text.Json;
using System.Text.Json.Serialization;
using CivicTrack.Data;

namespace CivicTrack.Tests.Infrastructure;

/// <summary>One demo app per test class, created on first use so a missing PostgreSQL skips inside the test.</summary>
public abstract class SharedApp(DatabaseProvider provider) : IAsyncDisposable
{
    private AppFactory? _app;

    public AppFactory App => _app ??= new AppFactory(provider);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteDemoApp() : SharedApp(DatabaseProvider.Sqlite);

public sealed class PostgresDemoApp() : SharedApp(DatabaseProvider.Postgres);

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
