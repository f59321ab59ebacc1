using System.CommandLine;
using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Text;

namespace MlOps.Cli.Tests.Commands;

/// <summary>
/// `mlops generate` end to end on a tiny random Llama folder (byte-level BPE tokenizer.json): its
/// outputs equal greedy decoding of each prompt alone through the library, a run folder reads its
/// model/, and a bad prompts line is exit 2 at file(line,col) with nothing written.
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class GenerateCommandTests : IDisposable
{
    private static readonly string[] Prompts = ["the quick dog", "a", "dog dog dog over the lazy fox"];
    private readonly string root = Directory.CreateTempSubdirectory("mlops-cli-generate-").FullName;
    private readonly string model;
    private readonly string prompts;

    public GenerateCommandTests()
    {
        model = Path.Combine(root, "llama");
        TinyDecoders.WriteFolder(model, TinyDecoders.LlamaConfigJson());
        prompts = Path.Combine(root, "prompts.jsonl");
        File.WriteAllLines(prompts, Prompts.Select(p => JsonSerializer.Serialize(new { prompt = p })));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static List<(string Prompt, string Output)> ReadOutputs(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            using var document = JsonDocument.Parse(line);
            return (document.RootElement.GetProperty("prompt").GetString()!, document.RootElement.GetProperty("output").GetString()!);
        })];

    /// <summary>Each prompt alone (no batching, no padding) through the library's greedy decoding.</summary>
    private string[] GreedyOneByOne(int maxNewTokens)
    {
        using var decoder = DecoderWeights.CausalLm(model, SourceLocation.None(model));
        var tokenizer = TokenizerLoader.Load(model);
        return [.. Prompts.Select(p => tokenizer.Decode(
            TextGeneration.Generate(decoder, [tokenizer.EncodeWithSpecialTokens(p)], new GenerationOptions { MaxNewTokens = maxNewTokens }, SourceLocation.None(model))[0]))];
    }

    [Fact]
    public void Writes_one_output_per_prompt_equal_to_greedy_decoding_of_each_prompt()
    {
        var outFile = Path.Combine(root, "out.jsonl");

        var (exit, _, error) = Run("generate", model, "--prompts", prompts, "--out", outFile, "--max-new-tokens", "6");

        Assert.True(exit == 0, error);
        var written = ReadOutputs(File.ReadAllText(outFile));
        Assert.Equal(Prompts, written.Select(w => w.Prompt));
        Assert.Equal(GreedyOneByOne(6), written.Select(w => w.Output));
        Assert.Contains(written, w => w.Output.Length > 0);
    }

    [Fact]
    public void A_run_folder_generates_with_its_model_folder()
    {
        var run = Path.Combine(root, "run");
        Directory.CreateDirectory(Path.Combine(run, "model"));
        foreach (var file in Directory.GetFiles(model))
        {
            File.Copy(file, Path.Combine(run, "model", Path.GetFileName(file)));
        }
        File.WriteAllText(Path.Combine(run, "result.json"), "{}");

        var fromRun = Run("generate", run, "--prompts", prompts, "--max-new-tokens", "4");
        var fromModel = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "4");

        Assert.True(fromRun.Exit == 0, fromRun.Err);
        Assert.Equal(fromModel.Out, fromRun.Out);
        Assert.Equal(3, ReadOutputs(fromRun.Out).Count);
    }

    [Fact]
    public void A_seed_samples_reproducibly()
    {
        var first = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "8", "--seed", "1");
        var again = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "8", "--seed", "1");
        var other = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "8", "--seed", "2");

        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(first.Out, again.Out);
        Assert.NotEqual(first.Out, other.Out);
    }

    [Theory]
    [InlineData("{\"prompt\": \"fine\"}\n{\"prompt\": [\"not text\"]}\n", "(2,12): error MLOPS291")]
    [InlineData("{\"prompt\": \"fine\"}\n{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n", "(2,1): error MLOPS293")]
    [InlineData("{\"prompt\": \"fine\"}\n\n{\"messages\": [{\"role\": \"narrator\", \"content\": \"hi\"}]}\n", "(3,24): error MLOPS292")]
    public void A_bad_prompts_line_is_exit_2_at_its_line_and_nothing_is_written(string text, string expected)
    {
        File.WriteAllText(prompts, text);
        var outFile = Path.Combine(root, "out.jsonl");

        var (exit, _, error) = Run("generate", model, "--prompts", prompts, "--out", outFile, "--max-new-tokens", "4");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.True(error.Contains(prompts + expected, StringComparison.Ordinal), error);
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void A_prompt_longer_than_the_model_allows_is_exit_2_at_its_line()
    {
        File.WriteAllText(prompts, "{\"prompt\": \"ok\"}\n" + JsonSerializer.Serialize(new { prompt = string.Join(' ', Enumerable.Repeat("dog", 70)) }) + "\n");

        var (exit, _, error) = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "4");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.True(error.Contains(prompts + "(2,1): error MLOPS375", StringComparison.Ordinal), error);
    }

    [Fact]
    public void Chat_messages_are_rendered_with_the_chat_template_and_generation_prompt()
    {
        const string Template = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}";
        File.WriteAllText(Path.Combine(model, "tokenizer_config.json"), JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|end_of_text|>", ["pad_token"] = "<|end_of_text|>", ["chat_template"] = Template,
        }));
        File.WriteAllText(prompts, "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"the dog\"}]}\n");

        var (exit, output, error) = Run("generate", model, "--prompts", prompts, "--max-new-tokens", "5");

        Assert.True(exit == 0, error);
        using var line = JsonDocument.Parse(output.Trim());
        Assert.Equal("the dog", line.RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
        // The rendered conversation, encoded without added special tokens (apply_chat_template(tokenize=True)).
        using var decoder = DecoderWeights.CausalLm(model, SourceLocation.None(model));
        var tokenizer = TokenizerLoader.Load(model);
        var ids = tokenizer.EncodeContent("system: Be brief.\nuser: the dog\nassistant:");
        var expected = tokenizer.Decode(TextGeneration.Generate(decoder, [ids], new GenerationOptions { MaxNewTokens = 5 }, SourceLocation.None(model))[0]);
        Assert.Equal(expected, line.RootElement.GetProperty("output").GetString());
    }
}
