"""Boxes lose the faces other boxes hide, and nothing that can be seen (tools/box_faces.py)."""
from __future__ import annotations

import numpy as np
import pytest

from tools.box_faces import block_mesh, place_block, visible_meshes
from tools.build_assets import assemble
from tools.recipe import load_recipe


def faces(mesh) -> list[tuple[tuple[float, ...], float]]:
    """(outward normal, area) of every quad, rounded, in build order."""
    out = []
    for k in range(0, len(mesh.faces), 2):
        tri = mesh.positions[mesh.faces[k]]
        area = np.linalg.norm(np.cross(tri[1] - tri[0], tri[2] - tri[0]))  # the quad is two such halves
        normal = tuple(np.round(mesh.normals[mesh.faces[k][0]], 6) + 0.0)
        out.append((normal, round(float(area), 6)))
    return out


def area_facing(mesh, normal) -> float:
    return sum(a for n, a in faces(mesh) if n == normal)


UP, DOWN = (0.0, 0.0, 1.0), (0.0, 0.0, -1.0)


def test_a_box_alone_keeps_all_six_faces_wound_outward():
    mesh = block_mesh(place_block((2, 3, 4), (0, 0, 0), 0), [])
    assert sorted(a for _, a in faces(mesh)) == sorted([6, 6, 8, 8, 12, 12])
    centre = np.array([0, 0, 2.0])
    for tri in mesh.faces:
        p = mesh.positions[tri]
        wound = np.cross(p[1] - p[0], p[2] - p[0])
        assert np.dot(wound, mesh.normals[tri[0]]) > 0
        assert np.dot(p.mean(axis=0) - centre, mesh.normals[tri[0]]) > 0


def test_a_wall_standing_on_a_plinth_hides_the_plinth_top_under_it_but_not_its_rim():
    plinth = place_block((10, 7, 1.5), (0, 0, 0), 0)
    wall = place_block((9, 6, 3), (0, 0, 1.5), 0)
    plinth_mesh, wall_mesh = visible_meshes([plinth, wall])
    assert area_facing(plinth_mesh, UP) == pytest.approx(70 - 54)  # the rim a person sees
    assert area_facing(wall_mesh, DOWN) == 0  # pressed onto the plinth
    # The rim is cut along the wall's edges, so the wall's bottom corners are rim vertices too
    # (no T-junction for the sky to sparkle through).
    rim = {tuple(np.round(p, 6)) for p, n in zip(plinth_mesh.positions, plinth_mesh.normals) if n[2] > 0.5}
    for corner in [(-4.5, -3, 1.5), (4.5, -3, 1.5), (4.5, 3, 1.5), (-4.5, 3, 1.5)]:
        assert corner in rim


def test_a_face_inside_another_box_goes_and_faces_side_by_side_stay():
    wall = place_block((9.9, 6.9, 1.35), (0, 0, 1.5), 0)
    plate = place_block((10.2, 7.2, 0.22), (0, 0, 2.8), 0)  # the wall's top (z 2.85) lies inside it
    neighbour = place_block((9.9, 6.9, 1.35), (9.9, 0, 1.5), 0)  # flush beside the wall, same height
    wall_mesh, _, neighbour_mesh = visible_meshes([wall, plate, neighbour])
    assert area_facing(wall_mesh, UP) == 0
    # Side by side, both facing up: a top that is seen stays whole (the plate's 15 cm overhang
    # hides too little of it to be worth cutting).
    assert area_facing(neighbour_mesh, UP) == pytest.approx(9.9 * 6.9)


def test_boxes_that_only_touch_at_an_edge_or_are_apart_keep_their_faces():
    a = place_block((1, 1, 1), (0, 0, 0), 0)
    b = place_block((1, 1, 1), (1, 1, 0), 0)  # shares an edge with a
    c = place_block((1, 1, 1), (5, 0, 0), 0)
    for mesh in visible_meshes([a, b, c]):
        assert len(faces(mesh)) == 6


def test_a_small_block_does_not_cut_a_big_face_into_pieces():
    wall = place_block((20, 0.4, 10), (0, 0, 0), 0)
    sign = place_block((1, 0.2, 1), (0, -0.25, 5), 0)  # pressed against the wall's south face
    wall_mesh, _ = visible_meshes([wall, sign])
    assert len(faces(wall_mesh)) == 6  # cutting 1 m² from 200 m² is not worth 16 more triangles


def test_a_turned_box_keeps_its_named_covered_face():
    # Turned a quarter, the part's own north face (+y) looks west (-x).
    block = place_block((4, 2, 1), (0, 0, 0), 90, covered=("north",))
    mesh = block_mesh(block, [])
    assert area_facing(mesh, (-1.0, 0.0, 0.0)) == 0
    assert area_facing(mesh, (1.0, 0.0, 0.0)) == pytest.approx(4)
    assert place_block((4, 2, 1), (0, 0, 0), 45) is None  # not square: built as a plain shape


def test_recipe_covered_faces_are_checked_by_name(tmp_path):
    recipe = tmp_path / "thing.yaml"
    recipe.write_text("materials: {stone: {color: '#808080'}}\n"
                      "nodes: [{name: thing, parts: [{shape: box, material: stone, size: [1, 1, 1],"
                      " covered: [roof]}]}]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"thing\.yaml: nodes\[0\] \(thing\)\.parts\[0\]\.covered"):
        load_recipe(recipe)


def test_bukchon_hanok_lose_their_hidden_tops(tmp_path):
    """The hanok's stacked plinth, wall and wall plate: only rims of their tops are left."""
    recipe = tmp_path / "one_hanok.yaml"
    recipe.write_text("materials: {}\nnodes: [{name: hanok, include: hanok}]\n", encoding="utf-8")
    (node,) = assemble(load_recipe(recipe))
    up = {mat.name: area_facing(mesh, UP) for mat, mesh in node.meshes}
    assert up["hanok_plaster"] == pytest.approx(7.7 * 0.45)  # the walls' top is inside the plate: only the ridge's shows
    assert up["hanok_wood"] < 1.0  # the plate's top is under the roof, the posts' tops inside the plate
    assert up["hanok_stone"] < 0.05 * (10.2 * 7.2 + 10 * 7)  # rims only
