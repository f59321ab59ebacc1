using System.Text.Json;
using MlOps.Contracts.Results;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Pipeline;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>
/// The resumable checkpoint: model, best model, optimiser state, torch RNG state and
/// <see cref="TrainingState"/>. Written to a sibling folder and swapped in, so a kill at any
/// moment leaves either the previous complete checkpoint or the new one.
/// </summary>
public sealed class TrainingCheckpoint(string folder)
{
    private const string StateFile = "state.json";
    private string Staging => Folder + ".next";

    public string Folder { get; } = folder;

    public bool Exists => File.Exists(Path.Combine(Folder, StateFile)) || File.Exists(Path.Combine(Staging, StateFile));

    /// <param name="weights">What to store as the model (bf16 training: the fp32 masters); null: the model's state dict.</param>
    public void Save(nn.Module<Tensor, Tensor> model, IReadOnlyDictionary<string, Tensor>? best, optim.Optimizer optimizer, TrainingState state, IReadOnlyDictionary<string, Tensor>? weights = null)
    {
        if (Directory.Exists(Staging))
        {
            Directory.Delete(Staging, recursive: true);
        }
        Directory.CreateDirectory(Staging);
        SafeTensorsFile.Write(Path.Combine(Staging, "model.safetensors"), weights ?? model.state_dict(), new Dictionary<string, string>());
        if (best is not null)
        {
            SafeTensorsFile.Write(Path.Combine(Staging, "best.safetensors"), best, new Dictionary<string, string>());
        }
        using (var rng = get_rng_state())
        {
            SafeTensorsFile.Write(Path.Combine(Staging, "rng.safetensors"), new Dictionary<string, Tensor> { ["cpu"] = rng }, new Dictionary<string, string>());
        }
        ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(Path.Combine(Staging, "optimizer.dat"));
        // state.json last: its presence marks the folder complete.
        File.WriteAllText(Path.Combine(Staging, StateFile), JsonSerializer.Serialize(state, RunResultJson.Options));
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        Directory.Move(Staging, Folder);
    }

    /// <summary>A kill between "delete old" and "move new" leaves only the complete staging folder.</summary>
    private string Source => File.Exists(Path.Combine(Folder, StateFile)) ? Folder : Staging;

    public TrainingState ReadState() =>
        JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(Path.Combine(Source, StateFile)), RunResultJson.Options)
        ?? throw new InvalidDataException("empty training state");

    /// <summary>Restores model, optimiser and RNG; returns the state and the best weights if saved.</summary>
    /// <param name="onWeights">Sees the saved model weights before they are disposed (bf16 training restores its fp32 masters from them).</param>
    public (TrainingState State, Dictionary<string, Tensor>? Best) Load(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Action<IReadOnlyDictionary<string, Tensor>>? onWeights = null)
    {
        var source = Source;
        var state = ReadState();
        var (weights, _) = SafeTensorsFile.Read(Path.Combine(source, "model.safetensors"));
        StateDict.CopyInto(model, weights);
        onWeights?.Invoke(weights);
        StateDict.Dispose(weights);
        ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(Path.Combine(source, "optimizer.dat"));
        var (rng, _) = SafeTensorsFile.Read(Path.Combine(source, "rng.safetensors"));
        set_rng_state(rng["cpu"]);
        rng["cpu"].Dispose();
        var bestPath = Path.Combine(source, "best.safetensors");
        return (state, File.Exists(bestPath) ? SafeTensorsFile.Read(bestPath).Tensors : null);
    }

    public void Delete()
    {
        foreach (var path in new[] { Folder, Staging }.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
