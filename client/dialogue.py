"""Dialogue trees for NPC service desks, parsed and walked without Panda3D.

A dialogue is a set of named nodes. Each node has a line the NPC says (in every language) and the
choices a citizen can make: go to another node, open a service screen, or end the conversation.
Every node must be reachable and every choice must lead somewhere, so nobody gets stuck talking to
a desk (the first app's tutorial trapped people; a dialogue never will).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from client.schema import DataError, Reader, load_yaml_file

ACTIONS = ("goto", "open_service", "close")


@dataclass(frozen=True)
class Choice:
    id: str
    label: dict[str, str]
    action: str
    target: str | None  # node id for goto, service id for open_service


@dataclass(frozen=True)
class Node:
    id: str
    say: dict[str, str]
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Dialogue:
    path: Path
    id: str
    start: str
    nodes: dict[str, Node]

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]


def _choice(r: Reader, known_services: tuple[str, ...]) -> Choice:
    r.allow_only("id", "label", "goto", "open_service", "close")
    actions = [a for a in ACTIONS if r.has(a)]
    if len(actions) != 1:
        raise r.error("", f"needs exactly one of goto, open_service or close (found {len(actions)})")
    action = actions[0]
    target = None if action == "close" else r.string(action)
    if action == "open_service" and target not in known_services:
        raise r.error(action, f"unknown service '{target}' (known: {', '.join(known_services)})")
    return Choice(id=r.string("id", max_len=40), label=r.text("label", max_len=80), action=action, target=target)


def parse_dialogue(data: object, path: Path, known_services: tuple[str, ...]) -> Dialogue:
    """Check a dialogue file: schema, links between nodes, and that every node can be left."""
    r = Reader(data, path)
    r.allow_only("id", "start", "nodes")
    nodes_r = r.mapping("nodes")
    nodes: dict[str, Node] = {}
    for node_id in nodes_r.data:
        n = nodes_r.mapping(str(node_id))
        n.allow_only("say", "choices")
        choices = tuple(_choice(c, known_services) for c in n.items("choices", max_items=12))
        if not choices:
            raise n.error("choices", "needs at least one choice, or the citizen would be stuck")
        if len({c.id for c in choices}) != len(choices):
            raise n.error("choices", "choice ids must be unique within a node")
        nodes[str(node_id)] = Node(id=str(node_id), say=n.text("say"), choices=choices)
    start = r.string("start")
    if start not in nodes:
        raise r.error("start", f"'{start}' is not one of the nodes")
    for node in nodes.values():
        for index, choice in enumerate(node.choices):
            if choice.action == "goto" and choice.target not in nodes:
                raise DataError(path, f"nodes.{node.id}.choices[{index}].goto", f"no node '{choice.target}'")
    _check_reachable_and_escapable(path, start, nodes)
    return Dialogue(path=path, id=r.string("id"), start=start, nodes=nodes)


def _check_reachable_and_escapable(path: Path, start: str, nodes: dict[str, Node]) -> None:
    reached, todo = {start}, [start]
    while todo:
        for choice in nodes[todo.pop()].choices:
            if choice.action == "goto" and choice.target not in reached:
                reached.add(choice.target)
                todo.append(choice.target)
    unreachable = sorted(set(nodes) - reached)
    if unreachable:
        raise DataError(path, f"nodes.{unreachable[0]}", "cannot be reached from the start node")
    # A node can be left if it closes, opens a service, or leads to a node that can be left.
    leavable = {n.id for n in nodes.values() if any(c.action != "goto" for c in n.choices)}
    changed = True
    while changed:
        changed = False
        for node in nodes.values():
            if node.id not in leavable and any(c.target in leavable for c in node.choices):
                leavable.add(node.id)
                changed = True
    stuck = sorted(set(nodes) - leavable)
    if stuck:
        raise DataError(path, f"nodes.{stuck[0]}", "has no way out of the conversation")


def load_dialogue(path: Path, known_services: tuple[str, ...]) -> Dialogue:
    """Load and check one dialogue file."""
    path = Path(path).resolve()
    return parse_dialogue(load_yaml_file(path), path, known_services)


class Conversation:
    """A citizen's walk through one dialogue; the UI shows `node` and calls `choose`."""

    def __init__(self, dialogue: Dialogue):
        self.dialogue = dialogue
        self.node = dialogue.node(dialogue.start)
        self.finished = False

    def choose(self, choice_id: str) -> Choice:
        """Apply a choice and return it; the caller acts on open_service and close."""
        for choice in self.node.choices:
            if choice.id == choice_id:
                if choice.action == "goto":
                    self.node = self.dialogue.node(choice.target)
                else:
                    self.finished = True
                return choice
        raise KeyError(f"'{choice_id}' is not a choice at node '{self.node.id}'")
