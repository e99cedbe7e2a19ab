"""Turn parsed triples into the graph we write: records checked, the bad set aside.

Shared by every format. Triples are grouped by subject; each focus node of a
shape (an item, a feed, a concept) is a record and is checked on its own; a
record with a violation is quarantined with its focus node and messages, the
others are kept with their blank-node descendants (skolemised). Triples about
subjects that are no record are not written and are counted as ``ignored``:
a feed publishes records, not arbitrary statements. An item that another
graph already describes (the same DOI, ISBN or landing page) keeps only its
link triples, so that two partners' records make one item with two sources.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from pyoxigraph import BlankNode

from graph_service.vocab import PREFIXES
from loaders.skolem import apply, skolem_names
from loaders.validate import Checker

_DCT, _WW = PREFIXES["dct"], PREFIXES["ww"]
# What a feed writes about an item that another graph describes: who
# published it, where it came from, and how it is linked to our concepts and
# places. Titles, abstracts, dates and types stay with the graph that
# describes the item, so that the union keeps one title per language.
LINKS = frozenset(
    {
        _DCT + "publisher",
        _DCT + "source",
        PREFIXES["schema"] + "url",
        _DCT + "subject",
        _DCT + "audience",
        _DCT + "spatial",
        _WW + "leefgebied",
        _WW + "werkwijze",
    }
)


@dataclass
class Screened:
    """What screening found; the kept triples were written to the output."""

    records: int = 0
    quarantined: list[dict] = field(default_factory=list)
    warnings: int = 0
    triples: int = 0
    ignored: int = 0
    kept: list = field(default_factory=list)
    clean: bool = False

    def as_dict(self) -> dict:
        """For the child's JSON answer and the report."""
        return {
            "records": self.records,
            "quarantined": self.quarantined,
            "warnings": self.warnings,
            "triples": self.triples,
            "ignored": self.ignored,
        }


def group(triples: Iterable) -> dict:
    """Map subject -> predicate -> values (duplicates removed later)."""
    data: dict = {}
    for triple in triples:
        described = data.get(triple.subject)
        if described is None:
            described = data[triple.subject] = {}
        values = described.get(triple.predicate)
        if values is None:
            described[triple.predicate] = [triple.object]
        else:
            values.append(triple.object)
    return data


@contextmanager
def paused_gc():
    """Pause the cycle collector while big acyclic structures are built.

    Grouping a million triples allocates millions of lists and dicts, and the
    collector would walk them again and again (about 40% of the time of
    grouping); none of them form cycles, so nothing is lost.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def screen(
    data: dict,
    checker: Checker,
    base: str,
    graph: str,
    output: IO[str],
    linked: Collection = (),
) -> Screened:
    """Check each record in ``data``; write the valid ones as N-Triples.

    A subject in ``linked`` is an item another graph describes: its record
    is checked whole, but only its link triples (:data:`LINKS`) are written,
    and a linked subject that is no longer a record (kept from an earlier
    run, already trimmed) is written as it is.
    """
    result = judge(data, checker, linked)
    write_kept(data, result, base, graph, output, linked)
    return result


def judge(data: dict, checker: Checker, linked: Collection = ()) -> Screened:
    """Check each record in ``data``; nothing is written yet.

    The result's ``clean`` says whether writing would give back ``data``
    unchanged: every subject a record that passed, untrimmed, and no blank
    node to skolemise. Its ``triples`` and ``ignored`` are filled in by
    :func:`write_kept`, or here when the data is clean.
    """
    result = Screened()
    referrers: dict = {}
    watched = checker.object_of_predicates
    if watched:
        for described in data.values():
            for predicate, values in described.items():
                if predicate.value in watched:
                    for value in values:
                        referrers.setdefault(value, []).append(predicate.value)

    keep = []
    memo: dict = {}
    for subject in data:
        shapes = checker.shapes_for(subject, data, referrers.get(subject, ()))
        if not shapes:
            if subject in linked:
                result.records += 1
                keep.append(subject)
            continue
        result.records += 1
        found = checker.check(subject, data, shapes, memo)
        if not found:
            keep.append(subject)
            continue
        violations = [r for r in found if r.severity == "Violation"]
        result.warnings += len(found) - len(violations)
        if violations:
            result.quarantined.append(
                {
                    "focus": violations[0].focus,
                    "results": [r.as_dict() for r in violations],
                }
            )
        else:
            keep.append(subject)
    result.kept = keep

    result.clean = (
        len(keep) == len(data) and not any(s in linked for s in keep)
    ) and not _has_blanks(data)
    if result.clean:
        result.triples = sum(
            len(v) if len(v) == 1 else len(set(v))
            for d in data.values()
            for v in d.values()
        )
    return result


def write_kept(
    data: dict,
    result: Screened,
    base: str,
    graph: str,
    output: IO[str],
    linked: Collection = (),
) -> None:
    """Write the records ``result`` kept, with their blank nodes, skolemised."""
    names = skolem_names(data, base, graph) if _has_blanks(data) else {}
    written = set()
    stack = list(result.kept)
    result.triples = 0
    while stack:
        subject = stack.pop()
        if subject in written:
            continue
        written.add(subject)
        s = str(apply(subject, names))
        trimmed = subject in linked
        for predicate, values in data.get(subject, {}).items():
            if trimmed and predicate.value not in LINKS:
                continue
            p = str(predicate)
            for value in dict.fromkeys(values):
                if isinstance(value, BlankNode):
                    stack.append(value)
                output.write(f"{s} {p} {apply(value, names)} .\n")
                result.triples += 1
    result.ignored = sum(
        len(v) for s, d in data.items() if s not in written for v in d.values()
    )


def _has_blanks(data: dict) -> bool:
    if any(isinstance(s, BlankNode) for s in data):
        return True
    return any(
        isinstance(v, BlankNode)
        for d in data.values()
        for values in d.values()
        for v in values
    )
