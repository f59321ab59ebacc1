using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlOps.Tests.Shared;

namespace MlOps.Cli.Tests.Templates;

/// <summary>
/// Installs the templates from templates/content once per test class into a private template cache
/// (--debug:custom-hive, so the machine's own `dotnet new` list is untouched); each
/// <see cref="New"/> instantiates into a fresh git repository (`git init`), as a user's would be.
/// </summary>
public sealed class TemplateSandbox : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("mlops-templates-").FullName;
    private string Hive => Path.Combine(Root, "hive");

    public static string SourceRoot => SourceTree.Root;

    public TemplateSandbox()
    {
        foreach (var template in new[] { "mlops-finetune", "mlops-spec" })
        {
            DotNet(Root, "new", "install", Path.Combine(SourceRoot, "templates", "content", template), "--debug:custom-hive", Hive);
        }
    }

    /// <returns>The new repository folder the template was instantiated in.</returns>
    public string New(params string[] arguments)
    {
        var repository = Path.Combine(Root, "repo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(repository);
        Run("git", repository, "init", "--quiet");
        DotNet(repository, ["new", .. arguments, "--debug:custom-hive", Hive]);
        return repository;
    }

    public static (int Exit, string Out) Mlops(params string[] args)
    {
        using var output = new StringWriter();
        var exit = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    public static string Csv(int rows)
    {
        var text = new StringBuilder("age,income,label\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{20 + i % 40},{i * 13 % 97},{(i % 3 == 0 ? "bad" : "good")}\n");
        }
        return text.ToString();
    }

    private static void DotNet(string workingDirectory, params string[] arguments) => Run("dotnet", workingDirectory, arguments);

    /// <summary>Runs a program to completion and fails the test when it fails.</summary>
    public static string Run(string program, string workingDirectory, params string[] arguments)
    {
        var (exit, output) = TryRun(program, workingDirectory, arguments);
        Assert.True(exit == 0, $"{program} {string.Join(' ', arguments)} failed:\n{output}");
        return output;
    }

    public static (int Exit, string Output) TryRun(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), program + " " + string.Join(' ', arguments) + " timed out");
        return (process.ExitCode, output + error.Result);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
