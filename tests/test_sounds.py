"""The committed sound cues are what tools/sounds.py makes, short, and never clip."""
import io
import wave

from tools import sounds


def test_committed_cues_match_their_recipe():
    assert sounds.main(["--check"]) == 0, "run python -m tools.sounds"


def test_cues_are_short_mono_and_below_full_scale():
    for name, notes in sounds.RECIPES.items():
        data = (sounds.SOUNDS_DIR / f"{name}.wav").read_bytes()
        with wave.open(io.BytesIO(data)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, sounds.RATE)
            seconds = wav.getnframes() / wav.getframerate()
            frames = wav.readframes(wav.getnframes())
        assert 0.03 < seconds < 0.5, f"{name}: {seconds:.2f} s"  # a cue, not a tune
        peak = max(abs(int.from_bytes(frames[i:i + 2], "little", signed=True)) for i in range(0, len(frames), 2))
        assert 0 < peak < 32767, f"{name} is silent or clips"


def test_a_changed_file_is_reported_as_stale(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sounds, "SOUNDS_DIR", tmp_path)
    assert sounds.main([]) == 0
    (tmp_path / "greet.wav").write_bytes(b"RIFF")
    assert sounds.main(["--check"]) == 1
    assert "greet.wav" in capsys.readouterr().err
