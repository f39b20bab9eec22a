using System.Text;

namespace CivicTrack.Tests.Organisation;

/// <summary>Builds unit files for import tests.</summary>
public static class OrgCsv
{
    public const string Header = "code,name,kind,parent_code,opened_on,closed_on,merged_into_code,groups";

    /// <summary>A province with <paramref name="communes"/> communes and 4 villages under each: 1 + 5n rows.</summary>
    public static List<string> Province(string prefix, int communes)
    {
        var lines = new List<string> { $"{prefix},Tỉnh Thử Nghiệm {prefix},Province,,,,," };
        for (var c = 1; c <= communes; c++)
        {
            var cc = $"{prefix}{c:000}";
            lines.Add($"{cc},Xã Thử {c},Commune,{prefix},2025-07-01,,,{(c % 2 == 0 ? "pilot" : "mountainous;pilot")}");
            for (var v = 1; v <= 4; v++) lines.Add($"{cc}-{v:00},Thôn {v} xã {c},Village,{cc},2025-07-01,,,");
        }
        return lines;
    }

    public static byte[] Bytes(IEnumerable<string> rows) => Encoding.UTF8.GetBytes(Header + "\n" + string.Join("\n", rows) + "\n");
}
