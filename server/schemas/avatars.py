"""The avatar appearance body: the same fields and rules as the client's ``Appearance`` value.

The server checks every field itself (a modified or older client must not store an avatar the
others cannot draw); the first problem is answered as 422 ``invalid_field`` naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# The one list of the choices and rules: the client's Appearance and customisation screen read them
# from there too, so client and server can never disagree about what may be stored.
from server.avatar_options import AGES, BUILDS, FORMAT_VERSION, HAIR_STYLES, HEIGHT_RANGES, MOBILITY

Age = Literal[AGES]  # type: ignore[valid-type]
Build = Literal[BUILDS]  # type: ignore[valid-type]
HairStyle = Literal[HAIR_STYLES]  # type: ignore[valid-type]
Mobility = Literal[MOBILITY]  # type: ignore[valid-type]


def _lower(value: str) -> str:
    return value.lower()


# "#rrggbb" in either case; stored lower-case, as the client writes it.
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#e8b996"]), AfterValidator(_lower)]


class AvatarFields(BaseModel):
    """How a citizen's avatar looks. Colours are sRGB ``#rrggbb``; the height depends on the age."""

    age: Age = "adult"
    height_m: float = Field(default=1.7, description="Standing height in metres, within the age's range")
    build: Build = "average"
    skin_tone: Colour = "#e8b996"
    hair_style: HairStyle = "short"
    hair_color: Colour = "#2b2118"
    top_color: Colour = "#d9534f"
    bottom_color: Colour = "#34495e"
    shoes_color: Colour = "#f2f2f2"
    mobility: Mobility = "walking"

    @field_validator("height_m")
    @classmethod
    def _height_for_age(cls, value: float, info: ValidationInfo) -> float:
        # "age" is declared first, so it has been validated (or has failed) by now.
        age = info.data.get("age", "adult")
        low, high = HEIGHT_RANGES.get(age, HEIGHT_RANGES["adult"])
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high} metres for a {age}")
        return value


class AvatarIn(AvatarFields):
    """The body of ``PUT /v1/me/avatar``; unknown fields are refused so a typo is not silently dropped."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = Field(default=FORMAT_VERSION, description="Format version (this server knows 1)")


class AvatarOut(AvatarFields):
    """A saved avatar, with the format version and when it was last changed."""

    version: int = FORMAT_VERSION
    updated_at: datetime
