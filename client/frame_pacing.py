"""Offscreen frames paced the way a window paces them: at most one frame in flight.

A window's buffer swap makes the driver finish frame N before frame N+1 is drawn, while the app's
own work for frame N+1 (input, animation, collision, culling) runs beside frame N's rasterisation.
An offscreen buffer is never swapped, so without pacing Mesa queues frames without bound and does
their work later all at once: seconds-long stalls, and frame times that look free. Panda3D's
`gl-finish` bounds the queue but finishes inside each frame, which serialises the app's work and
the rasteriser's: on llvmpipe with two cores Seoul Plaza then took 17.8 ms a frame where a real
window under Xvfb took 10.2 ms (benchmarks/frame_time.py reports both).

So offscreen frames are paced like a swap chain: flush after the frame is drawn, so rasterisation
starts at once on Mesa's threads, and finish just before the next frame is drawn. Every frame's
work is still paid inside the frame that follows it, never deferred further.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)

# ShowBase draws in its igLoop task, sort 50; the pacing tasks sit either side of it.
DRAW_SORT = 50
_GL_NAMES = {"win32": ("opengl32",), "darwin": ("OpenGL",)}


def load_gl() -> ctypes.CDLL | None:
    """The system OpenGL library whose glFlush/glFinish reach the current context, or None."""
    for name in _GL_NAMES.get(sys.platform, ("GL", "OpenGL")):
        path = ctypes.util.find_library(name)
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.glFinish, lib.glFlush  # noqa: B018 -- both must exist
            return lib
        except (OSError, AttributeError) as exc:
            log.info("cannot use %s for frame pacing: %s", path, exc)
    return None


class FramePacer:
    """Flush after each draw and finish before the next: one frame in flight, like a swap chain.

    Only valid while the GL context is current on the thread that runs the task manager, which is
    Panda3D's default single-threaded pipeline (no `threading-model`).
    """

    def __init__(self, task_mgr, gl: ctypes.CDLL):
        self.task_mgr = task_mgr
        self.gl = gl
        self._names = ("frame-pacing:finish-previous", "frame-pacing:flush")
        task_mgr.add(self._finish_previous, self._names[0], sort=DRAW_SORT - 1)
        task_mgr.add(self._flush, self._names[1], sort=DRAW_SORT + 1)

    def _finish_previous(self, task):
        self.gl.glFinish()
        return task.cont

    def _flush(self, task):
        self.gl.glFlush()
        return task.cont

    def finish_now(self) -> None:
        """Wait for every frame drawn so far, e.g. before stamping the first frame as shown."""
        self.gl.glFinish()

    def remove(self) -> None:
        """Stop pacing (the window is closing)."""
        for name in self._names:
            self.task_mgr.remove(name)
