using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Data.Prompts;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Models.Hub;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Hub;
using MlOps.Text;

namespace MlOps.Core.Evaluation.Generation;

/// <summary>
/// A causal language model with its tokenizer, ready to continue prompts as text: plain prompts are
/// encoded as transformers' default call does (bos for Llama), chat messages are rendered with the
/// tokenizer's chat template (generation prompt added) and encoded without further special tokens, as
/// <c>apply_chat_template(tokenize=True)</c> does. Outputs are decoded without special tokens.
/// </summary>
public sealed class PromptedDecoder : IDisposable
{
    private readonly string folder;
    private ChatTemplate? template;

    private PromptedDecoder(DecoderForCausalLm model, TextTokenizer tokenizer, string folder)
    {
        Model = model;
        Tokenizer = tokenizer;
        this.folder = folder;
    }

    public DecoderForCausalLm Model { get; }

    public TextTokenizer Tokenizer { get; }

    /// <summary>
    /// A run's output folder (its <c>model/</c>), a Hugging Face decoder folder or <c>hf://</c> model; with a
    /// PEFT LoRA adapter folder merged in when given. The tokenizer comes from the model folder.
    /// </summary>
    public static PromptedDecoder Load(string modelOrRunFolder, string? adapterFolder, Action<string>? inform = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(modelOrRunFolder);
        var folder = ModelFolder(HubFolder(modelOrRunFolder, inform, cancel));
        var where = SourceLocation.None(folder);
        var model = DecoderWeights.CausalLm(folder, where, inform, cancel);
        try
        {
            var tokenizer = TokenizerLoader.Load(folder);
            TokenizerFit.Check(tokenizer, model.Config.VocabSize, HfCheckpointFolder.ConfigPath(folder), where);
            if (adapterFolder is not null)
            {
                PeftAdapterMerge.Apply(model, adapterFolder);
            }
            return new PromptedDecoder(model, tokenizer, folder);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// <c>hf://owner/name[@revision]</c>: its snapshot folder in the Hub cache, resolved as base.checkpoint is
    /// (HF_ENDPOINT, HF_HUB_CACHE, HF_TOKEN; cached files reused; HF_HUB_OFFLINE reads the cache only). Any other path as is.
    /// </summary>
    private static string HubFolder(string path, Action<string>? inform, CancellationToken cancel)
    {
        if (!HubModelId.LooksLikeHubReference(path))
        {
            return path;
        }
        var where = SourceLocation.None(path);
        if (!HubModelId.TryParse(path, out var id, out var error))
        {
            throw new MlOpsException(Diagnostic.Error(HubErrorCodes.InvalidId, error, where));
        }
        try
        {
            return new HubSnapshotResolver(HubOptions.FromEnvironment()) { OnWarning = inform }.Resolve(id, cancel).Folder;
        }
        catch (HubException e)
        {
            throw new MlOpsException(Diagnostic.Error(e.Code, e.Message, where));
        }
    }

    /// <summary>A run folder holds result.json and model/; anything else is taken as the model itself.</summary>
    public static string ModelFolder(string path)
    {
        var layout = new OutputLayout(path);
        return Directory.Exists(path) && File.Exists(layout.Result) && Directory.Exists(layout.ModelFolder) ? layout.ModelFolder : path;
    }

    /// <summary>The token ids of a prompts-file record; errors point at its line in <paramref name="file"/>.</summary>
    public IReadOnlyList<int> Encode(PromptRecord record, string file)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Messages is not { } messages)
        {
            return Tokenizer.EncodeWithSpecialTokens(record.Prompt!);
        }
        var at = new SourceLocation(file, record.Line, 1);
        try
        {
            template ??= ChatTemplate.Load(folder);
        }
        catch (MlOpsException e) when (e.Diagnostics is [{ Code: TokenizerModelErrorCodes.ChatTemplateMissing } missing])
        {
            throw new MlOpsException(Diagnostic.Error(PromptErrorCodes.NoChatTemplate,
                $"line {record.Line} holds chat messages, but the model has no chat template ({missing.Message}); write {{\"prompt\": \"…\"}} lines instead", at));
        }
        try
        {
            return Tokenizer.EncodeContent(template.Render([.. messages.Select(m => new ChatMessage(m.Role, m.Content))], addGenerationPrompt: true));
        }
        catch (MlOpsException e) when (e.Diagnostics is [var diagnostic])
        {
            throw new MlOpsException(diagnostic with { Message = $"line {record.Line}: {diagnostic.Message}", Location = at });
        }
    }

    /// <summary>Continues each prompt (see <see cref="GeneratedTexts"/>).</summary>
    public IReadOnlyList<string> Generate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, SourceLocation where) =>
        GeneratedTexts.Of(Model, Tokenizer, prompts, options, where);

    /// <summary>MLOPS375 at the prompt's line when it leaves no room for max_new_tokens.</summary>
    public void CheckLength(IReadOnlyList<int> prompt, int maxNewTokens, SourceLocation at)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (prompt.Count == 0 || prompt.Count + maxNewTokens > Model.Config.MaxPositions)
        {
            throw new MlOpsException(Diagnostic.Error(DecoderErrorCodes.BadGeneration, prompt.Count == 0
                ? "the prompt encodes to no token: give it some text"
                : string.Create(CultureInfo.InvariantCulture,
                    $"the prompt is {prompt.Count} tokens; with max_new_tokens {maxNewTokens} that exceeds {Model.Config.ModelName}'s {Model.Config.MaxPositions} positions: shorten the prompt or lower max_new_tokens"), at));
        }
    }

    public void Dispose() => Model.Dispose();
}
