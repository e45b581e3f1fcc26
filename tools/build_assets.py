"""Build the project's .glb models from the data recipes in assets/recipes/.

Usage::

    python -m tools.build_assets [--check] [NAMES...]

With no NAMES every ``assets/recipes/*.yaml`` is built into ``assets/models/<stem>.glb``; NAMES are
recipe stems (``seoul_plaza``) or paths.  ``--check`` builds in memory only and exits 1 listing
every committed model whose bytes differ from its recipe's output (or that is missing), so CI
catches a recipe edited without rebuilding.  A malformed recipe exits 2 with the file and key.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from tools.box_faces import place_block, visible_meshes
from tools.gltf_writer import OutNode, write_glb
from tools.primitives import build_primitive
from tools.recipe import Material, Part, Recipe, RecipeError, load_recipe
from tools.shapes import Mesh, merge, transformed

ROOT = Path(__file__).resolve().parent.parent
RECIPES_DIR = ROOT / "assets" / "recipes"
MODELS_DIR = ROOT / "assets" / "models"


def assemble(recipe: Recipe) -> list[OutNode]:
    """Turn a checked recipe into placed, per-material merged meshes plus marker nodes."""
    out = []
    for node in recipe.nodes:
        levels = [(lambda name: name, _merged(recipe, node.parts))]
        if node.far is not None:
            levels.append((node.far.node_name, _merged(recipe, node.far.parts)))
        for out_name, where in node.placements:
            for named, merged in levels:
                out.append(OutNode(named(out_name), [(mat, transformed(mesh, where.offset, where.rot))
                                                     for mat, mesh in merged if mesh.triangle_count]))
    for name, (x, y, z, heading) in recipe.markers.items():
        out.append(OutNode(f"marker_{name}", translation=(x, y, z), heading=heading))
    return out


def _merged(recipe: Recipe, parts: list[Part]) -> list[tuple[Material, Mesh]]:
    """One mesh per material for a node's parts (one draw call each), in the node's frame."""
    by_material: dict[str, list[Mesh]] = {}
    copies = [(part, copy) for part in parts for copy in part.copies]
    # Square boxes are built in the node's frame at once, so each can lose what the others hide.
    blocks = [place_block(part.params["size"], np.add(part.pos, copy.offset), part.rot + copy.rot,
                          part.params["covered"]) if part.shape == "box" else None
              for part, copy in copies]
    local: dict[int, Mesh] = {}
    for (part, copy), block_mesh in zip(copies, visible_meshes(blocks)):
        if block_mesh is None:
            if id(part) not in local:
                try:
                    local[id(part)] = build_primitive(part.shape, part.params)
                except ValueError as exc:  # geometry the parameter checks cannot see (bad outline…)
                    raise RecipeError(f"{recipe.path}: {part.where}: {exc}") from None
            block_mesh = transformed(local[id(part)], np.add(part.pos, copy.offset), part.rot + copy.rot)
        by_material.setdefault(part.material, []).append(block_mesh)
    return [(recipe.materials[name], merge(by_material[name])) for name in recipe.materials if name in by_material]


def build(recipe_path) -> bytes:
    """Build one recipe file and return the .glb bytes (deterministic for a given recipe)."""
    recipe = load_recipe(recipe_path)
    from tools.rig import load_rig, rig_path_for  # hook: a rigs/<stem>.yaml makes it a skinned character
    rig_path = rig_path_for(recipe_path)
    if rig_path is not None:
        from tools.rig_gltf import write_skinned_glb
        return write_skinned_glb(recipe, load_rig(rig_path))
    return write_glb(recipe.name, assemble(recipe))


def model_path(recipe_path: Path) -> Path:
    """Where the model built from ``recipe_path`` is committed."""
    return MODELS_DIR / f"{Path(recipe_path).stem}.glb"


def find_recipes(names: list[str]) -> list[Path]:
    """Resolve recipe stems or paths; all recipes (sorted) when ``names`` is empty."""
    if not names:
        return sorted(RECIPES_DIR.glob("*.yaml"))
    found = []
    for name in names:
        path = Path(name)
        if not path.suffix:
            path = RECIPES_DIR / f"{name}.yaml"
        if not path.is_file():
            raise FileNotFoundError(f"no recipe {name!r} (looked for {path})")
        found.append(path)
    return found


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m tools.build_assets", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="build in memory and fail if a committed .glb differs from its recipe")
    parser.add_argument("names", nargs="*", help="recipe stems or paths (default: all)")
    args = parser.parse_args(argv)
    try:
        recipes = find_recipes(args.names)
        built = [(path, build(path)) for path in recipes]
    except (RecipeError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stale = []
    for path, data in built:
        target = model_path(path)
        current = target.read_bytes() if target.is_file() else None
        if args.check:
            if current != data:
                why = "missing" if current is None else "differs from its recipe"
                stale.append(f"{_relative(target)} {why} ({_relative(path)})")
        elif current != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {_relative(target)} ({len(data):,} bytes)")
        else:
            print(f"unchanged {_relative(target)}")
    if stale:
        print("stale models (run: python -m tools.build_assets):", file=sys.stderr)
        for line in stale:
            print(f"  {line}", file=sys.stderr)
        return 1
    if args.check:
        print(f"ok: {len(built)} model(s) match their recipes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
