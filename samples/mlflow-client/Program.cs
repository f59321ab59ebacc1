using MlOps.Mlflow;

// Logs one run to the folder, file: URI or http(s):// server given as the first argument; without one, to
// MLFLOW_TRACKING_URI as MLflow's clients do, and without that to ./mlruns.
// Open ./mlruns with: mlflow ui --backend-store-uri ./mlruns
using var client = MlflowClient.Create(args.Length > 0 ? args[0] : null);

await using (var run = await client.StartRunAsync("mlflow-client-sample", runName: "sample-run"))
{
    await run.LogParamAsync("alpha", "0.5");
    double[] rmse = [1.0, 0.5, 1.0 / 3];
    for (var step = 0; step < rmse.Length; step++)
    {
        await run.LogMetricAsync("rmse", rmse[step], step);
    }
    var folder = Directory.CreateTempSubdirectory("mlflow-client-sample-");
    var notes = Path.Combine(folder.FullName, "notes.txt");
    await File.WriteAllTextAsync(notes, "Logged by the MlOps.Mlflow sample.\n");
    await run.LogArtifactAsync(notes, artifactPath: "docs");
    folder.Delete(recursive: true);
    run.Complete();
    Console.WriteLine($"logged run {run.RunId} to {client.TrackingUri}");
}
