namespace MlOps.Core.Data.Prompts;

/// <summary>Codes of a prompts file (<c>mlops generate --prompts</c>), in the data range.</summary>
public static class PromptErrorCodes
{
    /// <summary>A line is not one JSON object.</summary>
    public const string NotAnObject = "MLOPS290";
    /// <summary>A line has neither "prompt" nor "messages", both, another key, or a value of the wrong type.</summary>
    public const string BadShape = "MLOPS291";
    /// <summary>A message is not {"role", "content"} strings, or its role is not system, user or assistant.</summary>
    public const string BadMessage = "MLOPS292";
    /// <summary>Chat messages, but the model's tokenizer has no chat template.</summary>
    public const string NoChatTemplate = "MLOPS293";
    /// <summary>The prompts file holds no prompt.</summary>
    public const string Empty = "MLOPS294";
}
