using Npgsql;

namespace CivicTrack.Data;

/// <summary>This running copy of the app, among the several a province may run on one PostgreSQL database.</summary>
/// <remarks>Its name travels as the connection's <c>application_name</c> (sent when the connection opens, so it costs no
/// round trip), which is how the database stamps each recorded change with the instance that made it and how each
/// instance skips its own changes when it reads those of the others.</remarks>
public sealed class AppInstance
{
    /// <summary>Unique per process start (and per app host, when one process runs several).</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>The <c>application_name</c> of this instance's connections; set by <see cref="Tag"/>.</summary>
    public string Name { get; private set; } = "";

    /// <summary>When this instance started: changes recorded shortly before are read once more at start.</summary>
    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <summary>The connection string with this instance's name as the application name (kept under PostgreSQL's 63 bytes).</summary>
    public string Tag(string connection)
    {
        var csb = new NpgsqlConnectionStringBuilder(connection);
        var prefix = new string((csb.ApplicationName is { Length: > 0 } given ? given : "civictrack").Where(char.IsAsciiLetterOrDigit).Take(40).ToArray());
        Name = $"{(prefix.Length > 0 ? prefix : "civictrack")}#{Id}";
        csb.ApplicationName = Name;
        return csb.ConnectionString;
    }
}
