using System.Net;

namespace MlOps.Mlflow;

/// <summary>
/// An MLflow call failed: names the call, the HTTP status and the server's reason
/// (<c>error_code</c> and <c>message</c>). Never carries credentials.
/// </summary>
public class MlflowException : Exception
{
    /// <summary>A failed call with a generic message.</summary>
    public MlflowException() : this("MLflow call failed") { }

    /// <summary>A failed call described by <paramref name="message"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public MlflowException(string message) : base(message) => Call = "";

    /// <summary>A failed call caused by <paramref name="inner"/>.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="inner">The cause.</param>
    public MlflowException(string message, Exception inner) : base(message, inner) => Call = "";

    /// <summary>A failed API call with the server's answer.</summary>
    /// <param name="call">The call, e.g. <c>POST runs/log-batch</c>.</param>
    /// <param name="status">The HTTP status, if an answer came.</param>
    /// <param name="errorCode">MLflow's error_code, if the answer was MLflow's.</param>
    /// <param name="reason">MLflow's message, or what else went wrong.</param>
    /// <param name="inner">The cause, if any.</param>
    public MlflowException(string call, HttpStatusCode? status, string? errorCode, string reason, Exception? inner = null)
        : base(Describe(call, status, errorCode, reason), inner)
    {
        Call = call;
        StatusCode = status;
        ErrorCode = errorCode;
    }

    /// <summary>The API call, e.g. <c>POST runs/log-batch</c>.</summary>
    public string Call { get; }
    /// <summary>The HTTP status of the answer; null when none came (or for the file store).</summary>
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
    /// <summary>The server is unavailable, with a generic message.</summary>
    public MlflowUnavailableException() { }

    /// <summary>The server is unavailable, as <paramref name="message"/> says.</summary>
    /// <param name="message">What went wrong.</param>
    public MlflowUnavailableException(string message) : base(message) { }

    /// <summary>The server is unavailable because of <paramref name="inner"/>.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="inner">The cause.</param>
    public MlflowUnavailableException(string message, Exception inner) : base(message, inner) { }

    /// <summary>An API call that kept failing past the retry budget.</summary>
    /// <param name="call">The call, e.g. <c>POST runs/log-batch</c>.</param>
    /// <param name="status">The last HTTP status, if an answer came.</param>
    /// <param name="reason">What went wrong.</param>
    /// <param name="inner">The cause, if any.</param>
    public MlflowUnavailableException(string call, HttpStatusCode? status, string reason, Exception? inner = null)
        : base(call, status, null, reason, inner) { }
}
