"""What ``wijkwijzer init`` and ``wijkwijzer demo`` load, and into which graph.

The ontology files are joined into one Turtle document (Turtle allows prefix
declarations anywhere), so the vocabulary, the concept schemes and the shapes
are replaced together as one graph.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph_service.resources import resource_path


@dataclass(frozen=True)
class Bundle:
    """Files that together make one named graph."""

    graph: str  # relative to BASE_IRI
    files: tuple[Path, ...]
    format: str

    def read(self) -> bytes:
        """The files joined as one document."""
        return b"\n".join(path.read_bytes() for path in self.files)

    @property
    def name(self) -> str:
        """How to name the bundle in messages."""
        return ", ".join(path.name for path in self.files)


def ontology_bundle() -> Bundle:
    """The vocabulary, concept schemes and shapes: ``graph/ontology``."""
    folder = resource_path("ontology")
    files = [folder / "ww.ttl", *sorted((folder / "schemes").glob("*.ttl"))]
    files.append(folder / "shapes.ttl")
    return Bundle("graph/ontology", tuple(files), "ttl")


def reference_bundles() -> list[Bundle]:
    """TOOI municipalities and provinces: ``graph/reference/...``."""
    folder = resource_path("demo") / "reference"
    return [
        Bundle(
            "graph/reference/tooi-gemeenten",
            (folder / "rwc_gemeenten_compleet_4.json",),
            "jsonld",
        ),
        Bundle(
            "graph/reference/tooi-provincies",
            (folder / "rwc_provincies_compleet_1.json",),
            "jsonld",
        ),
    ]


def demo_bundles() -> list[Bundle]:
    """The real partners and the curated demo items."""
    folder = resource_path("demo")
    catalogue = sorted((folder / "catalogue").glob("*.ttl"))
    if (folder / "catalogue.ttl").exists():
        catalogue.insert(0, folder / "catalogue.ttl")
    return [
        Bundle("graph/partners", (folder / "partners.ttl",), "ttl"),
        Bundle("graph/catalogue", tuple(catalogue), "ttl"),
    ]


def init_bundles(with_demo: bool) -> list[Bundle]:
    """Everything ``init`` loads; the demo items only when asked."""
    bundles = [ontology_bundle(), *reference_bundles()]
    if with_demo:
        bundles += demo_bundles()
    return bundles
