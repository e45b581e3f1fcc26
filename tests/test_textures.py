"""Procedural textures: the patterns (tools/textures.py), their coordinates and their place in the .glb files.

The render tests (tests/render/test_sites_render.py) draw the sites; here the pieces are checked one
by one: every pattern shows something and keeps the recipe's colour readable, tiles seamlessly, is the
same every build, and the built models carry each textured material's image, coordinates and mipmaps,
loaded by Panda3D as a texture on the geoms of that material.
"""
from __future__ import annotations

import io
import json
import struct

import numpy as np
import pytest
from PIL import Image

from tools.build_assets import build, model_path
from tools.gltf_writer import plane_uvs
from tools.recipe import RecipeError
from tools.shapes import Mesh
from tools.textures import PATTERNS, SIZE, png_bytes, render

PLAZA = model_path("seoul_plaza")


def glb_parts(data: bytes) -> tuple[dict, bytes]:
    """The JSON tree and the binary chunk of a .glb file."""
    json_len = struct.unpack_from("<I", data, 12)[0]
    tree = json.loads(data[20:20 + json_len])
    return tree, data[20 + json_len + 8:]


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_pattern_shows_detail_and_keeps_the_colour_readable(pattern):
    texels = render(pattern, "stone") / 255
    assert texels.shape == (SIZE, SIZE)
    assert texels.std() > 0.03, "a flat texture only darkens the colour"
    assert texels.mean() > 0.7 and np.percentile(texels, 5) > 0.3


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_pattern_tiles_without_a_seam(pattern):
    texels = render(pattern, "stone").astype(float)
    # The step from the last column (row) back to the first is no harder than the hardest step between
    # neighbours inside the texture, such as a joint's edge (10% for the tones of the slabs that meet
    # there): repeated, the tiles show no extra line.
    inside_u = np.abs(np.diff(texels, axis=1)).mean(axis=0)
    inside_v = np.abs(np.diff(texels, axis=0)).mean(axis=1)
    assert np.abs(texels[:, 0] - texels[:, -1]).mean() <= 1.1 * inside_u.max()
    assert np.abs(texels[0] - texels[-1]).mean() <= 1.1 * inside_v.max()


def test_same_pattern_is_the_same_png_each_time_and_varies_by_material():
    assert png_bytes("paving", "granite") == png_bytes("paving", "granite")
    assert png_bytes("paving", "granite") != png_bytes("paving", "sidewalk")
    assert Image.open(io.BytesIO(png_bytes("paving", "granite"))).size == (SIZE, SIZE)


def test_coordinates_follow_walls_floors_and_roof_slopes():
    # Three triangles: a wall facing -y, a floor, and a roof plane sloping up towards +x.
    positions = np.array([[0, 0, 0], [4, 0, 0], [4, 0, 3],
                          [0, 0, 0], [2, 0, 0], [0, 2, 0],
                          [0, 0, 0], [0, 4, 0], [3, 0, 3]], float)
    tri = positions.reshape(3, 3, 3)
    normals = np.repeat(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), 3, axis=0)
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    mesh = Mesh(positions, normals, np.arange(9).reshape(3, 3))
    out, uv = plane_uvs(mesh, (2.0, 1.5))
    assert len(out.positions) == 9 and out.faces.tolist() == np.arange(9).reshape(3, 3).tolist()
    wall, floor, roof = uv[0:3], uv[3:6], uv[6:9]
    # Wall: u along its length in tiles of 2 m, v up in tiles of 1.5 m.
    assert np.allclose(np.abs(wall[:, 0] - wall[0, 0]), [0, 2, 2])
    assert np.allclose(np.abs(wall[:, 1] - wall[0, 1]), [0, 0, 2])
    # Floor: east and north.
    assert np.allclose(np.abs(floor - floor[0]), [[0, 0], [1, 0], [0, 4 / 3]])
    # Roof: the eave (along y) changes only u; going up the slope changes only v, by its true length.
    assert np.isclose(roof[0, 1], roof[1, 1]) and not np.isclose(roof[0, 0], roof[1, 0])
    slope = np.hypot(3, 3) / 1.5
    assert np.isclose(abs(roof[2, 1] - roof[0, 1]), slope)


def test_an_unknown_pattern_or_a_missing_size_names_the_key(tmp_path):
    for texture, key, word in (("{pattern: marble, size: [1, 1]}", "texture.pattern", "marble"),
                               ("{pattern: paving}", "texture.size", "missing"),
                               ("{pattern: paving, size: [1, 0]}", "texture.size", "positive")):
        path = tmp_path / "broken.yaml"
        path.write_text(f"materials:\n  stone: {{color: \"#808080\", texture: {texture}}}\n"
                        "nodes:\n  - name: thing\n    parts:\n      - {shape: box, material: stone, size: [1, 1, 1]}\n",
                        encoding="utf-8")
        with pytest.raises(RecipeError) as err:
            build(path)
        assert str(path) in str(err.value) and key in str(err.value) and word in str(err.value)


def test_a_textured_material_carries_its_image_coordinates_and_mipmaps_in_the_model():
    tree, binary = glb_parts(PLAZA.read_bytes())
    materials = {m["name"]: m for m in tree["materials"]}
    grass = materials["grass"]["pbrMetallicRoughness"]
    texture = tree["textures"][grass["baseColorTexture"]["index"]]
    assert tree["samplers"][texture["sampler"]]["minFilter"] == 9987  # linear, mipmapped
    view = tree["bufferViews"][tree["images"][texture["source"]]["bufferView"]]
    png = binary[view["byteOffset"]:view["byteOffset"] + view["byteLength"]]
    assert png == png_bytes("grass", "grass")
    # The colour stays the recipe's: the texture only modulates it.
    assert materials["grass"]["extras"]["baseColorSRGB"] == "#5e8f3f"
    index = list(materials).index("grass")
    prims = [p for mesh in tree["meshes"] for p in mesh["primitives"] if p["material"] == index]
    assert prims and all("TEXCOORD_0" in p["attributes"] for p in prims)
    # Untextured materials stay as they were: no coordinates to store.
    plain = list(materials).index("asphalt")
    assert all("TEXCOORD_0" not in p["attributes"] for mesh in tree["meshes"] for p in mesh["primitives"]
               if p["material"] == plain)


def test_panda_loads_the_texture_onto_the_geoms_of_its_material():
    from panda3d.core import Filename, MaterialAttrib, TextureAttrib, loadPrcFileData
    loadPrcFileData("test_textures", "window-type none\naudio-library-name null\n")
    from direct.showbase.Loader import Loader  # registers panda3d-gltf's entry point
    loader = Loader(None)
    try:
        model = loader.load_model(Filename.from_os_specific(str(PLAZA)), noCache=True)
        textured, plain = set(), set()
        for np_ in model.find_all_matches("**/+GeomNode"):
            node = np_.node()
            for i in range(node.get_num_geoms()):
                state = node.get_geom_state(i)
                name = state.get_attrib(MaterialAttrib).get_material().get_name()
                tex = state.get_attrib(TextureAttrib)
                if tex is not None and tex.get_num_on_stages():
                    texture = tex.get_on_texture(tex.get_on_stage(0))
                    assert (texture.get_x_size(), texture.get_y_size()) == (SIZE, SIZE)
                    textured.add(name)
                else:
                    plain.add(name)
        assert {"grass", "granite", "roof_tile", "glass_wave"} <= textured
        assert "asphalt" in plain and not textured & plain
    finally:
        loader.ignoreAll()


def test_basic_profile_filters_from_one_mipmap_level_and_samples_srgb_as_stored():
    from panda3d.core import Texture, loadPrcFileData
    loadPrcFileData("test_textures", "window-type none\naudio-library-name null\n")
    from direct.showbase.Loader import Loader

    from client.world.models import ModelLoader
    loader = Loader(None)
    try:
        full = ModelLoader(loader, "full").load(PLAZA).find_all_textures()
        assert full.get_num_textures() >= 6
        # The full profile keeps the model's trilinear filter and decodes sRGB (simplepbr converts back).
        assert {t.get_minfilter() for t in full} == {Texture.FT_linear_mipmap_linear}
        assert {t.get_format() for t in full} == {Texture.F_srgb}
        basic = ModelLoader(loader, "basic").load(PLAZA).find_all_textures()
        assert {t.get_minfilter() for t in basic} == {Texture.FT_linear_mipmap_nearest}
        assert {t.get_format() for t in basic} == {Texture.F_rgb8}
    finally:
        loader.ignoreAll()
