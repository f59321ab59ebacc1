using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Data.Prompts;

/// <summary>
/// A prompts file for <c>mlops generate</c>: JSON Lines, each line <c>{"prompt": "…"}</c> or
/// <c>{"messages": [{"role": "system|user|assistant", "content": "…"}, …]}</c> (OpenAI's chat shape).
/// Blank lines are skipped. Every fault is an MlOpsException at file(line,column).
/// </summary>
public static class PromptFile
{
    public static readonly IReadOnlyList<string> Roles = ["system", "user", "assistant"];

    /// <exception cref="MlOpsException">MLOPS200 (no file), MLOPS290–292, MLOPS294.</exception>
    public static IReadOnlyList<PromptRecord> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw DataError.File(DataErrorCodes.FileNotFound, path, $"the prompts file '{path}' does not exist: give a JSON Lines file of {{\"prompt\": …}} or {{\"messages\": […]}} lines");
        }
        var records = new List<PromptRecord>();
        var number = 0;
        try
        {
            foreach (var text in File.ReadLines(path, new UTF8Encoding(false, true)))
            {
                number++;
                var line = number == 1 ? text.TrimStart('\uFEFF') : text;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    records.Add(Parse(path, number, line));
                }
            }
        }
        catch (DecoderFallbackException)
        {
            throw DataError.At(PromptErrorCodes.NotAnObject, path, number + 1, 1, $"line {number + 1} is not UTF-8 text: save the prompts file as UTF-8");
        }
        if (records.Count == 0)
        {
            throw DataError.File(PromptErrorCodes.Empty, path, "the prompts file holds no prompt: write one JSON object per line");
        }
        return records;
    }

    /// <summary>One non-blank line.</summary>
    public static PromptRecord Parse(string path, int number, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            var column = JsonLinePositions.ColumnOf(bytes, e.BytePositionInLine ?? 0);
            throw DataError.At(PromptErrorCodes.NotAnObject, path, number, column, $"line {number} is not valid JSON ({FirstSentence(e.Message)}): write one JSON object per line");
        }
        using (document)
        {
            var root = document.RootElement;
            var where = new JsonLinePositions(bytes);
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw DataError.At(PromptErrorCodes.NotAnObject, path, number, 1, $"line {number} is a JSON {Kind(root)}, not an object: write {{\"prompt\": \"…\"}} or {{\"messages\": […]}}");
            }
            var other = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("prompt" or "messages"));
            if (other is not null)
            {
                throw Shape(path, number, where.Of(other), $"line {number} has the key \"{other}\": a prompt line holds only \"prompt\" or \"messages\"");
            }
            var hasPrompt = root.TryGetProperty("prompt", out var prompt);
            var hasMessages = root.TryGetProperty("messages", out var messages);
            if (hasPrompt == hasMessages)
            {
                throw Shape(path, number, 1, hasPrompt
                    ? $"line {number} has both \"prompt\" and \"messages\": keep one"
                    : $"line {number} has neither \"prompt\" nor \"messages\": write {{\"prompt\": \"…\"}} or {{\"messages\": [{{\"role\": \"user\", \"content\": \"…\"}}]}}");
            }
            if (hasPrompt)
            {
                if (prompt.ValueKind != JsonValueKind.String)
                {
                    throw Shape(path, number, where.Of("prompt"), $"line {number}: \"prompt\" is a JSON {Kind(prompt)}, not a string");
                }
                return new PromptRecord(number, prompt.GetString()!, null);
            }
            return new PromptRecord(number, null, Messages(path, number, messages, where));
        }
    }

    private static List<PromptMessage> Messages(string path, int number, JsonElement messages, JsonLinePositions where)
    {
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw Shape(path, number, where.Of("messages"), $"line {number}: \"messages\" must be a non-empty array of {{\"role\", \"content\"}} objects");
        }
        var result = new List<PromptMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"messages/{index}");
            var what = string.Create(CultureInfo.InvariantCulture, $"line {number}, message {index + 1}");
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw Message(path, number, where.Of(at), $"{what} is a JSON {Kind(message)}, not a {{\"role\", \"content\"}} object");
            }
            var extra = message.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("role" or "content"));
            if (extra is not null)
            {
                throw Message(path, number, where.Of($"{at}/{extra}"), $"{what} has the key \"{extra}\": a message holds only \"role\" and \"content\"");
            }
            if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw Message(path, number, where.Of($"{at}/role"), $"{what} needs \"role\" as a string: one of {string.Join(", ", Roles)}");
            }
            if (!Roles.Contains(role.GetString(), StringComparer.Ordinal))
            {
                throw Message(path, number, where.Of($"{at}/role"), $"{what} has the role \"{role.GetString()}\": use one of {string.Join(", ", Roles)}");
            }
            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw Message(path, number, where.Of($"{at}/content"), $"{what} needs \"content\" as a string");
            }
            result.Add(new PromptMessage(role.GetString()!, content.GetString()!));
            index++;
        }
        return result;
    }

    private static MlOpsException Shape(string path, int line, int column, string message) =>
        DataError.At(PromptErrorCodes.BadShape, path, line, column, message);

    private static MlOpsException Message(string path, int line, int column, string message) =>
        DataError.At(PromptErrorCodes.BadMessage, path, line, column, message);

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd('.');
    }
}
