using System.Text;
using CivicTrack.Engine.Csv;
using FsCheck;
using FsCheck.Fluent;

namespace CivicTrack.Engine.Tests;

public sealed class CsvReaderTests
{
    private static (int Line, string[] Fields)[] Read(string text, char delimiter = ',') =>
        CsvReader.Parse(text, delimiter).Select(r => (r.Line, r.Fields)).ToArray();

    [Fact]
    public void PlainFields_AreSplitOnCommas()
    {
        var r = Assert.Single(CsvReader.Parse("a,b,c"));
        Assert.Equal(1, r.Line);
        Assert.Equal(["a", "b", "c"], r.Fields);
    }

    [Fact]
    public void QuotedField_KeepsItsCommas() =>
        Assert.Equal(["a", "b,c", "d"], Assert.Single(CsvReader.Parse("a,\"b,c\",d")).Fields);

    [Fact]
    public void DoubledQuotes_InsideAQuotedFieldBecomeOneQuote() =>
        Assert.Equal(["he said \"hi\"", "x"], Assert.Single(CsvReader.Parse("\"he said \"\"hi\"\"\",x")).Fields);

    [Fact]
    public void QuotedFieldOfOnlyADoubledQuote_IsOneQuote() =>
        Assert.Equal(["\"", ""], Assert.Single(CsvReader.Parse("\"\"\"\",")).Fields);

    [Fact]
    public void EmbeddedNewline_StaysInTheFieldAndLaterLinesAccountForIt()
    {
        var records = Read("code,name\nC1,\"Xã A\n(cũ)\"\nC2,Xã B\n");
        Assert.Equal(3, records.Length);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(["code", "name"], records[0].Fields);
        Assert.Equal(2, records[1].Line);                     // the record's line is where it starts
        Assert.Equal(["C1", "Xã A\n(cũ)"], records[1].Fields);
        Assert.Equal(4, records[2].Line);                     // not 3: the quoted newline used a line
        Assert.Equal(["C2", "Xã B"], records[2].Fields);
    }

    [Fact]
    public void SeveralEmbeddedNewlines_AreAllCounted()
    {
        var records = Read("\"a\n\nb\r\nc\",x\r\nnext,y");
        Assert.Equal(["a\n\nb\r\nc", "x"], records[0].Fields);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(5, records[1].Line);
    }

    [Fact]
    public void CrLfAndLf_BothEndRecords()
    {
        var records = Read("a,b\r\nc,d\ne,f\r\n");
        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
        Assert.Equal(["c", "d"], records[1].Fields);
        Assert.Equal(["e", "f"], records[2].Fields);   // no stray \r left in the last field
    }

    [Fact]
    public void LoneCarriageReturn_EndsARecord() =>
        Assert.Equal([(1, "a"), (2, "b")], Read("a\rb").Select(r => (r.Line, r.Fields[0])));

    [Fact]
    public void BlankLines_AreSkippedButCounted()
    {
        var records = Read("a,b\n\n\r\nc,d\n\n");
        Assert.Equal(2, records.Length);
        Assert.Equal(1, records[0].Line);
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void TrailingNewlineOrNone_GiveTheSameRecords()
    {
        var without = Read("a,b\nc,d");
        var with = Read("a,b\nc,d\n");
        var withCrLf = Read("a,b\r\nc,d\r\n");
        Assert.Equal(2, without.Length);
        Assert.Equal(without.Select(r => string.Join("|", r.Fields)), with.Select(r => string.Join("|", r.Fields)));
        Assert.Equal(without.Select(r => string.Join("|", r.Fields)), withCrLf.Select(r => string.Join("|", r.Fields)));
        Assert.Equal(without.Select(r => r.Line), with.Select(r => r.Line));
    }

    [Fact]
    public void EmptyFields_AreKept()
    {
        Assert.Equal(["a", "", "c"], Assert.Single(CsvReader.Parse("a,,c")).Fields);
        Assert.Equal(["", "", ""], Assert.Single(CsvReader.Parse(",,")).Fields);
        Assert.Equal(["a", ""], Assert.Single(CsvReader.Parse("a,\n")).Fields);
        Assert.Equal(["", "x"], Assert.Single(CsvReader.Parse("\"\",x")).Fields);
    }

    [Fact]
    public void EmptyText_HasNoRecords()
    {
        Assert.Empty(CsvReader.Parse(""));
        Assert.Empty(CsvReader.Parse("\n\r\n\n"));
    }

    [Fact]
    public void WhitespaceIsNotTrimmed() =>
        Assert.Equal([" a ", " b"], Assert.Single(CsvReader.Parse(" a , b")).Fields);

    [Fact]
    public void OtherDelimiter_IsHonoured() =>
        Assert.Equal(["a,b", "c", "d;e"], Assert.Single(CsvReader.Parse("a,b;c;\"d;e\"", ';')).Fields);

    [Fact]
    public void UnterminatedQuote_RunsToTheEnd() =>
        Assert.Equal(["a", "b\nc,d"], Assert.Single(CsvReader.Parse("a,\"b\nc,d")).Fields);

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("Xã Thượng Tân", "Xã Thượng Tân")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    public void Escape_QuotesOnlyWhenNeeded(string? value, string expected) =>
        Assert.Equal(expected, CsvReader.Escape(value));

    private static Arbitrary<string[]> RecordArb()
    {
        var ch = Gen.Frequency(
            (4, Gen.Elements('a', 'Z', ' ', 'ư', 'Đ', '0')),
            (3, Gen.Elements(',', '"', '\r', '\n', ';')),
            (1, Gen.Choose(0, 0xFFFF).Select(c => (char)c)));
        var field = Gen.ArrayOf(ch).Select(cs => new string(cs));
        return Gen.ArrayOf(field).Where(f => f.Length >= 2 || (f.Length == 1 && f[0].Length > 0)).ToArbitrary();
    }

    [Fact]
    public void Property_EscapeThenParseGivesBackTheFields() =>
        Prop.ForAll(RecordArb(), fields =>
        {
            var record = Assert.Single(CsvReader.Parse(string.Join(",", fields.Select(CsvReader.Escape))));
            return record.Fields.SequenceEqual(fields) && record.Line == 1;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Property_SeveralEscapedRecordsRoundTripWithTheirStartLines() =>
        Prop.ForAll(Gen.Choose(1, 6).SelectMany(n => Gen.ListOf(RecordArb().Generator, n)).ToArbitrary(), Arb.From(Gen.Elements("\n", "\r\n")), (records, newline) =>
        {
            var lines = records.Select(f => string.Join(",", f.Select(CsvReader.Escape))).ToList();
            var parsed = CsvReader.Parse(string.Join(newline, lines) + newline);
            if (parsed.Count != records.Count) return false;
            var expectedLine = 1;
            for (var k = 0; k < records.Count; k++)
            {
                if (parsed[k].Line != expectedLine || !parsed[k].Fields.SequenceEqual(records[k])) return false;
                expectedLine += lines[k].Count(c => c == '\n') + 1;
            }
            return true;
        }).QuickCheckThrowOnFailure();

    // ---- TryDecodeUtf8 ----

    [Fact]
    public void Utf8_ByteOrderMarkIsSkipped()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "code,name\n"u8];
        Assert.True(CsvReader.TryDecodeUtf8(bytes, out var text, out var badLine));
        Assert.Equal("code,name\n", text);
        Assert.Equal(0, badLine);
    }

    [Fact]
    public void Utf8_VietnameseTextDecodes()
    {
        const string source = "code,name\nTN-001,Xã Thượng Tân\nTN-002,Phường Đồng Văn\n";
        Assert.True(CsvReader.TryDecodeUtf8(Encoding.UTF8.GetBytes(source), out var text, out _));
        Assert.Equal(source, text);
    }

    [Fact]
    public void Utf8_FourByteSequencesDecode()
    {
        Assert.True(CsvReader.TryDecodeUtf8("𠀧 ok"u8, out var text, out _));
        Assert.Equal("𠀧 ok", text);
    }

    [Fact]
    public void Utf8_EmptyOrBomOnlyDecodesToEmpty()
    {
        Assert.True(CsvReader.TryDecodeUtf8([], out var a, out _));
        Assert.Equal("", a);
        Assert.True(CsvReader.TryDecodeUtf8([0xEF, 0xBB, 0xBF], out var b, out _));
        Assert.Equal("", b);
    }

    [Fact]
    public void Utf8_InvalidSequenceOnLine3IsReportedAsLine3()
    {
        byte[] bytes = [.. "code,name\nA,Xã A\nB,"u8, 0xC3, 0x28, .. "\nC,x\n"u8];
        Assert.False(CsvReader.TryDecodeUtf8(bytes, out var text, out var badLine));
        Assert.Equal(3, badLine);
        Assert.Equal("", text);
    }

    [Fact]
    public void Utf8_Windows1258BytesOnLine3AreReportedAsLine3()
    {
        // "Xã Tân" in Windows-1258: ã = 0xE3, â = 0xE2, each followed by an ASCII byte.
        byte[] bytes = [.. "code,name\r\nA,ok\r\nB,X"u8, 0xE3, .. " T"u8, 0xE2, .. "n\r\n"u8];
        Assert.False(CsvReader.TryDecodeUtf8(bytes, out _, out var badLine));
        Assert.Equal(3, badLine);
    }

    [Fact]
    public void Utf8_BomDoesNotShiftTheReportedLine()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, 0xFF, .. "\n"u8];
        Assert.False(CsvReader.TryDecodeUtf8(bytes, out _, out var badLine));
        Assert.Equal(1, badLine);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x0A, 0xC0, 0x80 })]            // overlong NUL
    [InlineData(new byte[] { 0x61, 0x0A, 0xED, 0xA0, 0x80 })]      // encoded surrogate
    [InlineData(new byte[] { 0x61, 0x0A, 0xE1, 0xBB })]            // truncated at the end of the file
    [InlineData(new byte[] { 0x61, 0x0A, 0x80 })]                  // stray continuation byte
    [InlineData(new byte[] { 0x61, 0x0A, 0xF5, 0x80, 0x80, 0x80 })] // beyond U+10FFFF
    public void Utf8_MalformedSequencesAreRefusedWithTheirLine(byte[] bytes)
    {
        Assert.False(CsvReader.TryDecodeUtf8(bytes, out _, out var badLine));
        Assert.Equal(2, badLine);
    }
}
