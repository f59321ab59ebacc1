using System.Reflection;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;

namespace MlOps.Core.Models;

/// <summary>The assemblies of <c>--models-assembly</c>, loaded before any data is read: a wrong path costs nothing.</summary>
public static class ModelAssemblies
{
    public static IReadOnlyList<Assembly> Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var loaded = new List<Assembly>();
        foreach (var path in paths)
        {
            try
            {
                var full = Path.GetFullPath(path);
                if (!File.Exists(full))
                {
                    throw new FileNotFoundException("no such file", full);
                }
                loaded.Add(Assembly.LoadFrom(full));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.ModelsAssemblyUnloadable,
                    $"--models-assembly '{path}' cannot be loaded as a .NET assembly ({(e is BadImageFormatException ? "not a .NET assembly" : e.Message)}): pass the .dll of the project that holds your [FineTuneModel] classes",
                    SourceLocation.None(path)));
            }
        }
        return loaded;
    }
}
