namespace MlOps.Core.Tracking;

/// <summary>Stable diagnostic codes of the tracking area (700–799).</summary>
public static class TrackingErrorCodes
{
    /// <summary>The tracking URI (tracking.uri or MLFLOW_TRACKING_URI) has a scheme the product cannot write to.</summary>
    public const string UnsupportedTrackingUri = "MLOPS701";
    /// <summary>The MLflow server stayed unreachable past the retry budget; the run was kept in the local outbox.</summary>
    public const string ServerUnavailableOutboxed = "MLOPS702";
    /// <summary>The MLflow server refused a call (4xx): the run was not logged.</summary>
    public const string CallRejected = "MLOPS703";
    /// <summary>`mlops sync` could not deliver the outbox (server still down or refusing).</summary>
    public const string SyncFailed = "MLOPS704";
    /// <summary>promote_alias was set but the alias was not moved (verdict not passed, or not the default branch).</summary>
    public const string PromotionSkipped = "MLOPS705";
    /// <summary>The local tracking store (or outbox) cannot be read or written (not a folder, no permission, disk full): the run is not logged.</summary>
    public const string StoreUnwritable = "MLOPS706";
    /// <summary>An MLflow client variable (MLFLOW_HTTP_REQUEST_*, MLFLOW_TRACKING_INSECURE_TLS…) has a value MLflow would refuse.</summary>
    public const string InvalidClientSetting = "MLOPS707";
}
