"""Short sound cues at the citizen's volume: a press, a desk's greeting, a notice.

The cues only ever repeat what is on screen (a caption, a button's change, a notice), so someone who
cannot hear loses nothing, and volume 0 is silence. They come from assets/sounds (made by
tools/sounds.py). Offscreen and in tests Panda3D's null audio plays them silently; `played` counts
what was asked for, which is what a test can observe there.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from panda3d.core import Filename

from client.paths import ASSETS_DIR

SOUNDS_DIR = ASSETS_DIR / "sounds"
CUES = ("press", "greet", "notice")


class Sounds:
    """The loaded cues and the volume of the sound-effects manager they play through."""

    def __init__(self, loader, manager, volume: float, directory: Path = SOUNDS_DIR):
        self.manager = manager
        self.played: Counter[str] = Counter()
        self.cues = {name: loader.load_sfx(Filename.from_os_specific(str(directory / f"{name}.wav")))
                     for name in CUES}
        self.volume = 0.0
        self.set_volume(volume)

    def set_volume(self, volume: float) -> None:
        """0 (silent) to 1; applies at once, to sounds already playing too."""
        self.volume = max(0.0, min(1.0, volume))
        if self.manager is not None:
            self.manager.set_volume(self.volume)

    def play(self, name: str) -> None:
        """Play one cue (from the start if it is still playing); silent at volume 0."""
        if self.volume <= 0.0:
            return
        self.played[name] += 1
        self.cues[name].play()

    @property
    def press(self):
        """The press cue, for DirectGUI's default click sound."""
        return self.cues["press"]
