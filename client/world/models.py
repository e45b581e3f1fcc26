"""Loading models for the scene, adjusted to the graphics profile in use.

glTF colours are linear. simplepbr (the full profile) converts its output to sRGB itself; the basic
profile's fixed-function lighting writes colours to the screen as they are, so there each
material's colour is encoded to sRGB once at load time. Otherwise every colour looks too dark.
"""
from __future__ import annotations

import logging
from pathlib import Path

from panda3d.core import Filename, LColor, LoaderOptions, Material, NodePath, Texture

from client.world.model_cache import ModelCache

log = logging.getLogger(__name__)

# In the basic profile nothing converts back to sRGB on output, so sRGB textures must be sampled as
# they are stored rather than decoded to linear.  There, too, a texture is filtered from its nearest
# mipmap level only: blending two levels (the models' trilinear filter) doubles the texel reads, and on
# software GL that cost Bukchon's tiled roofs 5 ms a frame against 2.5 ms (benchmarks/frame_time.py).
_PLAIN_FORMAT = {Texture.F_srgb: Texture.F_rgb8, Texture.F_srgb_alpha: Texture.F_rgba8,
                 Texture.F_sluminance: Texture.F_luminance, Texture.F_sluminance_alpha: Texture.F_luminance_alpha}


class ModelError(RuntimeError):
    """A model file could not be loaded; the message names the file and the cause."""


def linear_to_srgb(c: float) -> float:
    """One colour channel from linear light to sRGB encoding."""
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def srgb_to_linear(c: float) -> float:
    """One colour channel from sRGB encoding to linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


class ModelLoader:
    """Loads .glb/.gltf/.bam files (glTF through the panda3d-gltf plugin) for one graphics profile.

    With a ``cache`` (client/world/model_cache.py) a glTF file is read from its .bam conversion
    when there is one, and converted on its first load.
    """

    def __init__(self, loader, profile_name: str = "basic", cache: ModelCache | None = None):
        self.loader = loader
        self.encode_srgb = profile_name == "basic"
        self.cache = cache
        # One encoded copy per pooled material and texture, so every clerk and counter shares its
        # materials with the others (flattening then merges them into a handful of geoms) while the
        # pooled originals stay as loaded, for the other profile and for the model cache.
        self._encoded: dict[Material, Material] = {}
        self._plain: dict[Texture, Texture] = {}

    def load(self, path: Path) -> NodePath:
        """The model in ``path``, ready for this profile; ModelError names the file and the cause."""
        source = self.cache.source(path) if self.cache is not None else path
        try:
            model = self._read(source)
        except ModelError:
            if source == path:
                raise
            log.warning("model cache entry %s of %s cannot be read; loading the file itself", source, path)
            self.cache.forget(path)
            model, source = self._read(path), path
        if self.cache is not None:
            self.cache.loaded(path, source, model)
        if self.encode_srgb:
            self._encode(model)
        return model

    def _read(self, path: Path) -> NodePath:
        # No Panda3D disk cache (it has staleness bugs with glTF; ours is keyed by content), but the
        # RAM pool is welcome: the loading screen fills it on a background thread so this call
        # finds the model ready.
        options = LoaderOptions(LoaderOptions.LF_no_disk_cache | LoaderOptions.LF_report_errors)
        try:
            model = self.loader.load_model(Filename.from_os_specific(str(path)), loaderOptions=options)
        except (OSError, KeyError, ValueError, RuntimeError, AssertionError) as exc:
            raise ModelError(f"{path}: cannot be loaded ({type(exc).__name__}: {exc})") from exc
        if model is None or model.is_empty():
            raise ModelError(f"{path}: cannot be loaded (the loader returned nothing)")
        return model

    def _encode(self, model: NodePath) -> None:
        """Colours and textures for the basic profile, on copies: pooled copies share them with the pool."""
        for material in model.find_all_materials():
            encoded = self._encoded.get(material)
            if encoded is None:
                encoded = Material(material)
                base = material.get_base_color()
                encoded.set_base_color(LColor(*(linear_to_srgb(base[i]) for i in range(3)), base[3]))
                # Fixed-function lighting has no metals: a metallic surface (glTF's default when a
                # file gives no metallicFactor) comes out without its colour, so it is lit as paint.
                encoded.set_metallic(0.0)
                self._encoded[material] = encoded
            model.replace_material(material, encoded)
        for texture in model.find_all_textures():
            plain = self._plain.get(texture)
            if plain is None:
                # make_copy shares the image memory with the original until one of them changes it.
                plain = texture.make_copy()
                fmt = _PLAIN_FORMAT.get(texture.get_format())
                if fmt is not None:
                    plain.set_format(fmt)
                if texture.get_minfilter() == Texture.FT_linear_mipmap_linear:
                    plain.set_minfilter(Texture.FT_linear_mipmap_nearest)
                self._plain[texture] = plain
            if plain is not texture:
                model.replace_texture(texture, plain)
