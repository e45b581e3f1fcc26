"""Korean and English text catalogs (assets/i18n/<lang>.yaml), switchable at runtime. Pure Python."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from client.korean_particles import attach
from client.paths import I18N_DIR
from client.schema import DataError, LANGS, load_yaml_file


class Catalog:
    """Looks up user-facing strings by key in the current language, with {name} formatting."""

    def __init__(self, lang: str, directory: Path = I18N_DIR):
        # <lang>.yaml holds the screens' text; <lang>/*.yaml more catalogs (e.g. server error messages).
        self._tables = {}
        for code in LANGS:
            table = self._load(directory / f"{code}.yaml")
            for extra in sorted((directory / code).glob("*.yaml")):
                table.update(self._load(extra))
            self._tables[code] = table
        missing = set(self._tables["ko"]) ^ set(self._tables["en"])
        if missing:
            raise DataError(directory, sorted(missing)[0], "is in one language's catalog but not the other")
        self._listeners: list[Callable[[str], None]] = []
        self.lang = ""
        self.set_lang(lang)

    @staticmethod
    def _load(path: Path) -> dict[str, str]:
        data = load_yaml_file(path)
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise DataError(path, "", "must map keys to text")
        return data

    def set_lang(self, lang: str) -> None:
        """Switch language; listeners (open screens) re-render their text."""
        if lang not in self._tables:
            raise ValueError(f"unsupported language '{lang}' (supported: {', '.join(LANGS)})")
        changed = lang != self.lang
        self.lang = lang
        if changed:
            for listener in list(self._listeners):
                listener(lang)

    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call listener on every language change; returns the function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def t(self, key: str, **values: object) -> str:
        """The text for key in the current language, formatted with values."""
        text = self._tables[self.lang][key]
        if not values:
            return text
        text = text.format(**values)
        return attach(text) if self.lang == "ko" else text  # "{desk}와(과)" once the name is in

    def has(self, key: str) -> bool:
        return key in self._tables[self.lang]

    def pick(self, texts: dict[str, str]) -> str:
        """Choose from a {ko:…, en:…} text taken from a manifest or dialogue."""
        return texts[self.lang]
