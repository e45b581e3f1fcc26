"""Real frames from the model cache: a start that reads the .bam conversions shows what the glTF files showed."""
import numpy as np
from PIL import Image, ImageStat

from tests.render.test_offscreen import run_client

# Passers-by walk with the real clock, so a few hundred pixels move between any two runs.
MOVED_PIXELS_MAX = 0.01


def _shot(tmp_path, name, *args):
    shot = tmp_path / f"{name}.png"
    result = run_client(tmp_path, "--offscreen", "--site", "deoksugung", "--frames", "10", "--lang", "ko",
                        "--screenshot", str(shot), *args)
    assert result.returncode == 0, result.stderr
    return Image.open(shot).convert("RGB")


def test_the_second_start_reads_the_conversions_and_looks_the_same(tmp_path):
    cache = tmp_path / "home" / "cache" / "models"
    cold = _shot(tmp_path, "cold")
    entries = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.bam")}
    assert len(entries) >= 4, "the site, the clerk, the desk and the avatar are converted on the first start"
    warm = _shot(tmp_path, "warm")
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.bam")}.keys() == entries.keys()
    difference = np.abs(np.asarray(cold, dtype=np.int16) - np.asarray(warm, dtype=np.int16)).max(axis=2)
    assert (difference > 40).mean() < MOVED_PIXELS_MAX, "the cached models do not look like the glTF files"

    # The entries were written by the basic profile; the full profile must find its colours intact.
    full = _shot(tmp_path, "full", "--profile", "full")
    assert min(ImageStat.Stat(full).stddev) > 10
    assert {p.name for p in cache.glob("*.bam")} == set(entries), "the full profile made entries of its own"
