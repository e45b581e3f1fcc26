"""Reads the walkable surfaces (nodes named `ground` or `ground_*`) of a loaded site model."""
from __future__ import annotations

import numpy as np
from panda3d.core import GeomEnums, GeomPrimitive, GeomVertexData, GeomVertexFormat, NodePath

from client.world.heightfield import HeightField

_INDEX_TYPES = {GeomEnums.NT_uint8: np.uint8, GeomEnums.NT_uint16: np.uint16, GeomEnums.NT_uint32: np.uint32}


def ground_triangles(model: NodePath, relative_to: NodePath) -> np.ndarray:
    """World-space triangles (n, 3, 3) of every ground node under model."""
    triangles = []
    for ground in [*model.find_all_matches("**/ground"), *model.find_all_matches("**/ground_*")]:
        for path in ground.find_all_matches("**/+GeomNode"):
            # Panda3D transforms row vectors: world = (x, y, z, 1) @ M.
            matrix = np.array([list(path.get_mat(relative_to).get_row(r)) for r in range(4)], dtype=np.float64)
            node = path.node()
            for i in range(node.get_num_geoms()):
                geom = node.get_geom(i).decompose()
                points = _positions(geom.get_vertex_data()) @ matrix[:3, :3] + matrix[3, :3]
                for p in range(geom.get_num_primitives()):
                    triangles.append(points[_indices(geom.get_primitive(p))].reshape(-1, 3, 3))
    if not triangles:
        return np.zeros((0, 3, 3), dtype=np.float64)
    return np.concatenate(triangles)


def _positions(vdata: GeomVertexData) -> np.ndarray:
    """(n, 3) vertex positions, read as one array rather than point by point (a site has thousands)."""
    positions = vdata.convert_to(GeomVertexFormat.get_v3())
    return np.frombuffer(memoryview(positions.get_array(0)), dtype=np.float32).reshape(-1, 3).astype(np.float64)


def _indices(primitive: GeomPrimitive) -> np.ndarray:
    """The vertex numbers of a triangle list, three per triangle."""
    if not primitive.is_indexed():
        first = primitive.get_first_vertex()
        return np.arange(first, first + primitive.get_num_vertices())
    dtype = _INDEX_TYPES[primitive.get_index_type()]
    return np.frombuffer(memoryview(primitive.get_vertices()), dtype=dtype)[:primitive.get_num_vertices()]


def build_height_field(model: NodePath, relative_to: NodePath, bounds) -> HeightField:
    """The site's ground heights; a site without ground nodes is taken as level at z=0."""
    triangles = ground_triangles(model, relative_to)
    if len(triangles) == 0:
        return HeightField.flat(bounds)
    return HeightField(triangles, bounds)
