using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlOps.Specs.Fingerprint;

/// <summary>
/// Doubles in the canonical spec JSON as .NET writes them (0.1, not 0.10000000000000001) on both
/// MSBuild hosts, so a spec has one fingerprint in Visual Studio and in <c>dotnet build</c>.
/// </summary>
internal sealed class ShortestDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
#if NETSTANDARD
        writer.WriteRawValue(MlOps.Contracts.IO.DoubleText.Format(value));
#else
        writer.WriteNumberValue(value); // already the shortest form: the serializer's own output, unchanged
#endif
    }
}
