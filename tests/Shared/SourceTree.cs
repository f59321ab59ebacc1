namespace MlOps.Tests.Shared;

/// <summary>The repository the tests run from (the folder above the test output holding MlOps.sln): samples, docs, schema, fixtures.</summary>
internal static class SourceTree
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MlOps.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("MlOps.sln not found above " + AppContext.BaseDirectory);
    }
}
