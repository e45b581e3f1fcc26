"""Writing a skinned, animated character to binary glTF with pygltflib, byte-for-byte reproducibly.

trimesh cannot write skins, so this writer lays out the buffer itself: one bufferView per accessor
(panda3d-gltf 1.3 needs a byteStride when attributes share a view), float values rounded before
conversion to float32 so that platform maths cannot change the bytes, and no timestamps anywhere.

Layout: node 0 is the character (panda3d-gltf makes it the Character), its children are the joint
tree and one node per recipe node (``body``, ``hair_*``) whose mesh ``mesh_<node>`` has one
primitive per material.  Joints rest unrotated at their recipe positions, so every inverse bind
matrix is a plain translation and the bind pose is the recipe's geometry exactly.
"""
from __future__ import annotations

import json

import numpy as np
import pygltflib

from tools.gltf_writer import DECIMALS, TO_GLTF, _material_json
from tools.recipe import Material, Recipe
from tools.rig import Rig, sample_clip, skinned_nodes

GENERATOR = "Metaverse Seoul tools/build_assets.py via tools/rig_gltf.py (pygltflib)"
FLOAT, UBYTE, USHORT, UINT = 5126, 5121, 5123, 5125
ARRAY_BUFFER, ELEMENT_ARRAY_BUFFER = 34962, 34963


def _clean(values: np.ndarray, decimals: int = DECIMALS) -> np.ndarray:
    return np.round(values, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0


class _Buffer:
    """Accumulates aligned binary data and the accessors/bufferViews that describe it."""

    def __init__(self):
        self.blob = bytearray()
        self.views: list[dict] = []
        self.accessors: list[dict] = []

    def add(self, array: np.ndarray, component: int, kind: str, target: int | None = None,
            bounds: bool = False) -> int:
        data = np.ascontiguousarray(array).tobytes()
        self.blob += b"\0" * (-len(self.blob) % 4)
        view = {"buffer": 0, "byteOffset": len(self.blob), "byteLength": len(data)}
        if target is not None:
            view["target"] = target
        self.blob += data
        self.views.append(view)
        flat = array.reshape(len(array), -1)
        accessor = {"bufferView": len(self.views) - 1, "componentType": component,
                    "count": len(array), "type": kind}
        if bounds:
            accessor["min"] = [float(v) for v in flat.min(axis=0)]
            accessor["max"] = [float(v) for v in flat.max(axis=0)]
        self.accessors.append(accessor)
        return len(self.accessors) - 1


def _to_gltf_quats(quats: np.ndarray) -> np.ndarray:
    # A rotation about a Panda axis is the same rotation about that axis carried into glTF's frame.
    return np.column_stack([quats[:, :3] @ TO_GLTF.T, quats[:, 3]])


def _primitive(buf: _Buffer, mesh, joints: np.ndarray, material: int) -> dict:
    positions = _clean(mesh.positions @ TO_GLTF.T).astype(np.float32)
    normals = _clean(mesh.normals @ TO_GLTF.T)
    normals = (normals / np.linalg.norm(normals, axis=1, keepdims=True)).astype(np.float32)
    joint_ids = np.zeros((len(joints), 4), np.uint8)
    joint_ids[:, 0] = joints
    weights = np.zeros((len(joints), 4), np.float32)
    weights[:, 0] = 1.0  # rigid parts: each vertex follows one joint wholly
    faces = mesh.faces.astype(np.uint16 if len(positions) < 65536 else np.uint32)
    return {
        "attributes": {
            "POSITION": buf.add(positions, FLOAT, "VEC3", ARRAY_BUFFER, bounds=True),
            "NORMAL": buf.add(normals, FLOAT, "VEC3", ARRAY_BUFFER),
            "JOINTS_0": buf.add(joint_ids, UBYTE, "VEC4", ARRAY_BUFFER),
            "WEIGHTS_0": buf.add(weights, FLOAT, "VEC4", ARRAY_BUFFER),
        },
        "indices": buf.add(faces.reshape(-1, 1), UINT if faces.dtype == np.uint32 else USHORT,
                           "SCALAR", ELEMENT_ARRAY_BUFFER),
        "material": material,
    }


def _animations(buf: _Buffer, rig: Rig, joint_nodes: list[int], rest: list[np.ndarray]) -> list[dict]:
    out = []
    for clip in rig.clips:
        times, channels = sample_clip(rig, clip)
        # panda3d-gltf makes ceil(last time * fps) frames: a last key a hair past a whole frame
        # (1.2 s is 1.2000000477 in float32) would add a duplicate frame and a hitch in every loop.
        stamps = times.astype(np.float32)
        late = stamps.astype(float) > times
        stamps[late] = np.nextafter(stamps[late], np.float32(0))
        time_acc = buf.add(stamps.reshape(-1, 1), FLOAT, "SCALAR", bounds=True)
        samplers, chans = [], []
        for joint in rig.joints:  # rig order keeps the output stable
            values = channels.get(joint.name, {})
            j = rig.index(joint.name)
            if "rotation" in values:
                quats = _clean(_to_gltf_quats(values["rotation"]), 6).astype(np.float32)
                samplers.append({"input": time_acc, "interpolation": "LINEAR",
                                 "output": buf.add(quats, FLOAT, "VEC4")})
                chans.append({"sampler": len(samplers) - 1, "target": {"node": joint_nodes[j], "path": "rotation"}})
            if "translation" in values:
                moved = _clean(rest[j] + values["translation"] @ TO_GLTF.T, 6).astype(np.float32)
                samplers.append({"input": time_acc, "interpolation": "LINEAR",
                                 "output": buf.add(moved, FLOAT, "VEC3")})
                chans.append({"sampler": len(samplers) - 1,
                              "target": {"node": joint_nodes[j], "path": "translation"}})
        out.append({"name": clip.name, "samplers": samplers, "channels": chans})
    return out


def write_skinned_glb(recipe: Recipe, rig: Rig) -> bytes:
    """Encode the recipe's geometry bound to the rig's skeleton, with its clips, as GLB bytes."""
    buf = _Buffer()
    parts = skinned_nodes(recipe, rig)
    used = [name for name in recipe.materials if any(m.name == name for p in parts for m, _, _ in p.meshes)]
    mat_index = {name: i for i, name in enumerate(used)}

    nodes: list[dict] = [{"name": recipe.name, "children": []}]
    # Joint nodes: local translation from the parent's head, in glTF's frame.
    joint_nodes, rest = [], []
    for joint in rig.joints:
        parent_head = np.zeros(3) if joint.parent < 0 else np.asarray(rig.joints[joint.parent].head)
        offset = _clean((np.asarray(joint.head) - parent_head) @ TO_GLTF.T, 6)
        rest.append(offset)
        joint_nodes.append(len(nodes))
        nodes.append({"name": joint.name, "translation": [float(v) for v in offset]})
        if joint.parent < 0:
            nodes[0]["children"].append(joint_nodes[-1])
        else:
            nodes[joint_nodes[joint.parent]].setdefault("children", []).append(joint_nodes[-1])
    heads = np.array([np.asarray(j.head) @ TO_GLTF.T for j in rig.joints])
    ibm = np.tile(np.eye(4), (len(heads), 1, 1))
    ibm[:, :3, 3] = -_clean(heads, 6)
    # glTF matrices are column-major: the transpose of numpy's row-major layout.
    skin = {"name": f"{recipe.name}_skin", "joints": joint_nodes, "skeleton": joint_nodes[0],
            "inverseBindMatrices": buf.add(ibm.transpose(0, 2, 1).reshape(-1, 16).astype(np.float32),
                                           FLOAT, "MAT4")}

    meshes = []
    for part in parts:
        prims = [_primitive(buf, mesh, joints, mat_index[mat.name]) for mat, mesh, joints in part.meshes]
        nodes[0]["children"].append(len(nodes))
        nodes.append({"name": part.name, "mesh": len(meshes), "skin": 0})
        meshes.append({"name": f"mesh_{part.name}", "primitives": prims})

    animations = _animations(buf, rig, joint_nodes, rest)
    tree = {
        "asset": {"version": "2.0", "generator": GENERATOR},
        "scene": 0,
        "scenes": [{"name": recipe.name, "nodes": [0]}],
        "nodes": nodes,
        "meshes": meshes,
        "materials": [_material_json(_untextured(recipe.materials[name])) for name in used],
        "skins": [skin],
        "animations": animations,
        "accessors": buf.accessors,
        "bufferViews": buf.views,
        "buffers": [{"byteLength": len(buf.blob)}],
    }
    gltf = pygltflib.GLTF2().from_json(json.dumps(tree))
    gltf.set_binary_blob(bytes(buf.blob))
    return b"".join(gltf.save_to_bytes())


def _untextured(material: Material) -> Material:
    """Characters are coloured, not textured: say so rather than drop a recipe's texture silently."""
    if material.texture is not None:
        raise ValueError(f"material {material.name!r}: textures are not supported on rigged characters")
    return material
