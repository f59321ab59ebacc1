using System.Text;

namespace MlOps.Core.Tests.Text;

/// <summary>
/// JSON Lines of short texts in <see cref="TokenizerFiles.WordPieceVocabulary"/>'s words: 85 % of a
/// text's words come from one list, so its topic ("animal" or "other", alternating rows) is learnable.
/// </summary>
internal static class TopicCorpus
{
    private static readonly string[] AnimalWords = ["fox", "dog", "jump", "lazy", "brown", "quick"];
    private static readonly string[] OtherWords = ["cafe", "naive", "want", "don", "over", "un"];

    /// <param name="minWords">Texts have minWords to 12 words, plus a period.</param>
    /// <param name="labelled">Write the "topic" field.</param>
    /// <param name="withSource">Also a "source" field ("x" every third row, else "y"), e.g. for a sensitive column.</param>
    public static void Write(string path, int rows, int seed, int minWords = 2, bool labelled = true, bool withSource = false)
    {
        var random = new Random(seed);
        var lines = new StringBuilder();
        for (var i = 0; i < rows; i++)
        {
            var animal = i % 2 == 0;
            var words = Enumerable.Range(0, random.Next(minWords, 13)).Select(_ =>
                (random.NextDouble() < 0.85) == animal ? AnimalWords[random.Next(AnimalWords.Length)] : OtherWords[random.Next(OtherWords.Length)]);
            var topic = labelled ? $$""", "topic": "{{(animal ? "animal" : "other")}}" """.TrimEnd() : "";
            var source = withSource ? $$""", "source": "{{(i % 3 == 0 ? "x" : "y")}}" """.TrimEnd() : "";
            lines.AppendLine($$"""{"text": "{{string.Join(' ', words)}}."{{topic}}{{source}}}""");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, lines.ToString());
    }
}
