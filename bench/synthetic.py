"""Generate clearly synthetic WijkWijzer graphs of any size for benchmarks.

Everything invented here lives in its own namespace, ``SYNTHETIC``
(https://synthetic.wijkwijzer.example/): publications, practice examples and
partner organisations with made-up names. Every invented resource has
``dct:source <https://synthetic.wijkwijzer.example/>`` and every item title
ends in "(synthetisch)", so synthetic data is easy to find and to delete.

Items link to the service's real concept IRIs (themes, leefgebieden,
werkwijzen, doelgroepen, organisation types) under a configurable base, and
to real, current TOOI municipality IRIs, so that benchmark queries meet the
same shapes and joins as production data.

The output is N-Triples, one triple per line, which is also valid Turtle. It
is streamed in chunks, so memory stays flat at any size, and it depends only
on (triples, seed, base): the same arguments give the same bytes.

Exactly ``triples`` triples are written. Partners and items are always whole;
the last one or two items are sized to fill the budget exactly. A budget
below ``MIN_TRIPLES`` (one partner plus one smallest item) is refused.

Usage::

    python -m bench.synthetic --triples 1000000 --out bench-1m.nt --seed 1
"""

import argparse
import datetime
import os
import random
import sys
import time
from collections.abc import Iterator
from itertools import accumulate
from typing import BinaryIO

from bench.synthetic_words import (
    ACTIVITIES,
    ACTORS,
    CLOSERS,
    DOELGROEP_WEIGHTS,
    DOELGROEPEN,
    GEMEENTE_CODES,
    GIVEN_NAMES,
    LEEFGEBIEDEN,
    PARTNER_KINDS,
    REGIONS,
    SURNAMES,
    THEMES,
    VERBS,
    WERKWIJZEN,
    WIJKEN,
)

SYNTHETIC = "https://synthetic.wijkwijzer.example/"
DEFAULT_BASE = "https://data.wijkwijzer.nl/"
WW = "https://data.wijkwijzer.nl/def#"
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"

# The namespace ontology/ww.ttl uses for schema.org.
SCHEMA = "http://schema.org/"
DCT = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
TITLE = f"<{DCT}title>"
ABSTRACT = f"<{DCT}abstract>"
ISSUED = f"<{DCT}issued>"
CREATOR = f"<{DC}creator>"
PUBLISHER = f"<{DCT}publisher>"
SUBJECT = f"<{DCT}subject>"
LEEFGEBIED = f"<{WW}leefgebied>"
WERKWIJZE = f"<{WW}werkwijze>"
AUDIENCE = f"<{DCT}audience>"
SPATIAL = f"<{DCT}spatial>"
URL = f"<{SCHEMA}url>"
LANGUAGE = f"<{DCT}language>"
SOURCE = f"<{DCT}source>"
PREF_LABEL = f"<{SKOS}prefLabel>"
HOMEPAGE = f"<{FOAF}homepage>"
CLASSIFICATION = f"<{ORG}classification>"

# How many creators, themes, audiences, leefgebieden and werkwijzen an item
# has: (choices, cumulative weights). Spatial (0-1) is drawn per item kind.
COUNT_CHOICES = (
    ((1, 2, 3), (5, 8, 10)),
    ((1, 2, 3, 4), (3, 7, 9, 10)),
    ((1, 2, 3), (4, 8, 10)),
    ((0, 1, 2, 3), (3, 7, 9, 10)),
    ((0, 1, 2), (4, 8, 10)),
)
PARTNER_TRIPLES = 6
# Item size: types (1-2) + 7 fixed + creators, subjects and audiences (1-3,
# 1-4, 1-3) + leefgebieden, werkwijzen and spatial (0-3, 0-2, 0-1).
ITEM_MIN = 11
ITEM_MAX = 25
ITEM_AVERAGE = 16
ITEMS_PER_PARTNER = 200
MIN_TRIPLES = PARTNER_TRIPLES + ITEM_MIN

# Item kinds: (share in %, rdf:types, IRI type, abstract opener, title patterns).
ITEM_KINDS = (
    (
        35,
        (f"{SCHEMA}Report",),
        "publicatie",
        "Dit rapport",
        ("Monitor {t}", "Onderzoek naar {t}", "Evaluatie: {t}", "{T} in beeld"),
    ),
    (
        20,
        (f"{SCHEMA}Article",),
        "publicatie",
        "Dit artikel",
        ("Vijf lessen over {t}", "Wat werkt bij {t}?", "Zo pak je {t} aan"),
    ),
    (
        10,
        (f"{SCHEMA}Book",),
        "publicatie",
        "Dit boek",
        ("Handboek {t}", "Werken aan {t}", "Basisboek {t}"),
    ),
    (
        35,
        (f"{SCHEMA}CreativeWork", f"{WW}Praktijkvoorbeeld"),
        "praktijkvoorbeeld",
        "Dit praktijkvoorbeeld",
        ("Samen aan de slag met {t} in {w}", "{T} in {w}", "Zo werkt {w} aan {t}"),
    ),
)
PRAKTIJK = len(ITEM_KINDS) - 1

FIRST_DAY = datetime.date(2010, 1, 1).toordinal()
LAST_DAY = datetime.date(2026, 12, 31).toordinal()

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def escape_literal(text: str) -> str:
    """Return text quoted as an N-Triples string literal, without tag or type."""
    return f'"{text.translate(_ESCAPES)}"'


def _zipf_cumulative(n: int, exponent: float) -> list[float]:
    """Return cumulative Zipf-like weights for ranks 1..n."""
    return list(accumulate(1 / (rank**exponent) for rank in range(1, n + 1)))


def _check_base(base: str) -> None:
    """Raise ValueError unless base is an absolute http(s) IRI ending in '/'."""
    if not base.startswith(("http://", "https://")) or not base.endswith("/"):
        raise ValueError(f"base <{base}> must be an absolute http(s) IRI ending in '/'")
    if any(char in base for char in ' <>"{}|^`\\'):
        raise ValueError(f"base <{base}> contains a character not allowed in IRIs")


class _Generator:
    """Draws partners and items from one random stream."""

    def __init__(self, seed: int, base: str, partners: int) -> None:
        """Prepare IRIs and weights for the given seed, base and partner count."""
        self.rng = random.Random(seed)
        self.partners = partners
        self.publisher_weights = _zipf_cumulative(partners, 1.1)
        self.theme_weights = _zipf_cumulative(len(THEMES), 0.9)
        self.leefgebied_weights = _zipf_cumulative(len(LEEFGEBIEDEN), 0.5)
        self.werkwijze_weights = _zipf_cumulative(len(WERKWIJZEN), 0.8)
        self.doelgroep_weights = list(accumulate(DOELGROEP_WEIGHTS))
        self.kind_weights = list(accumulate(kind[0] for kind in ITEM_KINDS))
        self.themes = [f"<{base}id/thema/{slug}>" for slug, _ in THEMES]
        self.leefgebieden = [f"<{base}id/leefgebied/{s}>" for s in LEEFGEBIEDEN]
        self.werkwijzen = [f"<{base}id/werkwijze/{s}>" for s in WERKWIJZEN]
        self.doelgroepen = [f"<{base}id/doelgroep/{s}>" for s in DOELGROEPEN]
        self.organisatietype = f"<{base}id/organisatietype/"
        self.gemeenten = [f"<{TOOI_GEMEENTE}{code}>" for code in GEMEENTE_CODES]
        self.source = f"{SOURCE} <{SYNTHETIC}> .\n"
        self.language = f'{LANGUAGE} "nl" .\n'

    def partner(self, number: int) -> list[str]:
        """Return the lines describing synthetic partner number."""
        stem, kind = self.rng.choice(PARTNER_KINDS)
        region = self.rng.choice(REGIONS)
        name = escape_literal(f"{stem} {region} {number}")
        s = f"{_partner_iri(number)} "
        return [
            f"{s}{A} <{ORG}Organization> .\n",
            f"{s}{A} <{SCHEMA}Organization> .\n",
            f"{s}{PREF_LABEL} {name}@nl .\n",
            f"{s}{HOMEPAGE} <{SYNTHETIC}pages/partner/syn-org-{number:03d}> .\n",
            f"{s}{CLASSIFICATION} {self.organisatietype}{kind}> .\n",
            s + self.source,
        ]

    def item(self, number: int, size: int | None = None) -> list[str]:
        """Return the lines of item number, with exactly size lines if given."""
        rng = self.rng
        kind = rng.choices(range(len(ITEM_KINDS)), cum_weights=self.kind_weights)[0]
        counts = [rng.choices(v, cum_weights=w)[0] for v, w in COUNT_CHOICES]
        counts.append(int(rng.random() < (0.65 if kind == PRAKTIJK else 0.25)))
        if size is not None:
            kind = _fit(kind, counts, size)
        creators, themes, audiences, leefgebieden, werkwijzen, spatial = counts

        _, types, type_slug, opener, patterns = ITEM_KINDS[kind]
        s = f"<{SYNTHETIC}id/{type_slug}/syn-{number:06d}> "
        theme_ids = self._distinct(len(THEMES), self.theme_weights, themes)
        lines = [f"{s}{A} <{iri}> .\n" for iri in types]
        lines.append(f"{s}{TITLE} {self._title(patterns, theme_ids)}@nl .\n")
        lines.append(f"{s}{ABSTRACT} {self._abstract(opener, theme_ids)}@nl .\n")
        day = datetime.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY))
        lines.append(f'{s}{ISSUED} "{day.isoformat()}"^^<{XSD_DATE}> .\n')
        lines.extend(f"{s}{CREATOR} {name} .\n" for name in self._names(creators))
        publisher = self._distinct(self.partners, self.publisher_weights, 1)[0]
        lines.append(f"{s}{PUBLISHER} {_partner_iri(publisher + 1)} .\n")
        lines.extend(f"{s}{SUBJECT} {self.themes[i]} .\n" for i in theme_ids)
        for predicate, pool, weights, count in (
            (AUDIENCE, self.doelgroepen, self.doelgroep_weights, audiences),
            (LEEFGEBIED, self.leefgebieden, self.leefgebied_weights, leefgebieden),
            (WERKWIJZE, self.werkwijzen, self.werkwijze_weights, werkwijzen),
        ):
            picked = self._distinct(len(pool), weights, count)
            lines.extend(f"{s}{predicate} {pool[i]} .\n" for i in picked)
        if spatial:
            lines.append(f"{s}{SPATIAL} {rng.choice(self.gemeenten)} .\n")
        lines.append(f"{s}{URL} <{SYNTHETIC}pages/{type_slug}/syn-{number:06d}> .\n")
        lines.append(s + self.language)
        lines.append(s + self.source)
        return lines

    def _distinct(self, n: int, cum_weights: list[float], k: int) -> list[int]:
        """Draw k distinct indexes below n, weighted by cum_weights."""
        picked: list[int] = []
        while len(picked) < k:
            index = self.rng.choices(range(n), cum_weights=cum_weights)[0]
            if index not in picked:
                picked.append(index)
        return picked

    def _title(self, patterns: tuple[str, ...], theme_ids: list[int]) -> str:
        """Return a title literal about the first theme, marked as synthetic."""
        topic = THEMES[theme_ids[0]][1]
        title = self.rng.choice(patterns).format(
            t=topic, T=topic[0].upper() + topic[1:], w=self.rng.choice(WIJKEN)
        )
        return escape_literal(f"{title} (synthetisch)")

    def _abstract(self, opener: str, theme_ids: list[int]) -> str:
        """Return a two-sentence abstract literal about the item's themes."""
        rng = self.rng
        topics = " en ".join(THEMES[i][1] for i in theme_ids[:2])
        first = (
            f"{opener} {rng.choice(VERBS)} hoe {rng.choice(ACTORS)} "
            f"{rng.choice(ACTIVITIES)} {topics}."
        )
        return escape_literal(f"{first} {rng.choice(CLOSERS)}")

    def _names(self, count: int) -> list[str]:
        """Return count distinct invented author names as literals."""
        names: list[str] = []
        while len(names) < count:
            name = f"{self.rng.choice(GIVEN_NAMES)} {self.rng.choice(SURNAMES)}"
            if name not in names:
                names.append(name)
        return [escape_literal(name) for name in names]


def _partner_iri(number: int) -> str:
    """Return the IRI of synthetic partner number, in angle brackets."""
    return f"<{SYNTHETIC}id/partner/syn-org-{number:03d}>"


def _fit(kind: int, counts: list[int], size: int) -> int:
    """Adjust counts in place so the item has size lines; return the kind."""
    low = (1, 1, 1, 0, 0, 0)
    high = (3, 4, 3, 3, 2, 1)
    types = len(ITEM_KINDS[kind][1])
    excess = types + 7 + sum(counts) - size
    for slot in (5, 4, 3, 0, 1, 2):  # drop optional links first
        cut = min(excess, counts[slot] - low[slot])
        if cut > 0:
            counts[slot] -= cut
            excess -= cut
    for slot in range(6):
        grow = min(-excess, high[slot] - counts[slot])
        if grow > 0:
            counts[slot] += grow
            excess += grow
    if excess > 0 and kind == PRAKTIJK:
        return 0  # a report has one type less
    if excess < 0 and kind != PRAKTIJK:
        return PRAKTIJK
    return kind


def partner_count(triples: int) -> int:
    """Return how many synthetic partners a graph of this size gets."""
    return max(1, round(triples / ITEM_AVERAGE / ITEMS_PER_PARTNER))


def iter_items(
    triples: int, seed: int = 0, base: str = DEFAULT_BASE
) -> Iterator[list[str]]:
    """Yield the N-Triples lines of each partner, then of each item.

    Each yielded list describes one resource completely; every line ends in a
    newline. Together the lists hold exactly ``triples`` lines, all distinct.
    Raises ValueError if triples is below MIN_TRIPLES or base is not usable.
    """
    _check_base(base)
    if triples < MIN_TRIPLES:
        raise ValueError(f"triples must be at least {MIN_TRIPLES}, not {triples}")
    return _iter_items(triples, seed, base)


def _iter_items(triples: int, seed: int, base: str) -> Iterator[list[str]]:
    """Yield partners, then items, for arguments iter_items() has checked."""
    partners = partner_count(triples)
    generator = _Generator(seed, base, partners)
    for number in range(1, partners + 1):
        yield generator.partner(number)

    remaining = triples - partners * PARTNER_TRIPLES
    number = 0
    while remaining:
        number += 1
        if remaining <= ITEM_MAX:
            size = remaining
        elif remaining < ITEM_MAX + ITEM_MIN:
            size = remaining // 2  # leave room for one more whole item
        else:
            size = None
        lines = generator.item(number, size)
        remaining -= len(lines)
        yield lines


def generate(
    triples: int,
    out: BinaryIO | str | os.PathLike[str],
    fmt: str = "nt",
    seed: int = 0,
    base: str = DEFAULT_BASE,
) -> int:
    """Write a synthetic graph of exactly ``triples`` triples; return the count.

    ``out`` is a binary file object or a path. ``fmt`` is "nt" or "ttl"; both
    write the same N-Triples lines, which are valid Turtle too. Output is UTF-8
    and depends only on triples, seed and base. Raises ValueError for an
    unknown format, a base that is not an absolute IRI ending in '/', or fewer
    than MIN_TRIPLES triples.
    """
    if fmt not in ("nt", "ttl"):
        raise ValueError(f"format {fmt!r} is not supported; use 'nt' or 'ttl'")
    items = iter_items(triples, seed, base)
    if hasattr(out, "write"):
        return _write(items, out)
    with open(out, "wb") as stream:
        return _write(items, stream)


def _write(items: Iterator[list[str]], stream: BinaryIO) -> int:
    """Write the items' lines to stream in large chunks; return the line count."""
    written = 0
    chunk: list[str] = []
    for lines in items:
        chunk.extend(lines)
        if len(chunk) >= 65536:
            stream.write("".join(chunk).encode())
            written += len(chunk)
            chunk.clear()
    stream.write("".join(chunk).encode())
    return written + len(chunk)


def main(argv: list[str] | None = None) -> int:
    """Run the command line interface; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.synthetic",
        description="Write a clearly synthetic WijkWijzer graph for benchmarks.",
    )
    parser.add_argument(
        "--triples", type=int, required=True, help="exact number of triples"
    )
    parser.add_argument("--out", required=True, help="output file, or - for stdout")
    parser.add_argument("--format", choices=("nt", "ttl"), default="nt")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help="base IRI of the concept IRIs"
    )
    args = parser.parse_args(argv)

    out = sys.stdout.buffer if args.out == "-" else args.out
    started = time.perf_counter()
    try:
        written = generate(args.triples, out, args.format, args.seed, args.base)
    except ValueError as error:
        parser.error(str(error))
    seconds = time.perf_counter() - started
    print(f"wrote {written} triples to {args.out} in {seconds:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
