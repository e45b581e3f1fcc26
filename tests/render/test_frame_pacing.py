"""Offscreen frames are paced like a window's: each frame's work is paid by the next, never piled up."""
import json
import subprocess
import sys

import pytest

from client.frame_pacing import DRAW_SORT, load_gl

# Heavy frames: forty full-screen quads at 1280x720 keep software GL busy for several milliseconds.
PROBE = """
import json, sys, time
from panda3d.core import CardMaker, loadPrcFileData
loadPrcFileData('', 'window-type offscreen\\nwin-size 1280 720\\nnotify-level-device fatal\\n'
                    'audio-library-name null\\nsync-video #f\\ngl-finish #f')
from direct.showbase.ShowBase import ShowBase
from client.frame_pacing import FramePacer, load_gl
base = ShowBase()
gl = load_gl()
pacer = FramePacer(base.task_mgr, gl) if sys.argv[1] == 'paced' else None
card = CardMaker('layer'); card.set_frame(-1, 1, -1, 1)
for i in range(40):
    layer = base.render2d.attach_new_node(card.generate())
    layer.set_color(i / 40, 0.5, 1 - i / 40, 1)
for _ in range(3):
    base.task_mgr.step()
gl.glFinish()
t0 = time.perf_counter()
for _ in range(30):
    base.task_mgr.step()
frames_s = time.perf_counter() - t0
t1 = time.perf_counter()
gl.glFinish()
backlog_s = time.perf_counter() - t1
tasks = sorted((t.getSort(), t.getName()) for t in base.task_mgr.getAllTasks())
if pacer is not None:
    pacer.remove()
left = [t.getName() for t in base.task_mgr.getAllTasks() if t.getName().startswith('frame-pacing')]
print(json.dumps({'frames_s': frames_s, 'backlog_s': backlog_s, 'tasks': tasks, 'left': left}))
"""


def probe(mode: str) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def paced():
    if load_gl() is None:
        pytest.fail("no system OpenGL library: offscreen frames cannot be paced")
    return probe("paced")


def test_frame_work_is_paid_in_the_next_frame_not_piled_up(paced):
    # Unpaced, Mesa queues the 30 frames and the final finish pays for most of them; paced, at
    # most the last frame is left.
    assert paced["backlog_s"] < paced["frames_s"] / 5, paced


def test_unpaced_offscreen_frames_pile_up():
    # The reason the pacer exists: without it (and without gl-finish) the frames only look free.
    unpaced = probe("unpaced")
    assert unpaced["backlog_s"] > unpaced["frames_s"], unpaced


def test_pacing_brackets_the_draw_and_is_removed(paced):
    sorts = {name: sort for sort, name in paced["tasks"]}
    assert sorts["frame-pacing:finish-previous"] < sorts["igLoop"] == DRAW_SORT < sorts["frame-pacing:flush"]
    assert paced["left"] == []
