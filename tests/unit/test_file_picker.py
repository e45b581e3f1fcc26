"""The file picker's folder listing and file checks (pure: no Panda3D)."""
import pytest

from ui.file_picker import MAX_BYTES, FileProblem, check_file, list_folder, read_document, size_text


def test_listing_shows_folders_first_then_documents_by_name_and_hides_the_rest(tmp_path):
    (tmp_path / "b.PNG").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "c.jpeg").write_bytes(b"\xff\xd8\xff\xe0")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / ".hidden.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "Zeta").mkdir()
    (tmp_path / "alpha").mkdir()
    (tmp_path / ".cache").mkdir()
    listed = list_folder(tmp_path)
    assert [(e.path.name, e.folder) for e in listed] == [("alpha", True), ("Zeta", True), ("a.pdf", False),
                                                          ("b.PNG", False), ("c.jpeg", False)]
    assert listed[2].size == 8


def test_a_file_is_judged_by_its_bytes_and_its_size(tmp_path):
    good = tmp_path / "scan.jpg"
    good.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 10)
    picked = check_file(good)
    assert (picked.kind, picked.size) == ("jpeg", 14)
    assert read_document(picked) == good.read_bytes()
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    with pytest.raises(FileProblem) as refused:
        check_file(fake)
    assert refused.value.reason == "wrong_kind"
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BYTES)
    with pytest.raises(FileProblem) as refused:
        check_file(big)
    assert refused.value.reason == "too_large"
    good.write_bytes(b"\xff\xd8\xff" + b"\x00" * MAX_BYTES)  # grew after it was picked
    with pytest.raises(FileProblem):
        read_document(picked)
    with pytest.raises(FileProblem) as refused:
        check_file(tmp_path / "gone.png")
    assert refused.value.reason == "unreadable"


def test_sizes_read_as_people_say_them():
    assert [size_text(n) for n in (10, 300_000, 5 * 1024 * 1024, 4_900_000)] == ["1 KB", "293 KB", "5 MB", "4.7 MB"]
