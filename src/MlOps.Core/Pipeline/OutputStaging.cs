using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Training;

namespace MlOps.Core.Pipeline;

/// <summary>
/// A run writes into <c>.&lt;name&gt;.mlops-staging</c> beside its output folder and swaps it in
/// (rename) only when it completes, so a failed or stopped run leaves the previous complete result
/// (result.json, reports, model, plots) untouched. The swap keeps the user's own files: an entry of
/// the old folder is moved into the new one unless the run owns its name (<see cref="OutputLayout.RunOwnedNames"/>)
/// or the new run wrote it. A stopped run's checkpoint stays in the staging folder for --resume.
/// Called under the folder's <see cref="OutputFolderLock"/>.
/// </summary>
internal sealed class OutputStaging
{
    public OutputStaging(string folder)
    {
        // A symlinked output folder: the swap happens where its files are, and the link stays.
        Final = Directory.Exists(folder) && new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? target.FullName
            : folder;
    }

    /// <summary>The folder the user asked for (its real path).</summary>
    public string Final { get; }

    public string Staging => Sibling("staging");

    /// <summary>The old folder during a swap; only a swap cut short by a kill leaves it.</summary>
    public string Previous => Sibling("previous");

    /// <summary>Where this run writes.</summary>
    public OutputLayout Layout => new(Staging);

    private string Sibling(string what) => Path.Combine(Path.GetDirectoryName(Final)!, $".{Path.GetFileName(Final)}.mlops-{what}");

    /// <summary>
    /// Something --resume can continue from: the run's checkpoint, or a repeat's or sweep trial's
    /// checkpoint or finished result under <c>repeats/</c> or <c>trials/</c>, which resume keeps instead of training again.
    /// </summary>
    public bool HasCheckpoint => HasResumableWork(Staging);

    private static bool HasResumableWork(string folder)
    {
        var layout = new OutputLayout(folder);
        return new TrainingCheckpoint(layout.Checkpoint).Exists
            || new[] { "repeats", "trials" }.Select(n => Path.Combine(folder, n)).Where(Directory.Exists)
                .SelectMany(Directory.EnumerateDirectories)
                .Any(child => File.Exists(new OutputLayout(child).Result) || HasResumableWork(child));
    }

    /// <summary>A swap cut short by a kill: finished when the new folder was complete, undone otherwise.</summary>
    public void Recover()
    {
        if (!Directory.Exists(Previous))
        {
            return;
        }
        if (!Directory.Exists(Final))
        {
            Directory.Move(File.Exists(new OutputLayout(Staging).Result) ? Staging : Previous, Final);
        }
        CarryOver();
    }

    /// <summary>
    /// A fresh run starts from an empty staging folder (a stopped run's checkpoint there is dropped,
    /// as before); --resume needs one with a checkpoint and, without one, deletes nothing.
    /// </summary>
    public void Begin(bool resume, SourceLocation where)
    {
        ProbeFinal();
        if (resume)
        {
            if (!HasCheckpoint)
            {
                throw new MlOpsException(Diagnostic.Error(TrainingErrorCodes.ResumeImpossible,
                    $"--resume found no checkpoint for '{Final}' (a stopped run keeps it in '{Staging}'): nothing was changed; run without --resume to start afresh",
                    where));
            }
            return;
        }
        if (Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }
        Directory.CreateDirectory(Staging);
    }

    /// <summary>
    /// Before any training: the swap must be able to replace the folder and move the user's files out
    /// of it, so a file in its place or a folder that cannot be written is an IO fault now, not after training.
    /// </summary>
    private void ProbeFinal()
    {
        if (File.Exists(Final))
        {
            throw new IOException($"'{Final}' is a file, not a folder");
        }
        if (Directory.Exists(Final))
        {
            var probe = Path.Combine(Final, $".mlops-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
    }

    /// <summary>The completed run becomes the output folder: two renames, then the user's files follow.</summary>
    public void Publish()
    {
        if (Directory.Exists(Final))
        {
            Directory.Move(Final, Previous);
        }
        Directory.Move(Staging, Final);
        CarryOver();
    }

    /// <summary>A run that ended without a result: its staging folder goes unless it holds a checkpoint to resume.</summary>
    public void Discard()
    {
        if (Directory.Exists(Staging) && !HasCheckpoint)
        {
            Directory.Delete(Staging, recursive: true);
        }
    }

    private void CarryOver()
    {
        if (!Directory.Exists(Previous))
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(Previous))
        {
            var name = Path.GetFileName(entry);
            var target = Path.Combine(Final, name);
            if (OutputLayout.IsRunOwned(name) || Path.Exists(target))
            {
                continue;
            }
            if (Directory.Exists(entry))
            {
                Directory.Move(entry, target);
            }
            else
            {
                File.Move(entry, target);
            }
        }
        Directory.Delete(Previous, recursive: true);
    }
}
