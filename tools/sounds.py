"""The client's short sound cues, synthesised so they can be rebuilt and checked like the models.

    python -m tools.sounds [--check]

Writes assets/sounds/{press,greet,notice}.wav: 16-bit mono PCM at 22.05 kHz, a few hundredths of a
second to a third of a second each. They are plain sine tones with a soft attack and decay, so
nothing clicks; the same code always writes the same bytes, so `--check` can tell when a
committed file no longer matches this recipe.
"""
from __future__ import annotations

import io
import math
import struct
import sys
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOUNDS_DIR = ROOT / "assets" / "sounds"
RATE = 22050

# name: notes of (frequency Hz, start s, length s, loudness 0-1)
RECIPES: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    # A button press: one short, quiet tick, well under the level of the others.
    "press": ((1320.0, 0.0, 0.045, 0.25),),
    # A desk's greeting: a falling third, like a shop door's chime.
    "greet": ((880.0, 0.0, 0.16, 0.45), (698.5, 0.11, 0.22, 0.45)),
    # A notice (something was delivered): two rising notes.
    "notice": ((659.3, 0.0, 0.12, 0.4), (987.8, 0.09, 0.2, 0.4)),
}


def render(notes: tuple[tuple[float, float, float, float], ...]) -> bytes:
    """The WAV file's bytes for the notes, mixed and clipped to 16 bits."""
    end = max(start + length for _, start, length, _ in notes)
    samples = [0.0] * (int(end * RATE) + 1)
    for freq, start, length, loud in notes:
        first, count = int(start * RATE), int(length * RATE)
        attack = max(1, int(0.005 * RATE))  # 5 ms: fast enough to sound crisp, slow enough not to click
        for i in range(count):
            envelope = min(1.0, i / attack) * math.exp(-4.0 * i / count) * (1 - i / count)
            samples[first + i] += loud * envelope * math.sin(2 * math.pi * freq * i / RATE)
    frames = b"".join(struct.pack("<h", max(-32767, min(32767, round(s * 32767)))) for s in samples)
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(frames)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) every sound; returns 1 if a committed file is stale."""
    check = "--check" in (sys.argv[1:] if argv is None else argv)
    stale = []
    SOUNDS_DIR.mkdir(parents=True, exist_ok=True)
    for name, notes in RECIPES.items():
        path = SOUNDS_DIR / f"{name}.wav"
        data = render(notes)
        if check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path)
        else:
            path.write_bytes(data)
    for path in stale:
        print(f"{path}: does not match tools/sounds.py; run python -m tools.sounds", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
