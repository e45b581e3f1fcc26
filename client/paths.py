"""Where the project's files and the user's files live.

The project's own data (config/, scenes/, assets/) is found relative to this package, so an editable
install and a source checkout behave the same. The user's files go to the platform's directories, or
all under one folder when METAVERSE_SEOUL_HOME is set (tests, kiosks and portable installs use that).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "metaverse-seoul"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_ROOT / "config"
SCENES_DIR = PROJECT_ROOT / "scenes"
ASSETS_DIR = PROJECT_ROOT / "assets"
MODELS_DIR = ASSETS_DIR / "models"
FONTS_DIR = ASSETS_DIR / "fonts"
I18N_DIR = ASSETS_DIR / "i18n"


@dataclass(frozen=True)
class UserDirs:
    """The per-user folders the client may write to."""

    config: Path
    data: Path
    cache: Path
    pictures: Path

    @classmethod
    def resolve(cls, environ: dict[str, str] | None = None) -> "UserDirs":
        """Pick the user's folders, honouring METAVERSE_SEOUL_HOME as a single root."""
        env = os.environ if environ is None else environ
        home = env.get("METAVERSE_SEOUL_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "cache", root / "pictures")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME)),
            Path(platformdirs.user_data_dir(APP_NAME)),
            Path(platformdirs.user_cache_dir(APP_NAME)),
            Path(platformdirs.user_pictures_dir()) / APP_NAME,
        )
