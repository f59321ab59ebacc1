namespace MlOps.Core.Data.CausalLm;

/// <summary>Stable codes for causal-LM data: instruction JSON Lines and their sequences (MLOPS280–289).</summary>
public static class CausalLmDataErrorCodes
{
    /// <summary>A record is none of the instruction shapes, or another shape than the file's first record.</summary>
    public const string UnknownShape = "MLOPS280";
    /// <summary>A record of the file's shape lacks a field, or a field is not text (messages: not a list of {role, content}).</summary>
    public const string BadField = "MLOPS281";
    /// <summary>A prompt alone fills training.max_length, leaving no room for a completion token.</summary>
    public const string PromptTooLong = "MLOPS282";
    /// <summary>A chat message's role is not system, user or assistant.</summary>
    public const string UnknownRole = "MLOPS283";
    /// <summary>Warning: sequences longer than training.max_length were cut (counted).</summary>
    public const string Truncated = "MLOPS284";
}
