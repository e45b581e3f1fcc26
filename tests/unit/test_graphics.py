"""Graphics profiles are picked from the renderer, and shadows never reach a software renderer."""
import pytest

from client.graphics import choose_profile, is_software

LLVMPIPE = "llvmpipe (LLVM 15.0.6, 256 bits) (Mesa/X.org 4.5 (Compatibility Profile) Mesa 22.3.6)"
NVIDIA = "NVIDIA H200/PCIe/SSE2 (NVIDIA Corporation 4.6.0 NVIDIA 550.54)"


@pytest.mark.parametrize("renderer", [LLVMPIPE, "softpipe", "Software Rasterizer", "swrast"])
def test_software_renderers_get_basic_automatically(renderer):
    assert is_software(renderer)
    assert choose_profile(renderer).name == "basic"


def test_hardware_gets_full_with_shadows():
    profile = choose_profile(NVIDIA)
    assert (profile.name, profile.shadows) == ("full", True)


def test_full_can_be_forced_on_software_but_never_with_shadows():
    profile = choose_profile(LLVMPIPE, "full", shadows_wanted=True)
    assert profile.name == "full" and profile.shadows is False  # simplepbr shadows crash llvmpipe


def test_basic_can_be_forced_on_hardware():
    assert choose_profile(NVIDIA, "basic").name == "basic"


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="basic, full or auto"):
        choose_profile(NVIDIA, "ultra")
