namespace MlOps.Runtime;

/// <summary>How an audio model's clips become its graph input: log-mel (<see cref="AudioInputs"/>) or raw waveform (<see cref="WaveformInputs"/>).</summary>
internal interface IClipInputs
{
    /// <summary>Floats per clip.</summary>
    int Width { get; }

    long[] Shape(int rows);

    /// <summary>Decodes an encoded WAV or FLAC file's <paramref name="bytes"/> (named <paramref name="what"/> in errors) into <paramref name="values"/>.</summary>
    void Encode(byte[] bytes, string what, Span<float> values);

    /// <summary>Mono samples in [-1, 1] at <paramref name="sampleRate"/> Hz into <paramref name="values"/>.</summary>
    void Encode(float[] samples, int sampleRate, Span<float> values);
}
