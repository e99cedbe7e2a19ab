"""The query editor page: write a query, see the answer as a table, download it.

Works without JavaScript (a plain GET form); with it, the text area gets
syntax highlighting from ``static/sparql/editor.js``. Queries run exactly as
on ``/sparql``: same checks, limits and workers.
"""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _

from graph_service.errors import WijkWijzerError
from graph_service.iris import page_path
from graph_service.public_query.formats import TABULAR, formats_for
from graph_service.public_query.service import Dataset
from graph_service.queries import library
from graph_service.views import sparql_http
from graph_service.views.sparql_http import public_queries, rate_limit
from graph_service.vocab import PREFIXES, sparql_prefix_block

bp = Blueprint("sparql_editor", __name__)
sparql_http.install(bp)

# Rows shown in the page; the downloads hold the whole answer.
SHOWN_ROWS = 500
_STARTER = "SELECT ?item ?title WHERE {\n  ?item dct:title ?title .\n}\nLIMIT 20\n"


def examples() -> list[dict]:
    """The named queries, as examples with their full text."""
    return [
        {"name": q.name, "title": q.title, "text": sparql_prefix_block() + q.text}
        for q in library()
    ]


@bp.get("/sparql/editor")
def editor():
    """The editor page; with ``?query=`` also the answer."""
    text = request.args.get("query")
    if text is None:
        name = request.args.get("example")
        chosen = [e for e in examples() if e["name"] == name]
        text = chosen[0]["text"] if chosen else sparql_prefix_block() + _STARTER
        return _page(text)
    return render_editor(text, None, Dataset())


def render_editor(text: str, found, dataset: Dataset):
    """The editor page with the answer to ``text`` (or the error it got)."""
    try:
        if found is None:
            rate_limit()
            found = public_queries().check(text)
        return _page(text, **_run(found, dataset))
    except WijkWijzerError as error:
        return _page(text, error=str(error)), error.status


def _run(found, dataset: Dataset) -> dict:
    """Run for display: tables as JSON, graphs as Turtle; plus download links."""
    formats = formats_for(found.form)
    shown = formats[0]
    body = public_queries().run(found, shown, dataset)
    downloads = [
        (f.label, url_for("sparql.endpoint", query=found.text, format=f.name))
        for f in formats
    ]
    if shown is not TABULAR[0]:
        return {"graph_text": body.decode("utf-8"), "downloads": downloads}
    data = json.loads(body)
    if "boolean" in data:
        return {"boolean": data["boolean"], "downloads": downloads}
    names = data["head"]["vars"]
    rows = [
        [_cell(binding.get(name)) for name in names]
        for binding in data["results"]["bindings"][:SHOWN_ROWS]
    ]
    return {
        "names": names,
        "rows": rows,
        "total": len(data["results"]["bindings"]),
        "downloads": downloads,
    }


def _cell(term: dict | None) -> dict | None:
    """A result term ready for the template: text, optional link and note."""
    if term is None:
        return None
    if term["type"] == "uri":
        base = current_app.config["BASE_IRI"]
        return {"text": term["value"], "href": page_path(term["value"], base)}
    note = term.get("xml:lang") or _short(term.get("datatype", ""))
    return {"text": term["value"], "note": note}


def _short(datatype: str) -> str:
    for name, iri in PREFIXES.items():
        if datatype.startswith(iri):
            return f"{name}:{datatype[len(iri) :]}"
    return datatype.rsplit("#", 1)[-1] if datatype else ""


def _page(text: str, **answer):
    for name in ("boolean", "graph_text", "error", "downloads"):
        answer.setdefault(name, None)
    answer.setdefault("names", [])
    answer.setdefault("rows", [])
    answer.setdefault("total", 0)
    return render_template(
        "sparql/editor.html",
        text=text,
        examples=examples(),
        prefixes=PREFIXES,
        shown_rows=SHOWN_ROWS,
        title=_("SPARQL query editor"),
        **answer,
    )
