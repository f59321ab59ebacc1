using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Data;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Text;

/// <summary>A changed vocabulary must retrain: the tokenizer's files are fingerprint inputs.</summary>
public sealed class TokenizerFingerprintTests : IDisposable
{
    private readonly TokenizerFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Editing_vocab_txt_or_its_config_changes_the_fingerprint()
    {
        var folder = files.BertVocabTxt("fp", """{ "do_lower_case": true }""");
        var train = Path.Combine(files.Folder("data", ("train.csv", "text,label\nthe dog,a\n")), "train.csv");
        var spec = DataFixture.Spec(new DataSpec { Train = train, Text = "text", Tokenizer = folder });
        var before = SpecFingerprint.Compute(spec, "cpu");

        File.AppendAllText(Path.Combine(folder, "vocab.txt"), "extra\n");
        var afterVocab = SpecFingerprint.Compute(spec, "cpu");
        File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), """{ "do_lower_case": false }""");
        var afterConfig = SpecFingerprint.Compute(spec, "cpu");

        Assert.Contains(Path.Combine(folder, "tokenizer_config.json"), SpecFingerprint.InputFiles(spec));
        Assert.NotEqual(before, afterVocab);
        Assert.NotEqual(afterVocab, afterConfig);
    }
}
