using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MlOps.Build.Native;

namespace MlOps.Build.Tasks;

/// <summary>
/// Makes the copies of libLibTorchSharp.so in an output folder loadable on machines whose
/// libstdc++ is older than GLIBCXX_3.4.32 (see <see cref="LibTorchSharpCompat"/>).
/// </summary>
public sealed class PatchLibTorchSharp : Microsoft.Build.Utilities.Task
{
    /// <summary>Copies of libLibTorchSharp.so to patch in place.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = [];

    /// <summary>Patch even when this machine's libstdc++ has the version (for tests).</summary>
    public bool Force { get; set; }

    public override bool Execute()
    {
        if (Files.Length == 0 || (!Force && !LibTorchSharpCompat.IsNeededOnThisMachine()))
        {
            return true;
        }
        foreach (var file in Files)
        {
            try
            {
                var outcome = LibTorchSharpCompat.Patch(file.ItemSpec);
                if (outcome == LibTorchSharpCompat.Outcome.Patched)
                {
                    Log.LogMessage(MessageImportance.Low, $"Marked {LibTorchSharpCompat.MissingVersion} weak in {file.ItemSpec} (this machine's libstdc++ lacks it).");
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Log.LogError(null, BuildErrorCodes.LibTorchPatchFailed, null, file.ItemSpec, 0, 0, 0, 0,
                    $"cannot make {LibTorchSharpCompat.LibraryName} loadable on this machine: {e.Message}. Install a libstdc++ with {LibTorchSharpCompat.MissingVersion} (GCC 13+) or report this.");
            }
        }
        return !Log.HasLoggedErrors;
    }
}
