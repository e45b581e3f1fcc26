"""Reads the walkable surfaces (nodes named `ground` or `ground_*`) of a loaded site model."""
from __future__ import annotations

import numpy as np
from panda3d.core import GeomVertexReader, NodePath

from client.world.heightfield import HeightField


def ground_triangles(model: NodePath, relative_to: NodePath) -> np.ndarray:
    """World-space triangles (n, 3, 3) of every ground node under model."""
    triangles = []
    for ground in [*model.find_all_matches("**/ground"), *model.find_all_matches("**/ground_*")]:
        for path in ground.find_all_matches("**/+GeomNode"):
            transform = path.get_mat(relative_to)
            node = path.node()
            for i in range(node.get_num_geoms()):
                geom = node.get_geom(i).decompose()
                reader = GeomVertexReader(geom.get_vertex_data(), "vertex")
                points = []
                while not reader.is_at_end():
                    points.append(transform.xform_point(reader.get_data3()))
                for p in range(geom.get_num_primitives()):
                    prim = geom.get_primitive(p)
                    for t in range(prim.get_num_primitives()):
                        start = prim.get_primitive_start(t)
                        corners = [points[prim.get_vertex(start + k)] for k in range(3)]
                        triangles.append([[c.x, c.y, c.z] for c in corners])
    return np.array(triangles, dtype=np.float64).reshape(-1, 3, 3)


def build_height_field(model: NodePath, relative_to: NodePath, bounds) -> HeightField:
    """The site's ground heights; a site without ground nodes is taken as level at z=0."""
    triangles = ground_triangles(model, relative_to)
    if len(triangles) == 0:
        return HeightField.flat(bounds)
    return HeightField(triangles, bounds)
