using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Transformers;

/// <summary>What a load left aside: file tensors not used, and model tensors freshly initialised.</summary>
public sealed record WeightLoadReport(IReadOnlyList<string> NotUsed, IReadOnlyList<string> FreshlyInitialised)
{
    /// <summary>One info line per kind, or none; names are the file's own.</summary>
    public IEnumerable<string> Messages(string checkpoint)
    {
        if (NotUsed.Count > 0)
        {
            yield return $"checkpoint '{checkpoint}': {NotUsed.Count} tensors not used (pretraining-only, or replaced): {TensorNameList.Join(NotUsed)}";
        }
        if (FreshlyInitialised.Count > 0)
        {
            yield return $"checkpoint '{checkpoint}' has no {TensorNameList.Join(FreshlyInitialised)}: freshly initialised, trained by this run";
        }
    }
}

/// <summary>
/// Puts a Hugging Face (or MlOps-saved) state dict into a BERT-family module by name: names
/// mapped by <see cref="HubNameMap"/>, then a strict name and shape check whose error lists what
/// is missing, unexpected and mis-shaped, with shapes. Allowed: pretraining-only tensors (not
/// used, reported), and a head (or BERT pooler) the file lacks or that head: replace renews.
/// </summary>
public static class TransformerWeights
{
    private const string Pooler = "backbone.pooler.";

    public static WeightLoadReport Apply(
        nn.Module model, TransformerKind kind, IReadOnlyList<string> headPrefixes, IReadOnlyDictionary<string, Tensor> file,
        bool replaceHead, string checkpoint, SourceLocation where, Func<string, bool>? notUsed = null) =>
        Apply(model, kind.ToString().ToLowerInvariant(), n => HubNameMap.ToOurs(kind, n), headPrefixes, file, replaceHead, checkpoint, where, notUsed ?? HubNameMap.IsPretrainingOnly);

    /// <summary>The same for any architecture whose file names <paramref name="toOurs"/> maps (the decoders').</summary>
    public static WeightLoadReport Apply(
        nn.Module model, string architecture, Func<string, string> toOurs, IReadOnlyList<string> headPrefixes, IReadOnlyDictionary<string, Tensor> file,
        bool replaceHead, string checkpoint, SourceLocation where, Func<string, bool> notUsed)
    {
        var expected = model.state_dict();
        var mapped = new Dictionary<string, (string FileName, Tensor Tensor)>(StringComparer.Ordinal);
        var unexpected = new List<string>();
        var unused = new List<string>();
        foreach (var (fileName, tensor) in file.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var ours = toOurs(fileName);
            if (expected.ContainsKey(ours) && mapped.TryAdd(ours, (fileName, tensor)))
            {
                continue;
            }
            (notUsed(ours) ? unused : unexpected).Add($"{fileName} {Shape(tensor)}");
        }

        bool InGroup(string name, string prefix) => name.StartsWith(prefix, StringComparison.Ordinal);
        bool IsHead(string name) => headPrefixes.Any(p => InGroup(name, p));
        var fresh = new List<string>();
        // A head (or pooler) the file has none of is initialised afresh; part of one is a mismatch.
        var freshGroups = headPrefixes.Where(p => replaceHead || !mapped.Keys.Any(k => InGroup(k, p))).ToList();
        if (expected.Keys.Any(k => InGroup(k, Pooler)) && !mapped.Keys.Any(k => InGroup(k, Pooler)))
        {
            freshGroups.Add(Pooler);
        }
        bool Fresh(string name) => freshGroups.Any(p => InGroup(name, p));

        var missing = expected.Where(p => !Fresh(p.Key) && !mapped.ContainsKey(p.Key)).Select(p => $"{p.Key} {Shape(p.Value)}").ToList();
        var misshaped = expected.Where(p => !Fresh(p.Key) && mapped.TryGetValue(p.Key, out var f) && !f.Tensor.shape.SequenceEqual(p.Value.shape))
            .Select(p => $"{mapped[p.Key].FileName} (model {Shape(p.Value)}, file {Shape(mapped[p.Key].Tensor)})")
            .ToList();
        if (missing.Count + unexpected.Count + misshaped.Count > 0)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Mismatch,
                $"checkpoint '{checkpoint}' does not fit a {architecture} model: "
                + TensorNameList.Describe("missing", missing) + TensorNameList.Describe("unexpected", unexpected) + TensorNameList.Describe("mis-shaped", misshaped)
                + "check that config.json belongs to these weights and that base.model names their architecture",
                where));
        }

        using (no_grad())
        {
            foreach (var (name, target) in expected.Where(p => !Fresh(p.Key)))
            {
                target.copy_(mapped[name].Tensor.to(target.dtype));
            }
        }
        // Head tensors in the file that head: replace set aside are the old task's, not pretraining's.
        unused.AddRange(mapped.Where(p => Fresh(p.Key) && IsHead(p.Key)).Select(p => $"{p.Value.FileName} (replaced)"));
        fresh.AddRange(freshGroups.Where(g => !replaceHead || !IsHead(g)).Select(g => g.TrimEnd('.') + ".*"));
        return new WeightLoadReport(unused, fresh);
    }

    private static string Shape(Tensor t) => $"[{string.Join(",", t.shape)}]";
}
