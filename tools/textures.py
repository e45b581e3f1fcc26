"""Procedural textures for recipe materials: tileable grey detail maps drawn with numpy, PNG through Pillow.

A texture multiplies the material's base colour, so a recipe keeps choosing the colour and the
texture only adds what a flat colour cannot show from a few metres away: the rows of a tiled roof,
the joints of paving, the courses of a stone wall, the floors and mullions of a glass tower. Each
pattern is a function of a seeded generator (the seed comes from the pattern and material name),
wraps around at its edges so it tiles, and keeps its texels between about 0.5 and 1.0 so the
recipe's colour still reads. A recipe names the pattern and how many metres one tile of it covers::

    roof_tile: {color: "#4a4f56", texture: {pattern: roof_tiles, size: [1.2, 1.2]}}
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Callable

import numpy as np
from PIL import Image

SIZE = 256  # texels per side: sharp from a few metres on a 1280x720 screen, 64 KB each in memory


def _rng(seed_name: str) -> np.random.Generator:
    digest = hashlib.sha256(seed_name.encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def periodic_noise(rng: np.random.Generator, cells: int) -> np.ndarray:
    """Smooth noise in [0, 1] on a SIZE x SIZE grid that wraps at its edges (bilinear over ``cells``²)."""
    grid = rng.random((cells, cells))
    pos = np.arange(SIZE) * cells / SIZE
    i0 = np.floor(pos).astype(int)
    i1 = (i0 + 1) % cells
    t = pos - i0
    t = t * t * (3 - 2 * t)  # smoothstep: no creases along the grid lines
    rows = grid[i0] * (1 - t)[:, None] + grid[i1] * t[:, None]
    return rows[:, i0] * (1 - t)[None, :] + rows[:, i1] * t[None, :]


def _grooves(length: int, period: int, width: int) -> np.ndarray:
    """1 on the ``width`` texels that end each ``period``, else 0 (joints between slabs or courses)."""
    return (np.arange(length) % period >= period - width).astype(float)


def roof_tiles(rng: np.random.Generator) -> np.ndarray:
    """Giwa: rounded cover tiles in columns across the roof (u), courses stepping up the slope (v)."""
    columns, courses = 8, 8
    u = (np.arange(SIZE) % (SIZE // columns)) / (SIZE // columns)
    # Convex cover tile over a concave pan tile: bright crest, shadowed trough between columns.
    profile = 0.62 + 0.38 * np.sin(np.pi * u) ** 0.7
    v = (np.arange(SIZE) % (SIZE // courses)) / (SIZE // courses)
    lap = 0.78 + 0.22 * np.clip(v / 0.18, 0, 1)  # each course's lower edge shades the one below
    tone = 0.94 + 0.06 * rng.random((courses, columns))
    tones = np.repeat(np.repeat(tone, SIZE // courses, axis=0), SIZE // columns, axis=1)
    return profile[None, :] * lap[:, None] * tones


def paving(rng: np.random.Generator) -> np.ndarray:
    """Square granite slabs with dark joints and a slightly different tone each."""
    slabs, joint = 4, 3
    tone = 0.86 + 0.14 * rng.random((slabs, slabs))
    img = np.repeat(np.repeat(tone, SIZE // slabs, axis=0), SIZE // slabs, axis=1)
    img = img * (0.96 + 0.04 * periodic_noise(rng, 32))
    joints = np.maximum(_grooves(SIZE, SIZE // slabs, joint)[:, None], _grooves(SIZE, SIZE // slabs, joint)[None, :])
    return img * (1 - 0.4 * joints)


def stone_blocks(rng: np.random.Generator) -> np.ndarray:
    """Dressed stone in courses (v) of blocks of random length (u), mortar between."""
    courses, mortar = 8, 3
    height = SIZE // courses
    img = np.empty((SIZE, SIZE))
    for course in range(courses):
        # Block edges along the course: random lengths that add up to the texture width, so it tiles.
        edges, x = [0], 0
        while x < SIZE:
            x += int(rng.integers(SIZE // 5, SIZE // 3))
            edges.append(min(x, SIZE))
        row = np.empty(SIZE)
        for a, b in zip(edges, edges[1:], strict=False):
            row[a:b] = 0.8 + 0.2 * rng.random()
            row[max(a, b - mortar):b] = 0.6
        # Shifted by a random amount so the joints at the texture's edge do not line up course after
        # course into one straight seam down every repeat.
        img[course * height:(course + 1) * height] = np.roll(row, int(rng.integers(SIZE)))[None, :]
    img *= 1 - 0.4 * _grooves(SIZE, height, mortar)[:, None]
    return img * (0.93 + 0.07 * periodic_noise(rng, 64))


def grass(rng: np.random.Generator) -> np.ndarray:
    """Mown grass: patches of light and dark at several scales."""
    octaves = 0.5 * periodic_noise(rng, 8) + 0.3 * periodic_noise(rng, 32) + 0.2 * rng.random((SIZE, SIZE))
    return 0.66 + 0.34 * octaves


def windows(rng: np.random.Generator) -> np.ndarray:
    """A curtain wall: four bays (u) by two floors (v); slab bands, mullions, panes of varying sheen."""
    bays, floors = 4, 2
    bay, floor = SIZE // bays, SIZE // floors
    sheen = 0.8 + 0.2 * rng.random((floors, bays))
    img = np.repeat(np.repeat(sheen, floor, axis=0), bay, axis=1)
    v = (np.arange(SIZE) % floor) / floor
    img = img * (0.92 + 0.08 * v)[:, None]  # the sky reflects brighter towards the top of each pane
    img[np.arange(SIZE) % floor < floor // 7] = 0.55  # spandrel at each floor slab
    img[:, np.arange(SIZE) % bay < 3] = 0.65  # mullions
    return img


def water(rng: np.random.Generator) -> np.ndarray:
    """River water: long ripples across the flow with broken highlights."""
    v = np.arange(SIZE)[:, None] / SIZE
    wobble = periodic_noise(rng, 8)
    ripples = 0.5 + 0.5 * np.sin(2 * np.pi * (12 * v + 1.5 * wobble))
    return 0.74 + 0.18 * ripples * periodic_noise(rng, 16) + 0.08 * periodic_noise(rng, 64)


PATTERNS: dict[str, Callable[[np.random.Generator], np.ndarray]] = {
    "roof_tiles": roof_tiles, "paving": paving, "stone_blocks": stone_blocks, "grass": grass,
    "windows": windows, "water": water,
}


def render(pattern: str, seed_name: str) -> np.ndarray:
    """The pattern as SIZE x SIZE 8-bit grey texels; ``seed_name`` (the material) varies its randomness."""
    draw = PATTERNS.get(pattern)
    if draw is None:
        raise ValueError(f"unknown texture pattern {pattern!r}; known: {', '.join(sorted(PATTERNS))}")
    texels = draw(_rng(f"{pattern}:{seed_name}"))
    return np.round(np.clip(texels, 0.0, 1.0) * 255).astype(np.uint8)


def png_bytes(pattern: str, seed_name: str) -> bytes:
    """The pattern as a PNG. Byte-for-byte the same each time with the pinned Pillow (see setup.py).

    Grey, but stored as RGB: glTF base colour textures are sRGB, and panda3d-gltf only marks RGB
    images as sRGB, so a one-channel image would be taken as linear and look lighter with simplepbr
    than in the basic profile.
    """
    out = io.BytesIO()
    image = Image.fromarray(render(pattern, seed_name)).convert("RGB")
    image.save(out, format="PNG", compress_level=9, optimize=False)
    return out.getvalue()
