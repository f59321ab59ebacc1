using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MlOps.Core.Data.Prompts;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>
/// What <c>mlops generate</c> writes: one JSON object per prompt, in the prompts file's order, repeating
/// the prompt as it was given (<c>"prompt"</c>, or <c>"messages"</c>) and adding <c>"output"</c>.
/// </summary>
public static class GenerationOutputFile
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    public static string Format(IReadOnlyList<PromptRecord> prompts, IReadOnlyList<string> outputs)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(outputs);
        if (prompts.Count != outputs.Count)
        {
            throw new ArgumentException("one output per prompt", nameof(outputs));
        }
        var text = new StringBuilder();
        for (var i = 0; i < prompts.Count; i++)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Options))
            {
                writer.WriteStartObject();
                if (prompts[i].Messages is { } messages)
                {
                    writer.WriteStartArray("messages");
                    foreach (var message in messages)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("role", message.Role);
                        writer.WriteString("content", message.Content);
                        writer.WriteEndObject();
                    }
                    writer.WriteEndArray();
                }
                else
                {
                    writer.WriteString("prompt", prompts[i].Prompt);
                }
                writer.WriteString("output", outputs[i]);
                writer.WriteEndObject();
            }
            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }
        return text.ToString();
    }
}
