using System.Text.Json;
using MlOps.Benchmarks;

// One benchmark per process, chosen by the first argument; each prints one JSON object on its
// last stdout line, which benchmarks/bench.py collects into the table and results/latest.json.
var arguments = Args.Parse(args.Skip(1));
object result = args.FirstOrDefault() switch
{
    "train" => TrainingBench.Run(arguments),
    "overhead" => OverheadBench.Run(arguments),
    "memory" => MemoryBench.Run(arguments),
    "tracking" => TrackingBench.Run(arguments),
    "track-share" => TrackingShareBench.Run(arguments),
    "csv" => CsvBench.Run(arguments),
    "csv-train" => CsvTrainBench.Run(arguments),
    "decoder" => DecoderBench.Run(arguments),
    "inference" => InferenceBench.Run(arguments),
    "runtime" => RuntimeOverheadBench.Run(arguments),
    "audio" => AudioBench.Run(arguments),
    _ => throw new ArgumentException("usage: MlOps.Benchmarks train|overhead|memory|tracking|track-share|csv|csv-train|decoder|inference|runtime|audio [--key value]..."),
};
Console.WriteLine(JsonSerializer.Serialize(result));
