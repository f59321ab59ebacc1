using System.Text.Json;

namespace MlOps.Core.Tests.Data.Audio;

/// <summary>The committed fixtures of Fixtures/ (make_fixtures.sh, make_audio_reference.py).</summary>
internal static class AudioFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "Audio", "Fixtures", name);

    public static float[] Floats(string name)
    {
        var bytes = File.ReadAllBytes(Path(name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    public static JsonElement Reference() => JsonDocument.Parse(File.ReadAllText(Path("reference.json"))).RootElement;
}
