"""Child process of test_avatar_looks.py: render avatar line-ups offscreen and describe them.

Usage: python tests/render/avatar_looks_child.py OUT_DIR  (writes lineup.png, walking.png, looks.json)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from panda3d.core import (AmbientLight, CardMaker, ClockObject, DirectionalLight, Vec3, Vec4,
                          loadPrcFileData)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from client.world.appearance import Appearance  # noqa: E402  (after the path is set up)
from client.world.avatar import Avatar  # noqa: E402
from client.world.models import ModelLoader  # noqa: E402
from client.paths import MODELS_DIR  # noqa: E402

LINEUP = {
    "adult": Appearance(),
    "child": Appearance.for_age("child", hair_style="long", hair_color="#5a3a22", top_color="#f2c14e",
                                bottom_color="#3d7ebf", skin_tone="#f6d7c3"),
    "senior_wheelchair": Appearance.for_age("senior", mobility="wheelchair", top_color="#6b8f71",
                                            bottom_color="#4a4a4a", skin_tone="#d19a6c"),
    "broad_long_hair": Appearance(build="broad", height_m=1.82, hair_style="long", hair_color="#1b1512",
                                  top_color="#2c3e50", bottom_color="#7f8c8d", skin_tone="#a86b45"),
    "slim_bun": Appearance(build="slim", height_m=1.58, hair_style="bun", hair_color="#a0703e",
                           top_color="#9b59b6", bottom_color="#ecf0f1", skin_tone="#7a4a2e"),
}


class _OpenArea:
    """A flat, unbounded WalkArea stand-in."""

    def move(self, start, delta):
        return start[0] + delta[0], start[1] + delta[1]

    def height(self, _xy):
        return 0.0


def main(out_dir: Path) -> None:
    loadPrcFileData("", "window-type offscreen\nwin-size 1280 720\naudio-library-name null\n"
                        "notify-level-device fatal\nframebuffer-multisample 0\n")
    from direct.showbase.ShowBase import ShowBase
    base = ShowBase()
    clock = ClockObject.get_global_clock()
    clock.set_mode(ClockObject.M_non_real_time)
    clock.set_frame_rate(60)
    base.disable_mouse()
    base.render.set_shader_off()  # the basic profile: fixed-function lighting
    background = (0.78, 0.85, 0.92)
    base.set_background_color(*background, 1)
    cm = CardMaker("ground")
    cm.set_frame(-20, 20, -20, 20)
    ground = base.render.attach_new_node(cm.generate())
    ground.set_p(-90)
    ground.set_color(0.55, 0.6, 0.5, 1)
    sun = DirectionalLight("sun")
    sun.set_color(Vec4(0.78, 0.76, 0.7, 1))
    sun_np = base.render.attach_new_node(sun)
    sun_np.look_at(Vec3(-0.4, 0.8, -0.6))
    sky = AmbientLight("sky")
    sky.set_color(Vec4(0.4, 0.42, 0.46, 1))
    base.render.set_light(sun_np)
    base.render.set_light(base.render.attach_new_node(sky))
    models = ModelLoader(base.loader, "basic")
    area = _OpenArea()
    info: dict = {"posed_heights": {}}

    avatars = {}
    for i, (name, look) in enumerate(LINEUP.items()):
        avatar = Avatar(models, base.render, MODELS_DIR / "avatar_citizen.glb", area, ((i - 2) * 1.1, 0, 0),
                        200.0 if i % 2 else 160.0, appearance=look)
        avatars[name] = avatar
    base.camera.set_pos(0, -7.5, 1.5)
    base.camera.look_at(0, 0, 0.85)
    base.camLens.set_fov(50)
    # The senior rolls slowly forward on the spot so the rolling clip is the one playing.
    senior = avatars["senior_wheelchair"]
    for _ in range(40):
        for name, avatar in avatars.items():
            avatar.animate(1 / 60, 0.8 if name == "senior_wheelchair" else 0.0)
        base.task_mgr.step()
    base.win.save_screenshot(str(out_dir / "lineup.png"))
    for name, avatar in avatars.items():
        lo, hi = avatar.root.get_tight_bounds(base.render)
        info["posed_heights"][name] = float(hi.z - lo.z)  # metres, as posed (seated is lower)
    info["wheelchair_loaded"] = senior.wheelchair is not None
    info["rolling_weight"] = senior.mixer.weights["roll"]

    # Second picture: the adult walking and the broad one running, seen from the side.
    for name, avatar in avatars.items():
        if name not in ("adult", "broad_long_hair"):
            avatar.root.hide()
    avatars["adult"].root.set_pos(-0.8, 0, 0)
    avatars["broad_long_hair"].root.set_pos(0.8, 0, 0)
    for avatar in (avatars["adult"], avatars["broad_long_hair"]):
        avatar.root.set_h(-90)
    for _ in range(50):
        avatars["adult"].animate(1 / 60, 1.6)
        avatars["broad_long_hair"].animate(1 / 60, 4.0)
        base.task_mgr.step()
    base.win.save_screenshot(str(out_dir / "walking.png"))
    info["walk_rate"] = avatars["adult"].actor.getPlayRate("walk")
    (out_dir / "looks.json").write_text(json.dumps(info, indent=2))
    base.destroy()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
