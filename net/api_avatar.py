"""The signed-in citizen's avatar appearance, kept with the account. Pure Python: no Panda3D."""
from __future__ import annotations

from typing import Any, Mapping

from net.api_core import ApiCore
from net.errors import ApiError
from net.models import SavedAvatar


class AvatarApi(ApiCore):
    """Read and save one's own avatar (there is no way to name another citizen's)."""

    def get_avatar(self) -> SavedAvatar | None:
        """The saved avatar, or None when this account has never saved one."""
        try:
            return SavedAvatar.from_json(self._call("GET", "/v1/me/avatar"))
        except ApiError as exc:
            if exc.code == "not_found":
                return None
            raise

    def save_avatar(self, appearance: Mapping[str, Any]) -> SavedAvatar:
        """Save the whole appearance (the dict of Appearance.to_dict); ApiError invalid_field names a bad field.

        A PUT of the whole value: sending it twice stores the same thing, so a retry is harmless."""
        return SavedAvatar.from_json(self._call("PUT", "/v1/me/avatar", json=dict(appearance)))
