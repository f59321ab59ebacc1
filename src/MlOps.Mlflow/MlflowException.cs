using System.Net;

namespace MlOps.Mlflow;

/// <summary>
/// An MLflow call failed: names the call, the HTTP status and the server's reason
/// (<c>error_code</c> and <c>message</c>). Never carries credentials.
/// </summary>
public class MlflowException : Exception
{
    public MlflowException() : this("MLflow call failed") { }

    public MlflowException(string message) : base(message) => Call = "";

    public MlflowException(string message, Exception inner) : base(message, inner) => Call = "";

    public MlflowException(string call, HttpStatusCode? status, string? errorCode, string reason, Exception? inner = null)
        : base(Describe(call, status, errorCode, reason), inner)
    {
        Call = call;
        StatusCode = status;
        ErrorCode = errorCode;
    }

    /// <summary>The API call, e.g. <c>POST runs/log-batch</c>.</summary>
    public string Call { get; }
    public HttpStatusCode? StatusCode { get; }
    /// <summary>MLflow's error_code, e.g. RESOURCE_ALREADY_EXISTS; null when the body was not MLflow's.</summary>
    public string? ErrorCode { get; }

    private static string Describe(string call, HttpStatusCode? status, string? errorCode, string reason)
    {
        var http = status is { } s ? $"HTTP {(int)s} " : "";
        var code = errorCode is null ? "" : $"{errorCode}: ";
        return $"MLflow {call} failed: {http}{code}{reason}";
    }
}

/// <summary>The server could not be reached (or kept failing) within the retry budget.</summary>
public sealed class MlflowUnavailableException : MlflowException
{
    public MlflowUnavailableException() { }

    public MlflowUnavailableException(string message) : base(message) { }

    public MlflowUnavailableException(string message, Exception inner) : base(message, inner) { }

    public MlflowUnavailableException(string call, HttpStatusCode? status, string reason, Exception? inner = null)
        : base(call, status, null, reason, inner) { }
}
