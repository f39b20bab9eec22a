using System.Text.Json;
using System.Text.Json.Serialization;

namespace CivicTrack;

/// <summary>JSON numbers as the API writes them: a figure that is not a finite number (which JSON cannot hold)
/// is written as null rather than failing the whole answer. Reading is unchanged: JSON has no such numbers,
/// so one that does not fit a double is refused as malformed.</summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

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
