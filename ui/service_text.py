"""Formatting and text fitting shared by the service screens: won amounts, Seoul times, refusals
rebuilt from outbox results, and measuring text with the real font so nothing is clipped at 200%."""
from __future__ import annotations

import datetime as dt

from panda3d.core import TextNode

from net.api import ApiError


def krw(amount: int) -> str:
    """123450 -> '123,450' (the catalogs add 원 / won)."""
    return f"{int(amount):,}"


SEOUL = dt.timezone(dt.timedelta(hours=9), "KST")  # no daylight saving in Korea


def short_time(iso: str) -> str:
    """'2025-07-14T01:00:00Z' -> '2025-07-14 10:00': the server's time shown in Seoul time."""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone(SEOUL)
    return moment.strftime("%Y-%m-%d %H:%M")


def refusal(result: dict | None) -> ApiError:
    """The ApiError stored with a failed outbox item."""
    result = result or {}
    return ApiError(str(result.get("code", "unknown")), str(result.get("message", "")),
                    int(result.get("status", 0) or 0), result.get("field"))


class TextFit:
    """Measures text in the theme's fonts, to shorten or count wrapped lines before drawing."""

    def __init__(self, theme):
        self.theme = theme
        self._node = TextNode("measure")

    def _set(self, size: float, bold: bool, wrap: float | None) -> None:
        font = self.theme.bold_font if bold else self.theme.font
        if font is not None:
            self._node.set_font(font)
        if wrap:
            self._node.set_wordwrap(wrap / size)
        else:
            self._node.clear_wordwrap()

    def width(self, text: str, size: float, bold: bool = False) -> float:
        self._set(size, bold, None)
        return self._node.calc_width(text) * size

    def rows(self, text: str, size: float, wrap: float, bold: bool = False) -> int:
        if not text:
            return 1  # TextNode would report the row count of the text it measured before
        self._set(size, bold, wrap)
        self._node.set_text(text)
        return max(1, self._node.get_num_rows())

    def shorten(self, text: str, size: float, width: float, bold: bool = False) -> str:
        """text, cut with an ellipsis so one line of it fits width."""
        if self.width(text, size, bold) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.width(text[:mid] + "…", size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def clip_rows(self, text: str, size: float, wrap: float, rows: int) -> str:
        """text, cut with an ellipsis so it wraps into at most rows lines."""
        if rows < 1:
            return ""
        if self.rows(text, size, wrap) <= rows:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.rows(text[:mid] + "…", size, wrap) <= rows:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"
