using System.Diagnostics;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

public sealed class RetryAndAuthTests : IDisposable
{
    private readonly FakeMlflowServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Server_errors_are_retried_until_the_server_answers()
    {
        using var client = TestClients.Client(server);
        server.Enqueue(Fault.ServerError());
        server.Enqueue(Fault.ServerError());

        var experiments = await client.SearchExperimentsAsync(10);

        Assert.Single(experiments);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Truncated_json_is_retried()
    {
        using var client = TestClients.Client(server);
        await client.GetOrCreateExperimentAsync("t");
        var before = server.Requests.Count;
        server.Enqueue(Fault.Truncated());

        var experiment = await client.GetExperimentByNameAsync("t");

        Assert.Equal("t", experiment!.Name);
        Assert.Equal(2, server.Requests.Count - before);
    }

    [Fact]
    public async Task A_slow_answer_past_the_attempt_timeout_is_retried()
    {
        using var client = TestClients.Client(server);
        server.Enqueue(Fault.Slow(TimeSpan.FromSeconds(6)));

        var experiments = await client.SearchExperimentsAsync(10);

        Assert.Single(experiments);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says()
    {
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri) with { MaxBackoff = TimeSpan.FromSeconds(5) });
        server.Enqueue(Fault.TooManyRequests(retryAfterSeconds: 1));
        var clock = Stopwatch.StartNew();

        await client.SearchExperimentsAsync(10);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(8));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_reported_unavailable_with_its_reason()
    {
        using var client = TestClients.Client(server);
        for (var i = 0; i < 4; i++)
        {
            server.Enqueue(Fault.ServerError());
        }

        var error = await Assert.ThrowsAsync<MlflowUnavailableException>(() => client.SearchExperimentsAsync(10));

        Assert.Equal(4, server.Requests.Count);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("database is locked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_unavailable()
    {
        using var client = new MlflowRestClient(TestClients.FastOptions(TestClients.DeadUri()));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MlflowUnavailableException>(() => client.GetOrCreateExperimentAsync("x"));

        Assert.Contains("cannot reach the server", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Total_time_is_bounded_even_when_every_attempt_hangs()
    {
        var options = TestClients.FastOptions(server.Uri) with { MaxRetries = 50, RequestTimeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromSeconds(1) };
        using var client = new MlflowRestClient(options);
        for (var i = 0; i < 50; i++)
        {
            server.Enqueue(Fault.Slow(TimeSpan.FromSeconds(5)));
        }
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<MlflowUnavailableException>(() => client.SearchExperimentsAsync(10));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_token_is_sent_as_bearer_and_never_appears_in_errors()
    {
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri) with { Token = "s3cr3t-token" });
        var error = await Assert.ThrowsAsync<MlflowException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef"));

        Assert.Equal("Bearer s3cr3t-token", server.AuthorizationHeaders.Last());
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", client.Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Username_and_password_are_sent_as_basic_auth()
    {
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri) with { Username = "ada", Password = "pw" });
        await client.SearchExperimentsAsync(10);

        Assert.Equal("Basic " + Convert.ToBase64String("ada:pw"u8.ToArray()), server.AuthorizationHeaders.Last());
    }

    [Fact]
    public async Task Header_providers_add_headers_on_each_attempt_and_the_credentials_authorization_wins()
    {
        var provider = new CountingHeaderProvider();
        using var client = new MlflowRestClient(TestClients.FastOptions(server.Uri) with { Token = "tok", RequestHeaderProviders = [provider] });
        server.Enqueue(Fault.ServerError());

        await client.SearchExperimentsAsync(10);

        Assert.Equal(2, provider.Calls);
        Assert.Contains(server.Received, r => r.Contains("X-Tenant: blue", StringComparison.Ordinal));
        Assert.All(server.AuthorizationHeaders, h => Assert.Equal("Bearer tok", h));
    }

    private sealed class CountingHeaderProvider : IMlflowRequestHeaderProvider
    {
        public int Calls { get; private set; }

        public ValueTask<IReadOnlyDictionary<string, string>> GetHeadersAsync(Uri requestUri, CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["X-Tenant"] = "blue", ["Authorization"] = "Bearer provider" });
        }
    }
}
