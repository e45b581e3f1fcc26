"""Steps the scene tests share: a key press and a button press, each followed by the frames that apply it."""


def press(app, key, *args):
    """Send a key event (with its arguments) and run two frames, as a real key press would."""
    app.messenger.send(key, list(args))
    app.task_mgr.step()
    app.task_mgr.step()


def choose(app, state, label):
    """Press the button with this id or accessible name on ``state``; returns the state now on top."""
    button = state.ui.find(label, role="button")
    assert button is not None, f"no {label!r} on {state.name}: {[w.name for w in state.ui.widgets.values()]}"
    button.widget["command"]()
    app.task_mgr.step()
    app.task_mgr.step()
    return app.states.current


def settle(app, condition, frames=2000, wait=0.05):
    """Frames until condition holds, each after waiting up to ``wait`` s for the worker's calls to
    finish (their replies land on the main thread in the next frame): no sleeping, and bounded."""
    for _ in range(frames):
        if condition():
            return True
        app.worker.wait_finished(wait)
        app.task_mgr.step()
    return condition()


def boxes_of(state, root):
    """(id, (x0, x1, z0, z1)) in the 2D root's units of every visible label and button of a screen."""
    from panda3d.core import Point3

    out = []
    for info in state.ui.widgets.values():
        if info.role in ("label", "button") and info.is_visible():
            if info.role == "button":
                left, right, bottom, top = info.widget["frameSize"]  # what can be pressed, not just its text
            else:
                info.widget.resetFrameSize()
                left, right, bottom, top = info.widget.getBounds()
            lo = root.get_relative_point(info.widget, Point3(left, 0, bottom))
            hi = root.get_relative_point(info.widget, Point3(right, 0, top))
            out.append((info.id, (lo.x, hi.x, lo.z, hi.z)))
    return out


def check_layout(state, root, aspect=16 / 9):
    """Every visible label and button of ``state`` lies inside the window and overlaps no other."""
    boxes = boxes_of(state, root)
    assert boxes
    for wid, (x0, x1, z0, z1) in boxes:
        assert -aspect <= x0 and x1 <= aspect and -1 <= z0 and z1 <= 1, f"{wid} runs off the window"
    for info in state.ui.widgets.values():
        if info.role == "button" and info.is_visible():
            text = info.widget.component("text0")
            left, right = info.widget["frameSize"][:2]
            width = text.textNode.get_width() * info.widget["text_scale"][0]
            assert width <= right - left, f"{info.id}: its text {info.name!r} is wider than the button"
    for i, (a, (ax0, ax1, az0, az1)) in enumerate(boxes):
        for b, (bx0, bx1, bz0, bz1) in boxes[i + 1:]:
            apart = ax1 <= bx0 or bx1 <= ax0 or az1 <= bz0 or bz1 <= az0
            assert apart, f"{a} overlaps {b}"
