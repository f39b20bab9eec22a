namespace CivicTrack.Bench;

/// <summary>Finds the repository root (the folder holding CivicTrack.slnx).</summary>
public static class Repository
{
    public static string Root()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CivicTrack.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmark from inside the CivicTrack repository.");
    }
}
