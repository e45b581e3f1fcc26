"""Keeps the world's avatar dressed as its citizen saved it: the account's look while signed in, the
guest's local one otherwise. Calls go through the worker, so the frame never waits on them.

Pure Python (no Panda3D here): the avatar, the API client and the worker's submit are passed in.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from client.world.appearance import Appearance, AppearanceError, load_local


class LookSync:
    """Fetches the account's look after a sign-in; goes back to the guest's look after a sign-out."""

    def __init__(self, avatar: Any, api: Any, config_dir: Path, submit: Callable[..., Any]):
        self.avatar, self.api, self.config_dir, self.submit = avatar, api, Path(config_dir), submit
        self.on_account = False  # the avatar shows an account's look (not to be kept after sign-out)

    def refresh(self) -> None:
        """Ask for the right look for who is signed in now (the world calls this on entering and resuming).

        Offline, the look already shown stays: an avatar is no reason to show an error."""
        if self.api.signed_in:
            self.submit(self.api.get_avatar, on_done=self._fetched, on_error=_ignore)
        elif self.on_account:
            self.on_account = False
            self.submit(load_local, self.config_dir, on_done=self.show, on_error=_ignore)

    def _fetched(self, saved: Any) -> None:
        if saved is None or not self.api.signed_in:
            return  # never saved, or signed out meanwhile
        try:
            look = Appearance.from_dict(saved.appearance_dict())
        except AppearanceError:
            return  # saved by a newer client with parts this one cannot draw
        self.on_account = True
        self.show(look)

    def show(self, look: Appearance) -> None:
        """Dress the avatar as ``look`` (nothing to do when it already is)."""
        if look != self.avatar.appearance:
            self.avatar.apply(look)

    def saved(self, look: Appearance, on_account: bool) -> None:
        """The customisation screen kept ``look`` with the account (or on this device)."""
        self.on_account = on_account
        self.show(look)


def _ignore(_error: BaseException) -> None:
    """A look that cannot be fetched leaves the current one in place."""
