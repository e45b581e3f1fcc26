"""Writing built meshes to binary glTF (.glb) through trimesh, byte-for-byte reproducibly.

trimesh packs the vertex data (accessors, buffer views, the GLB container); a tree post-processor
then lays out the JSON exactly as the client's contract needs it: one glTF node per recipe node with
one mesh whose primitives are that node's materials, named PBR materials from the recipe, and empty
``marker_*`` nodes.  Positions and normals are rounded to 0.1 mm / 1e-4 before conversion to float32
so that last-bit differences in a platform's sin/cos cannot change the bytes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import trimesh

from tools.recipe import Material
from tools.shapes import Mesh

GENERATOR = "Metaverse Seoul tools/build_assets.py via trimesh"
DECIMALS = 4

# Panda3D is Z-up, glTF is Y-up: (x, y, z)_gltf = (x, z, -y)_panda.  This is a proper rotation
# (det +1), so triangle winding survives, and panda3d-gltf applies the inverse when loading.
TO_GLTF = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]], float)


@dataclass
class OutNode:
    """One glTF node: a name, its meshes by material (Panda frame) and, for markers, a placement."""

    name: str
    meshes: list[tuple[Material, Mesh]] = field(default_factory=list)
    translation: tuple[float, float, float] | None = None
    heading: float = 0.0


def srgb_to_linear(hex_color: str) -> list[float]:
    """Linear RGBA floats of an sRGB "#rrggbb" colour (glTF factors and COLOR_0 are linear)."""
    out = []
    for i in (1, 3, 5):
        c = int(hex_color[i:i + 2], 16) / 255.0
        out.append(round(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4, DECIMALS))
    return out + [1.0]


def _clean(values: np.ndarray) -> np.ndarray:
    # Adding 0.0 turns -0.0 into 0.0, so values that round to zero from either side agree.
    return np.round(values, DECIMALS) + 0.0


def _gltf_mesh(mesh: Mesh, material: Material) -> trimesh.Trimesh:
    positions = _clean(mesh.positions @ TO_GLTF.T)
    normals = _clean(mesh.normals @ TO_GLTF.T)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    if not np.all(length > 0.5):
        raise ValueError(f"mesh of material {material.name!r} has vertices without a normal")
    normals = normals / length
    # No COLOR_0: every renderer path uses the material's base colour, and simplepbr would
    # multiply a vertex colour into it a second time.
    return trimesh.Trimesh(vertices=positions, faces=mesh.faces, vertex_normals=normals,
                           process=False, validate=False)


def _material_json(mat: Material) -> dict:
    return {
        "name": mat.name,
        "pbrMetallicRoughness": {
            "baseColorFactor": srgb_to_linear(mat.color),
            "metallicFactor": round(mat.metallic, DECIMALS),
            "roughnessFactor": round(mat.roughness, DECIMALS),
        },
        "extras": {"baseColorSRGB": mat.color},
    }


def _node_json(node: OutNode) -> dict:
    entry: dict = {"name": node.name}
    if node.translation is not None:
        t = _clean(np.asarray(node.translation, float) @ TO_GLTF.T)
        entry["translation"] = [float(v) for v in t]
    if node.heading:
        # A turn about Panda's +Z is a turn about glTF's +Y by the same angle.
        half = math.radians(node.heading) / 2
        entry["rotation"] = [0.0, round(math.sin(half), 6) + 0.0, 0.0, round(math.cos(half), 6) + 0.0]
    return entry


def _check_strides(tree: dict) -> None:
    """panda3d-gltf 1.3 needs byteStride when two accessors of one primitive share a bufferView."""
    for mesh in tree["meshes"]:
        for prim in mesh["primitives"]:
            views = [tree["accessors"][a]["bufferView"] for a in prim["attributes"].values()]
            if len(views) != len(set(views)):
                raise RuntimeError(f"mesh {mesh['name']!r}: attributes share a buffer view, "
                                   "which panda3d-gltf cannot load")


def write_glb(scene_name: str, nodes: list[OutNode]) -> bytes:
    """Encode ``nodes`` (Panda frame, metres) as GLB bytes; the same input gives the same bytes."""
    scene = trimesh.Scene()
    materials: dict[str, Material] = {}
    for node in nodes:
        for mat, mesh in node.meshes:
            materials.setdefault(mat.name, mat)
            key = f"{node.name}|{mat.name}"
            scene.add_geometry(_gltf_mesh(mesh, mat), geom_name=key, node_name=key)
    mat_index = {name: i for i, name in enumerate(materials)}

    def restructure(tree: dict) -> None:
        by_key = {m["name"]: m for m in tree.get("meshes", [])}
        meshes, gl_nodes = [], []
        for node in nodes:
            entry = _node_json(node)
            prims = []
            for mat, _mesh in node.meshes:
                prim = by_key[f"{node.name}|{mat.name}"]["primitives"][0]
                prim["material"] = mat_index[mat.name]
                prims.append(prim)
            if prims:
                entry["mesh"] = len(meshes)
                # panda3d-gltf names the GeomNode after the mesh; "mesh_" keeps it from matching
                # the client's "**/solid_*" or "**/ground" searches a second time.
                meshes.append({"name": f"mesh_{node.name}", "primitives": prims})
            gl_nodes.append(entry)
        tree["asset"] = {"version": "2.0", "generator": GENERATOR}
        tree["scene"] = 0
        tree["scenes"] = [{"name": scene_name, "nodes": list(range(len(gl_nodes)))}]
        tree["nodes"] = gl_nodes
        tree["meshes"] = meshes
        tree["materials"] = [_material_json(m) for m in materials.values()]
        _check_strides(tree)

    return trimesh.exchange.gltf.export_glb(scene, include_normals=True, unitize_normals=False,
                                            tree_postprocessor=restructure)
