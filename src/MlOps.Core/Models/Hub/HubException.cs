using MlOps.Specs.Hub;

namespace MlOps.Core.Models.Hub;

/// <summary>
/// A Hub checkpoint could not be resolved. Carries a stable code (<see cref="HubErrorCodes"/>); the
/// pipeline turns it into a diagnostic at base.checkpoint. Messages never contain the token.
/// </summary>
public sealed class HubException : Exception
{
    public HubException(string code, string message) : base(message) => Code = code;

    public HubException(string code, string message, Exception inner) : base(message, inner) => Code = code;

    public HubException() : this(HubErrorCodes.Unreachable, "the Hub checkpoint could not be resolved") { }

    public HubException(string message) : this(HubErrorCodes.Unreachable, message) { }

    public HubException(string message, Exception inner) : this(HubErrorCodes.Unreachable, message, inner) { }

    public string Code { get; }
}

/// <summary>A failure worth another try (5xx, a dropped connection, a stalled read); retried with backoff.</summary>
internal sealed class HubTransientException(string message, Exception? inner = null) : Exception(message, inner);
