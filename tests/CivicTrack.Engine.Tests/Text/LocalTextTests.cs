using System.Globalization;
using System.Text.Json;
using CivicTrack.Engine.Text;

namespace CivicTrack.Engine.Tests.Text;

public sealed class LocalTextTests
{
    [Fact]
    public void Pick_gives_the_language_asked_then_vietnamese_then_any()
    {
        var name = LocalText.Of("Tỉnh", "Province", "প্রদেশ");
        Assert.Equal("প্রদেশ", name.Pick("bn"));
        Assert.Equal("Province", name.Pick(CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal("Tỉnh", name.Pick("fr"));
        Assert.Equal("Province", LocalText.Of(null, "Province").Pick("bn"));
        Assert.Equal("", LocalText.Empty.Pick("vi"));
    }

    [Fact]
    public void Blank_texts_are_left_out_and_languages_are_folded()
    {
        var name = new LocalText([new("vi-VN", "  Xã  "), new("EN", ""), new("bn", "   ")]);
        Assert.Equal(["vi"], name.Texts.Keys);
        Assert.Equal("Xã", name.In("vi"));
        Assert.Null(name.In("en"));
        Assert.Equal("vi", LocalText.LanguageOf("vi-VN"));
        Assert.Equal("bn", LocalText.LanguageOf("BN_bd"));
    }

    [Fact]
    public void The_stored_json_round_trips_and_keeps_vietnamese_readable()
    {
        var name = LocalText.Of("Hộ có VNeID", "Households with VNeID", "VNeID থাকা পরিবার");
        var json = name.ToJson();
        Assert.Contains("Hộ có VNeID", json, StringComparison.Ordinal);
        Assert.Contains("VNeID থাকা পরিবার", json, StringComparison.Ordinal);
        Assert.Equal(name, LocalText.FromJson(json));
        Assert.Equal(LocalText.Of("plain text"), LocalText.FromJson("plain text"));
        Assert.Equal(LocalText.Empty, LocalText.FromJson(null));
        Assert.Equal(LocalText.Of("{broken"), LocalText.FromJson("{broken"));
    }

    [Fact]
    public void The_api_reads_a_map_or_a_plain_string_as_vietnamese()
    {
        Assert.Equal(LocalText.Of("Xã", "Commune"), JsonSerializer.Deserialize<LocalText>("""{"vi":"Xã","en":"Commune"}"""));
        Assert.Equal(LocalText.Of("Xã"), JsonSerializer.Deserialize<LocalText>("\"Xã\""));
        Assert.Equal(LocalText.Of("Xã"), JsonSerializer.Deserialize<LocalText>("""{"vi":"Xã","en":null}"""));
        Assert.Equal("""{"bn":"কমিউন","vi":"Xã"}""", JsonSerializer.Serialize(LocalText.Of("Xã", bn: "কমিউন"), new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Theory]
    [InlineData("""{"vi": 5}""")]
    [InlineData("""{"vi": {"nested": "x"}}""")]
    [InlineData("""{"not a language!": "x"}""")]
    [InlineData("""[ "vi" ]""")]
    [InlineData("42")]
    public void The_api_refuses_anything_else(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LocalText>(json));

    [Fact]
    public void A_text_longer_than_the_limit_is_refused_while_reading() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LocalText>(JsonSerializer.Serialize(new string('x', LocalTextJsonConverter.MaxLength + 1))));

    [Fact]
    public void Equality_is_by_content_whatever_the_order()
    {
        var a = new LocalText([new("en", "A"), new("vi", "B")]);
        var b = new LocalText([new("vi", "B"), new("en", "A")]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.With("bn", "C"));
        Assert.Equal(a, a.With("bn", "C").With("bn", null));
    }
}
