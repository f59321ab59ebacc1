// Tests set process-wide environment variables (MLOPS_MAX_DATA_BYTES, MLFLOW_TRACKING_TOKEN)
// and the in-process CLI reads them: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
