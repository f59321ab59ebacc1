#!/usr/bin/python3
"""Builds the photo sample's data from Debian's tuxpaint-stamps-default (GPL-2; see COPYING-GPL-2).

Only the photographic stamps (no cartoon/ folders), each shrunk so its longer side is 96 px, RGBA kept
(the loader composites transparency on white). Pretraining: three kinds of animal, as an image folder
with a seeded train/val split. Fine-tuning: three kinds of object, as CSV manifests carrying a property
of each picture, `shape` (wide: width > 1.15 × height, else upright), for the sample's bias gate.
Run: /usr/bin/python3 make-data.py (needs the tuxpaint-stamps-default package).
"""
import csv
import os
import random
import shutil
from PIL import Image

STAMPS = "/usr/share/tuxpaint/stamps"
ANIMALS = {
    "bird": ["animals/birds"],
    "mammal": ["animals/mammals", "animals/marsupials"],
    "cold-blooded": ["animals/fish", "animals/insects", "animals/shellfish", "animals/amphibians", "animals/lizards"],
}
OBJECTS = {"food": ["food"], "plant": ["plants"], "household": ["household"]}


def pictures(folders):
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(os.path.join(STAMPS, folder)):
            dirs[:] = sorted(d for d in dirs if d != "cartoon")
            found += [os.path.join(root, f) for f in sorted(files) if f.endswith(".png")]
    return found


def shrink(source, target):
    image = Image.open(source).convert("RGBA")
    width, height = image.size
    scale = 96 / max(width, height)
    small = image.resize((max(1, round(width * scale)), max(1, round(height * scale))), Image.LANCZOS)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    small.save(target, optimize=True)
    return "wide" if width > 1.15 * height else "upright"


def split(files, share, rng):
    files = sorted(files)
    rng.shuffle(files)
    cut = round(len(files) * share)
    return files[cut:], files[:cut]


rng = random.Random(2026)
for folder in ["animals", "objects"]:
    shutil.rmtree(folder, ignore_errors=True)

for label, folders in ANIMALS.items():
    train, val = split(pictures(folders), 0.25, rng)
    for part, files in (("train", train), ("val", val)):
        for source in files:
            shrink(source, f"animals/{part}/{label}/{os.path.basename(source)}")

for part in ("train", "val"):
    with open(f"objects-{part}.csv", "w", newline="") as f:
        csv.writer(f).writerow(["path", "label", "shape"])
for label, folders in OBJECTS.items():
    train, val = split(pictures(folders), 0.35, rng)
    for part, files in (("train", train), ("val", val)):
        with open(f"objects-{part}.csv", "a", newline="") as f:
            writer = csv.writer(f)
            for source in files:
                target = f"objects/{label}/{os.path.basename(source)}"
                writer.writerow([target, label, shrink(source, target)])

# The forgetting data: the pretraining task's validation pictures, as a manifest.
with open("animals-val.csv", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["path", "label", "shape"])
    for label in ANIMALS:
        for name in sorted(os.listdir(f"animals/val/{label}")):
            with Image.open(f"animals/val/{label}/{name}") as image:
                writer.writerow([f"animals/val/{label}/{name}", label, "wide" if image.width > 1.15 * image.height else "upright"])
