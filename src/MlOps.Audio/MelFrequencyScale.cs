namespace MlOps.Audio;

/// <summary>The mel scale of the filterbank: torchaudio's mel_scale ("htk", its default, or "slaney").</summary>
public enum MelFrequencyScale { Htk, Slaney }
