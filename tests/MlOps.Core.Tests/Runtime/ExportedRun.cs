using MlOps.Audio;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using MlOps.Runtime;

namespace MlOps.Core.Tests.Runtime;

/// <summary>
/// What the FineTunedModel parity tests share: a tiny real run with `export: { onnx: true }` in a
/// throwaway repository, the validation rows its predictions.csv scored, and the check that
/// MlOps.Runtime scores those rows as the run did.
/// </summary>
internal static class ExportedRun
{
    /// <summary>ONNX Runtime and libtorch differ in the last float bits of a logit; the parity gate allows 1e-4, the probabilities here agree far closer.</summary>
    public const float Tolerance = 1e-5f;

    /// <summary>The spec run into out/run; a run that does not pass fails the test with its diagnostics.</summary>
    public static RunResult Execute(TempRepository repo, string yaml)
    {
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = repo.WriteSpec("spec.yaml", yaml), OutputDirectory = repo.PathOf("out/run") }, observer, CancellationToken.None);
        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())));
        return RunResultFile.Read(outcome.ResultPath!);
    }

    /// <summary>
    /// The run's validation rows of a class-folder data set, each with the file it scored: the rows are
    /// the class folders in ordinal order, then their files, and source_line is the row number.
    /// </summary>
    public static (IReadOnlyList<ScoredRow> Expected, IReadOnlyList<string> Paths) ValidationFiles(RunResult result, FineTunedModel model, string folder)
    {
        var files = Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal)).ToList();
        var expected = ScoredRow.Validation(result.Outputs.Predictions!, model.Classes);
        return (expected, [.. expected.Select(e => files[e.SourceLine - 1])]);
    }

    /// <summary>An audio model given the files by path (in a batch and one by one), as streams and as decoded samples: every way scores as the run did.</summary>
    public static void AssertEveryAudioInputScoresAsTheRunDid(FineTunedModel model, IReadOnlyList<ScoredRow> expected, IReadOnlyList<string> paths)
    {
        AssertSame(expected, model.PredictAudios(paths));
        AssertSame(expected, [.. paths.Select(model.PredictAudio)]);
        AssertSame(expected, [.. paths.Select(p => { using var stream = File.OpenRead(p); return model.PredictAudio(stream); })]);
        AssertSame(expected, [.. paths.Select(p => AudioDecoder.Decode(p)).Select(clip => model.PredictAudio(clip.Samples, clip.SampleRate))]);
    }

    /// <summary>The same labels, and probabilities within <see cref="Tolerance"/>, row by row.</summary>
    public static void AssertSame(IReadOnlyList<ScoredRow> expected, IReadOnlyList<Prediction> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].Predicted == actual[i].Label, $"row {i} (line {expected[i].SourceLine}): run {expected[i].Predicted}, runtime {actual[i].Label}");
            for (var c = 0; c < expected[i].Probabilities.Length; c++)
            {
                Assert.True(Math.Abs(expected[i].Probabilities[c] - actual[i].Probabilities[c]) <= Tolerance,
                    $"row {i} class {c}: run {expected[i].Probabilities[c]:R}, runtime {actual[i].Probabilities[c]:R}");
            }
        }
    }
}
