using System.Text;
using MlOps.Mlflow;
using MlOps.Mlflow.Tests.Fakes;
using MlOps.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MlOps.Reliability.Tests.Security;

/// <summary>
/// Issue 16: a server (or the proxy before it) that answers 401/403/502 and echoes the request's
/// Authorization header must not make the product print the credentials it sent; nor may any other
/// message that happens to hold a known secret (a path, a URI with ?token=) print it.
/// </summary>
public sealed class EchoedSecretTests : IDisposable
{
    // '/', '+' and '=' make the URL-encoded and JSON-escaped forms differ from the value itself.
    private const string Token = "supersecret-XYZ/+=42";
    private const string Username = "ci-user-8c1f";
    private const string Password = "pw+secret/456";
    private static readonly string BasicValue = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
    private static readonly string[] Variables =
        ["MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLOPS_TRACKING_MAX_RETRIES", "MLOPS_TRACKING_RETRY_DELAY_MS", "HF_TOKEN"];

    private readonly SampleRepo repo = new();
    private readonly ITestOutputHelper log;

    public EchoedSecretTests(ITestOutputHelper log)
    {
        this.log = log;
        Environment.SetEnvironmentVariable("MLOPS_TRACKING_MAX_RETRIES", "0");
        Environment.SetEnvironmentVariable("MLOPS_TRACKING_RETRY_DELAY_MS", "10");
    }

    public void Dispose()
    {
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
        repo.Dispose();
    }

    /// <summary>Each status with the body a real server or proxy sends, echoing what it received.</summary>
    public static TheoryData<int, string> Echoes() => new()
    {
        { 401, """{"error_code": "UNAUTHENTICATED", "message": "invalid credentials: you sent {authorization}"}""" },
        { 403, """{"error_code": "PERMISSION_DENIED", "message": "{authorization} may not write to this experiment"}""" },
        { 502, "<html><body><h1>502 Bad Gateway</h1><pre>Authorization: {authorization}</pre></body></html>" },
    };

    [Theory]
    [MemberData(nameof(Echoes))]
    public void A_run_never_prints_the_bearer_token_a_server_echoes(int status, string body)
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", Token);
        using var server = new FakeMlflowServer();
        server.Enqueue(new Fault(status, body.Replace("{authorization}", Fault.EchoedAuthorization, StringComparison.Ordinal)));

        var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", server.Uri.AbsoluteUri);
        log.WriteLine(result.All);

        Assert.True(result.Exit == 0, result.All);
        Assert.Equal(0, server.PendingFaults);
        Assert.Contains(SecretRedactor.Redacted, result.All, StringComparison.Ordinal);
        AssertNoForm(Token, result.All);
        AssertNoFormInFiles(Token);
    }

    [Fact]
    public void A_run_never_prints_the_basic_credentials_a_server_echoes()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_USERNAME", Username);
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_PASSWORD", Password);
        using var server = new FakeMlflowServer();
        // Some proxies decode the header and show the password, URL-encoded, as well.
        server.Enqueue(new Fault(401, $$"""{"error_code": "UNAUTHENTICATED", "message": "you sent {{Fault.EchoedAuthorization}} (password={{Uri.EscapeDataString(Password)}})"}"""));

        var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", server.Uri.AbsoluteUri);
        log.WriteLine(result.All);

        Assert.True(result.Exit == 0, result.All);
        Assert.Equal(0, server.PendingFaults);
        AssertNoForm(BasicValue, result.All);
        AssertNoForm(Password, result.All);
        AssertNoFormInFiles(BasicValue);
        AssertNoFormInFiles(Password);
    }

    [Fact]
    public void Sync_never_prints_the_token_a_server_echoes()
    {
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", Token);
        var outboxed = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", TestClients.DeadUri().AbsoluteUri);
        Assert.True(outboxed.Exit == 0, outboxed.All);
        var outbox = Path.Combine(repo.Root, ".mlops", "outbox");
        Assert.True(Directory.Exists(outbox), "the run was outboxed");
        using var server = new FakeMlflowServer();
        server.Enqueue(new Fault(401, $$"""{"error_code": "UNAUTHENTICATED", "message": "invalid credentials: you sent {{Fault.EchoedAuthorization}}"}"""));

        // A real process: sync prints through the process's own stdout and stderr.
        var (exit, output) = MlopsProcess.RunToEnd(repo.Root, TimeSpan.FromMinutes(2), "sync", "--outbox", outbox, "--tracking-uri", server.Uri.AbsoluteUri);
        log.WriteLine(output);

        Assert.Equal(2, exit);
        Assert.Equal(0, server.PendingFaults);
        Assert.Contains("UNAUTHENTICATED", output, StringComparison.Ordinal);
        AssertNoForm(Token, output);
    }

    [Fact]
    public void Any_message_holding_a_known_secret_is_printed_redacted()
    {
        // Neither MLflow nor the Hub is involved: the output sinks redact what the message holds.
        const string hfToken = "hf_notreally0123456789abcdef";
        Environment.SetEnvironmentVariable("HF_TOKEN", hfToken);
        Environment.SetEnvironmentVariable("MLFLOW_TRACKING_TOKEN", Token);
        var spec = repo.Write("specs/leak.yaml", $$"""
            name: leak
            base: { model: mlp, checkpoint: none }
            data: { train: ../data/{{hfToken}}-{{Uri.EscapeDataString(Token)}}.csv, label: label }
            """);

        var result = Mlops.Invoke(TimeSpan.FromMinutes(1), "validate", spec);
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        Assert.Contains("MLOPS020", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(hfToken, result.All, StringComparison.Ordinal);
        AssertNoForm(Token, result.All);
    }

    [Fact]
    public void A_token_in_the_tracking_uri_query_is_refused_and_never_printed()
    {
        using var server = new FakeMlflowServer();
        var uri = server.Uri.AbsoluteUri + "?token=query-secret-77";

        var result = Mlops.Run(TinySpec.Write(repo), Path.Combine(repo.Root, "out"), "--tracking-uri", uri);
        log.WriteLine(result.All);

        Assert.Equal(2, result.Exit);
        Assert.Contains("--tracking-uri: error MLOPS", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("query-secret-77", result.All, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    /// <summary>The value as is, URL-encoded and JSON-escaped: none may appear.</summary>
    private static void AssertNoForm(string secret, string text)
    {
        foreach (var form in Forms(secret))
        {
            Assert.False(text.Contains(form, StringComparison.Ordinal), $"'{form}' printed:\n{text}");
        }
    }

    private void AssertNoFormInFiles(string secret)
    {
        foreach (var file in Directory.GetFiles(repo.Root, "*", SearchOption.AllDirectories))
        {
            var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            foreach (var form in Forms(secret))
            {
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"'{form}' written to {file}");
            }
        }
    }

    private static string[] Forms(string secret) =>
        [secret, Uri.EscapeDataString(secret), System.Text.Json.JsonSerializer.Serialize(secret)[1..^1]];
}
