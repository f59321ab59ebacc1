using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.IO;
using MlOps.Contracts.Results;
using MlOps.Specs.Hub;
using MlOps.Specs.Model;

namespace MlOps.Specs.Fingerprint;

/// <summary>
/// Decides whether a spec must train again: the resolved spec (so formatting and comments don't
/// count, but a removed key that changes a default does), the digests of every input file, the
/// product version and the device. Same fingerprint ⇒ same training.
/// </summary>
public static class SpecFingerprint
{
    private static readonly JsonSerializerOptions Canonical = new()
    {
        WriteIndented = false,
        Converters = { new ShortestDoubleConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            // Where a value was written is not what it means.
            Modifiers = { info => RemoveProperties(info, nameof(GateSpec.Location), nameof(OptimizerSpec.LrLocation), nameof(FineTuneSpec.SpecPath), nameof(TrackingSpec.RegisterOn)) },
        },
    };

    /// <param name="baseSource">The base checkpoint's source when the caller has read it already (a run
    /// does, for result.json): its digests are used instead of hashing the weights a second time.</param>
    public static string Compute(FineTuneSpec spec, string device, BaseCheckpointSource? baseSource = null)
    {
        var text = new StringBuilder()
            .AppendLine("mlops-fingerprint-v1")
            .AppendLine(ToolVersion.Current)
            .AppendLine(device)
            .AppendLine(JsonSerializer.Serialize(Relativize(spec), Canonical));
        foreach (var input in InputFiles(spec))
        {
            var digest = baseSource is { Kind: CheckpointSourceKind.File } && baseSource.Path == input ? baseSource.Digest
                : File.Exists(input) ? FileDigest.Sha256(input) : "missing";
            text.Append(Path.GetFileName(input)).Append(' ').AppendLine(digest);
        }
        // A folder or Hub checkpoint: its commit and every file's digest (Hub files: the verified blob's name, not a re-read).
        if (spec.Base.Hub is not null || (spec.Base.Checkpoint is { } folder && Directory.Exists(folder)))
        {
            foreach (var line in (baseSource ?? BaseCheckpointReader.Read(spec.Base))?.FingerprintLines() ?? [])
            {
                text.AppendLine(line);
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Every file the run reads besides the spec: data (an image folder's or manifest's pictures too), labels, data.tokenizer's files and the base checkpoint when it is one file.</summary>
    public static IEnumerable<string> InputFiles(FineTuneSpec spec)
    {
        var checkpointFile = spec.Base.Hub is null && spec.Base.Checkpoint is { } c && !Directory.Exists(c) ? c : null;
        string?[] files =
        [
            spec.Data.Train, spec.Data.TrainLabels, spec.Data.Validation, spec.Data.ValidationLabels, spec.Data.Test, spec.Data.TestLabels,
            checkpointFile, spec.Base.Config, spec.Evaluation.Forgetting?.Data, spec.Evaluation.Forgetting?.Labels,
        ];
        return files.OfType<string>().SelectMany(f => Formats.ImageInputs.Expand(f, spec.Data.Format)).Concat(TokenizerFolder.InputFiles(spec.Data.Tokenizer));
    }

    /// <summary>Absolute paths differ between clones; the fingerprint must not.</summary>
    private static FineTuneSpec Relativize(FineTuneSpec spec)
    {
        var folder = Path.GetDirectoryName(spec.SpecPath) ?? ".";
        string? Rel(string? path) => path is null ? null : Path.GetRelativePath(folder, path).Replace('\\', '/');
        return spec with
        {
            // A Hub checkpoint means its id, wherever the cache is (its commit and digests are added below).
            Base = spec.Base with { Checkpoint = spec.Base.Hub is { } hub ? hub.ToString() : Rel(spec.Base.Checkpoint), Config = Rel(spec.Base.Config) },
            Data = spec.Data with
            {
                Train = Rel(spec.Data.Train)!,
                TrainLabels = Rel(spec.Data.TrainLabels),
                Validation = Rel(spec.Data.Validation),
                ValidationLabels = Rel(spec.Data.ValidationLabels),
                Test = Rel(spec.Data.Test),
                TestLabels = Rel(spec.Data.TestLabels),
                Tokenizer = Rel(spec.Data.Tokenizer),
            },
            Evaluation = spec.Evaluation with
            {
                Forgetting = spec.Evaluation.Forgetting is { } f ? f with { Data = Rel(f.Data)!, Labels = Rel(f.Labels) } : null,
            },
        };
    }

    private static void RemoveProperties(JsonTypeInfo info, params string[] names)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (names.Contains(info.Properties[i].Name) || info.Properties[i].PropertyType == typeof(SourceLocation))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
