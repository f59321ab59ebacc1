namespace MlOps.Contracts.Results;

/// <summary>How a failed gate counts: an error fails the run, a warning is reported only.</summary>
public enum Severity { Error, Warning }
