"""Synthesises the speech sample's spoken command words with Debian's espeak-ng and sox.

    apt-get install -y espeak-ng sox libsox-fmt-all     # then, from this folder:
    /usr/bin/python3 make-speech.py

Sixteen synthetic speakers (an espeak-ng accent voice with a male or female variant) say each word;
every take draws its speed, pitch, tempo, reverb and background noise from a seeded generator, and
sox -R keeps sox's own noise repeatable, so the output is the same on every run of the same
espeak-ng and sox versions. It writes
  pretrain/<word>.../*.flac + pretrain.csv   ten digits, every speaker twice (FLAC, 16 kHz)
  finetune-train/*.wav + finetune-train.csv  ten commands, one take by each of 8 training speakers
  finetune-val/*.wav + finetune-val.csv      the same commands, 3 takes by each of the 8 other speakers
The manifests' columns: path, word, speaker, voice_gender, accent, speed, pitch.
"""
import csv
import os
import random
import shutil
import subprocess
import tempfile

PRETRAIN_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
COMMAND_WORDS = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]
# (espeak-ng voice = accent, variant, voice gender). The f/m variants change pitch and formants.
SPEAKERS = [
    ("en-us", "f1", "female"), ("en-gb", "f2", "female"), ("en-gb-scotland", "f3", "female"), ("en-029", "f4", "female"),
    ("en-us-nyc", "f5", "female"), ("en-gb-x-rp", "f1", "female"), ("en-us", "f3", "female"), ("en-gb-x-gbclan", "f2", "female"),
    ("en-us", "m1", "male"), ("en-gb", "m2", "male"), ("en-gb-scotland", "m3", "male"), ("en-029", "m4", "male"),
    ("en-us-nyc", "m5", "male"), ("en-gb-x-rp", "m6", "male"), ("en-us", "m7", "male"), ("en-gb-x-gbcwmd", "m2", "male"),
]
# Fine-tune speakers: 4 female + 4 male train, the other 4 + 4 validate (no speaker in both).
TRAIN_SPEAKERS = [0, 1, 2, 3, 8, 9, 10, 11]
VAL_SPEAKERS = [4, 5, 6, 7, 12, 13, 14, 15]
RATE = 16000


def speaker_name(i):
    voice, variant, _ = SPEAKERS[i]
    return f"{voice}+{variant}"


def synthesise(word, speaker, rng, out_path, tmp):
    voice, variant, gender = SPEAKERS[speaker]
    speed = rng.randint(130, 190)
    pitch = rng.randint(30, 70)
    raw = os.path.join(tmp, "raw.wav")
    subprocess.run(["espeak-ng", "-v", f"{voice}+{variant}", "-s", str(speed), "-p", str(pitch), "-w", raw, word], check=True)
    tempo = round(rng.uniform(0.9, 1.1), 3)
    effects = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse", "tempo", str(tempo)]
    if rng.random() < 0.5:
        effects += ["reverb", str(rng.randint(10, 50))]
    effects += ["rate", str(RATE), "channels", "1", "norm", str(-round(rng.uniform(1, 8), 1))]
    clean = os.path.join(tmp, "clean.wav")
    subprocess.run(["sox", "-R", raw, "-b", "16", clean, *effects], check=True)
    # Background noise: pink or brown, 18-35 dB below full scale, as long as the word.
    seconds = float(subprocess.run(["soxi", "-D", clean], check=True, capture_output=True, text=True).stdout)
    noise = os.path.join(tmp, "noise.wav")
    colour = rng.choice(["pinknoise", "brownnoise", "whitenoise"])
    subprocess.run(["sox", "-R", "-n", "-r", str(RATE), "-b", "16", "-c", "1", noise, "synth", f"{seconds:.4f}", colour,
                    "vol", f"{-rng.uniform(18, 35):.1f}dB"], check=True)
    subprocess.run(["sox", "-R", "-m", clean, noise, "-b", "16", out_path], check=True)
    return {"speaker": speaker_name(speaker), "voice_gender": gender, "accent": voice, "speed": speed, "pitch": pitch}


def write_split(name, words, takes, extension, rng, tmp):
    rows = []
    for word in words:
        os.makedirs(os.path.join(name, word), exist_ok=True)
        for speaker, take in takes:
            path = f"{name}/{word}/{speaker_name(speaker)}-{take}.{extension}"
            info = synthesise(word, speaker, rng, path, tmp)
            rows.append({"path": path, "word": word, **info})
    with open(f"{name}.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["path", "word", "speaker", "voice_gender", "accent", "speed", "pitch"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main():
    rng = random.Random(20261203)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ["pretrain", "finetune-train", "finetune-val"]:
            shutil.rmtree(name, ignore_errors=True)
        write_split("pretrain", PRETRAIN_WORDS, [(s, t) for s in range(len(SPEAKERS)) for t in range(2)], "flac", rng, tmp)
        write_split("finetune-train", COMMAND_WORDS, [(s, 0) for s in TRAIN_SPEAKERS], "wav", rng, tmp)
        write_split("finetune-val", COMMAND_WORDS, [(s, t) for s in VAL_SPEAKERS for t in range(3)], "wav", rng, tmp)


if __name__ == "__main__":
    main()
