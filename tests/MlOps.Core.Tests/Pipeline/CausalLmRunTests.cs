using System.Text.Json;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Core.Data.CausalLm;
using MlOps.Core.Evaluation;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Models.Decoders;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Specs;
using MlOps.Text;

namespace MlOps.Core.Tests.Pipeline;

/// <summary>
/// training.objective: causal_lm through the normal run: a tiny random Llama-config folder (byte-level
/// BPE tokenizer) LoRA-tuned on 20 prompt/completion rows; the loss falls, the labels mask the
/// prompts, the model folder reloads to the reported validation loss, and bad rows stop the run at
/// their line.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CausalLmRunTests : IDisposable
{
    private static readonly string[] Words = ["dog", "cat", "fox", "owl", "bee", "cow", "elk", "ram", "hen", "yak", "emu", "ant"];
    private readonly TempRepository repo = new();

    public CausalLmRunTests()
    {
        TinyDecoders.WriteFolder(repo.PathOf("llama"), TinyDecoders.LlamaConfigJson());
        Directory.CreateDirectory(repo.PathOf("data"));
        WriteRows("data/train.jsonl", 20, 0);
        WriteRows("data/val.jsonl", 6, 20);
    }

    public void Dispose() => repo.Dispose();

    [Fact]
    public void A_random_llama_folder_learns_instructions_with_lora_and_saves_a_hub_folder_and_a_peft_adapter()
    {
        var observer = new RecordingObserver();
        var spec = WriteSpec("adapter: { type: lora, r: 4, alpha: 8 }\n", "epochs: 8", "gates:\n  - { metric: perplexity, max: 200 }\n");

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        var history = observer.Epochs;
        Assert.True(outcome.ExitCode == ExitCodes.Passed, Explain(observer, outcome));
        Assert.True(history[^1].TrainLoss < 0.6 * history[0].TrainLoss, $"train loss {history[0].TrainLoss} → {history[^1].TrainLoss}");
        Assert.True(history[^1].ValLoss < history[0].ValLoss, $"val loss {history[0].ValLoss} → {history[^1].ValLoss}");
        var validation = outcome.Result!.Metrics["validation"];
        Assert.Equal(Math.Exp(validation["loss"]), validation["perplexity"], 9);
        Assert.True(outcome.Result.Model.TrainableShare < 0.2, $"trainable share {outcome.Result.Model.TrainableShare}");

        foreach (var file in new[] { "config.json", "model.safetensors", "generation_config.json", "tokenizer.json", "tokenizer_config.json" })
        {
            Assert.True(File.Exists(repo.PathOf(Path.Combine("out", "model", file))), file);
        }
        var (adapter, _) = SafeTensorsFile.Read(repo.PathOf("out/adapter/adapter_model.safetensors"));
        Assert.Equal(
            ["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", "base_model.model.model.layers.0.self_attn.q_proj.lora_B.weight",
             "base_model.model.model.layers.0.self_attn.v_proj.lora_A.weight", "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight",
             "base_model.model.model.layers.1.self_attn.q_proj.lora_A.weight", "base_model.model.model.layers.1.self_attn.q_proj.lora_B.weight",
             "base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight", "base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight"],
            adapter.Keys.Order(StringComparer.Ordinal));
        StateDict.Dispose(adapter);
        using var config = JsonDocument.Parse(File.ReadAllText(repo.PathOf("out/adapter/adapter_config.json")));
        Assert.Equal("CAUSAL_LM", config.RootElement.GetProperty("task_type").GetString());

        // The saved folder is a base checkpoint: loaded back, it scores the validation split as the run did.
        using var reloaded = DecoderWeights.CausalLm(repo.PathOf("out/model"), new SourceLocation("test", 1, 1));
        var data = DatasetLoader.Load(SpecLoader.Load(spec).Spec!);
        using var split = SplitBatches.Of(data.Validation, TorchSharp.torch.CPU, 1);
        var reloadedLoss = CausalLmLoss.Evaluate(reloaded, split, 4)["loss"];
        Assert.True(Math.Abs(reloadedLoss - validation["loss"]) < 1e-5, $"reloaded {reloadedLoss}, run {validation["loss"]}");
    }

    [Fact]
    public void Plain_text_pretrains_a_llama_config_from_scratch_and_the_model_folder_is_the_next_runs_base_checkpoint()
    {
        Directory.CreateDirectory(repo.PathOf("scratch"));
        File.WriteAllText(repo.PathOf("scratch/config.json"), TinyDecoders.LlamaConfigJson(layers: 1));
        File.WriteAllLines(repo.PathOf("data/corpus.csv"), ["text", .. Enumerable.Range(0, 40).Select(i => $"the {Words[i % Words.Length]} sees the {Words[(i * 7) % Words.Length]}.")]);
        var pretrain = repo.WriteSpec("pretrain.yaml", """
            name: llama-scratch
            seed: 4
            base: { model: auto, config: scratch/config.json }
            data: { format: csv, train: data/corpus.csv, text: text, tokenizer: llama }
            training: { objective: causal_lm, max_length: 32, epochs: 4, batch_size: 8, optimizer: { type: adamw, lr: 0.01 }, threads: 1 }
            """);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = pretrain, OutputDirectory = repo.PathOf("pre") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, Explain(observer, outcome));
        Assert.True(observer.Epochs[^1].TrainLoss < 0.7 * observer.Epochs[0].TrainLoss, $"train loss {observer.Epochs[0].TrainLoss} → {observer.Epochs[^1].TrainLoss}");
        Assert.Equal(1.0, outcome.Result!.Model.TrainableShare);
        Assert.True(File.Exists(repo.PathOf("pre/model/tokenizer.json")));
        Assert.False(Directory.Exists(repo.PathOf("pre/adapter")));

        var tune = repo.WriteSpec("tune.yaml", """
            name: llama-tune
            seed: 4
            base: { checkpoint: pre/model }
            data: { format: jsonl, train: data/train.jsonl, validation: data/val.jsonl }
            adapter: { targets: [all-linear], r: 2 }
            training: { objective: causal_lm, max_length: 48, epochs: 1, batch_size: 8, threads: 1 }
            """);
        var second = FineTuneRun.Execute(new RunRequest { SpecPath = tune, OutputDirectory = repo.PathOf("tuned") }, observer, CancellationToken.None);

        Assert.True(second.ExitCode == ExitCodes.Passed, Explain(observer, second));
        Assert.Equal("llama", second.Result!.Model.Architecture);
        var (adapter, _) = SafeTensorsFile.Read(repo.PathOf("tuned/adapter/adapter_model.safetensors"));
        Assert.Contains("base_model.model.model.layers.0.mlp.down_proj.lora_B.weight", adapter.Keys);
        StateDict.Dispose(adapter);
    }

    [Theory]
    [InlineData("\"vocab_size\":261", "\"vocab_size\":200", 48, "MLOPS380")]  // the tokenizer outgrows the model
    [InlineData("", "", 128, "MLOPS378")]                                      // longer than the 64 positions
    public void A_tokenizer_or_length_that_does_not_fit_the_model_is_refused_before_training(string from, string to, int maxLength, string code)
    {
        Directory.CreateDirectory(repo.PathOf("scratch"));
        var config = TinyDecoders.LlamaConfigJson(layers: 1);
        File.WriteAllText(repo.PathOf("scratch/config.json"), from.Length == 0 ? config : config.Replace(from, to, StringComparison.Ordinal));
        var spec = repo.WriteSpec("misfit.yaml", $$"""
            name: llama-misfit
            base: { model: auto, config: scratch/config.json }
            data: { format: jsonl, train: data/train.jsonl, tokenizer: llama }
            training: { objective: causal_lm, max_length: {{maxLength}}, epochs: 1, threads: 1 }
            """);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("misfit") }, observer, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(code, error.Code);
        Assert.EndsWith("misfit.yaml", error.Location.File, StringComparison.Ordinal);
        Assert.Empty(observer.Epochs);
    }

    [Fact]
    public void Labels_mask_the_prompt_and_padding_and_learn_the_completion_and_eos()
    {
        var spec = SpecLoader.Load(WriteSpec("", "epochs: 1", "")).Spec!;
        var data = DatasetLoader.Load(spec);
        var tokenizer = TokenizerLoader.Load(repo.PathOf("llama"));
        var (prompt, completion) = Row(0);
        var promptIds = tokenizer.EncodeContent(prompt);
        var completionIds = tokenizer.EncodeContent(completion);

        var features = data.Train.Features; // row 0 of the training split is line 1 (validation is its own file)
        const int length = 48;
        var ids = features.AsSpan(0, length).ToArray().Select(f => (int)f).ToArray();
        var labels = features.AsSpan(length, length).ToArray().Select(f => (int)f).ToArray();
        var p = 1 + promptIds.Count;
        var c = completionIds.Count;
        Assert.Equal(TinyDecoders.Bos, ids[0]);
        Assert.Equal(promptIds, ids[1..p]);
        Assert.Equal(completionIds, ids[p..(p + c)]);
        Assert.Equal(TinyDecoders.Eos, ids[p + c]);
        Assert.All(ids[(p + c + 1)..], id => Assert.Equal(SequenceRows.Padding, id));
        Assert.All(labels[..p], label => Assert.Equal(TokenSequence.Ignore, label));
        Assert.Equal(ids[p..(p + c + 1)], labels[p..(p + c + 1)]);
        Assert.All(labels[(p + c + 1)..], label => Assert.Equal(TokenSequence.Ignore, label));
        Assert.Equal(p + c + 1, data.Train.Lengths![0]);

        var everything = DatasetLoader.Load(SpecLoader.Load(WriteSpec("", "epochs: 1\n  train_on_prompt: true", "", "all.yaml")).Spec!);
        Assert.Equal(ids[..(p + c + 1)], everything.Train.Features.AsSpan(length, p + c + 1).ToArray().Select(f => (int)f));
    }

    [Fact]
    public void Examples_longer_than_max_length_are_cut_and_counted_in_a_warning()
    {
        var tokenizer = TokenizerLoader.Load(repo.PathOf("llama"));
        int Tokens(int i) => 2 + tokenizer.EncodeContent(Row(i).Prompt).Count + tokenizer.EncodeContent(Row(i).Completion).Count;
        var expected = Enumerable.Range(0, 26).Count(i => Tokens(i) > 20);
        Assert.InRange(expected, 1, 25); // some cut, some not: the count is a count

        var data = DatasetLoader.Load(SpecLoader.Load(WriteSpec("", "epochs: 1", "", maxLength: 20)).Spec!);

        Assert.Equal(expected, data.Train.TruncatedRows + data.Validation.TruncatedRows);
        var warning = Assert.Single(data.Warnings, w => w.Code == CausalLmDataErrorCodes.Truncated);
        Assert.StartsWith($"{expected} of 26 examples", warning.Message, StringComparison.Ordinal);
        Assert.All(data.Train.Lengths!, length => Assert.True(length <= 20));
    }

    [Fact]
    public void Bf16_trains_with_an_fp32_loss_that_falls()
    {
        var observer = new RecordingObserver();
        var spec = WriteSpec("adapter: { r: 4, alpha: 8 }\n", "epochs: 3\n  precision: bf16", "", name: "bf16.yaml");

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("bf16") }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, Explain(observer, outcome));
        Assert.All(observer.Epochs, e => Assert.True(double.IsFinite(e.TrainLoss) && double.IsFinite(e.ValLoss)));
        Assert.True(observer.Epochs[^1].TrainLoss < observer.Epochs[0].TrainLoss, $"train loss {observer.Epochs[0].TrainLoss} → {observer.Epochs[^1].TrainLoss}");
    }

    [Fact]
    public void Packing_fills_rows_with_whole_examples_each_its_own_segment_without_a_target_across_them()
    {
        var padded = DatasetLoader.Load(SpecLoader.Load(WriteSpec("", "epochs: 1\n  train_on_prompt: true", "")).Spec!).Train;
        var packed = DatasetLoader.Load(SpecLoader.Load(WriteSpec("", "epochs: 1\n  train_on_prompt: true\n  packing: true", "", "packed.yaml")).Spec!).Train;

        Assert.Equal([SequenceRows.PackedChannels, 48], packed.SampleShape);
        var (paddedLengths, packedLengths) = (padded.Lengths!, packed.Lengths!);
        Assert.Equal(paddedLengths.Sum(), packedLengths.Sum());
        Assert.True(packed.Rows < padded.Rows, $"{packed.Rows} packed rows for {padded.Rows} examples");
        // Reading the rows' segments back gives every example whole, in order; its first label is not learned.
        var example = 0;
        for (var r = 0; r < packed.Rows; r++)
        {
            var row = packed.Features.AsSpan(r * 3 * 48, 3 * 48).ToArray().Select(f => (int)f).ToArray();
            var segments = row[96..];
            Assert.Equal(packedLengths[r], segments.Count(s => s != SequenceRows.NoSegment));
            foreach (var segment in segments.Where(s => s != SequenceRows.NoSegment).Distinct())
            {
                var start = Array.IndexOf(segments, segment);
                var length = segments.Count(s => s == segment);
                var alone = padded.Features.AsSpan(example * 2 * 48, 2 * 48).ToArray().Select(f => (int)f).ToArray();
                Assert.Equal(paddedLengths[example], length);
                Assert.Equal(alone[..length], row[start..(start + length)]);
                Assert.Equal([TokenSequence.Ignore, .. alone[49..(48 + length)]], row[(48 + start)..(48 + start + length)]);
                example++;
            }
        }
        Assert.Equal(padded.Rows, example);
    }

    [Fact]
    public void A_packed_run_trains_and_reports_the_validation_loss_its_examples_have_unpacked()
    {
        var observer = new RecordingObserver();
        var spec = WriteSpec("adapter: { type: lora, r: 4, alpha: 8 }\n", "epochs: 8\n  packing: true", "", "packed.yaml");

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        var history = observer.Epochs;
        Assert.True(outcome.ExitCode == ExitCodes.Passed, Explain(observer, outcome));
        Assert.True(history[^1].TrainLoss < history[0].TrainLoss, $"train loss {history[0].TrainLoss} → {history[^1].TrainLoss}");
        Assert.True(history[^1].ValLoss < history[0].ValLoss, $"val loss {history[0].ValLoss} → {history[^1].ValLoss}");
        var validation = outcome.Result!.Metrics["validation"];
        Assert.Equal(Math.Exp(validation["loss"]), validation["perplexity"], 9);
        // Isolated examples: the saved model scores the unpacked validation rows as the run scored the packed ones.
        using var reloaded = DecoderWeights.CausalLm(repo.PathOf("out/model"), new SourceLocation("test", 1, 1));
        var unpacked = DatasetLoader.Load(SpecLoader.Load(WriteSpec("", "epochs: 1", "")).Spec!);
        using var split = SplitBatches.Of(unpacked.Validation, TorchSharp.torch.CPU, 1);
        var loss = CausalLmLoss.Evaluate(reloaded, split, 4)["loss"];
        Assert.True(Math.Abs(loss - validation["loss"]) < 1e-5, $"unpacked {loss}, packed run {validation["loss"]}");
    }

    [Theory]
    [InlineData("{\"prompt\": \"a very long prompt that goes on and on and on beyond the limit\", \"completion\": \" x\"}", "MLOPS282", 3, 2)]
    [InlineData("{\"instruction\": \"name it\", \"input\": \"\", \"output\": \"dog\"}", "MLOPS280", 3, 1)]
    [InlineData("{\"prompt\": \"name it\"}", "MLOPS281", 3, 1)]
    [InlineData("{\"prompt\": \"name it\", \"completion\": 7}", "MLOPS281", 3, 23)]
    [InlineData("{\"messages\": [{\"role\": \"robot\", \"content\": \"hi\"}]}", "MLOPS280", 3, 1)]
    public void A_bad_row_stops_the_run_at_its_line_and_column(string row, string code, int line, int column)
    {
        var lines = File.ReadAllLines(repo.PathOf("data/train.jsonl")).ToList();
        lines.Insert(line - 1, row);
        File.WriteAllLines(repo.PathOf("data/train.jsonl"), lines);
        var observer = new RecordingObserver();

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = WriteSpec("", "epochs: 1", "", maxLength: 16), OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(code, error.Code);
        Assert.EndsWith("train.jsonl", error.Location.File, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.False(Directory.Exists(repo.PathOf("out/model")));
    }

    [Fact]
    public void Chat_records_learn_only_the_assistant_turns_rendered_by_the_chat_template()
    {
        WriteChatTokenizer();
        File.WriteAllText(repo.PathOf("data/chat.jsonl"),
            "{\"messages\": [{\"role\": \"system\", \"content\": \"be brief\"}, {\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}\n"
            + "{\"messages\": [{\"role\": \"user\", \"content\": \"dog\"}, {\"role\": \"assistant\", \"content\": \"cat\"}]}\n");
        var spec = SpecLoader.Load(WriteSpec("", "epochs: 1", "", train: "data/chat.jsonl", maxLength: 96, tokenizer: "chat")).Spec!;

        var data = DatasetLoader.Load(spec);

        var tokenizer = TokenizerLoader.Load(repo.PathOf("chat"));
        var expectedPrompt = tokenizer.EncodeContent("system: be brief\nuser: hi\nassistant:");
        var expectedAnswer = tokenizer.EncodeContent(" yo<|end_of_text|>\n");
        var row = data.Train.Features.AsSpan(0, 192).ToArray().Select(f => (int)f).ToArray();
        var length = expectedPrompt.Count + expectedAnswer.Count;
        Assert.Equal([.. expectedPrompt, .. expectedAnswer], row[..length]);
        Assert.Equal([.. Enumerable.Repeat(TokenSequence.Ignore, expectedPrompt.Count), .. expectedAnswer], row[96..(96 + length)]);
        Assert.Equal("system: be brief\nuser: hi\nassistant:", data.CausalLm!.Train![0].Prompt);
        Assert.Equal(" yo<|end_of_text|>\n", data.CausalLm.Train[0].Completion);
    }

    [Theory]
    [InlineData(true, "MLOPS283", 2, 59)]
    [InlineData(false, "MLOPS381", 1, 2)]
    public void A_chat_message_with_an_unknown_role_or_no_chat_template_is_an_error_at_the_record(bool template, string code, int line, int column)
    {
        WriteChatTokenizer();
        File.WriteAllText(repo.PathOf("data/chat.jsonl"),
            "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"assistant\", \"content\": \"hello\"}]}\n"
            + "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"robot\", \"content\": \"beep\"}]}\n");
        var observer = new RecordingObserver();
        var spec = WriteSpec("", "epochs: 1", "", train: "data/chat.jsonl", tokenizer: template ? "chat" : "llama");

        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out") }, observer, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, outcome.ExitCode);
        var error = Assert.Single(observer.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(code, error.Code);
        Assert.EndsWith("chat.jsonl", error.Location.File, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
    }

    /// <summary>The tiny tokenizer with a chat template that ends assistant turns with eos_token.</summary>
    private void WriteChatTokenizer()
    {
        var chat = repo.PathOf("chat");
        Directory.CreateDirectory(chat);
        TinyDecoders.WriteTokenizer(chat);
        const string Template = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}{% if m['role'] == 'assistant' %}{{ eos_token }}{% endif %}{{ '\\n' }}{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}";
        File.WriteAllText(Path.Combine(chat, "tokenizer_config.json"), JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["bos_token"] = "<|begin_of_text|>", ["eos_token"] = "<|end_of_text|>", ["pad_token"] = "<|end_of_text|>",
            ["tokenizer_class"] = "PreTrainedTokenizerFast", ["chat_template"] = Template,
        }));
    }

    private static (string Prompt, string Completion) Row(int i)
    {
        var word = Words[i % Words.Length];
        var other = Words[(i * 5 + 3) % Words.Length];
        return ($"Say {word} {other}:", $" {other} {word}!");
    }

    private void WriteRows(string name, int count, int offset) =>
        File.WriteAllLines(repo.PathOf(name), Enumerable.Range(offset, count).Select(i =>
        {
            var (prompt, completion) = Row(i);
            return JsonSerializer.Serialize(new { prompt, completion });
        }));

    private string WriteSpec(string adapter, string training, string gates, string name = "clm.yaml", string train = "data/train.jsonl", int maxLength = 48, string tokenizer = "llama") =>
        repo.WriteSpec(name, $"""
            name: llama-instruct
            seed: 3
            base: {"{"} checkpoint: llama {"}"}
            data:
              format: jsonl
              train: {train}
              validation: data/val.jsonl
              tokenizer: {tokenizer}
            {adapter}training:
              objective: causal_lm
              max_length: {maxLength}
              {training}
              batch_size: 4
              optimizer: {"{"} type: adamw, lr: 0.01 {"}"}
              threads: 1
            {gates}
            """);

    private static string Explain(RecordingObserver observer, RunOutcome outcome) =>
        $"exit {outcome.ExitCode}\n" + string.Join("\n", observer.Diagnostics.Select(d => $"{d.Code} {d.Location} {d.Message}").Concat(observer.Messages));
}
