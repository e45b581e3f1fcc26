"""A kiosk on the embedded (demo) backend keeps the backend's data in the runtime folder for one run
only: not in the user's data folder, gone when the app closes, and a killed run's leftovers go at the
next start. Elsewhere the embedded backend keeps its data in the user's data folder as before."""
from client.paths import UserDirs
from client.services import NetServices
from client.settings import Settings, with_value


def _dirs(tmp_path):
    return UserDirs.resolve({"METAVERSE_SEOUL_HOME": str(tmp_path / "home")})


def test_a_kiosks_demo_backend_lives_in_the_runtime_folder_for_one_run(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    leftover = tmp_path / "run" / "metaverse-seoul" / "backend-killed"
    leftover.mkdir(parents=True)
    (leftover / "metaverse-seoul.sqlite3").write_bytes(b"a killed run's database")
    dirs = _dirs(tmp_path)
    services = NetServices(with_value(Settings(), "kiosk.enabled", True), dirs)
    scratch = services.backend.data_dir
    try:
        assert scratch.parent == tmp_path / "run" / "metaverse-seoul" and scratch.is_dir()
        assert dirs.data not in scratch.parents
        assert not leftover.exists()
    finally:
        services.close()
    assert not scratch.exists()


def test_at_home_the_embedded_backend_keeps_its_data(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    dirs = _dirs(tmp_path)
    services = NetServices(Settings(), dirs)
    try:
        assert services.backend.data_dir == dirs.data
    finally:
        services.close()
    assert dirs.data.is_dir()
