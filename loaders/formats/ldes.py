"""One fragment (page) of a Linked Data Event Stream, parsed in the parse child.

A fragment is an RDF document. It names the stream (``ldes:EventStream``,
with ``ldes:timestampPath`` and ``ldes:versionOfPath``), lists members with
``tree:member`` and links on with ``tree:relation [ tree:node <next> ]`` (and
``tree:view`` from the stream to its root node). For every member the parser
answers the object it is a version of, its timestamp, whether it marks a
deletion (typed ``as:Delete``, the object named by ``as:object`` or the
version path) and, for other members, the record :mod:`loaders.map` maps.
Which version wins is decided by the harvest over all fragments
(:mod:`loaders.crawl_ldes`), not here.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from loaders.formats import schema_org
from loaders.formats.rdf import parse_grouped, prepare, rdf_format

TREE = "https://w3id.org/tree#"
LDES = "https://w3id.org/ldes#"
AS = "https://www.w3.org/ns/activitystreams#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DELETIONS = {AS + "Delete", LDES + "DeletedMember"}


def parse(data: bytes, name: str, options: dict) -> dict:
    """Links, stream paths and members of one fragment.

    ``options`` carries the ``media_type`` and the paths learnt from earlier
    fragments (``timestampPath``, ``versionOfPath``); relative IRIs resolve
    against the fragment's URL. Raises :class:`ParseError` with line and
    column for a syntax error.
    """
    fmt = rdf_format(options["media_type"])
    data = schema_org.normalise(
        parse_grouped(prepare(data, name, fmt), name, fmt, name)
    )
    paths = _paths(data, options)
    members = []
    for member in _members(data):
        members.append(_member(member, data, paths))
    return {"links": _links(data, name), "paths": paths, "members": members}


def _objects(data: dict, subject, predicate: str) -> list:
    return data.get(subject, {}).get(NamedNode(predicate), [])


def _paths(data: dict, options: dict) -> dict:
    """The stream's timestamp and version paths, else those seen before."""
    paths = {
        "timestampPath": options.get("timestampPath"),
        "versionOfPath": options.get("versionOfPath"),
    }
    for subject, described in data.items():
        if NamedNode(LDES + "EventStream") in described.get(RDF_TYPE, []):
            for key in paths:
                found = _objects(data, subject, LDES + key)
                if found:
                    paths[key] = found[0].value
    return paths


def _members(data: dict) -> list:
    found = []
    for described in data.values():
        for member in described.get(NamedNode(TREE + "member"), []):
            if member not in found:
                found.append(member)
    return found


def _links(data: dict, name: str) -> list[str]:
    """Fragments this one points at (relations and the stream's view)."""
    links = []
    for described in data.values():
        for view in described.get(NamedNode(TREE + "view"), []):
            links.append(view.value)
        for relation in described.get(NamedNode(TREE + "relation"), []):
            for node in _objects(data, relation, TREE + "node"):
                links.append(node.value)
    return [
        link
        for link in dict.fromkeys(links)
        if link != name and link.startswith(("http://", "https://"))
    ]


def _member(member, data: dict, paths: dict) -> dict:
    """One member: object, timestamp, deletion flag and record."""
    types = {t.value for t in data.get(member, {}).get(RDF_TYPE, [])}
    deleted = bool(types & DELETIONS)
    target = []
    if paths["versionOfPath"]:
        target = _objects(data, member, paths["versionOfPath"])
    if deleted and not target:
        target = _objects(data, member, AS + "object")
    obj = target[0].value if target else member.value
    stamps = []
    if paths["timestampPath"]:
        stamps = _objects(data, member, paths["timestampPath"])
    answer = {
        "member": member.value,
        "object": obj,
        "time": stamps[0].value if stamps else "",
        "deleted": deleted,
        "record": None,
    }
    if not deleted and schema_org.publications({member: data.get(member, {})}):
        answer["record"] = schema_org.record(member, data, obj, fallback_url=obj)
        answer["record"]["key"] = obj
    return answer
