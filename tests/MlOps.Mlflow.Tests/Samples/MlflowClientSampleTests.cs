using System.Diagnostics;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Mlflow.Tests.FileStore;

namespace MlOps.Mlflow.Tests.Samples;

/// <summary>samples/mlflow-client, run as a process, writes the ./mlruns MLflow itself would write.</summary>
public sealed class MlflowClientSampleTests
{
    private readonly IReadOnlyDictionary<string, string> recorded = RecordedLayout.Sections();

    [Fact]
    public async Task The_sample_logs_a_run_to_mlruns_in_mlflows_layout()
    {
        var folder = TestClients.TempDirectory();
        var output = await RunSampleAsync(folder);
        var root = Path.Combine(folder, "mlruns");

        var experimentDir = Directory.GetDirectories(root).Single(d => Path.GetFileName(d) is not ("0" or ".trash"));
        var runDir = Directory.GetDirectories(experimentDir).Single();
        var runId = Path.GetFileName(runDir);
        Assert.Contains(runId, output, StringComparison.Ordinal);
        Assert.Matches("^[1-9][0-9]{17}$", Path.GetFileName(experimentDir));
        Assert.Equal(Expected("./0/meta.yaml"), Read(root, "0/meta.yaml"));
        Assert.Equal(Expected("./103887490579527640/meta.yaml", s => s.Replace("written-by-python-filestore", "mlflow-client-sample", StringComparison.Ordinal)),
            Read(experimentDir, "meta.yaml"));
        Assert.Equal(Expected("./103887490579527640/9720ab6714d54ee6b4b76c18d6903acd/meta.yaml", s => s.Replace("py-run", "sample-run", StringComparison.Ordinal)),
            Read(runDir, "meta.yaml"));
        // Same values as the python-written run: only the timestamps differ.
        Assert.Equal(Expected("9720ab6714d54ee6b4b76c18d6903acd metrics/rmse (python-written)"), Read(runDir, "metrics/rmse"));
        Assert.Equal("0.5", File.ReadAllText(Path.Combine(runDir, "params", "alpha")));
        Assert.Equal("sample-run", File.ReadAllText(Path.Combine(runDir, "tags", "mlflow.runName")));
        Assert.True(File.Exists(Path.Combine(runDir, "artifacts", "docs", "notes.txt")));
        Assert.True(Directory.Exists(Path.Combine(root, ".trash")));
    }

    [Fact]
    public async Task The_sample_logs_to_the_server_in_MLFLOW_TRACKING_URI_as_a_real_server_recorded_it()
    {
        // Rest/Transcripts/mlflow-3.6-sqlite-sample.txt: this sample against a real MLflow 3.6 server.
        using var server = new TranscriptServer("mlflow-3.6-sqlite-sample.txt");
        var folder = TestClients.TempDirectory();

        var output = await RunSampleAsync(folder, server.Uri.AbsoluteUri);

        Assert.Contains("logged run 983997e201ac40eea6f9f65d8eefc8e1 to http://127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Empty(server.Unused);
        Assert.Equal(10, server.Requests.Count);
        Assert.False(Directory.Exists(Path.Combine(folder, "mlruns")));
    }

    private static async Task<string> RunSampleAsync(string workingDirectory, string? trackingUri = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MlflowClientSample.dll")])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The sample writes ./mlruns unless told otherwise; keep a developer's server out of it.
        start.Environment.Remove("MLFLOW_TRACKING_URI");
        if (trackingUri is not null)
        {
            start.Environment["MLFLOW_TRACKING_URI"] = trackingUri;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"sample exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string Read(string directory, string relative) => RecordedLayout.Normalize(File.ReadAllText(Path.Combine(directory, relative)));

    private string Expected(string section, Func<string, string>? adjust = null) =>
        RecordedLayout.Normalize((adjust ?? (s => s))(recorded[section]));
}
