"""Counts what a scene costs to draw: geoms, triangles, materials and texture pixels."""
from __future__ import annotations

from dataclasses import dataclass

from panda3d.core import GeomNode, MaterialAttrib, NodePath, TextureAttrib


@dataclass(frozen=True)
class SceneStats:
    geoms: int
    triangles: int
    materials: int
    max_texture_size: int


def measure(root: NodePath) -> SceneStats:
    """Walk root's visible geometry and count geoms, triangles, distinct materials and texture size.

    Of each LODNode only the nearest level counts: what the scene costs with the camera close by.
    """
    geoms = triangles = max_tex = 0
    materials = set()
    coarser = {lod.get_child(i) for lod in root.find_all_matches("**/+LODNode")
               for i in range(1, lod.get_num_children())}
    for path in root.find_all_matches("**/+GeomNode"):
        if path.is_hidden() or _below_any(path, coarser, root):
            continue
        node: GeomNode = path.node()
        net_state = path.get_net_state()
        for i in range(node.get_num_geoms()):
            geoms += 1
            geom = node.get_geom(i)
            for p in range(geom.get_num_primitives()):
                prim = geom.get_primitive(p)
                if prim.get_num_vertices_per_primitive() == 3:
                    triangles += prim.get_num_primitives()
                else:
                    triangles += prim.decompose().get_num_primitives()
            state = net_state.compose(node.get_geom_state(i))
            mat = state.get_attrib(MaterialAttrib)
            if mat is not None and mat.get_material() is not None:
                materials.add(mat.get_material())
            tex = state.get_attrib(TextureAttrib)
            if tex is not None:
                for s in range(tex.get_num_on_stages()):
                    t = tex.get_on_texture(tex.get_on_stage(s))
                    max_tex = max(max_tex, t.get_x_size(), t.get_y_size())
    return SceneStats(geoms, triangles, len(materials), max_tex)


def _below_any(path: NodePath, ancestors: set, root: NodePath) -> bool:
    while ancestors and path != root and not path.is_empty():
        if path in ancestors:
            return True
        path = path.get_parent()
    return False
