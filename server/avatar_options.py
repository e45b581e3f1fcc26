"""The avatar choices and their rules, in one place for the server's schema and the client's Appearance.

Plain values, no pydantic: the client imports this at startup, before any network is needed.
"""

FORMAT_VERSION = 1
AGES = ("child", "adult", "senior")
BUILDS = ("slim", "average", "broad")
HAIR_STYLES = ("short", "long", "bun", "none")
MOBILITY = ("walking", "wheelchair")
# Plausible standing heights per age appearance, metres (a child 4-12 years, KOSIS Size Korea).
HEIGHT_RANGES: dict[str, tuple[float, float]] = {"child": (0.95, 1.55), "adult": (1.45, 2.05),
                                                 "senior": (1.4, 1.95)}
