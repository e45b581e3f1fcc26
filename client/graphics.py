"""Graphics profiles: 'basic' (fixed-function lighting, cheap on software GL) and 'full' (simplepbr).

The profile is picked from the renderer string unless settings name one. Software renderers get
'basic': simplepbr costs ~150 ms a frame on llvmpipe, and simplepbr's shadows crash the process
inside LLVM, so shadows are only ever switched on for hardware renderers whatever the settings say.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer", "lavapipe")


def is_software(renderer: str) -> bool:
    """True for Mesa's and other CPU rasterisers."""
    name = renderer.lower()
    return any(marker in name for marker in SOFTWARE_RENDERERS)


@dataclass(frozen=True)
class Profile:
    name: str  # "basic" or "full"
    shadows: bool
    reason: str


def choose_profile(renderer: str, requested: str = "auto", shadows_wanted: bool = True) -> Profile:
    """Decide the profile for a renderer. Never returns shadows on a software renderer."""
    software = is_software(renderer)
    if requested == "auto":
        name = "basic" if software else "full"
        reason = f"auto: {'software' if software else 'hardware'} renderer '{renderer}'"
    elif requested in ("basic", "full"):
        name, reason = requested, "chosen in settings"
    else:
        raise ValueError(f"unknown graphics profile '{requested}' (basic, full or auto)")
    shadows = name == "full" and shadows_wanted and not software
    return Profile(name, shadows, reason)


def renderer_of(base) -> str:
    """The GL renderer string of the ShowBase's window, or 'none' without one."""
    win = getattr(base, "win", None)
    gsg = win.get_gsg() if win is not None else None
    if gsg is None:
        return "none"
    return f"{gsg.get_driver_renderer()} ({gsg.get_driver_vendor()} {gsg.get_driver_version()})"


def apply_profile(base, profile: Profile) -> object | None:
    """Set up the scene's shading for the profile; returns the simplepbr pipeline, if any."""
    if profile.name == "basic":
        # Fixed-function lighting with per-vertex colours: about 10 ms a frame on llvmpipe.
        base.render.set_shader_off()
        return None
    import simplepbr  # only the full profile pays for importing and compiling the PBR shaders

    pipeline = simplepbr.init(
        render_node=base.render,
        window=base.win,
        camera_node=base.cam,
        taskmgr=base.task_mgr,
        use_normal_maps=False,
        enable_shadows=profile.shadows,
        use_emission_maps=True,
        use_occlusion_maps=False,
        msaa_samples=0 if is_software(renderer_of(base)) else 4,
    )
    log.info("full profile: simplepbr %s shadows", "with" if profile.shadows else "without")
    return pipeline
