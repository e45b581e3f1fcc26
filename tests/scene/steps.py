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
