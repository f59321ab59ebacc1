using System.Diagnostics;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Decoders;
using MlOps.Core.Training;
using static TorchSharp.torch;

namespace MlOps.Benchmarks;

/// <summary>
/// Training tokens per second of a ~20M-parameter Llama-config decoder (Models/Decoders), next-token
/// loss, AdamW, as benchmarks/reference/decoder_reference.py does in PyTorch with the same config,
/// batch and sequence length: per thread count, warm-up steps, then timed steps.
/// </summary>
internal static class DecoderBench
{
    /// <summary>hidden 512, 6 layers, 8 query and 4 key/value heads, SwiGLU 1376, vocab 8192, tied: 21.6M parameters.</summary>
    public const string ConfigJson = """
        {"model_type":"llama","vocab_size":8192,"hidden_size":512,"intermediate_size":1376,"num_hidden_layers":6,
         "num_attention_heads":8,"num_key_value_heads":4,"max_position_embeddings":512,"rms_norm_eps":1e-5,
         "rope_theta":10000.0,"hidden_act":"silu","tie_word_embeddings":true,"bos_token_id":1,"eos_token_id":2}
        """;

    public static object Run(Args args)
    {
        var (batch, length) = (args.Int("batch", 8), args.Int("length", 64));
        var (warmup, steps) = (args.Int("warmup", 2), args.Int("steps", 6));
        var config = DecoderConfig.Parse(ConfigJson, "bench", SourceLocation.None("bench"));
        var results = new List<object>();
        long parameters = 0;
        foreach (var threads in args.Get("threads", "1,2").Split(',').Select(int.Parse))
        {
            TorchSetup.Configure(1, threads);
            manual_seed(1);
            using var model = new DecoderForCausalLm(config);
            parameters = model.parameters().Sum(p => p.numel());
            using var optimizer = optim.AdamW(model.parameters(), 1e-3, weight_decay: 0.01);
            using var generator = new Generator(3);
            using var ids = randint(0, config.VocabSize, [batch, length], generator: generator, dtype: ScalarType.Int64);
            using var mask = ones(batch, length, dtype: ScalarType.Bool);
            model.train();
            var phases = new PhaseClock();
            void Step()
            {
                using var scope = NewDisposeScope();
                phases.Start();
                var logits = model.Logits(ids, mask);
                var loss = nn.functional.cross_entropy(
                    logits.narrow(1, 0, length - 1).reshape(-1, config.VocabSize), ids.narrow(1, 1, length - 1).reshape(-1));
                phases.Mark("forward");
                optimizer.zero_grad();
                loss.backward();
                phases.Mark("backward");
                optimizer.step();
                _ = loss.item<float>();
                phases.Mark("optimizer");
            }
            for (var i = 0; i < warmup; i++)
            {
                Step();
            }
            phases.Reset();
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < steps; i++)
            {
                Step();
            }
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            results.Add(new
            {
                threads,
                tokens_per_s = (double)batch * length * steps / seconds,
                tokens_per_cpu_s = (double)batch * length * steps / cpuSeconds,
                phase_ms = phases.Medians(),
                torch_threads = get_num_threads(),
            });
        }
        return new { side = "mlops", parameters, batch, length, steps, torch = __version__, results };
    }
}

/// <summary>Wall time of the phases of each step (forward with loss, backward, optimizer), medians over the timed steps.</summary>
internal sealed class PhaseClock
{
    private readonly Dictionary<string, List<double>> times = [];
    private readonly Stopwatch clock = new();

    public void Start() => clock.Restart();

    public void Mark(string phase)
    {
        if (!times.TryGetValue(phase, out var list))
        {
            times[phase] = list = [];
        }
        list.Add(clock.Elapsed.TotalMilliseconds);
        clock.Restart();
    }

    public void Reset() => times.Clear();

    public Dictionary<string, double> Medians() =>
        times.ToDictionary(t => t.Key, t => Math.Round(t.Value.Order().ElementAt(t.Value.Count / 2), 1));
}
