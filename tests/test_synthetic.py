"""Tests for the synthetic benchmark graph generator in bench/synthetic.py."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench import synthetic

ROOT = Path(__file__).resolve().parents[1]
TOOI_GEMEENTEN = ROOT / "demo" / "reference" / "rwc_gemeenten_compleet_4.json"
DCT = "http://purl.org/dc/terms/"
WW = "https://data.wijkwijzer.nl/def#"
CONCEPT_LINKS = {
    f"{DCT}subject": "thema",
    f"{WW}leefgebied": "leefgebied",
    f"{WW}werkwijze": "werkwijze",
    f"{DCT}audience": "doelgroep",
    "http://www.w3.org/ns/org#classification": "organisatietype",
}


def generate_bytes(triples: int, **options) -> tuple[int, bytes]:
    """Return the count generate() reports and the bytes it wrote."""
    out = io.BytesIO()
    written = synthetic.generate(triples, out, **options)
    return written, out.getvalue()


def parse(data: bytes, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> list:
    """Return the triples in data, parsed by pyoxigraph."""
    return list(ox.parse(data, format=fmt))


def test_small_graph_parses_with_the_reported_count():
    written, data = generate_bytes(2000)

    triples = parse(data)

    assert written == len(triples) == 2000
    assert len(set(triples)) == len(triples)
    assert data.count(b"\n") == written


def test_turtle_output_parses_as_turtle():
    written, data = generate_bytes(2000, fmt="ttl")

    assert len(parse(data, ox.RdfFormat.TURTLE)) == written == 2000


@pytest.mark.parametrize("triples", [17, 18, 27, 28, 35, 36, 37, 100, 12_345])
def test_count_is_exact(triples):
    written, data = generate_bytes(triples, seed=triples)

    assert written == triples
    assert len(set(parse(data))) == triples


def test_same_seed_gives_identical_bytes():
    assert generate_bytes(2000, seed=7) == generate_bytes(2000, seed=7)


def test_different_seeds_give_different_graphs():
    assert generate_bytes(2000, seed=1)[1] != generate_bytes(2000, seed=2)[1]


def test_every_subject_is_synthetic():
    _, data = generate_bytes(2000)

    subjects = {triple.subject.value for triple in parse(data)}

    assert subjects
    assert all(s.startswith(f"{synthetic.SYNTHETIC}id/") for s in subjects)


def test_every_resource_points_at_the_synthetic_source():
    _, data = generate_bytes(2000)
    triples = parse(data)

    subjects = {triple.subject for triple in triples}
    sourced = {
        t.subject
        for t in triples
        if t.predicate.value == f"{DCT}source" and t.object.value == synthetic.SYNTHETIC
    }

    assert sourced == subjects


def test_every_title_is_marked_synthetic():
    _, data = generate_bytes(2000)

    titles = [t.object for t in parse(data) if t.predicate.value == f"{DCT}title"]

    assert titles
    assert all(title.value.endswith(" (synthetisch)") for title in titles)
    assert all(title.language == "nl" for title in titles)


def test_concept_links_use_the_given_base():
    base = "https://kg.example.org/wijk/"
    _, data = generate_bytes(2000, base=base)

    links = [
        (CONCEPT_LINKS[t.predicate.value], t.object.value)
        for t in parse(data)
        if t.predicate.value in CONCEPT_LINKS
    ]

    assert {kind for kind, _ in links} == set(CONCEPT_LINKS.values())
    assert all(iri.startswith(f"{base}id/{kind}/") for kind, iri in links)
    assert synthetic.DEFAULT_BASE.encode() not in data.replace(WW.encode(), b"")


def test_spatial_links_are_known_municipalities():
    _, data = generate_bytes(2000)

    places = {
        t.object.value for t in parse(data) if t.predicate.value == f"{DCT}spatial"
    }

    assert places
    assert places <= {synthetic.TOOI_GEMEENTE + c for c in synthetic.GEMEENTE_CODES}


def test_municipality_codes_are_current_in_tooi():
    entries = json.loads(TOOI_GEMEENTEN.read_text(encoding="utf-8"))
    ended = "https://identifier.overheid.nl/tooi/def/ont/einddatum"
    current = {e["@id"] for e in entries if "@type" in e and ended not in e}

    codes = synthetic.GEMEENTE_CODES

    assert len(set(codes)) == len(codes) >= 50
    assert {synthetic.TOOI_GEMEENTE + code for code in codes} <= current


@pytest.mark.parametrize("text", ['say "hi"', "back\\slash", "two\nlines\r"])
def test_escaped_literals_round_trip(text):
    line = f"<urn:s> <urn:p> {synthetic.escape_literal(text)} .\n".encode()

    (triple,) = parse(line)

    assert triple.object.value == text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"triples": 16}, "at least 17"),
        ({"triples": 100, "base": "data.wijkwijzer.nl/"}, "absolute"),
        ({"triples": 100, "base": "https://data.wijkwijzer.nl"}, "ending in '/'"),
        ({"triples": 100, "fmt": "rdfxml"}, "'rdfxml'"),
    ],
)
def test_bad_arguments_raise_value_error(options, message):
    with pytest.raises(ValueError, match=message):
        synthetic.generate(out=io.BytesIO(), **options)


def test_cli_writes_the_file(tmp_path):
    out = tmp_path / "graph.nt"
    command = [sys.executable, "-m", "bench.synthetic", "--triples", "500"]
    command += ["--out", str(out), "--seed", "3"]

    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert "wrote 500 triples" in result.stderr
    assert out.read_bytes() == generate_bytes(500, seed=3)[1]


def test_bad_arguments_leave_no_file(tmp_path):
    out = tmp_path / "graph.nt"

    with pytest.raises(ValueError, match="at least"):
        synthetic.generate(5, out)

    assert not out.exists()
