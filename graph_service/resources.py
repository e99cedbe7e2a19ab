"""Locate the data folders (ontology, sparql, templates, demo): checkout or wheel."""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Return the folder ``name``: inside the installed package, else the checkout."""
    packaged = _HERE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _HERE.parent / name
