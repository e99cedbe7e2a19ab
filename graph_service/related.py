"""Related items, ranked by what they share, with the reason in words.

The search index ranks candidates (a weighted count of shared themes, working
methods, life domains, partners and places, see ``RELATED_WEIGHTS``); this
module names what each one shares, e.g. "2 gedeelde thema's: wonen, veiligheid".
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import ngettext

from graph_service.iris import page_path


@dataclass
class Related:
    """A related item: where it is, its title and why it is related."""

    href: str
    title: str
    lang: str
    reasons: list[str]
    score: float


def reason_texts(field_name: str, shared: list[str]) -> str:
    """One sentence naming the shared values of one kind of link."""
    names = ", ".join(shared)
    count = len(shared)
    if field_name == "theme":
        return ngettext(
            "%(num)d shared theme: %(names)s",
            "%(num)d shared themes: %(names)s",
            count,
            names=names,
        )
    if field_name == "werkwijze":
        return ngettext(
            "%(num)d shared working method: %(names)s",
            "%(num)d shared working methods: %(names)s",
            count,
            names=names,
        )
    if field_name == "leefgebied":
        return ngettext(
            "%(num)d shared life domain: %(names)s",
            "%(num)d shared life domains: %(names)s",
            count,
            names=names,
        )
    if field_name == "partner":
        return ngettext(
            "same partner: %(names)s", "same partners: %(names)s", count, names=names
        )
    return ngettext(
        "same municipality: %(names)s",
        "same municipalities: %(names)s",
        count,
        names=names,
    )


def related_items(index, iri: str, lang: str, base: str, limit: int = 6):
    """The items most related to ``iri``, best first, each with its reasons."""
    item = index.document(iri)
    if item is None:
        return []
    found = []
    for hit in index.related(iri, limit):
        reasons = []
        for field_name in (
            "theme",
            "werkwijze",
            "leefgebied",
            "partner",
            "municipality",
        ):
            mine = item.all(field_name)
            shared = [v for v in hit.all(field_name) if v in mine]
            if shared:
                names = sorted(index.catalogue.text(v, lang) for v in shared)
                reasons.append(reason_texts(field_name, names))
        title, title_lang = hit.title(lang)
        found.append(
            Related(page_path(hit.iri, base), title, title_lang, reasons, hit.score)
        )
    return found
