"""The budgets a preview grades a scene against: the asset checker's, plus draw calls and frame time. Pure.

Kept beside client/asset_check.BUDGETS (and built from it) so ``validate`` and the stats overlay
draw their green / yellow / red lines in the same places.
"""
from __future__ import annotations

from client.asset_check import BUDGETS as ASSET_BUDGETS

BUDGETS: dict[str, tuple[float, float]] = {  # name: (yellow above, red above)
    **ASSET_BUDGETS,
    # Panda3D's manual puts a scene's comfortable budget at about 300 meshes (one draw call each).
    "geoms": (300, 600),
    # A frame a person sees as smooth (60 fps) and one that still feels usable (30 fps).
    "frame_ms": (1000 / 60, 1000 / 30),
}


def grade(name: str, value: float) -> str:
    """green / yellow / red for one figure against its budget."""
    yellow, red = BUDGETS[name]
    return "red" if value > red else "yellow" if value > yellow else "green"
