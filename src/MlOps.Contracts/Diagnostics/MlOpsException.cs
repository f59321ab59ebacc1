namespace MlOps.Contracts.Diagnostics;

/// <summary>
/// Bad input found after validation (data, checkpoints, environment): carries diagnostics that
/// front ends print and turn into exit code 2.
/// </summary>
public sealed class MlOpsException : Exception
{
    public MlOpsException(Diagnostic diagnostic)
        : base(diagnostic.ToString()) => Diagnostics = [diagnostic];

    public MlOpsException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics)) => Diagnostics = diagnostics;

    public MlOpsException() : this("unknown error") { }

    public MlOpsException(string message) : base(message) => Diagnostics = [];

    public MlOpsException(string message, Exception inner) : base(message, inner) => Diagnostics = [];

    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
