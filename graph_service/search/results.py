"""What a search answers: hits with their stored fields, totals, facet counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Hit:
    """A document found: its stored fields, score and snippet."""

    fields: dict[str, list]
    score: float = 0.0
    snippet: Markup | None = None

    def first(self, name: str, default=""):
        values = self.fields.get(name) or [default]
        return values[0]

    def all(self, name: str) -> list:
        return list(self.fields.get(name, ()))

    @property
    def iri(self) -> str:
        return self.first("iri")

    def title(self, lang: str) -> tuple[str, str]:
        """(text, language) of the title in ``lang``, falling back to Dutch."""
        own = self.first(f"title_{lang}")
        if own:
            return own, lang
        for other in ("nl", "en"):
            if self.first(f"title_{other}"):
                return self.first(f"title_{other}"), other
        return self.first("title", self.iri), ""


@dataclass
class Results:
    """One page of hits, how many there are in all, and the facet counts."""

    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def highlight(snippet) -> Markup:
    """The snippet's fragment, escaped, with its matches in ``<mark>``."""
    raw = snippet.fragment().encode("utf-8")
    parts, position = [], 0
    for span in snippet.highlighted():
        parts.append(escape(raw[position : span.start].decode("utf-8", "ignore")))
        match = raw[span.start : span.end].decode("utf-8", "ignore")
        parts.append(Markup("<mark>%s</mark>") % match)
        position = span.end
    parts.append(escape(raw[position:].decode("utf-8", "ignore")))
    return Markup("").join(parts)
