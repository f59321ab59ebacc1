"""Numeric references for the audio tests, with Debian's python3-scipy and python3-torch (1.13):
    /usr/bin/python3 make_audio_reference.py

word.wav (16-bit PCM, 22050 Hz) is read as int16 / 32768 and
  resample-<rate>.f32   scipy.signal.resample_poly(x, up, down) to <rate> Hz (its defaults:
                        Kaiser window beta 5), float32 little-endian; other rates than 16000 keep
                        only their first 4096 samples
  logmel-<name>.f32     the log-mel spectrogram of resample-16000.f32 cut to its first 16000
                        samples (zero-padded when shorter), float32 [n_mels, frames] row-major.
torchaudio is not packaged by Debian, so the reference is torchaudio's definition written out:
MelSpectrogram = torch.stft(center=True, pad_mode="reflect", window=hann_window(n_fft) periodic,
onesided) |.|^2, times melscale_fbanks(norm=None) (its code, copied below), then
AmplitudeToDB("power", top_db) = 10 log10(clamp(x, min=1e-10)), then with top_db, max(x, x.max() - top_db).
Computed in float64.
"""
import json
import math
import wave

import numpy as np
import scipy.signal
import torch


def read_wav(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1
        rate = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0
    return x, rate


def hz_to_mel(f, scale):
    if scale == "htk":
        return 2595.0 * math.log10(1.0 + f / 700.0)
    f_min, f_sp = 0.0, 200.0 / 3
    mels = (f - f_min) / f_sp
    min_log_hz = 1000.0
    min_log_mel = (min_log_hz - f_min) / f_sp
    logstep = math.log(6.4) / 27.0
    if f >= min_log_hz:
        mels = min_log_mel + math.log(f / min_log_hz) / logstep
    return mels


def mel_to_hz(mels, scale):
    if scale == "htk":
        return 700.0 * (10.0 ** (mels / 2595.0) - 1.0)
    f_min, f_sp = 0.0, 200.0 / 3
    freqs = f_min + f_sp * mels
    min_log_hz = 1000.0
    min_log_mel = (min_log_hz - f_min) / f_sp
    logstep = math.log(6.4) / 27.0
    log_t = mels >= min_log_mel
    freqs[log_t] = min_log_hz * torch.exp(logstep * (mels[log_t] - min_log_mel))
    return freqs


def melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, scale):
    """torchaudio.functional.melscale_fbanks(norm=None), float64."""
    all_freqs = torch.linspace(0, sample_rate // 2, n_freqs, dtype=torch.float64)
    m_min, m_max = hz_to_mel(f_min, scale), hz_to_mel(f_max, scale)
    m_pts = torch.linspace(m_min, m_max, n_mels + 2, dtype=torch.float64)
    f_pts = mel_to_hz(m_pts, scale)
    f_diff = f_pts[1:] - f_pts[:-1]
    slopes = f_pts.unsqueeze(0) - all_freqs.unsqueeze(1)
    down_slopes = (-1.0 * slopes[:, :-2]) / f_diff[:-1]
    up_slopes = slopes[:, 2:] / f_diff[1:]
    return torch.max(torch.zeros(1, dtype=torch.float64), torch.min(down_slopes, up_slopes))


def log_mel(x, sample_rate, n_fft, hop, n_mels, f_min, f_max, scale, top_db):
    spec = torch.stft(torch.from_numpy(x), n_fft, hop_length=hop, win_length=n_fft,
                      window=torch.hann_window(n_fft, dtype=torch.float64), center=True,
                      pad_mode="reflect", normalized=False, onesided=True, return_complex=True)
    power = spec.abs() ** 2                                    # [freqs, frames]
    fb = melscale_fbanks(n_fft // 2 + 1, f_min, f_max, n_mels, sample_rate, scale)
    mel = torch.matmul(power.transpose(0, 1), fb).transpose(0, 1)  # [n_mels, frames]
    db = 10.0 * torch.log10(torch.clamp(mel, min=1e-10))
    if top_db is not None:  # AmplitudeToDB(top_db=...) on one spectrogram: max over all of it
        db = torch.max(db, db.max() - top_db)
    return db


def main():
    x, rate = read_wav("word.wav")
    index = {"source": "word.wav", "source_rate": rate, "resample": {}, "logmel": {}}
    for target in (16000, 8000, 44100):
        g = math.gcd(target, rate)
        y = scipy.signal.resample_poly(x, target // g, rate // g)
        if target != 16000:
            y = y[:4096]  # a prefix keeps the fixture small; 16 kHz is kept whole for the log-mel
        y.astype("<f4").tofile(f"resample-{target}.f32")
        index["resample"][str(target)] = {"file": f"resample-{target}.f32", "samples": len(y)}
    clip = np.fromfile("resample-16000.f32", dtype="<f4").astype(np.float64)
    clip = np.concatenate([clip, np.zeros(max(0, 16000 - len(clip)))])[:16000]
    configs = {
        "htk": dict(n_fft=400, hop=160, n_mels=40, f_min=0.0, f_max=8000.0, scale="htk", top_db=None),
        "slaney": dict(n_fft=512, hop=128, n_mels=64, f_min=20.0, f_max=7600.0, scale="slaney", top_db=None),
        "htk-top-db": dict(n_fft=400, hop=160, n_mels=40, f_min=0.0, f_max=8000.0, scale="htk", top_db=80.0),
    }
    for name, c in configs.items():
        m = log_mel(clip, 16000, c["n_fft"], c["hop"], c["n_mels"], c["f_min"], c["f_max"], c["scale"], c["top_db"])
        m.numpy().astype("<f4").tofile(f"logmel-{name}.f32")
        index["logmel"][name] = dict(c, file=f"logmel-{name}.f32", frames=m.shape[1])
    with open("reference.json", "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
