"""Service colours that never repeat, and labels with enough of a dotted name to be unique."""

from __future__ import annotations

import colorsys
from collections.abc import Iterable

# Tableau 20 reordered so the first ten are the strong tones: distinct for most readers.
BASE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#edc948", "#76b7b2",
        "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#8cd17d", "#f1ce63",
        "#86bcb6", "#d37295", "#fabfd2", "#d4a6c8", "#b6992d", "#499894")
KERNEL = "#8a94a0"  # grey: the shared kernel is not a service


def _generated(position: int) -> str:
    """The colour for the n-th service past the base palette: golden-angle hues, three
    lightness bands, so neighbours in the list stay far apart on the wheel."""
    hue = (position * 0.618033988749895) % 1.0
    lightness = (0.42, 0.58, 0.70)[position % 3]
    saturation = (0.62, 0.50, 0.70)[(position // 3) % 3]
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def service_colours(names: Iterable[str]) -> dict[str, str]:
    """One colour per name, in the given order, none repeated and none the kernel's grey."""
    colours: dict[str, str] = {}
    used = {KERNEL}
    generated = 0
    for position, name in enumerate(names):
        colour = BASE[position] if position < len(BASE) else ""
        while not colour or colour in used:
            colour = _generated(generated)
            generated += 1
        used.add(colour)
        colours[name] = colour
    return colours


def unique_labels(names: Iterable[str]) -> dict[str, str]:
    """The shortest dotted suffix of each name that no other name shares (`user.routes`,
    not `routes` five times). Each round is linear; there are at most as many rounds as
    the deepest name has parts."""
    parts = {name: name.split(".") for name in names}
    depth = dict.fromkeys(parts, 1)
    changed = True
    while changed:
        changed = False
        owners: dict[str, list[str]] = {}
        for name in parts:
            owners.setdefault(".".join(parts[name][-depth[name]:]), []).append(name)
        for group in owners.values():
            if len(group) > 1:
                for name in group:
                    if depth[name] < len(parts[name]):
                        depth[name] += 1
                        changed = True
    return {name: ".".join(parts[name][-depth[name]:]) for name in parts}
