"""F12 keeps a picture of the screen in the user's pictures folder and says where; never on a kiosk."""
import os
import subprocess

from PIL import Image, ImageStat

from tests.conftest import client_command


def run(tmp_path, *args, steps):
    scenario = tmp_path / "f12.yaml"
    scenario.write_text(steps, encoding="utf-8")
    env = dict(os.environ, METAVERSE_SEOUL_HOME=str(tmp_path / "home"))
    return subprocess.run(client_command("--offscreen", "--scenario", str(scenario), *args),
                          capture_output=True, text=True, timeout=180, env=env)


def test_f12_saves_the_screen_to_the_pictures_folder_and_says_so(tmp_path):
    result = run(tmp_path, "--lang", "ko", steps="- key: f12\n- expect: 화면을 저장했습니다\n")
    assert result.returncode == 0, result.stderr + result.stdout
    pictures = sorted((tmp_path / "home" / "pictures").glob("metaverse-seoul-*.png"))
    assert len(pictures) == 1
    image = Image.open(pictures[0]).convert("RGB")
    assert image.size == (1280, 720)
    assert min(ImageStat.Stat(image).stddev) > 10  # the plaza, not a blank frame


def test_a_kiosk_keeps_no_pictures(tmp_path):
    result = run(tmp_path, "--kiosk", steps="- key: f12\n- wait: 0.5\n")
    assert result.returncode == 0, result.stderr + result.stdout
    assert not list((tmp_path / "home").rglob("*.png"))
