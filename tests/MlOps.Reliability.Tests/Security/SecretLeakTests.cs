using System.Text;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Reliability.Tests.Infrastructure;

namespace MlOps.Reliability.Tests.Security;

/// <summary>
/// Credentials for the MLflow server go into the Authorization header and nowhere else: not the
/// console, the output folder, the local store, the outbox, nor any param, tag or metric sent.
/// </summary>
public sealed class SecretLeakTests : IDisposable
{
    private const string Token = "secret-token-123";
    private const string Username = "ci-user-8c1f";
    private const string Password = "pw-secret-456";
    private static readonly string BasicHeader = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
    private readonly SampleRepo repo = new();

    public void Dispose()
    {
        foreach (var variable in new[] { "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD" })
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        repo.Dispose();
    }

    [Fact]
    public void A_bearer_token_reaches_only_the_authorization_header()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", Token);
        using var server = new FakeMlflowServer();

        var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", server.Uri.AbsoluteUri);

        Assert.True(result.Exit == 0, result.All);
        Assert.Contains($"Bearer {Token}", server.AuthorizationHeaders);
        AssertNowhere(Token, result, server);
    }

    [Fact]
    public void A_username_and_password_reach_only_the_authorization_header()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_USERNAME", Username);
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD", Password);
        using var server = new FakeMlflowServer();

        var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", server.Uri.AbsoluteUri);

        Assert.True(result.Exit == 0, result.All);
        Assert.Contains($"Basic {BasicHeader}", server.AuthorizationHeaders);
        AssertNowhere(Password, result, server);
        AssertNowhere(BasicHeader, result, server);
    }

    [Fact]
    public void A_run_kept_in_the_outbox_and_synced_later_carries_no_token_either()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", Token);
        Environment.SetEnvironmentVariable("MLOPS_TRACKING_MAX_RETRIES", "0");
        try
        {
            var dead = TestClients.DeadUri();
            var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", dead.AbsoluteUri);
            Assert.True(result.Exit == 0, result.All);
            Assert.True(Directory.Exists(Path.Combine(repo.Root, ".mlops", "outbox")), "the run was outboxed");

            using var server = new FakeMlflowServer();
            var sync = Mlops.Invoke(TimeSpan.FromMinutes(1), "sync", "--outbox", Path.Combine(repo.Root, ".mlops", "outbox"), "--tracking-uri", server.Uri.AbsoluteUri);

            Assert.True(sync.Exit == 0, sync.All);
            Assert.Single(server.State.Runs);
            Assert.Contains($"Bearer {Token}", server.AuthorizationHeaders);
            AssertNowhere(Token, new Mlops.Result(0, result.All, sync.All), server);
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLOPS_TRACKING_MAX_RETRIES", null);
        }
    }

    /// <summary>Console output, every file under the repository (output, mlruns, outbox), every request the server read.</summary>
    private void AssertNowhere(string secret, Mlops.Result console, FakeMlflowServer server)
    {
        Assert.DoesNotContain(secret, console.All, StringComparison.Ordinal);
        var files = Directory.GetFiles(repo.Root, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("result.json", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{secret} found in {file}");
        }
        Assert.NotEmpty(server.Received);
        foreach (var request in server.Received)
        {
            Assert.False(request.Contains(secret, StringComparison.Ordinal), $"{secret} sent in a request body or URL: {request[..Math.Min(300, request.Length)]}");
        }
    }
}
