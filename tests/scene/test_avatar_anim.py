"""The avatar in the world (window-type none): walking and running play the walk and run clips at
rates that follow speed, standing still returns to idle, and the wheelchair rolls."""
from __future__ import annotations

import pytest

from client.world.appearance import Appearance
from client.world.avatar import STRIDES, GaitMixer

DT = 1 / 60


def settle(avatar, speed, seconds=1.0, direction=(0.0, 1.0)):
    """Step the avatar for ``seconds``: moving along ``direction`` at ``speed``, or standing when 0."""
    for _ in range(int(seconds / DT)):
        avatar.step(DT, direction if speed else (0.0, 0.0), speed)


def test_walk_run_and_stand(world):
    avatar = world.avatar
    actor = avatar.actor
    assert set(actor.getAnimNames()) >= {"idle", "walk", "run", "roll"}
    settle(avatar, 0.0, 0.5)
    assert avatar.mixer.weights["idle"] > 0.99
    settle(avatar, 1.6)
    weights = avatar.mixer.weights
    assert weights["walk"] > 0.95 and weights["idle"] < 0.01 and weights["run"] < 0.05
    walk_rate = actor.getPlayRate("walk")
    assert walk_rate == pytest.approx(1.6 / STRIDES["walk"] * actor.getDuration("walk"), rel=0.02)
    settle(avatar, 4.0, direction=(0.0, -1.0))
    assert weights["run"] > 0.95
    run_rate = actor.getPlayRate("run")
    assert run_rate == pytest.approx(4.0 / STRIDES["run"] * actor.getDuration("run"), rel=0.02)
    # walk and run share a cadence so they stay in step while blended
    assert actor.getPlayRate("walk") / actor.getDuration("walk") == pytest.approx(run_rate / actor.getDuration("run"))
    settle(avatar, 0.0)
    assert weights["idle"] > 0.99 and weights["walk"] + weights["run"] < 0.01


def test_transitions_are_gradual():
    mixer = GaitMixer({"idle": 4.0, "walk": 1.0, "run": 0.7}, wheelchair=False)
    mixer.update(DT, 1.6)
    assert 0.0 < mixer.weights["walk"] < 0.3  # fades in over several frames, not at once
    for _ in range(60):
        mixer.update(DT, 1.6)
    assert mixer.weights["walk"] > 0.99
    slow = GaitMixer({"idle": 4.0, "walk": 1.0, "run": 0.7}, wheelchair=False)
    for _ in range(60):
        slow.update(DT, 0.8)
    assert slow.rates["walk"] == pytest.approx(mixer.rates["walk"] / 2)  # half the speed, half the rate


def test_walking_into_a_wall_stands(world):
    avatar = world.avatar
    avatar.area = type("Wall", (), {"move": staticmethod(lambda start, d: start),
                                    "height": staticmethod(lambda xy: 0.0)})()
    settle(avatar, 4.0)
    assert avatar.mixer.weights["idle"] > 0.99  # no running on the spot


def test_wheelchair_rolls_and_appearance_applies(world):
    avatar = world.avatar
    avatar.apply(Appearance.for_age("senior", mobility="wheelchair", hair_style="long"))
    assert avatar.wheelchair is not None and avatar.mixer.rest == "sit"
    assert not avatar.actor.find("**/hair_long").is_empty()
    assert avatar.actor.find("**/hair_short").is_empty()  # stashed: neither drawn nor skinned
    hub = avatar._wheels[0]
    settle(avatar, 1.2)
    assert avatar.mixer.weights["roll"] > 0.95
    assert avatar.actor.getPlayRate("roll") == pytest.approx(
        1.2 / avatar.actor.get_sz() / STRIDES["roll"] * avatar.actor.getDuration("roll"), rel=0.02)
    assert hub.get_p() != 0.0  # the wheels turn
    settle(avatar, 0.0)
    assert avatar.mixer.weights["sit"] > 0.99
    avatar.apply(Appearance.for_age("child"))
    assert avatar.wheelchair is None and avatar.mixer.rest == "idle"
    lo, hi = avatar.actor.get_tight_bounds(avatar.root)
    assert hi.z == pytest.approx(1.25, abs=0.05)
