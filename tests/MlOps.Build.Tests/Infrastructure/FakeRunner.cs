namespace MlOps.Build.Tests.Infrastructure;

/// <summary>
/// A stand-in for `mlops run` (Grpc.Tools-style fake): speaks the JSON events contract, writes
/// result.json and an exported onnx/ folder, and appends each invocation to invocations.log next to itself. A spec whose gate
/// says `min: 0.99` fails that gate (exit 1) at the gate's line, column 5.
/// </summary>
internal static class FakeRunner
{
    private const string Script = """
        #!/bin/bash
        spec="$2"; out=""
        while [ $# -gt 0 ]; do case "$1" in --output) out="$2"; shift;; esac; shift; done
        echo "run $spec" >> "$(dirname "$0")/invocations.log"
        mkdir -p "$out"
        echo '{"event":"start","spec":"tiny","epochs":2,"device":"cpu"}'
        echo '{"event":"epoch","epoch":1,"epochs":2,"train_loss":0.9,"val_loss":0.8,"lr":0.001,"metrics":{"accuracy":0.6},"eta_seconds":1}'
        line=$(grep -n 'min:' "$spec" | head -1 | cut -d: -f1)
        if grep -q 'min: 0.99' "$spec"; then passed=false; verdict=failed; code=1; else passed=true; verdict=passed; code=0; fi
        echo "{\"event\":\"gate\",\"name\":\"accuracy min\",\"passed\":$passed,\"severity\":\"error\",\"message\":\"0.874\",\"file\":\"$spec\",\"line\":${line:-0},\"column\":5}"
        # The exported folder a real run writes with export: { onnx: true } (MlOps.Build.Models.targets ships it).
        mkdir -p "$out/onnx/tokenizer" && printf 'onnx-bytes' > "$out/onnx/model.onnx" && printf '{"name":"tiny"}' > "$out/onnx/model.json" && printf 'v' > "$out/onnx/tokenizer/vocab.txt"
        printf '{"verdict":"%s","tracking":{"run_id":"run123"},"metrics":{"validation":{"accuracy":0.874}}}' "$verdict" > "$out/result.json"
        echo "{\"event\":\"result\",\"verdict\":\"$verdict\",\"result_path\":\"$out/result.json\",\"run_id\":\"run123\"}"
        exit $code

        """;

    /// <summary>Writes the script into <paramref name="folder"/> and returns its path.</summary>
    public static string Create(string folder)
    {
        var path = Path.Combine(folder, "fake-mlops.sh");
        File.WriteAllText(path, Script.ReplaceLineEndings("\n"));
        MakeExecutable(path);
        return path;
    }

    /// <summary>The fake runners are bash scripts: these tests need a Unix-like OS.</summary>
    public static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public static string[] Invocations(string folder)
    {
        var log = Path.Combine(folder, "invocations.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }
}
