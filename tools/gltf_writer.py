"""Writing built meshes to binary glTF (.glb) through trimesh, byte-for-byte reproducibly.

trimesh packs the vertex data (accessors, buffer views, the GLB container); a tree post-processor
then lays out the JSON exactly as the client's contract needs it: one glTF node per recipe node with
one mesh whose primitives are that node's materials, named PBR materials from the recipe, and empty
``marker_*`` nodes.  A material with a procedural texture gets its PNG (tools/textures.py) in the
binary buffer and texture coordinates in metres over the tile size, projected on each triangle's
own plane: along the wall or the eave and up the wall or the slope, so courses stay level and
roof tiles run down the slope on every side of a building.  Positions and normals are rounded to 0.1 mm / 1e-4 before conversion to float32
so that last-bit differences in a platform's sin/cos cannot change the bytes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import trimesh

from tools.recipe import Material
from tools.shapes import Mesh
from tools.textures import png_bytes

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


def plane_uvs(mesh: Mesh, tile: tuple[float, float]) -> tuple[Mesh, np.ndarray]:
    """Texture coordinates per triangle corner, in tiles, on each triangle's plane (Panda frame).

    ``u`` runs along the horizontal line of the plane (a wall's length, a roof's eave), ``v`` up
    the plane (a wall's height, a roof's slope); floors get east and north. The corners are unshared
    first, so a vertex on the edge between two planes can take each plane's coordinates.
    """
    corners = mesh.faces.reshape(-1)
    positions, normals = mesh.positions[corners], mesh.normals[corners]
    tri = positions.reshape(-1, 3, 3)
    face_n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    face_n /= np.maximum(np.linalg.norm(face_n, axis=1, keepdims=True), 1e-12)
    along = np.stack([-face_n[:, 1], face_n[:, 0], np.zeros(len(face_n))], axis=1)  # up x normal
    length = np.linalg.norm(along, axis=1, keepdims=True)
    flat = length[:, 0] < 1e-3
    along = np.where(flat[:, None], [1.0, 0.0, 0.0], along / np.maximum(length, 1e-12))
    up = np.cross(face_n, along)
    along, up = np.repeat(along, 3, axis=0), np.repeat(up, 3, axis=0)
    uv = np.stack([np.sum(positions * along, axis=1) / tile[0], np.sum(positions * up, axis=1) / tile[1]], axis=1)
    return Mesh(positions, normals, np.arange(len(corners)).reshape(-1, 3)), uv


def _gltf_mesh(mesh: Mesh, material: Material) -> trimesh.Trimesh:
    uv = None
    if material.texture is not None:
        mesh, uv = plane_uvs(mesh, material.texture.size)
    positions = _clean(mesh.positions @ TO_GLTF.T)
    normals = _clean(mesh.normals @ TO_GLTF.T)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    if not np.all(length > 0.5):
        raise ValueError(f"mesh of material {material.name!r} has vertices without a normal")
    normals = normals / length
    # No COLOR_0: every renderer path uses the material's base colour, and simplepbr would
    # multiply a vertex colour into it a second time.
    visual = trimesh.visual.TextureVisuals(uv=_clean(uv)) if uv is not None else None
    return trimesh.Trimesh(vertices=positions, faces=mesh.faces, vertex_normals=normals, visual=visual,
                           process=False, validate=False)


def _material_json(mat: Material, texture: int | None = None) -> dict:
    pbr: dict = {
        "baseColorFactor": srgb_to_linear(mat.color),
        "metallicFactor": round(mat.metallic, DECIMALS),
        "roughnessFactor": round(mat.roughness, DECIMALS),
    }
    if texture is not None:
        pbr["baseColorTexture"] = {"index": texture}
    return {"name": mat.name, "pbrMetallicRoughness": pbr, "extras": {"baseColorSRGB": mat.color}}


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
    textured = [m for m in materials.values() if m.texture is not None]
    image_views: list[tuple[int, int]] = []  # (buffer view, PNG length)

    def add_images(buffer_items, _tree: dict) -> None:
        # Each image is one more slice of the binary buffer, so one more buffer view, in this order;
        # padded so the slices after it stay 4-byte aligned (the view's length is trimmed back below).
        for mat in textured:
            data = png_bytes(mat.texture.pattern, mat.name)
            buffer_items[f"texture:{mat.name}"] = data + b"\0" * (-len(data) % 4)
            image_views.append((len(buffer_items) - 1, len(data)))

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
        texture_of = {m.name: i for i, m in enumerate(textured)}
        tree["materials"] = [_material_json(m, texture_of.get(m.name)) for m in materials.values()]
        for key in ("images", "textures", "samplers"):
            tree.pop(key, None)
        if textured:
            for view, length in image_views:
                tree["bufferViews"][view]["byteLength"] = length
            tree["images"] = [{"bufferView": view, "mimeType": "image/png"} for view, _length in image_views]
            # Mipmaps: a tiled texture seen at a distance would shimmer, and sampling the right
            # level is also what keeps software GL's texture cache fast.
            tree["samplers"] = [{"magFilter": 9729, "minFilter": 9987, "wrapS": 10497, "wrapT": 10497}]
            tree["textures"] = [{"sampler": 0, "source": i} for i in range(len(textured))]
        _check_strides(tree)

    return trimesh.exchange.gltf.export_glb(scene, include_normals=True, unitize_normals=False,
                                            buffer_postprocessor=add_images, tree_postprocessor=restructure)
