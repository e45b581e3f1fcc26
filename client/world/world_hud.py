"""What the world shows over the 3D view, kept up to date: the HUD's texts, the nearby desk's prompt and
greeting, notices, and redrawing all of it when the language, the text size or the contrast changes.

The world owns one WorldHud; it unsubscribes from the catalog and the theme in `close()`.
"""
from __future__ import annotations

from panda3d.core import ClockObject

from client.states.keys_screen import key_label
from ui.hud import Hud


class WorldHud:
    """The HUD of one world state: `hud` is the ui.hud.Hud currently drawn."""

    def __init__(self, world):
        self.world = world
        ctx = world.ctx
        self.ctx, self.i18n = ctx, ctx.i18n
        self.hud = self._draw()
        self._near: str | None = None  # the desk or portal whose prompt is up
        self._notice_until = 0.0
        self._unsubscribe = [ctx.i18n.subscribe(lambda _lang: self.redraw()), ctx.theme.subscribe(self.redraw)]

    def _draw(self) -> Hud:
        world, i18n = self.world, self.i18n
        hud = Hud(world.ui, world.screen, i18n.pick(world.manifest.name))
        controls = self.ctx.settings.controls
        hud.keys(i18n.t("keys.hint", help=key_label(controls.help[0]), menu=key_label(controls.cancel[0]),
                        map=key_label(controls.map[0])))
        net = self.ctx.net
        hud.status(net.online, net.outbox.pending_count())
        return hud

    def redraw(self) -> None:
        """Everything again, in the current language, size and contrast (and key names)."""
        self.world.ui.remove_prefix("hud.")
        self.hud = self._draw()
        self._near = None  # the desk nearby greets again, in the new language
        talk = getattr(self.world, "talk", None)
        if talk is not None and talk.conversation is not None:
            talk.show()

    def refresh_status(self) -> None:
        """Online or offline, and how many writes wait to be sent."""
        net = self.ctx.net
        self.hud.status(net.online, net.outbox.pending_count())

    def nearby(self, desk, portal) -> None:
        """The prompt (and a desk's greeting) for where the avatar stands; a chime when a desk greets."""
        i18n = self.i18n
        if portal is not None:
            self.hud.caption(None)
            self.hud.prompt(i18n.t("world.portal_prompt", portal=i18n.pick(portal.name)))
            self._near = portal.id
            return
        if desk is None:
            self.hud.prompt(None)
            self.hud.caption(None)
            self._near = None
            return
        dialogue = self.world.dialogues[desk.id]
        self.hud.prompt(i18n.t("world.talk_prompt", desk=i18n.pick(desk.name)))
        # Captions off: the greeting is heard as a chime only; the conversation itself is always text.
        if self.ctx.settings.ui.captions:
            self.hud.caption(f"{i18n.pick(desk.npc.name)}: {i18n.pick(dialogue.node(dialogue.start).say)}")
        else:
            self.hud.caption(None)
        if self._near != desk.id:
            self._near = desk.id
            self._play("greet")

    def notify(self, text: str, seconds: float = 8.0) -> None:
        """A short notice under the site's name that goes away by itself, with the notice sound."""
        self.hud.notice(text)
        self._notice_until = ClockObject.get_global_clock().get_frame_time() + seconds
        self._play("notice")

    def tick(self) -> None:
        """Per frame: take an old notice down."""
        if self._notice_until and ClockObject.get_global_clock().get_frame_time() > self._notice_until:
            self._notice_until = 0.0
            self.hud.notice(None)

    def outbox_event(self, event) -> None:
        """A queued write changed state: the waiting count, and a notice when a proposal is filed."""
        self.refresh_status()
        if event.kind == "delivered" and event.item.kind == "proposal" and event.item.result:
            number = event.item.result.get("number", "")
            self.notify(self.i18n.t("proposal.delivered", number=number))

    def _play(self, cue: str) -> None:
        if self.ctx.sounds is not None:
            self.ctx.sounds.play(cue)

    def close(self) -> None:
        for unsubscribe in self._unsubscribe:
            unsubscribe()
