using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CivicTrack.Tests.Uploads;

/// <summary>Hostile and broken workbooks, built in the test: real zips with just the parts an .xlsx needs.</summary>
public static class TestWorkbooks
{
    private const string ContentTypes =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>";
    private const string RootRels =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    private const string Workbook =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
        + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"report\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    private const string WorkbookRels =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>";
    public const string SheetStart = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    public const string SheetEnd = "</sheetData></worksheet>";

    /// <summary>A workbook whose one sheet holds a single cell of <paramref name="inflatedBytes"/> repeated letters:
    /// a zip of about 200 KB for 200 MB, written through the deflater in 64 KB pieces so the test never holds it whole.</summary>
    public static byte[] Bomb(long inflatedBytes) => Build(sheet =>
    {
        sheet.Write(Encoding.UTF8.GetBytes(SheetStart + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"));
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'A');
        for (long written = 0; written < inflatedBytes; written += chunk.Length) sheet.Write(chunk);
        sheet.Write(Encoding.UTF8.GetBytes("</t></is></c></row>" + SheetEnd));
    });

    /// <summary>The same bomb with its sheet's size written as 4 KB in both zip headers.</summary>
    public static byte[] LyingBomb(long inflatedBytes)
    {
        var bytes = Bomb(inflatedBytes);
        var name = Encoding.ASCII.GetBytes("xl/worksheets/sheet1.xml");
        // Local header: size at 22, name at 30. Central directory header: size at 24, name at 46.
        foreach (var (signature, sizeAt, nameAt) in new[] { (0x04034b50, 22, 30), (0x02014b50, 24, 46) })
            for (var i = 0; i + nameAt + name.Length <= bytes.Length; i++)
                if (BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i)) == signature && bytes.AsSpan(i + nameAt, name.Length).SequenceEqual(name))
                    BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i + sizeAt), 4096);
        return bytes;
    }

    /// <summary>A workbook whose sheet XML is exactly <paramref name="sheetXml"/>.</summary>
    public static byte[] WithSheet(string sheetXml) => Build(sheet => sheet.Write(Encoding.UTF8.GetBytes(sheetXml)));

    /// <summary>The parts of a workbook without any worksheet.</summary>
    public static byte[] WithoutSheets() => Build(null);

    private static byte[] Build(Action<Stream>? writeSheet)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Part(string name, string text)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }
            Part("[Content_Types].xml", ContentTypes);
            Part("_rels/.rels", RootRels);
            Part("xl/workbook.xml", Workbook);
            if (writeSheet is not null)
            {
                Part("xl/_rels/workbook.xml.rels", WorkbookRels);
                using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open();
                writeSheet(sheet);
            }
        }
        return ms.ToArray();
    }
}
