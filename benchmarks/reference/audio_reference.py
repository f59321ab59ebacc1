"""The PyTorch side of the audio feature benchmark (Debian's python3-torch, torchaudio's definition):
    /usr/bin/python3 audio_reference.py <clips.f32> <clips>
reads the clips MlOps.Benchmarks `audio` wrote (float32, one second at 16 kHz each) and times
torch.stft(n_fft 400, hop 160, center, reflect, periodic Hann) |.|^2 @ the HTK mel filterbank (40),
10 log10(clamp 1e-10), top_db 80 per clip, on the whole batch at once with all cores; the best of 3
passes after a warm-up. Prints one JSON line."""
import json
import math
import os
import sys
import time

import numpy as np
import torch


def fbanks(n_freqs, n_mels, sample_rate):
    """torchaudio.functional.melscale_fbanks(f_min=0, f_max=sr/2, norm=None, mel_scale="htk")."""
    all_freqs = torch.linspace(0, sample_rate // 2, n_freqs)
    m_max = 2595.0 * math.log10(1.0 + (sample_rate / 2) / 700.0)
    f_pts = 700.0 * (10 ** (torch.linspace(0, m_max, n_mels + 2) / 2595.0) - 1.0)
    f_diff = f_pts[1:] - f_pts[:-1]
    slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1)
    down = (-1.0 * slopes[:, :-2]) / f_diff[:-1]
    up = slopes[:, 2:] / f_diff[1:]
    return torch.max(torch.zeros(1), torch.min(down, up))


def main():
    path, clips = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(os.cpu_count())  # as many threads as ours (Debian's build may start with 1)
    x = torch.from_numpy(np.fromfile(path, dtype="<f4").reshape(clips, 16000))
    window = torch.hann_window(400)
    fb = fbanks(201, 40, 16000)

    def run():
        spec = torch.stft(x, 400, hop_length=160, win_length=400, window=window, center=True, pad_mode="reflect", return_complex=True)
        mel = torch.matmul(spec.abs().pow(2).transpose(1, 2), fb).transpose(1, 2)
        db = 10.0 * torch.log10(torch.clamp(mel, min=1e-10))
        return torch.max(db, db.amax(dim=(1, 2), keepdim=True) - 80.0)

    with torch.no_grad():
        out = run()
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            out = run()
            best = min(best, time.perf_counter() - start)
    print(json.dumps({"clips": clips, "seconds": best, "clips_per_s": clips / best, "threads": torch.get_num_threads(), "checksum": float(out[:, 20, 50].sum())}))


if __name__ == "__main__":
    main()
