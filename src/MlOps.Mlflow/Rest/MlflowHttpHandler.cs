using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace MlOps.Mlflow.Rest;

/// <summary>
/// The HTTP handler that applies <see cref="MlflowRestOptions"/>' TLS settings the way MLflow passes
/// them to <c>requests</c>: <c>verify=False</c>, <c>verify=&lt;CA bundle&gt;</c>, <c>cert=&lt;client PEM&gt;</c>.
/// Use it as the primary handler of an <see cref="HttpClient"/> you create or register yourself.
/// </summary>
public static class MlflowHttpHandler
{
    /// <summary>A handler for <paramref name="options"/>; the caller owns (disposes) it.</summary>
    /// <param name="options">The TLS settings to apply (<see cref="MlflowRestOptions.InsecureTls"/>, cert paths).</param>
    public static SocketsHttpHandler Create(MlflowRestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler();
        if (options.ClientCertPath is { } clientPem)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(clientPem)];
        }
        if (options.InsecureTls)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (options.ServerCertPath is { } caPem)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustedBy(roots, certificate, chain, errors);
        }
        return handler;
    }

    /// <summary>The server certificate must name the host and chain to one of <paramref name="roots"/> (the system store is not used).</summary>
    private static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
