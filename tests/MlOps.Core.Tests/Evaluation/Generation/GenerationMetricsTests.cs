using System.Text.Json;
using MlOps.Core.Evaluation.Generation;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Evaluation.Generation;

/// <summary>
/// Exact match and token F1 against SQuAD 2.0's evaluation script, ROUGE-L against rouge-score's
/// tokenizer and LCS F-measure: Reference/make_reference.py carries both definitions verbatim and
/// wrote reference.json. Plus hand-checked cases that say why a value is what it is.
/// </summary>
public sealed class GenerationMetricsTests
{
    private static readonly string ReferenceFile = Path.Combine(SourceTree.Root, "tests", "MlOps.Core.Tests", "Evaluation", "Generation", "Reference", "reference.json");

    public static TheoryData<string, string, double, double, double> ReferenceCases()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferenceFile));
        var data = new TheoryData<string, string, double, double, double>();
        foreach (var row in document.RootElement.EnumerateArray())
        {
            data.Add(row.GetProperty("prediction").GetString()!, row.GetProperty("reference").GetString()!,
                row.GetProperty("exact_match").GetDouble(), row.GetProperty("token_f1").GetDouble(), row.GetProperty("rouge_l").GetDouble());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Metrics_match_the_Python_definitions(string prediction, string reference, double exactMatch, double tokenF1, double rougeL)
    {
        Assert.Equal(exactMatch, SquadText.ExactMatch(prediction, reference), 12);
        Assert.Equal(tokenF1, SquadText.TokenF1(prediction, reference), 12);
        Assert.Equal(rougeL, RougeL.FMeasure(prediction, reference), 12);
    }

    [Fact]
    public void Reference_file_covers_enough_cases() =>
        Assert.True(ReferenceCases().Count >= 15);

    [Fact]
    public void Normalisation_drops_case_punctuation_articles_and_extra_space() =>
        Assert.Equal("cat sat on mat", SquadText.Normalize("  The CAT, sat on\ta mat! "));

    [Fact]
    public void Token_f1_counts_repeated_tokens_once_per_occurrence()
    {
        // prediction [red, red, blue], reference [red, blue, blue]: common multiset {red, blue} = 2,
        // precision 2/3, recall 2/3, F1 2/3.
        Assert.Equal(2.0 / 3, SquadText.TokenF1("red red blue", "red blue blue"), 12);
    }

    [Fact]
    public void Rouge_l_is_order_sensitive_where_token_f1_is_not()
    {
        // Same bag of words, reversed: F1 1, longest common subsequence 1 of 6 tokens.
        Assert.Equal(1.0, SquadText.TokenF1("a1 b c d e f", "f e d c b a1"), 12);
        Assert.Equal(1.0 / 6, RougeL.FMeasure("a1 b c d e f", "f e d c b a1"), 12);
    }

    [Fact]
    public void Rouge_tokenizer_splits_on_anything_but_ascii_letters_and_digits() =>
        Assert.Equal(["x", "ray", "caf", "3", "14"], RougeL.Tokenize("X-ray café 3.14"));

    [Fact]
    public void Longest_common_subsequence_of_known_lists() =>
        Assert.Equal(4, RougeL.LongestCommonSubsequence(["a", "b", "c", "b", "d", "a", "b"], ["b", "d", "c", "a", "b", "a"]));
}
