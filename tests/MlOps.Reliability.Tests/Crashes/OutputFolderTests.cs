using System.Diagnostics;

namespace MlOps.Reliability.Tests.Crashes;

/// <summary>
/// An output folder that cannot be written (issue 16): a file in its place or above it, no write
/// permission, a full disk. Each is MLOPS910 and exit 3 (the environment, not the input), found
/// before training where it can be, and never a half-written PNG without result.json.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OutputFolderTests : IDisposable
{
    private readonly SampleRepo repo = new();
    private string? mounted;

    public void Dispose()
    {
        if (mounted is not null)
        {
            Shell($"umount '{mounted}'");
        }
        repo.Dispose();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void AssertEnvironmentFault(int exit, string output, bool beforeTraining)
    {
        Assert.True(exit == 3, output);
        Assert.Contains("error MLOPS910: cannot write the output folder", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        if (beforeTraining)
        {
            Assert.DoesNotContain("» training", output, StringComparison.Ordinal);
        }
    }

    /// <summary>bash -c, as a child process: the exit code and stdout + stderr.</summary>
    private (int Exit, string Output) Shell(string script)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment["MLFLOW_TRACKING_URI"] = null;
        start.Environment["DOTNET_EnableWriteXorExecute"] = "0"; // no double-mapped code file, so a file-size limit leaves the runtime alone
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(2)), "the child did not finish");
        return (child.ExitCode, output + error.Result);
    }

    private static string Mlops(string arguments) => $"dotnet '{MlopsProcess.MlopsDll}' {arguments}";

    [Fact]
    public void A_file_where_the_output_folder_should_be_is_refused_before_training_and_kept()
    {
        var output = repo.Write("out", "a user's file");

        var result = Infrastructure.Mlops.Run(TinySpec.Write(repo), output);

        AssertEnvironmentFault(result.Exit, result.All, beforeTraining: true);
        Assert.Equal("a user's file", File.ReadAllText(output));
    }

    [Fact]
    public void An_output_folder_below_a_file_is_refused_before_training()
    {
        var file = repo.Write("out", "a user's file");

        var result = Infrastructure.Mlops.Run(TinySpec.Write(repo), Path.Combine(file, "sub", "tiny"));

        AssertEnvironmentFault(result.Exit, result.All, beforeTraining: true);
        Assert.Contains("is a file", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_parent_folder_is_refused_before_training_for_a_user_who_cannot_write_it()
    {
        var spec = TinySpec.Write(repo);
        var readOnly = Path.Combine(repo.Root, "read-only");
        Directory.CreateDirectory(readOnly);
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var output = Path.Combine(readOnly, "out");
        try
        {
            if (IsRoot)
            {
                // Root writes anywhere: run as 'nobody' (65534), who can read the repository but not write that folder.
                File.SetUnixFileMode(repo.Root, File.GetUnixFileMode(readOnly));
                var (exit, text) = Shell($"setpriv --reuid=65534 --regid=65534 --clear-groups env HOME=/tmp {Mlops($"run '{spec}' --output '{output}'")}");
                AssertEnvironmentFault(exit, text, beforeTraining: true);
            }
            else
            {
                var result = Infrastructure.Mlops.Run(spec, output);
                AssertEnvironmentFault(result.Exit, result.All, beforeTraining: true);
            }
            Assert.False(Directory.Exists(output));
        }
        finally
        {
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// The issue's case: the disk fills while the plots are written. Root mounts a 64 KiB tmpfs (a real
    /// ENOSPC at plots/metrics.png); anyone else gets a 20 KiB file-size limit (EFBIG at plots/loss.png).
    /// </summary>
    [Fact]
    public void A_disk_that_fills_while_the_reports_are_written_leaves_no_plot_without_a_result()
    {
        var spec = TinySpec.Write(repo);
        var disk = Path.Combine(repo.Root, "small-disk");
        Directory.CreateDirectory(disk);
        var limit = "trap '' XFSZ; ulimit -f 20;";
        if (IsRoot && Shell($"mount -t tmpfs -o size=64k tmpfs '{disk}'").Exit == 0)
        {
            mounted = disk;
            limit = "";
        }
        var output = Path.Combine(disk, "out");

        var (exit, text) = Shell($"{limit} exec {Mlops($"run '{spec}' --output '{output}'")}");

        AssertEnvironmentFault(exit, text, beforeTraining: false);
        // Which write hits the limit first depends on what the run writes before its plots (model, MLmodel, predictions.csv).
        Assert.Contains("cannot write the output folder", text, StringComparison.Ordinal);
        var left = Directory.GetFiles(disk, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".mlops-lock", StringComparison.Ordinal) && !f.EndsWith(".mlops-owner", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(left, f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal));
        Assert.False(Directory.Exists(output), "a folder this run created is removed when it fails: " + string.Join(", ", left));
        Assert.Empty(left); // nor is a staging folder left beside it
    }

    [Fact]
    public void Report_into_a_folder_whose_plots_is_a_file_is_an_environment_fault()
    {
        var output = Path.Combine(repo.Root, "out");
        Assert.Equal(0, Infrastructure.Mlops.Run(TinySpec.Write(repo), output).Exit);
        Directory.Delete(Path.Combine(output, "plots"), recursive: true);
        File.WriteAllText(Path.Combine(output, "plots"), "a user's file");

        var result = Infrastructure.Mlops.Invoke(TimeSpan.FromMinutes(1), "report", output);

        Assert.True(result.Exit == 3, result.All);
        Assert.Contains("error MLOPS910: cannot write the reports", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("MLOPS999", result.All, StringComparison.Ordinal);
    }
}
