namespace MlOps.Contracts.Results;

/// <summary>Why training ended (result.json <c>training.stop_reason</c>, spelled "early_stopped" etc.).</summary>
public enum StopReason
{
    /// <summary>Every planned epoch ran.</summary>
    Completed,
    /// <summary>The early-stopping metric stopped improving.</summary>
    EarlyStopped,
    /// <summary>training.budget.max_minutes ran out.</summary>
    BudgetExhausted,
    /// <summary>Ctrl+C / SIGTERM: a checkpoint was saved for --resume.</summary>
    Interrupted,
}
