#!/bin/sh
# Writes the audio decoding fixtures with Debian's sox (libsox-fmt-all; sox's FLAC goes through libFLAC)
# and espeak-ng, then the numeric references with make_audio_reference.py. Run from this folder:
#   sh make_fixtures.sh
# Every file is tiny (0.1 s tones) except word.wav, a spoken word (espeak-ng output, GPL-3 tool;
# the generated audio carries no licence terms of its own).
set -eu
rate=22050
# -D: no dither, so that a lower bit depth is the reference rounded.
# The reference: 0.1 s of two sines, 16-bit PCM, mono. Every other format is converted from it.
sox -n -r $rate -c 1 -b 16 pcm16.wav synth 0.1 sine 440 sine 1250 remix 1,2 vol 0.6
sox -D pcm16.wav -b 8 -e unsigned-integer pcm8.wav
sox pcm16.wav -b 24 -e signed-integer pcm24.wav          # sox writes WAVE_FORMAT_EXTENSIBLE above 16 bits
sox pcm16.wav -b 32 -e signed-integer pcm32.wav
sox pcm16.wav -b 32 -e floating-point float32.wav
sox pcm16.wav -t wavpcm -b 24 -e signed-integer pcm24-plain.wav   # the same without EXTENSIBLE
# Stereo: left is the reference, right its negation times 0.5, so the mono mix is reference × 0.25.
sox pcm16.wav -c 2 stereo16.wav remix 1 1v-0.5
sox pcm16.wav -c 2 -b 24 stereo24.wav remix 1 1v-0.5
sox -n -r 16000 -c 3 -b 32 -e floating-point float32-3ch.wav synth 0.05 sine 300 sine 500 sine 700
# FLAC: fixed predictors (-C 0), LPC (-C 8), 8 and 24 bits, stereo (side channels).
sox pcm16.wav -C 0 flac16-fixed.flac
sox pcm16.wav -C 8 flac16-lpc.flac
sox pcm8.wav -C 5 flac8.flac
sox stereo24.wav -C 8 flac24-stereo.flac
sox stereo16.wav -C 5 flac16-stereo.flac
# Faults.
sox pcm16.wav -e a-law alaw.wav
sox pcm16.wav -b 64 -e floating-point float64.wav
head -c 30 pcm16.wav > truncated-header.wav
sox -n -r 16000 -c 1 -b 16 silence.wav trim 0 0.1
# A spoken word for the resampler and log-mel references.
espeak-ng -v en-us -s 150 -w word.wav "seven"
/usr/bin/python3 make_audio_reference.py
