using MlOps.Mlflow;

// Logs one run to ./mlruns, or to the folder, file: URI or http(s):// server given as the first argument.
// Open it with: mlflow ui --backend-store-uri ./mlruns
var trackingUri = args.Length > 0 ? args[0] : "mlruns";
using var client = MlflowClient.Create(trackingUri);

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
