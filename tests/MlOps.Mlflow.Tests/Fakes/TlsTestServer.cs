using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MlOps.Mlflow.Tests.Fakes;

/// <summary>
/// An HTTPS endpoint on 127.0.0.1 with a self-signed certificate, answering every request with an
/// empty experiments/search page: enough to see whether the client trusted it.
/// </summary>
public sealed class TlsTestServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 certificate;
    private readonly CancellationTokenSource stop = new();

    public TlsTestServer()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        CertificatePem = created.ExportCertificatePem();
        KeyPem = key.ExportPkcs8PrivateKeyPem();
        listener.Start();
        Uri = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        _ = Task.Run(AcceptLoop);
    }

    public Uri Uri { get; }

    /// <summary>The server's certificate, PEM: what MLFLOW_TRACKING_SERVER_CERT_PATH points at.</summary>
    public string CertificatePem { get; }

    /// <summary>Its private key, PEM (a client certificate file holds both).</summary>
    public string KeyPem { get; }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        certificate.Dispose();
        stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(certificate);
                var head = new StringBuilder();
                var buffer = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await tls.ReadAsync(buffer) == 1)
                {
                    head.Append((char)buffer[0]);
                }
                var length = head.ToString().Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                await tls.ReadExactlyAsync(new byte[length]);
                var body = "{}"u8.ToArray();
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
                await tls.WriteAsync(body);
            }
            catch (Exception e) when (e is IOException or AuthenticationException or ObjectDisposedException)
            {
                // A client that refused our certificate: exactly what some tests expect.
            }
        }
    }
}
