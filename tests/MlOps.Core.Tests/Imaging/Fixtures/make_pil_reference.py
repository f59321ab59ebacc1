#!/usr/bin/python3
"""Pictures and PIL's numbers for ImageReferenceTests (Debian's python3-pil; run from this folder).

Each case: a small picture written by PIL, then what PIL makes of it as float CHW in [0, 1]:
decoded, EXIF-transposed, alpha composited on white (in float: c*a + (1-a)), converted to
grayscale when asked (PIL's "L", rounded to uint8), and resized with BILINEAR when asked.
"""
import json
import numpy as np
from PIL import Image, ImageOps

rng = np.random.default_rng(7)


def gradient(w, h, mode):
    y, x = np.mgrid[0:h, 0:w]
    r = (x * 255 // max(1, w - 1)).astype(np.uint8)
    g = (y * 255 // max(1, h - 1)).astype(np.uint8)
    b = rng.integers(0, 256, (h, w), dtype=np.uint8)
    a = ((x + y) * 255 // max(1, w + h - 2)).astype(np.uint8)
    if mode == "RGBA":
        return Image.fromarray(np.stack([r, g, b, a], -1), "RGBA")
    if mode == "L":
        return Image.fromarray(b, "L")
    return Image.fromarray(np.stack([r, g, b], -1), "RGB")


def to_float(im, gray):
    """PIL's view of a decoded picture: RGBA floats composited on white, then RGB or PIL's L."""
    rgba = np.asarray(ImageOps.exif_transpose(im).convert("RGBA"), dtype=np.float64) / 255
    rgb = rgba[..., :3] * rgba[..., 3:] + (1 - rgba[..., 3:])
    if gray:
        u8 = Image.fromarray(np.round(rgb * 255).astype(np.uint8), "RGB").convert("L")
        return (np.asarray(u8, dtype=np.float64) / 255)[None]
    return rgb.transpose(2, 0, 1)


cases = []


def case(name, im, save_kwargs, gray=False, resize=None):
    im.save(name, **save_kwargs)
    loaded = Image.open(name)
    if resize:
        opened = ImageOps.exif_transpose(loaded).convert("RGBA")
        rgba = np.asarray(opened, dtype=np.float64) / 255
        rgb = rgba[..., :3] * rgba[..., 3:] + (1 - rgba[..., 3:])
        small = Image.fromarray(np.round(rgb * 255).astype(np.uint8), "RGB").resize((resize, resize), Image.BILINEAR)
        values = (np.asarray(small, dtype=np.float64) / 255).transpose(2, 0, 1)
    else:
        values = to_float(loaded, gray)
    cases.append({"file": name, "gray": gray, "size": int(values.shape[1]), "values": [round(float(v), 7) for v in values.ravel()]})


case("rgba.png", gradient(12, 12, "RGBA"), {})
case("rgb.bmp", gradient(10, 10, "RGB"), {})
case("gray.png", gradient(9, 9, "L"), {})
case("gray-of-rgb.png", gradient(11, 11, "RGB"), {}, gray=True)
case("rgb.webp", gradient(8, 8, "RGB"), {"lossless": True})
case("palette.gif", gradient(10, 10, "RGB").convert("P"), {})
# Smooth, and chroma not subsampled: decoders may upsample chroma differently, which noise would magnify.
smooth = Image.fromarray(np.stack(np.broadcast_arrays(*(np.mgrid[0:16, 0:16][k] * 15 + c for k, c in ((1, 10), (0, 20), (1, 40)))), -1).astype(np.uint8), "RGB")
case("photo.jpg", smooth, {"quality": 95, "subsampling": 0})
rotated = gradient(12, 12, "RGB")
exif = rotated.getexif()
exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
case("rotated.png", rotated, {"exif": exif.tobytes()})
case("shrunk.png", gradient(40, 40, "RGBA"), {}, resize=16)

with open("pil_reference.json", "w") as f:
    json.dump(cases, f)
print("\n".join(f"{c['file']}: {c['size']}px gray={c['gray']}" for c in cases))
