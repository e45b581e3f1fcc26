"""The on-screen keyboard: touch (or mouse) typing into a text field, for kiosks and citizens without a keyboard.

Korean 2-set (두벌식) letters composed into syllables as they are typed (ui/hangul_compose.py), English
QWERTY with Shift, and a page of digits and symbols (@ . - _ for e-mail addresses). Space, a key
that deletes the last letter (one jamo while a syllable is being built), Enter (what Enter does in
the field: the next field, or from the last the screen's main button), 한/A to switch letters, and
Done. The keys are a touch target high and at least as wide; the keyboard sits along the bottom of
the window, above everything else, with a line showing what the field holds (it may be hidden
under the keyboard).
"""
from __future__ import annotations

from typing import Callable

from ui.hangul_compose import compose, is_jamo
from ui.service_text import TextFit

PREFIX = "osk."
ROWS = {
    "ko": ("ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔ", "ㅁㄴㅇㄹㅎㅗㅓㅏㅣ", "ㅋㅌㅊㅍㅠㅜㅡ"),
    "en": ("qwertyuiop", "asdfghjkl", "zxcvbnm"),
    "symbols": ("1234567890", "@.-_/:()?!", ",'\"#&+%"),  # seven, like the letters' third row
}
KO_SHIFT = dict(zip("ㅂㅈㄷㄱㅅㅐㅔ", "ㅃㅉㄸㄲㅆㅒㅖ"))
UNITS = 10  # key widths in a row: ten letters, or Shift 1.5 + seven + Delete 1.5


class OnScreenKeyboard:
    """Keys along the bottom of the window that type into the UiRoot's field ``target_id``."""

    def __init__(self, ui, screen, target_id: str, on_enter: Callable[[], None], on_done: Callable[[], None]):
        self.ui, self.screen, self.t = ui, screen, ui.i18n.t
        self.fit = TextFit(ui.theme)
        self.on_enter, self.on_done = on_enter, on_done
        self.letters = "ko" if ui.i18n.lang == "ko" else "en"
        self.symbols = self.shift = False
        self.target_id = target_id
        self._run: list[str] = []  # jamo of the syllables being composed, at _run_start in the text
        self._run_start = self._run_len = 0
        self._build()

    @property
    def layout(self) -> str:
        """Which keys show: "ko", "en" or "symbols"."""
        return "symbols" if self.symbols else self.letters

    # -- drawing --------------------------------------------------------------------------------------
    def _build(self) -> None:
        ui, theme, screen = self.ui, self.ui.theme, self.screen
        self.ui.remove_prefix(PREFIX)
        gap, pad = theme.pad * 0.5, theme.pad
        room = screen.panel_width(screen.width) - pad * 2
        unit = min(theme.button_height * 1.5, (room - gap * (UNITS - 1)) / UNITS)
        width = unit * UNITS + gap * (UNITS - 1) + pad * 2
        row_h = theme.button_height + gap
        height = pad * 2 + theme.line_height * 1.2 + row_h * 4
        bottom = screen.bottom + 0.02
        left = -width / 2
        panel = ui.panel(f"{PREFIX}panel", (left, -left, bottom, bottom + height))
        panel.reparent_to(ui.parent, 100)  # drawn after (over) the screen's panel, and so first to get taps
        self._preview_at = (left + pad, bottom + height - pad - theme.text_size)
        self._preview_width = width - pad * 2
        self._show_preview()
        x0 = left + pad
        y = bottom + height - pad - theme.line_height * 1.2 - theme.button_height / 2
        first, second, third = ROWS[self.layout]
        self._row([(ch, 1.0) for ch in first], x0, y, unit, gap)
        self._row([(ch, 1.0) for ch in second], x0 + (unit + gap) * (UNITS - len(second)) / 2, y - row_h,
                  unit, gap)
        third_keys = [("shift", 1.5)] if self.layout != "symbols" else [("", 1.5)]
        self._row(third_keys + [(ch, 1.0) for ch in third] + [("back", 1.5)], x0, y - row_h * 2, unit, gap)
        self._row([("mode", 1.5), ("lang", 1.5), ("space", 3.5), ("enter", 1.75), ("done", 1.75)], x0,
                  y - row_h * 3, unit, gap)

    def _row(self, keys: list[tuple[str, float]], x: float, y: float, unit: float, gap: float) -> None:
        for key, span in keys:
            width = unit * span + gap * (span - 1)
            if key:
                self._key(key, x + width / 2, y, width)
            x += width + gap

    def _key(self, key: str, x: float, y: float, width: float) -> None:
        t = self.t
        specials = {
            "shift": ("⇧", t("keyboard.shift")),
            "back": ("←", t("keyboard.backspace")),
            "mode": ("ABC" if self.symbols and self.letters == "en" else "가나다" if self.symbols else "123",
                     t("keyboard.letters") if self.symbols else t("keyboard.symbols")),
            "lang": ("한/A", t("keyboard.lang")),
            "space": (t("keyboard.space"), t("keyboard.space")),
            "enter": (t("keyboard.enter"), t("keyboard.enter")),
            "done": (t("keyboard.done"), t("keyboard.done")),
        }
        if key in specials:
            text, name = specials[key]
            wid, command = f"{PREFIX}{key}", getattr(self, f"_{key}")
        else:
            text = self._shifted(key)
            name, wid, command = text, f"{PREFIX}key.{key}", lambda: self.type(self._shifted(key))
        shown = self.fit.shorten(text, self.ui.theme.text_size, width - self.ui.theme.pad, bold=True)
        self.ui.button(wid, shown, command, (x, y), width, parent=self.ui.widgets[f"{PREFIX}panel"].widget,
                       primary=key in ("enter", "done") or (key == "shift" and self.shift))
        self.ui.widgets[wid].name = name

    def _shifted(self, key: str) -> str:
        if not self.shift or self.symbols:
            return key
        return KO_SHIFT.get(key, key) if self.letters == "ko" else key.upper()

    def _show_preview(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        text = "•" * len(entry.get()) if entry["obscured"] else entry.get()
        field = self.t("keyboard.typing_into", field=self.ui.widgets[self.target_id].name)
        size, room = self.ui.theme.text_size, self._preview_width
        shown = f"{field} {text}"
        while self.fit.width(shown, size) > room and text:
            text = text[1:]  # the end of a long text is where the typing is
            shown = f"{field} …{text}"
        self.ui.remove(f"{PREFIX}preview")
        self.ui.label(f"{PREFIX}preview", shown, self._preview_at,
                      parent=self.ui.widgets[f"{PREFIX}panel"].widget)

    # -- typing ---------------------------------------------------------------------------------------
    def _entry(self):
        info = self.ui.widgets.get(self.target_id)
        return None if info is None or info.widget.is_empty() else info.widget

    def retarget(self, wid: str) -> None:
        """Type into another field from now on (the focus moved)."""
        self.target_id, self._run = wid, []
        self._show_preview()

    def type(self, ch: str) -> None:
        """A letter, digit or symbol key: insert it at the field's cursor (jamo compose into syllables)."""
        entry = self._entry()
        if entry is None:
            return
        text, cursor = entry.get(), entry.guiItem.get_cursor_position()
        if is_jamo(ch):
            if not self._run or cursor != self._run_start + self._run_len:
                self._run, self._run_start, self._run_len = [], cursor, 0  # the citizen moved the cursor
            self._run.append(ch)
            if not self._replace_run(entry, text):
                self._run.pop()
        else:
            self._run = []
            self._set(entry, text[:cursor] + ch + text[cursor:], cursor + 1)
        if self.shift and not self.symbols:
            self.shift = False  # one letter, as on a phone
            self._build()
        self._show_preview()

    def _replace_run(self, entry, text: str) -> bool:
        composed = compose(self._run)
        start = self._run_start
        if not self._set(entry, text[:start] + composed + text[start + self._run_len:], start + len(composed)):
            return False
        self._run_len = len(composed)
        return True

    @staticmethod
    def _set(entry, text: str, cursor: int) -> bool:
        limit = entry.guiItem.get_max_chars()
        if limit and len(text) > limit:
            return False  # a full field takes no more, as with a real keyboard
        entry.set(text)
        entry.guiItem.set_cursor_position(cursor)
        return True

    def _back(self) -> None:
        entry = self._entry()
        if entry is None:
            return
        text, cursor = entry.get(), entry.guiItem.get_cursor_position()
        if self._run and cursor == self._run_start + self._run_len:
            self._run.pop()  # one jamo: 한 goes back to 하, not to nothing
            self._replace_run(entry, text)
        elif cursor > 0:
            self._set(entry, text[:cursor - 1] + text[cursor:], cursor - 1)
        self._show_preview()

    def _space(self) -> None:
        self.type(" ")

    def _shift(self) -> None:
        self.shift = not self.shift
        self._build()

    def _mode(self) -> None:
        self.symbols, self.shift = not self.symbols, False
        self._build()

    def _lang(self) -> None:
        self.letters = "en" if self.letters == "ko" else "ko"
        self.symbols = self.shift = False
        self._run = []
        self._build()

    def _enter(self) -> None:
        self._run = []
        self.on_enter()

    def _done(self) -> None:
        self.on_done()

    def destroy(self) -> None:
        """Take the keyboard off the screen."""
        self.ui.remove_prefix(PREFIX)
