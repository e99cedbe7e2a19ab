"""The wheel ships the ontology, queries, templates and demo data, and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    return next(out.glob("*.whl"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "member",
    [
        "graph_service/_data/ontology/ww.ttl",
        "graph_service/_data/ontology/shapes.ttl",
        "graph_service/_data/sparql/counts_by_type.rq",
        "graph_service/_data/templates/base.html",
        "graph_service/_data/templates/static/site.css",
        "graph_service/_data/demo/reference/rwc_gemeenten_compleet_4.json",
        "graph_service/_data/demo/partners.ttl",
    ],
)
def test_wheel_contains(wheel, member):
    assert member in zipfile.ZipFile(wheel).namelist()


@pytest.mark.slow
def test_installed_package_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
        + ["--target", str(target), str(wheel)],
        check=True,
    )
    code = (
        "from graph_service.resources import resource_path\n"
        "from graph_service.queries import library\n"
        "p = resource_path('ontology')\n"
        "assert '_data' in str(p) and (p / 'ww.ttl').exists(), p\n"
        "assert 'counts_by_type' in library()\n"
        "from loaders.formats.jsonld import CONTEXTS\n"
        "assert '_data' in str(CONTEXTS) and any(CONTEXTS.iterdir()), CONTEXTS\n"
        "from loaders.demo_feeds import resource_path as feeds_path\n"
        "assert (feeds_path('demo') / 'feeds' / 'lpb' / 'sitemap.xml').exists()\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )

    assert result.stdout.strip() == "ok", result.stderr
