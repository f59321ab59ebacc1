namespace MlOps.Contracts.Results;

/// <summary>What base.checkpoint named (result.json <c>model.base_source.kind</c>: file, folder, hub).</summary>
public enum CheckpointSourceKind
{
    /// <summary>One weights file (.safetensors, .dat, .pt).</summary>
    File,
    /// <summary>A Hugging Face-layout folder on disk.</summary>
    Folder,
    /// <summary>A Hub model (hf://org/name@revision), read from the local Hub cache.</summary>
    Hub,
}
