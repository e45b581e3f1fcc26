"""What a preview shows: a site from its manifest (through the world's own Site code), or a lone model
on a neutral ground, with the walk area, the files to watch and the figures the stats overlay grades.

Everything is checked before anything is built (manifest schema, dialogues, client/asset_check on
each model), and a failure is raised as one PreviewError naming file, line and cause, so the state
can keep the last good scene up and say what is wrong.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from panda3d.core import AmbientLight, CardMaker, DirectionalLight, NodePath, Vec3, Vec4

from client.asset_check import check_asset
from client.dialogue import load_dialogue
from client.gltf_files import referenced_files
from client.preview.loading import MODEL_SUFFIXES, FreshLoader
from client.schema import DataError
from client.world.manifest import SERVICES, Manifest, approach_point, load_manifest
from client.world.models import ModelError, ModelLoader
from client.world.navigation import Box, WalkArea
from client.world.scene_stats import measure
from client.world.site import Site

NEUTRAL_SKY = Vec4(0.62, 0.66, 0.72, 1)


class PreviewError(Exception):
    """Why a file cannot be shown: the file, the line when known, and the cause in a creator's words."""

    def __init__(self, file: str | Path, cause: str, line: int | None = None):
        self.file, self.cause, self.line = str(file), cause, line
        super().__init__(f"{self.file}:{line}: {cause}" if line else f"{self.file}: {cause}")


@dataclass
class PreviewScene:
    """One built scene; ``destroy()`` removes every node it made."""

    root: NodePath
    area: WalkArea
    files: list[Path]  # every file it was made from: what hot reload watches
    model_files: list[Path]
    spawn: tuple[tuple[float, float, float], float]
    centre: tuple[float, float, float]  # what the first view and a turntable look at
    radius: float
    sky: Vec4
    manifest: Manifest | None = None
    site: Site | None = None
    lights: list[NodePath] = field(default_factory=list)

    @property
    def trigger_points(self) -> list[tuple[float, float]]:
        """Where a citizen stands to talk to each desk."""
        return [approach_point(d) for d in self.manifest.desks] if self.manifest is not None else []

    def figures(self) -> dict[str, float]:
        """The figures the stats overlay grades: draw calls, triangles, materials, textures, file size."""
        stats = measure(self.root)
        textures = {t for t in self.root.find_all_textures()}
        sizes = [f.stat().st_size for f in self.model_files if f.is_file()]
        return {"geoms": stats.geoms, "triangles": stats.triangles, "materials": stats.materials,
                "texture_px": stats.max_texture_size,
                "texture_mb": sum(t.estimate_texture_memory() for t in textures) / (1024 * 1024),
                "file_bytes": sum(sizes)}

    def destroy(self) -> None:
        if self.site is not None:
            self.site.destroy()  # clears its own lights from the parent
        parent = self.root.get_parent()
        for light in self.lights:
            if not parent.is_empty():
                parent.clear_light(light)
        self.root.remove_node()


def _data_error(exc: DataError) -> PreviewError:
    cause = str(exc).split(": ", 2 if exc.key else 1)[-1]
    return PreviewError(exc.path, f"{exc.key}: {cause}" if exc.key else cause, exc.line)


def check_model(path: Path) -> None:
    """Raise PreviewError for the first error client/asset_check finds in a model file."""
    report = check_asset(path)
    for finding in report.findings:
        if finding.level == "error":
            cause = f"{finding.where}: {finding.cause}" if finding.where else finding.cause
            raise PreviewError(finding.file, cause)


def build(loader, profile_name: str, parent: NodePath, path: Path, font=None) -> PreviewScene:
    """Check and build the scene for a manifest (.yaml) or a model (.glb/.gltf) under parent."""
    path = Path(path).resolve()
    if not path.is_file():
        raise PreviewError(path, "no such file")
    models = ModelLoader(FreshLoader(loader), profile_name)
    if path.suffix.lower() in MODEL_SUFFIXES:
        check_model(path)
        return _guard(lambda: _lone_model(models, parent, path), path)
    try:
        manifest = load_manifest(path)
        dialogues = [d.dialogue for d in manifest.desks]
        for dialogue in dialogues:
            load_dialogue(dialogue, SERVICES)
    except DataError as exc:
        raise _data_error(exc) from exc
    model_files = list(dict.fromkeys([manifest.model] + [p for d in manifest.desks for p in (d.model, d.npc.model)
                                                          if p is not None]))
    for model in model_files:
        if model.suffix.lower() in MODEL_SUFFIXES:
            check_model(model)
    return _guard(lambda: _site(models, parent, manifest, model_files, dialogues, font), path)


def _guard(make, path: Path) -> PreviewScene:
    try:
        return make()
    except ModelError as exc:
        file, _, cause = str(exc).partition(": ")
        raise PreviewError(file, cause) from exc
    except (OSError, ValueError, KeyError, IndexError, TypeError, RuntimeError, AssertionError) as exc:
        # A file the checker passed can still trip the converter: say so rather than crash.
        raise PreviewError(path, f"cannot be loaded ({type(exc).__name__}: {exc})") from exc


def _site(models: ModelLoader, parent: NodePath, manifest: Manifest, model_files: list[Path],
          dialogues: list[Path], font) -> PreviewScene:
    # Straight under the preview's parent, as the world does it: the site's sun lights the avatar too.
    before = set(parent.get_children())
    try:
        site = Site(models, parent, manifest, font=font)
    except BaseException:
        # A site that fails half-way leaves its root (and maybe its lights): the last good scene must
        # stay exactly as it was.
        for child in set(parent.get_children()) - before:
            for light in child.find_all_matches("**/+LightNode"):
                parent.clear_light(light)
            child.remove_node()
        raise
    files = [manifest.path, *dialogues]
    for model in model_files:
        files += referenced_files(model)
    spawn = manifest.spawn
    return PreviewScene(site.root, site.walk_area(), list(dict.fromkeys(files)), model_files,
                        (spawn.position, spawn.heading), spawn.position, 15.0, site.sky_color, manifest, site)


def _lone_model(models: ModelLoader, parent: NodePath, path: Path) -> PreviewScene:
    holder = parent.attach_new_node(f"preview:{path.name}")
    try:
        model = models.load(path)
    except BaseException:
        holder.remove_node()
        raise
    model.reparent_to(holder)
    bounds = model.get_tight_bounds(holder)
    lo, hi = bounds if bounds else (Vec3(-0.5, -0.5, 0), Vec3(0.5, 0.5, 1))
    # Centred on the origin, standing on the ground: wherever the author put it in their own space.
    model.set_pos(model.get_pos() - Vec3((lo.x + hi.x) / 2, (lo.y + hi.y) / 2, lo.z))
    sx, sy, sz = hi.x - lo.x, hi.y - lo.y, hi.z - lo.z
    radius = max(0.5, math.sqrt(sx * sx + sy * sy + sz * sz) / 2)
    half = max(10.0, radius * 4)
    card = CardMaker("preview-ground")
    card.set_frame(-half, half, -half, half)
    card.set_color(0.55, 0.56, 0.56, 1)
    ground = holder.attach_new_node(card.generate())
    ground.set_p(-90)
    ground.set_z(-0.002)  # just under the model's base, so the two never fight for the same pixels
    lights = _lights(holder, parent)
    footprint = Box("model", -sx / 2, -sy / 2, sx / 2, sy / 2)
    area = WalkArea(((-half, -half), (half, half)), [footprint])
    spawn = ((0.0, -(sy / 2 + 2.0), 0.0), 0.0)
    return PreviewScene(holder, area, referenced_files(path), [path], spawn, (0.0, 0.0, sz / 2), radius,
                        NEUTRAL_SKY, lights=lights)


def _lights(holder: NodePath, lit: NodePath) -> list[NodePath]:
    sun = DirectionalLight("preview-sun")
    sun.set_color(Vec4(0.8, 0.78, 0.74, 1))
    sun_np = holder.attach_new_node(sun)
    sun_np.look_at(Vec3(-0.4, 0.6, -0.7))
    ambient = AmbientLight("preview-fill")
    ambient.set_color(Vec4(0.4, 0.42, 0.46, 1))
    lights = [sun_np, holder.attach_new_node(ambient)]
    for light in lights:
        lit.set_light(light)  # the parent is lit, so the avatar walking round the model is too
    return lights
