using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicTrack;

/// <summary>JSON numbers in and out of the API: a figure that is not a finite number (which JSON cannot hold) is
/// written as null rather than failing the whole answer, and a number too large for a double (which the reader
/// would turn into infinity) is refused as a bad value of its field.</summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A literal too large for a double (1e999) reads as infinity: refused here, so the field is named.
        var value = reader.GetDouble();
        return double.IsFinite(value) ? value : throw new JsonException("The number is too large to be stored.");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteNullValue();
    }
}

public static class ApiJson
{
    /// <summary>Enums by name only (a number could name no member at all), and finite numbers out.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new FiniteDoubleConverter());
    }
}
