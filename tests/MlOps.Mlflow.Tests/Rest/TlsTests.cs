using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

/// <summary>MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH decide which servers are trusted.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TlsTestServer server = new();
    private readonly string folder = TestClients.TempDirectory();

    public void Dispose() => server.Dispose();

    private MlflowRestOptions Options(params (string Name, string Value)[] env) =>
        MlflowRestOptions.FromEnvironment(server.Uri, name => env.FirstOrDefault(v => v.Name == name).Value) with { MaxRetries = 0, TotalTimeout = TimeSpan.FromSeconds(20) };

    [Fact]
    public async Task A_self_signed_server_is_refused_by_default()
    {
        using var client = new MlflowRestClient(Options());

        await Assert.ThrowsAsync<MlflowUnavailableException>(() => client.SearchExperimentsAsync(1));
    }

    [Fact]
    public async Task Insecure_tls_accepts_it()
    {
        using var client = new MlflowRestClient(Options(("MLFLOW_TRACKING_INSECURE_TLS", "true")));

        Assert.Empty(await client.SearchExperimentsAsync(1));
    }

    [Fact]
    public async Task A_server_cert_path_naming_its_certificate_accepts_it_and_another_does_not()
    {
        var trusted = Path.Combine(folder, "ca.pem");
        await File.WriteAllTextAsync(trusted, server.CertificatePem);
        using var other = new TlsTestServer();
        var untrusted = Path.Combine(folder, "other.pem");
        await File.WriteAllTextAsync(untrusted, other.CertificatePem);

        using var client = new MlflowRestClient(Options(("MLFLOW_TRACKING_SERVER_CERT_PATH", trusted)));
        using var wrong = new MlflowRestClient(Options(("MLFLOW_TRACKING_SERVER_CERT_PATH", untrusted)));

        Assert.Empty(await client.SearchExperimentsAsync(1));
        await Assert.ThrowsAsync<MlflowUnavailableException>(() => wrong.SearchExperimentsAsync(1));
    }

    [Fact]
    public async Task A_client_cert_path_loads_certificate_and_key_from_one_pem()
    {
        var pem = Path.Combine(folder, "client.pem");
        await File.WriteAllTextAsync(pem, server.CertificatePem + "\n" + server.KeyPem);

        using var handler = MlflowHttpHandler.Create(Options(("MLFLOW_TRACKING_CLIENT_CERT_PATH", pem)));

        var certificate = Assert.Single(handler.SslOptions.ClientCertificates!.Cast<System.Security.Cryptography.X509Certificates.X509Certificate2>());
        Assert.True(certificate.HasPrivateKey);
    }
}
