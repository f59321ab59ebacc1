using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Contracts.Results;

/// <summary>
/// result.json's one spelling of an undefined number: <c>null</c>. NaN and ±infinity (which JSON
/// cannot hold) are written as null and read back as NaN; files written before, with "NaN" strings,
/// still read.
/// </summary>
public sealed class FiniteOrNullConverter : JsonConverter<double>
{
    public override bool HandleNull => true;

    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => double.NaN,
            JsonTokenType.Number => reader.GetDouble(),
            JsonTokenType.String => Named(reader.GetString()),
            _ => throw new JsonException($"expected a number or null, found {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static double Named(string? text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new JsonException($"'{text}' is not a number"),
    };
}
