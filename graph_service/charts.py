"""Small server-rendered SVG pictures: bar charts and an item's neighbourhood.

Only geometry is computed here; ``templates/_charts.html`` draws it. Every
picture has a text equivalent on the page (a table or the lists it sums up).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BAR_HEIGHT = 22
LABEL_WIDTH = 180
CHART_WIDTH = 560


@dataclass
class Bar:
    """One bar: its label, value, link and geometry."""

    label: str
    value: int
    href: str | None
    y: int
    width: int


@dataclass
class BarChart:
    """A horizontal bar chart."""

    title: str
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH


def bar_chart(title: str, data: list[tuple[str, int, str | None]]) -> BarChart | None:
    """Bars for (label, value, href) rows, longest bar spanning the chart."""
    if not data:
        return None
    top = max(value for _, value, _ in data) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 50
    bars = [
        Bar(label, value, href, n * BAR_HEIGHT, max(2, round(room * value / top)))
        for n, (label, value, href) in enumerate(data)
    ]
    return BarChart(title, bars, CHART_WIDTH, len(bars) * BAR_HEIGHT + 4)


@dataclass
class Node:
    """A node of the neighbourhood picture."""

    label: str
    kind: str
    x: float
    y: float


@dataclass
class Neighbourhood:
    """The item in the middle, what it links to around it."""

    centre: Node
    nodes: list[Node]
    size: int
    description: str


def neighbourhood(
    title: str, around: list[tuple[str, str]], description: str, size: int = 420
) -> Neighbourhood:
    """Place (label, kind) nodes on a circle around the item ``title``."""
    middle = size / 2
    radius = size / 2 - 70
    nodes = []
    for n, (label, kind) in enumerate(around[:14]):
        angle = 2 * math.pi * n / max(1, len(around[:14])) - math.pi / 2
        x = middle + radius * math.cos(angle)
        y = middle + radius * math.sin(angle)
        nodes.append(Node(shorten(label), kind, round(x, 1), round(y, 1)))
    centre = Node(shorten(title, 30), "item", middle, middle)
    return Neighbourhood(centre, nodes, size, description)


def shorten(text: str, length: int = 24) -> str:
    """Cut ``text`` to ``length`` characters with an ellipsis.

    >>> shorten("integraal samenwerken in de wijk", 12)
    'integraal s…'
    """
    return text if len(text) <= length else text[: length - 1] + "…"
