"""Shared fixtures. User files of every test go to a temporary METAVERSE_SEOUL_HOME, never the real one."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Copies of the two Khronos samples in ../shared/gltf-samples (licences beside them), so a clone alone can test.
SAMPLES = ROOT / "tests" / "data" / "gltf-samples"


@pytest.fixture(scope="session")
def session_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    os.environ["METAVERSE_SEOUL_HOME"] = str(home)
    return home


def client_command(*args: str) -> list[str]:
    """The client as a person starts it, in a child process with its own window (offscreen)."""
    return [sys.executable, "-m", "client", *args]
