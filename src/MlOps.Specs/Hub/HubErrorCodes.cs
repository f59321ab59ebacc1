namespace MlOps.Specs.Hub;

/// <summary>Stable codes for Hugging Face Hub checkpoints and checkpoint folders (MLOPS310–319).</summary>
public static class HubErrorCodes
{
    /// <summary>base.checkpoint starts with hf: but is not hf://&lt;org&gt;/&lt;model&gt;[@&lt;revision&gt;].</summary>
    public const string InvalidId = "MLOPS310";
    /// <summary>HF_HUB_OFFLINE=1 and the model (or one of its files) is not in the cache.</summary>
    public const string NotCached = "MLOPS311";
    /// <summary>The Hub refused access (401/403): a private or gated model without a token or an accepted licence.</summary>
    public const string AccessDenied = "MLOPS312";
    /// <summary>The repository, revision or a required file does not exist on the Hub (404).</summary>
    public const string NotFound = "MLOPS313";
    /// <summary>The Hub could not be reached or kept failing (network, timeouts, 5xx) after the retries.</summary>
    public const string Unreachable = "MLOPS314";
    /// <summary>A downloaded file does not match the Hub's hash or size; it was discarded.</summary>
    public const string IntegrityFailed = "MLOPS315";
    /// <summary>A checkpoint folder is not in the Hugging Face layout (no config.json, or no weights).</summary>
    public const string FolderLayout = "MLOPS316";
    /// <summary>base.model is auto (the default) but there is no checkpoint to name the architecture, or the checkpoint names none.</summary>
    public const string AutoWithoutCheckpoint = "MLOPS317";
}
