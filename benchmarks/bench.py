"""Runs the MlOps benchmarks, alternating ours and the reference, and prints the table.

Called by benchmarks/run.sh (which installs and builds first). Writes results/latest.json.
Only the standard library: it runs under whatever python3 is first on PATH; the PyTorch
reference runs under Debian's /usr/bin/python3 (python3-torch)."""
import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "benchmarks"
BIN = BENCH / "MlOps.Benchmarks" / "bin" / "Release" / "net10.0" / "MlOps.Benchmarks"
CLI = REPO / "src" / "MlOps.Cli" / "bin" / "Release" / "net10.0" / "mlops.dll"
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
rows = []  # the table: figure, ours, reference, ratio, target, met, and the section that measured it
section = None  # the section running now (training, overhead, build, ...)
# Raw results each section writes into latest.json, so that `--only` replaces exactly its own.
SECTION_RESULTS = {"training": ["training"], "overhead": ["overhead"], "build": ["build", "spec_comment", "spec_value"],
                   "tracking": ["tracking"], "data": ["csv", "csv_out_of_core"], "memory": ["samples", "memory"],
                   "decoder": ["decoder"], "inference": ["inference", "inference_runtime"], "audio": ["audio"]}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def last_json(command, env=None, cwd=REPO):
    out = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def add(figure, ours, reference, ratio, target, met, unit=""):
    rows.append({"figure": figure, "ours": ours, "reference": reference, "ratio": ratio,
                 "target": target, "met": met, "unit": unit, "section": section})


def reference_env():
    env = dict(os.environ, LD_LIBRARY_PATH=OPENBLAS)
    return env


def training(args, results):
    """Whole processes alternated: ours, reference, ours, … (the order flips each round)."""
    sweeps = {"mlops": [], "pytorch": []}
    common = ["--rows", str(args.rows)]
    for round_ in range(args.runs):
        order = ["mlops", "pytorch"] if round_ % 2 == 0 else ["pytorch", "mlops"]
        for side in order:
            log(f"training round {round_ + 1}/{args.runs}: {side}")
            if side == "mlops":
                sweeps[side].append(last_json([str(BIN), "train", *common]))
            else:
                sweeps[side].append(last_json(["/usr/bin/python3", str(BENCH / "reference" / "reference.py"), *common], reference_env()))
    results["training"] = sweeps
    for model in ["mlp", "cnn"]:
        for threads in [1, 2]:
            def median(side):
                return statistics.median(r["samples_per_s"] for s in sweeps[side] for r in s["results"]
                                         if r["model"] == model and r["threads"] == threads)
            ours, ref = median("mlops"), median("pytorch")
            name = "MLP 512-1024-1024-10" if model == "mlp" else "cnn-small 1x28x28"
            add(f"train {name}, {threads} thread(s)", round(ours), round(ref), round(ours / ref, 3), ">= 1.0", ours / ref >= 1.0, "samples/s")


def decoder(args, results):
    """Training tokens/s of a ~20M-parameter Llama-config decoder, ours vs the same model in PyTorch: whole processes alternated."""
    sweeps = {"mlops": [], "pytorch": []}
    common = ["--steps", str(args.decoder_steps), "--warmup", str(args.decoder_warmup)]
    for round_ in range(args.decoder_runs):
        for side in (["mlops", "pytorch"] if round_ % 2 == 0 else ["pytorch", "mlops"]):
            log(f"decoder round {round_ + 1}/{args.decoder_runs}: {side}")
            if side == "mlops":
                sweeps[side].append(last_json([str(BIN), "decoder", *common]))
            else:
                sweeps[side].append(last_json(["/usr/bin/python3", str(BENCH / "reference" / "decoder_reference.py"), *common], reference_env()))
    results["decoder"] = sweeps
    millions = sweeps["mlops"][0]["parameters"] / 1e6
    for threads in [1, 2]:
        def median(side):
            return statistics.median(r["tokens_per_s"] for s in sweeps[side] for r in s["results"] if r["threads"] == threads)
        ours, ref = median("mlops"), median("pytorch")
        add(f"train Llama-config decoder {millions:.1f}M (batch 8 x 64 tokens), {threads} thread(s)", round(ours, 1), round(ref, 1), round(ours / ref, 3), ">= 1.0", ours / ref >= 1.0, "tokens/s")


def overhead(args, results):
    results["overhead"] = []
    for model, batch in [("cnn", 32), ("credit-mlp", 16), ("mlp", 64)]:
        log(f"loop overhead: {model}")
        r = last_json([str(BIN), "overhead", "--model", model, "--batch", str(batch), "--repeats", str(args.runs), "--rows", str(batch * args.overhead_steps)])
        results["overhead"].append(r)
        trainer, bare = statistics.median(r["trainer_ms_per_step"]), statistics.median(r["bare_ms_per_step"])
        add(f"loop overhead {model} (batch {batch}), Trainer vs bare loop", round(trainer, 3), round(bare, 3), round(trainer / bare, 3), "< 1.05", trainer / bare < 1.05, "ms/step")


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


last_build_cpu = None  # CPU seconds (user + sys) of the last complete timed_build


def timed_build(project, extra=(), until=None, env=None):
    """Seconds for `dotnet build`; with `until`, seconds to the first output line matching it."""
    global last_build_cpu
    cpu_before = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(["dotnet", "build", str(project), "-nologo", *extra], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True, env=env)
    seen, lines = None, []
    for line in process.stdout:
        lines.append(line)
        if until and seen is None and re.search(until, line):
            seen = time.perf_counter() - started
            return seen, process, lines
    process.wait()
    if process.returncode != 0:
        raise RuntimeError("build failed:\n" + "".join(lines[-40:]))
    last_build_cpu = children_cpu() - cpu_before
    return time.perf_counter() - started, None, lines


def packed_consumer(sample, root):
    """A copy of the sample that references the packed MlOps.Build, as a NuGet user has it: its own feed,
    NUGET_PACKAGES and empty Directory.Build.*. The sample's trained outputs come along (fingerprints are
    of relative paths, so the copy is up to date); the installed-CLI runner trains only if they did not match."""
    feed, consumer = root / "feed", root / "consumer"
    env = dict(os.environ, NUGET_PACKAGES=str(root / "packages"))
    out = subprocess.run(["dotnet", "pack", str(REPO / "src" / "MlOps.Build" / "MlOps.Build.csproj"), "-c", "Release", "-o", str(feed), "-nologo", "-v:q"],
                         cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError("dotnet pack failed:\n" + out.stdout[-3000:] + out.stderr[-3000:])
    version = re.search(r"MlOps\.Build\.(\d[^/]*)\.nupkg$", str(next(feed.glob("MlOps.Build.*.nupkg")))).group(1)
    for folder in ("specs", "data", "models"):  # not data/*.cs: the scripts that made the data
        shutil.copytree(sample / folder, consumer / folder, ignore=shutil.ignore_patterns("*.cs"))
    shutil.copytree(sample / "bin" / "mlops", consumer / "bin" / "mlops", ignore=shutil.ignore_patterns("*.uptodate.proj"))
    for empty in ("Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"):
        (consumer / empty).write_text("<Project />\n")
    (consumer / "nuget.config").write_text(f'<configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>\n')
    (consumer / "images.csproj").write_text(f"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <!-- Spec paths may not leave the repository; MlOpsRepositoryRoot rather than a .git folder, which would
         give this project Source Link work that the plain project (no .git either) does not have. -->
    <MlOpsRepositoryRoot>$(MSBuildProjectDirectory)</MlOpsRepositoryRoot>
    <MlOpsRunnerCommand>dotnet</MlOpsRunnerCommand>
    <MlOpsRunnerArguments>"{CLI}"</MlOpsRunnerArguments>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="MlOps.Build" Version="{version}" PrivateAssets="all" />
    <FineTuneSpec Include="specs/*.yaml" />
  </ItemGroup>
</Project>
""")
    return consumer, env


def build(args, results):
    sample = REPO / "samples" / "images"
    root = Path(tempfile.mkdtemp(prefix="mlops-bench-build-"))
    plain_dir = root / "plain"
    try:
        # The same SDK project outside samples/: no Directory.Build.* of the repo, no MlOps imports, no specs.
        plain_dir.mkdir()
        (plain_dir / "images.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n</Project>\n')
        consumer, consumer_env = packed_consumer(sample, root)
        projects = {"mlops": (sample, None), "packed": (consumer, consumer_env), "plain": (plain_dir, None)}
        for project, env in projects.values():
            timed_build(project, env=env)
            timed_build(project, env=env)  # warm: after a first build that had work to do, the second is the up-to-date one
        seconds = {name: [] for name in projects}
        cpu = {name: [] for name in projects}
        # Builds are short and the machine is shared: more rounds than the other sections, alternated.
        for _ in range(max(args.runs, 5)):
            for name, (project, env) in projects.items():
                seconds[name].append(timed_build(project, env=env)[0])
                cpu[name].append(last_build_cpu)
        results["build"] = {"mlops_seconds": seconds["mlops"], "packed_consumer_seconds": seconds["packed"], "plain_seconds": seconds["plain"],
                            "mlops_cpu_seconds": cpu["mlops"], "packed_consumer_cpu_seconds": cpu["packed"], "plain_cpu_seconds": cpu["plain"],
                            "load_average_after": os.getloadavg()}
        p, p_cpu = statistics.median(seconds["plain"]), statistics.median(cpu["plain"])
        for name, figure in [("mlops", "no-op build samples/images vs same project without MlOps"),
                             ("packed", "no-op build, packed MlOps.Build consumer (copy of samples/images) vs same")]:
            o, o_cpu = statistics.median(seconds[name]), statistics.median(cpu[name])
            add(figure, round(o, 2), round(p, 2), round(o / p, 3), "<= 1.10", o / p <= 1.10, "s")
            # The dotnet process tree's CPU time: what the build itself costs, less moved by other engineers' load than wall time.
            add("  same, CPU time (user + sys) of the build", round(o_cpu, 2), round(p_cpu, 2), round(o_cpu / p_cpu, 3), "(reported)", True, "s")
        spec_change(sample, results)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def spec_change(sample, results):
    """A comment touched (must stay up to date) and a real value changed (time to the trainer's first line)."""
    spec = sample / "specs" / "finetune.yaml"
    original = spec.read_text()
    outputs = sample / "bin" / "mlops"
    backup = Path(tempfile.mkdtemp(prefix="mlops-bench-outputs-")) / "mlops"
    shutil.copytree(outputs, backup, symlinks=True)
    try:
        spec.write_text(original + "# a comment the benchmark added\n")
        seconds, _, lines = timed_build(sample, ["-v:n"])
        retrained = any("MlOps: fashion-finetune:" in line for line in lines)
        results["spec_comment"] = {"seconds": seconds, "retrained": retrained}
        add("comment-only spec change: build (no retrain expected)", round(seconds, 2), "", "", "no retrain", not retrained, "s")
        spec.write_text(original.replace("max_minutes: 10", "max_minutes: 9"))
        seconds, process, lines = timed_build(sample, ["-v:n"], until=r"MlOps: fashion-finetune:")
        if process is not None:
            os.killpg(process.pid, 9)
            process.wait()
        results["spec_value"] = {"seconds_to_first_trainer_line": seconds, "line": lines[-1].strip()}
        add("real spec value change -> first 'MlOps:' trainer line", round(seconds, 2), "", "", "(reported)", True, "s")
    finally:
        spec.write_text(original)
        shutil.rmtree(outputs, ignore_errors=True)
        shutil.copytree(backup, outputs, symlinks=True)
        shutil.rmtree(backup.parent, ignore_errors=True)
        subprocess.run(["dotnet", "build-server", "shutdown"], cwd=REPO, capture_output=True, check=False)


def run_sample(spec, folder):
    """The CLI on a sample spec into a temp output and store: wall seconds and peak RSS (MiB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M", "dotnet", str(CLI), "run", str(spec), "--output", str(folder / "out"),
                          "--tracking-uri", str(folder / "mlruns")], cwd=REPO, capture_output=True, text=True, check=False)
    match = re.search(r"TIME ([\d.]+) (\d+)", out.stderr)
    if match is None or not (folder / "out" / "result.json").exists():
        raise RuntimeError(f"sample run failed ({out.returncode}):\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return float(match.group(1)), int(match.group(2)) / 1024


def tracking(args, results):
    log("tracking throughput")
    r = last_json([str(BIN), "tracking", "--metrics", str(args.metrics)])
    results["tracking"] = r
    add("metrics/s to the MLflow file store (log-batch of 100)", round(r["file_store_metrics_per_s"]), "", "", "(reported)", True, "metrics/s")
    add("metrics/s to a local REST server (log-batch of 100)", round(r["rest_metrics_per_s"]), "", "", "(reported)", True, "metrics/s")


def samples(args, results):
    results["samples"] = {}
    for name in ["images", "credit"]:
        spec = REPO / "samples" / name / "specs" / "finetune.yaml"
        folder = Path(tempfile.mkdtemp(prefix=f"mlops-bench-{name}-"))
        try:
            log(f"sample run: {name}")
            wall, rss = run_sample(spec, folder)
            share = last_json([str(BIN), "track-share", "--spec", str(spec), "--output", str(folder / "out"), "--repo", str(REPO)])
            results["samples"][name] = {"wall_seconds": wall, "peak_rss_mib": rss, **share}
            part = share["tracking_log_seconds"] / wall
            add(f"tracking share of the {name} sample run (RunTracker.Log, cold)", round(share["tracking_log_seconds"], 3), round(wall, 2), round(part, 4), "< 0.02", part < 0.02, "s of wall")
            warm = share["tracking_log_seconds_warm"] / wall
            add(f"  same, RunTracker.Log called a second time (JIT warm)", round(share["tracking_log_seconds_warm"], 3), round(wall, 2), round(warm, 4), "< 0.02", warm < 0.02, "s of wall")
            add(f"peak RSS, {name} sample fine-tune (mlops run)", round(rss), "", "", "(reported)", True, "MiB")
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def data(args, results):
    """The same generated CSV loaded by us (file to training tensors) and by pandas (read_csv + to_numpy),
    whole processes, alternated; then the out-of-core run (a multi-GB file trained from its encoded form)."""
    folder = Path(tempfile.mkdtemp(prefix="mlops-bench-data-"))
    try:
        csv = folder / "data.csv"
        log(f"CSV loading: generating {args.csv_rows} rows")
        last_json([str(BIN), "csv", "--rows", str(args.csv_rows), "--generate", str(csv)])
        runs = {"mlops": [], "pandas": []}
        for round_ in range(args.data_runs):
            for side in (["mlops", "pandas"] if round_ % 2 == 0 else ["pandas", "mlops"]):
                log(f"CSV loading round {round_ + 1}/{args.data_runs}: {side}")
                if side == "mlops":
                    runs[side].append(last_json([str(BIN), "csv", "--rows", str(args.csv_rows), "--file", str(csv)]))
                else:
                    runs[side].append(last_json(["/usr/bin/python3", str(BENCH / "reference" / "pandas_csv.py"), str(csv), "y"]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    results["csv"] = {"mlops": runs["mlops"], "pandas": runs["pandas"], "load_average_after": os.getloadavg()}
    ours = statistics.median(r["rows_per_s"] for r in runs["mlops"])
    ref = statistics.median(r["rows_per_s"] for r in runs["pandas"])
    add(f"CSV rows/s into tensors ({args.csv_rows} x 50), vs pandas read_csv + to_numpy(float32)", round(ours), round(ref), round(ours / ref, 3), ">= 1.0", ours / ref >= 1.0, "rows/s")
    peak = max(r["peak_rss_mib"] for r in runs["mlops"])
    tensor = runs["mlops"][0]["tensor_mib"]
    growth = max(r["peak_rss_mib"] - r["peak_rss_before_load_mib"] for r in runs["mlops"])
    add("CSV peak RSS during the load (over the process before it) / final tensor size", round(growth), round(tensor), round(growth / tensor, 2), "<= 2.0", growth / tensor <= 2.0, "MiB")
    add("  same, whole process (runtime + libtorch ~200 MiB included)", round(peak), round(tensor), round(peak / tensor, 2), "(reported)", True, "MiB")
    pandas_peak = max(r["peak_rss_mib"] for r in runs["pandas"])
    add("  pandas peak RSS / its float32 matrix + int64 labels", round(pandas_peak), round(runs["pandas"][0]["tensor_mib"]), round(pandas_peak / runs["pandas"][0]["tensor_mib"], 2), "(reported)", True, "MiB")
    out_of_core(args, results)


def out_of_core(args, results):
    """A CSV of --ooc-gib GiB (default 5) trained out of core: peak RSS of the whole `csv-train` process."""
    free = shutil.disk_usage(tempfile.gettempdir()).free / 2**30
    need = args.ooc_gib * 4.5  # the CSV, the cell spill (~1.3x) and the encoded floats (~0.7x), with room
    if free < need:
        log(f"out-of-core: skipped, {free:.0f} GiB free in {tempfile.gettempdir()}, {need:.0f} GiB needed")
        return
    folder = Path(tempfile.mkdtemp(prefix="mlops-bench-ooc-"))
    try:
        csv = folder / "data.csv"
        rows = int(args.ooc_gib * 2**30 / 300)  # ~300 bytes a row
        log(f"out-of-core: generating {rows} rows (~{args.ooc_gib} GiB)")
        generated = last_json([str(BIN), "csv", "--rows", str(rows), "--generate", str(csv)])
        log("out-of-core: training")
        r = last_json([str(BIN), "csv-train", "--file", str(csv), "--steps", str(args.ooc_steps)])
        r["file_mib"] = generated["file_mib"]
        results["csv_out_of_core"] = r
        add(f"out-of-core: {generated['file_mib'] / 1024:.1f} GiB CSV, load + {args.ooc_steps} training steps, peak RSS", round(r["peak_rss_mib"]), "", "", "< 2048", r["peak_rss_mib"] < 2048, "MiB")
        add("  same, rows/s of the load (scan, fit, encode to disk)", round(r["load_rows_per_s"]), "", "", "(reported)", True, "rows/s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def audio(args, results):
    """Log-mel feature extraction on the same clips: ours (C#, all cores) against torch.stft + mel filterbank (batched)."""
    log(f"audio features: {args.clips} one-second clips")
    clips = Path(tempfile.gettempdir()) / "mlops-bench-audio.f32"
    sides = {"mlops": [], "pytorch": []}
    try:
        # Alternated rounds (the order flips each round), the median of each side: the machine is shared.
        for round_ in range(args.runs):
            for side in (["mlops", "pytorch"] if round_ % 2 == 0 else ["pytorch", "mlops"]):
                if side == "mlops":
                    sides[side].append(last_json([str(BIN), "audio", "--clips", str(args.clips), "--file", str(clips)]))
                else:
                    sides[side].append(last_json(["/usr/bin/python3", str(BENCH / "reference" / "audio_reference.py"), str(clips), str(args.clips)], env=reference_env()))
    finally:
        clips.unlink(missing_ok=True)
    ours = sorted(sides["mlops"], key=lambda r: r["clips_per_s"])[len(sides["mlops"]) // 2]
    reference = sorted(sides["pytorch"], key=lambda r: r["clips_per_s"])[len(sides["pytorch"]) // 2]
    results["audio"] = {"mlops": ours, "pytorch": reference, "rounds": sides}
    ratio = ours["clips_per_s"] / reference["clips_per_s"]
    add(f"log-mel clips/s (1 s, 16 kHz, 40 mels, n_fft 400; {args.clips} clips)", round(ours["clips_per_s"]), round(reference["clips_per_s"]), round(ratio, 2), ">= 1.0x", ratio >= 1.0, "clips/s")
    seam = sorted((r["seam"] for r in sides["mlops"]), key=lambda r: r["clips_per_s"])[len(sides["mlops"]) // 2]
    add("  same, a training batch's whole row path (read + decode 16-bit WAV + log-mel + standardise)", round(seam["clips_per_s"]), "", "", "(reported)", True, "clips/s")


def memory(args, results):
    log("memory: 20-epoch large MLP")
    r = last_json([str(BIN), "memory", "--epochs", str(args.epochs)])
    results["memory"] = r
    add(f"peak RSS, {args.epochs}-epoch MLP 512-1024-1024-10 Trainer run", round(r["peak_rss_mib"]), "", "", "(reported)", True, "MiB")
    add("live tensors after the run (minus before)", r["live_tensors_after"] - r["live_tensors_before"], "", "", "0", r["live_tensors_after"] - r["live_tensors_before"] <= 0, "tensors")


def inference(args, results):
    """Exported graphs in ONNX Runtime against TorchSharp eval, same process, same inputs, 1 thread."""
    results["inference"] = {}
    for model in ["credit-mlp", "cnn-small", "bert-small"]:
        log(f"inference latency: {model}")
        r = last_json([str(BIN), "inference", "--model", model, "--threads", "1", "--repeats", str(args.inference_repeats)])
        results["inference"][model] = r
        for size, key in [("single-row", "single"), ("batch-64", "batch64")]:
            ort, torch = r[f"ort_{key}_ms"], r[f"torch_{key}_ms"]
            add(f"{size} inference {model}, ONNX Runtime vs TorchSharp eval, 1 thread", round(ort, 4), round(torch, 4), round(ort / torch, 3), "(reported)", True, "ms")
        add(f"  same, largest |logit difference| ONNX Runtime vs TorchSharp", float(f"{r['max_abs_diff']:.3g}"), "", "", "<= 1e-4", r["max_abs_diff"] <= 1e-4, "")
    # MlOps.Runtime against raw ONNX Runtime (bench_runtime.py).
    from bench_runtime import runtime_overhead
    runtime_overhead(args, results, lambda argv: last_json([str(BIN), *argv]), add, log)


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), "?")
    mem = next((l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")), "?")
    ref = subprocess.run(["/usr/bin/python3", "-c", "import torch,re;c=torch.__config__.show();print(torch.__version__, re.search('BLAS_INFO=([^,]*)',c).group(1), 'mkldnn' if torch.backends.mkldnn.is_available() else '')"],
                         capture_output=True, text=True, env=reference_env(), check=False).stdout.strip()
    blas = subprocess.run(["/usr/bin/python3", "-c", "import torch;torch.ones(2,2)@torch.ones(2,2);print([l.split()[-1] for l in open('/proc/self/maps') if 'blas' in l][0])"],
                          capture_output=True, text=True, env=reference_env(), check=False).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
            "load_average_at_start": os.getloadavg(), "shared": "2 cores shared with other engineers building at the same time: figures are noisy",
            "reference": f"Debian python3-torch {ref}; BLAS loaded: {blas}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')}",
            "ours": "TorchSharp 0.107 with libtorch 2.10 (libtorch-cpu-linux-x64: its bundled MKL / oneDNN)"}


def table():
    header = ["figure", "ours", "reference", "ratio", "target", "met?"]
    cells = [[r["figure"] + (f" [{r['unit']}]" if r["unit"] else ""), str(r["ours"]), str(r["reference"]), str(r["ratio"]), r["target"],
              "yes" if r["met"] else "NO"] for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(header)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |", "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(cell, widths)) + " |" for cell in cells]
    return "\n".join(lines)


def merge(previous, results, chosen):
    """`--only`: the sections measured now replace theirs in the previous latest.json; the rest is kept,
    with when and on what machine (load included) each part was measured."""
    measured = [name for name in chosen if any(r["section"] == name for r in rows)]  # a section that failed keeps its old rows
    merged = dict(previous)
    runs = merged.setdefault("runs", {})
    for name in measured:
        for key in SECTION_RESULTS[name]:
            if key in results:
                merged[key] = results[key]
        runs[name] = {"started": results["started"], "quick": results["quick"], "seconds": results["seconds"], "machine": results["machine"]}
    kept = [r for r in previous.get("table", []) if r.get("section") not in measured]
    # New rows go where the section's old rows were (sections keep the table's order).
    at = next((i for i, r in enumerate(previous.get("table", [])) if r.get("section") in measured), len(kept))
    merged["table"] = kept[:at] + rows + kept[at:]
    return merged


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--ooc-gib", type=float, default=None, help="size of the out-of-core CSV (default 5, 0.5 with --quick)")
    parser.add_argument("--only", action="append", choices=["training", "overhead", "build", "tracking", "data", "memory", "decoder", "inference", "audio"])
    args = parser.parse_args()
    args.runs = 3
    args.rows = 64 * (16 if args.quick else 40)
    args.overhead_steps = 20 if args.quick else 40
    args.metrics = 5000 if args.quick else 20000
    args.csv_rows = 100_000 if args.quick else 1_000_000
    args.data_runs = 2 if args.quick else 3
    args.ooc_gib = args.ooc_gib if args.ooc_gib is not None else (0.5 if args.quick else 5)
    args.ooc_steps = 50 if args.quick else 200
    args.epochs = 5 if args.quick else 20
    args.decoder_runs, args.decoder_steps, args.decoder_warmup = (1, 3, 1) if args.quick else (3, 6, 2)
    args.inference_repeats = 50 if args.quick else 200
    args.clips = 500 if args.quick else 2000
    global section
    chosen = args.only or ["training", "overhead", "build", "tracking", "data", "memory", "decoder", "inference", "audio"]
    results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "quick": args.quick, "machine": machine()}
    started = time.perf_counter()
    steps = {"training": training, "overhead": overhead, "build": build, "tracking": tracking, "data": data, "decoder": decoder, "inference": inference, "audio": audio}
    try:
        for name in chosen:
            section = name
            if name == "memory":
                samples(args, results)
                memory(args, results)
            else:
                steps[name](args, results)
    finally:  # what was measured is kept even when a later benchmark fails
        results["seconds"] = time.perf_counter() - started
        results["table"] = rows
        (BENCH / "results").mkdir(exist_ok=True)
        latest = BENCH / "results" / "latest.json"
        merged = merge(json.loads(latest.read_text()), results, chosen) if args.only and latest.exists() else results
        latest.write_text(json.dumps(merged, indent=2) + "\n")
    print(table())
    print(f"\n{len([r for r in rows if not r['met']])} target(s) not met; {results['seconds']:.0f} s; results/latest.json written")


if __name__ == "__main__":
    main()
