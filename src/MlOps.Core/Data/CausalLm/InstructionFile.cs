using System.Text;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Text;

namespace MlOps.Core.Data.CausalLm;

/// <summary>
/// Reads instruction data from a JSON Lines file: the shape (<see cref="InstructionShape"/>) is the
/// first record's, and every record must have it; a record of another shape, a missing field or a
/// field that is not text is an error at its line and column. Blank lines are skipped.
/// </summary>
internal static class InstructionFile
{
    /// <summary>Renders messages through the tokenizer's chat template.</summary>
    public delegate string ChatRenderer(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);

    private static readonly string[] Roles = ["system", "user", "assistant"];

    public static (InstructionShape Shape, List<InstructionExample> Examples) Read(string path, ChatRenderer chat, CancellationToken ct)
    {
        InstructionShape? shape = null;
        var examples = new List<InstructionExample>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if ((lineNumber & 1023) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var record = Parse(path, line, lineNumber);
            var root = record.RootElement;
            var keys = root.EnumerateObject().Select(p => p.Name).ToList();
            var mine = InstructionShapes.Of(keys)
                ?? throw DataError.At(CausalLmDataErrorCodes.UnknownShape, path, lineNumber, 1,
                    $"line {lineNumber} has the keys [{string.Join(", ", keys)}], which is none of the instruction shapes: {InstructionShape.PromptCompletion.Describe()}, {InstructionShape.Messages.Describe()} or {InstructionShape.Alpaca.Describe()}.");
            shape ??= mine;
            if (mine != shape)
            {
                throw DataError.At(CausalLmDataErrorCodes.UnknownShape, path, lineNumber, 1,
                    $"line {lineNumber} is a {mine.Describe()} record, but the file's first record is {shape.Value.Describe()}: keep one shape per file (split the file, or convert the rows).");
            }
            examples.Add(mine switch
            {
                InstructionShape.PromptCompletion => InstructionExample.PromptCompletion(
                    Text(path, line, lineNumber, root, "prompt", required: true)!, Text(path, line, lineNumber, root, "completion", required: true)!, lineNumber, Column(line, "prompt")),
                InstructionShape.Alpaca => InstructionExample.PromptCompletion(
                    AlpacaTemplate.Prompt(Text(path, line, lineNumber, root, "instruction", required: true)!, Text(path, line, lineNumber, root, "input", required: false)),
                    Text(path, line, lineNumber, root, "output", required: true)!, lineNumber, Column(line, "instruction")),
                _ => Conversation(path, line, lineNumber, root, chat),
            });
        }
        if (examples.Count == 0)
        {
            throw DataError.File(DataErrorCodes.Empty, path, "holds no instruction records: add one JSON object per line.");
        }
        return (shape!.Value, examples);
    }

    private static JsonDocument Parse(string path, string line, int lineNumber)
    {
        try
        {
            var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw DataError.At(DataErrorCodes.JsonlMalformed, path, lineNumber, 1, $"line {lineNumber} is not a JSON object: write one {{…}} record per line.");
            }
            return document;
        }
        catch (JsonException e)
        {
            throw DataError.At(DataErrorCodes.JsonlMalformed, path, lineNumber, (int)(e.BytePositionInLine ?? 0) + 1, $"line {lineNumber} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A text field; null when absent and not required (Alpaca's input).</summary>
    private static string? Text(string path, string line, int lineNumber, JsonElement record, string name, bool required)
    {
        if (!record.TryGetProperty(name, out var value) || (value.ValueKind == JsonValueKind.Null && !required))
        {
            return required
                ? throw DataError.At(CausalLmDataErrorCodes.BadField, path, lineNumber, 1,
                    $"line {lineNumber} has no \"{name}\" field, which every record of this file's shape needs: add it (an empty string is allowed).")
                : null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            throw DataError.At(CausalLmDataErrorCodes.BadField, path, lineNumber, Column(line, name),
                $"line {lineNumber}: \"{name}\" is {value.ValueKind.ToString().ToLowerInvariant()}, not a string: write the text in quotes.");
        }
        return value.GetString()!;
    }

    private static InstructionExample Conversation(string path, string line, int lineNumber, JsonElement record, ChatRenderer chat)
    {
        var column = Column(line, "messages");
        if (record.GetProperty("messages") is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            throw DataError.At(CausalLmDataErrorCodes.BadField, path, lineNumber, column,
                $"line {lineNumber}: \"messages\" must be a non-empty list of {{\"role\", \"content\"}} objects.");
        }
        var messages = new List<ChatMessage>();
        foreach (var message in list.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String
                || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
            {
                throw DataError.At(CausalLmDataErrorCodes.BadField, path, lineNumber, column,
                    $"line {lineNumber}: message {messages.Count + 1} is not a {{\"role\": \"…\", \"content\": \"…\"}} object with text values.");
            }
            var name = role.GetString()!;
            if (!Roles.Contains(name))
            {
                throw DataError.At(CausalLmDataErrorCodes.UnknownRole, path, lineNumber, Column(line, "role", name),
                    $"line {lineNumber}: message {messages.Count + 1} has the role '{name}'; the roles are {string.Join(", ", Roles)}.");
            }
            messages.Add(new ChatMessage(name, content.GetString()!));
        }
        if (!messages.Any(m => m.Role == "assistant"))
        {
            throw DataError.At(CausalLmDataErrorCodes.BadField, path, lineNumber, column,
                $"line {lineNumber}: the conversation has no assistant message, so nothing to learn: add the answer as {{\"role\": \"assistant\", \"content\": …}}.");
        }
        try
        {
            return ChatSegments.Split(messages, chat, path, lineNumber, column);
        }
        catch (MlOpsException e) when (e.Diagnostics.Count == 1 && e.Diagnostics[0].Location.File != path)
        {
            // No template (MLOPS381), or one that refuses this conversation (MLOPS383): said at the record that needs it.
            throw DataError.At(e.Diagnostics[0].Code, path, lineNumber, column, $"line {lineNumber}: {e.Diagnostics[0].Message}");
        }
    }

    /// <summary>1-based column of <c>"name"</c> (and, given, its value) in the line; 1 when not found.</summary>
    private static int Column(string line, string name, string? value = null)
    {
        var key = line.IndexOf($"\"{name}\"", StringComparison.Ordinal);
        if (key >= 0 && value is not null)
        {
            var at = line.IndexOf($"\"{value}\"", key, StringComparison.Ordinal);
            key = at >= 0 ? at : key;
        }
        return key + 1 > 0 ? key + 1 : 1;
    }
}
