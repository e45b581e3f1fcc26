"""Every site renders offscreen from its spawn point to a picture that is not blank.

All eleven sites are drawn by one client process (tools/site_screenshots.py visits them with a
scenario), so the whole check takes seconds rather than eleven start-ups.
"""
from __future__ import annotations

from PIL import Image, ImageStat

from tools.site_screenshots import SITES, render_sites, shot_path


def test_every_site_renders_a_non_blank_screenshot(tmp_path):
    done = render_sites(SITES, tmp_path, lang="en", timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    for site in SITES:
        image = Image.open(shot_path(tmp_path, site, "en")).convert("RGB")
        assert image.size == (1280, 720), site
        # Not blank: many distinct colours and real variation (sky, ground, the landmark).
        assert len(image.getcolors(1 << 20) or []) > 200, site
        assert min(ImageStat.Stat(image).stddev) > 10, site
        # The sky is not the whole picture: the upper half holds something besides the sky colour.
        top = image.crop((0, 60, 1280, 360))
        assert len(top.getcolors(1 << 20) or []) > 50, site
