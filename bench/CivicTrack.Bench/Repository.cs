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

    /// <summary>The commit checked out in <paramref name="repository"/> (short), with "+" when the tree has changes; null without git.</summary>
    public static string? Commit(string repository)
    {
        try
        {
            static string Git(string repository, string arguments)
            {
                using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", $"-C \"{repository}\" {arguments}")
                {
                    RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                })!;
                var output = git.StandardOutput.ReadToEnd().Trim();
                git.WaitForExit();
                return git.ExitCode == 0 ? output : throw new InvalidOperationException(output);
            }
            var commit = Git(repository, "rev-parse --short HEAD");
            return Git(repository, "status --porcelain --untracked-files=no").Length > 0 ? commit + "+" : commit;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException) { return null; }
    }
}
