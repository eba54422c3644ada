"""The four regions of the National Bureau of Statistics, in the order every list, grid and menu shows them."""

from __future__ import annotations

REGIONS = ("East", "Central", "West", "Northeast")


def region_rank(region: str) -> int:
    """A region's place in REGIONS; any other text after them."""
    return REGIONS.index(region) if region in REGIONS else len(REGIONS)
