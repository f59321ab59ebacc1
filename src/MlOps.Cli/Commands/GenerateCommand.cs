using System.CommandLine;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Data.Prompts;
using MlOps.Core.Evaluation.Generation;
using MlOps.Core.Models.Decoders;
using MlOps.Specs.Hub;

namespace MlOps.Cli.Commands;

/// <summary>
/// `mlops generate &lt;run-or-model-folder | hf://owner/name[@rev]&gt; --prompts prompts.jsonl [--out out.jsonl]`: continues every
/// prompt with the run's model (or a Hugging Face decoder folder, with an optional PEFT adapter) and writes
/// one {prompt, output} line per prompt, whole or not at all. Greedy unless --seed asks for sampling.
/// Exit 0 written, 2 bad input (a prompts line, a folder that is no decoder), 3 when the output cannot be written.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "A run's output folder (its model/), a Hugging Face decoder folder (config.json, weights, tokenizer), or hf://owner/name[@revision] (through the Hub cache, as base.checkpoint)." };
        var prompts = new Option<string>("--prompts") { Description = "JSON Lines of {\"prompt\": …} or {\"messages\": [{\"role\", \"content\"}…]} (rendered with the chat template).", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write the JSON Lines of {prompt, output} (default: standard output)." };
        var adapter = new Option<string?>("--adapter") { Description = "A PEFT LoRA adapter folder to merge into the model first." };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate at most per prompt.", DefaultValueFactory = _ => 64 };
        var seed = new Option<long?>("--seed") { Description = "Sample (temperature, top-k, top-p) with this seed instead of greedy decoding." };
        var temperature = new Option<double>("--temperature") { Description = "With --seed: softmax temperature.", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "With --seed: keep the k most likely tokens (0: all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "With --seed: nucleus sampling mass (1: all).", DefaultValueFactory = _ => 1.0 };
        var command = new Command("generate", "Continue prompts from a JSON Lines file with a run's decoder (or a Hugging Face folder) and write the outputs as JSON Lines.")
        {
            model, prompts, output, adapter, maxNew, seed, temperature, topK, topP,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxNew),
                Sample = parse.GetValue(seed) is not null,
                Seed = parse.GetValue(seed) ?? 0,
                Temperature = parse.GetValue(temperature),
                TopK = parse.GetValue(topK),
                TopP = parse.GetValue(topP),
            };
            var promptsFile = parse.GetValue(prompts)!;
            string text;
            try
            {
                var records = PromptFile.Read(promptsFile);
                using var decoder = PromptedDecoder.Load(parse.GetValue(model)!, parse.GetValue(adapter), m => stderr.WriteLine(m));
                var encoded = new List<IReadOnlyList<int>>(records.Count);
                foreach (var record in records)
                {
                    var ids = decoder.Encode(record, promptsFile);
                    decoder.CheckLength(ids, options.MaxNewTokens, new SourceLocation(promptsFile, record.Line, 1));
                    encoded.Add(ids);
                }
                var outputs = decoder.Generate(encoded, options, SourceLocation.None(promptsFile));
                text = GenerationOutputFile.Format(records, outputs);
            }
            catch (MlOpsException e)
            {
                stderr.WriteLine(e.Message);
                // The Hub unreachable or serving damaged files is the environment's fault, not the input's.
                return e.Diagnostics.Any(d => d.Code is HubErrorCodes.Unreachable or HubErrorCodes.IntegrityFailed) ? ExitCodes.EnvironmentFault : ExitCodes.BadInput;
            }
            if (parse.GetValue(output) is not { } outFile)
            {
                stdout.Write(text);
                return ExitCodes.Passed;
            }
            try
            {
                OutputLayout.WriteAtomically(Path.GetFullPath(outFile), text);
                return ExitCodes.Passed;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"mlops generate: error {GeneralErrorCodes.OutputUnwritable}: cannot write '{outFile}': {e.Message}");
                return ExitCodes.EnvironmentFault;
            }
        });
        return command;
    }
}
