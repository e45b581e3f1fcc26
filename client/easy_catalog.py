"""What easy mode offers, read from the same manifests and dialogues the 3D desks use. Pure Python.

Easy mode must reach everything a desk offers without walking to it. Rather than keep a second list
that would drift from the desks, it walks every desk's dialogue: each "open a service" choice becomes
a button, each answer a desk gives (a "goto" node, e.g. "What happens to a proposal?") becomes a
text page, and the tourist desks' answers join the places' texts on their site's tourist pages.
A desk added later (a business support centre, a fintech lab) shows up here by itself, in a group
of its own named after the desk, unless its services belong to one of the known groups. Screens no desk
opens (my account, registering) are handed in by the caller and go in an "account" group.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from client.dialogue import Dialogue, load_dialogue
from client.paths import SCENES_DIR
from client.schema import DataError
from client.world.manifest import SERVICES, Manifest, load_manifest

log = logging.getLogger(__name__)

# Known services, grouped the way a citizen looks for them; the order here is the order on screen.
SERVICE_GROUPS: dict[str, str] = {
    "proposal_form": "proposals",
    "proposal_list": "proposals",
    "dasan_chat": "consultation",
    "documents": "documents",
    "document_verify": "documents",
    "tax_bills": "tax",
    "tax_calculator": "tax",
    "youth_counselling": "youth",
    "youth_chat": "youth",
}
TOURIST_DESK = "tourist_info"
ACCOUNT_GROUP = "account"
HOME_SITE = "seoul_plaza"

Text = dict[str, str]  # {ko: …, en: …}


@dataclass(frozen=True)
class EasyItem:
    """One button on a group's page: open a service screen, or read an answer a desk gives."""

    id: str
    label: Text | None  # None: a screen no desk names; its label is easy.service.<id> in the catalog
    service: str | None = None
    text: Text | None = None


@dataclass
class EasyGroup:
    """A top-page button. ``name`` is None for a known group (its name is in the easy.yaml catalog)."""

    id: str
    name: Text | None
    items: list[EasyItem] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    """A heading and its text on a tourist information page."""

    heading: Text
    text: Text


@dataclass(frozen=True)
class SiteInfo:
    id: str
    name: Text
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class EasyCatalog:
    groups: tuple[EasyGroup, ...]
    sites: tuple[SiteInfo, ...]  # every site with something to read, Seoul Plaza first

    def group(self, group_id: str) -> EasyGroup:
        return next(g for g in self.groups if g.id == group_id)

    def site(self, site_id: str) -> SiteInfo:
        return next(s for s in self.sites if s.id == site_id)

    def services(self) -> list[str]:
        """Every service a button in easy mode opens."""
        return [item.service for g in self.groups for item in g.items if item.service]


def _answers(dialogue: Dialogue) -> list[tuple[str, Text, Text]]:
    """(node id, the choice's label, what the desk then says) for every answer node but the greeting."""
    seen: dict[str, tuple[str, Text, Text]] = {}
    for node in dialogue.nodes.values():
        for choice in node.choices:
            if choice.action == "goto" and choice.target != dialogue.start and choice.target not in seen:
                seen[choice.target] = (choice.target, choice.label, dialogue.node(choice.target).say)
    return list(seen.values())


def _services(dialogue: Dialogue) -> list[tuple[str, Text]]:
    """(service, label) for every service the dialogue opens, first label kept."""
    found: dict[str, Text] = {}
    for node in dialogue.nodes.values():
        for choice in node.choices:
            if choice.action == "open_service" and choice.target not in found:
                found[choice.target] = choice.label
    return list(found.items())


def _load_sites(scenes_dir: Path) -> list[Manifest]:
    manifests = []
    for path in sorted(scenes_dir.glob("*.yaml")):
        try:
            manifests.append(load_manifest(path))
        except DataError as exc:
            log.error("not in easy mode: %s", exc)
    return sorted(manifests, key=lambda m: m.id != HOME_SITE)


def build_catalog(scenes_dir: Path = SCENES_DIR, known_services: tuple[str, ...] = SERVICES,
                  extra_services: tuple[str, ...] = ()) -> EasyCatalog:
    """Read every valid site and its desks' dialogues; a broken file is logged and left out.

    ``extra_services``: screens a citizen uses that no desk may open; those no desk opens join "account".
    """
    groups: dict[str, EasyGroup] = {gid: EasyGroup(gid, None) for gid in dict.fromkeys(SERVICE_GROUPS.values())}
    offered: set[str] = set()
    sites = []
    for manifest in _load_sites(scenes_dir):
        sections = [Section(place.name, place.info) for place in manifest.places]
        for desk in manifest.desks:
            try:
                dialogue = load_dialogue(desk.dialogue, known_services)
            except DataError as exc:
                log.error("not in easy mode: %s", exc)
                continue
            if desk.id == TOURIST_DESK:
                sections += [Section(label, say) for _node, label, say in _answers(dialogue)]
                continue
            services = _services(dialogue)
            home = SERVICE_GROUPS.get(services[0][0], desk.id) if services else desk.id
            for service, label in services:
                if service in offered:
                    continue  # the same service at two desks needs one button
                offered.add(service)
                gid = SERVICE_GROUPS.get(service, desk.id)
                groups.setdefault(gid, EasyGroup(gid, desk.name)).items.append(EasyItem(service, label, service=service))
            for node_id, label, say in _answers(dialogue):
                group = groups.setdefault(home, EasyGroup(home, desk.name))
                group.items.append(EasyItem(f"{desk.id}.{node_id}", label, text=say))
        if sections:
            sites.append(SiteInfo(manifest.id, manifest.name, tuple(sections)))
    for service in extra_services:
        if service not in offered:
            offered.add(service)
            groups.setdefault(ACCOUNT_GROUP, EasyGroup(ACCOUNT_GROUP, None)).items.append(
                EasyItem(service, None, service=service))
    return EasyCatalog(tuple(g for g in groups.values() if g.items), tuple(sites))
