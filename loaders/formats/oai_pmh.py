"""OAI-PMH ``ListRecords`` responses with ``oai_dc`` metadata.

One response page gives records, deleted identifiers and the
``resumptionToken`` for the next page; the pipeline asks for pages until the
token is empty, and passes ``from`` for incremental harvests. The error
``noRecordsMatch`` means an empty answer, not a failure.
"""

from __future__ import annotations

from lxml import etree

from loaders.errors import ParseError
from loaders.safety import check_xml

OAI = "{http://www.openarchives.org/OAI/2.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def xml_tree(data: bytes, name: str):
    """Parse XML with entities, DTDs and the network off; errors give the line."""
    check_xml(data, name)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise ParseError(
            f"Syntax error in {name}, line {line}, column {column}: {error.msg}"
        ) from None


def parse(data: bytes, name: str, options: dict) -> dict:
    """Parse one ListRecords page into records, deletions and the next token."""
    root = xml_tree(data, name)
    if root.tag != OAI + "OAI-PMH":
        raise ParseError(f"{name} is not an OAI-PMH response (root <{root.tag}>)")
    error = root.find(OAI + "error")
    if error is not None:
        code = error.get("code")
        if code == "noRecordsMatch":
            return {"records": [], "deleted": [], "token": None}
        raise ParseError(f"{name}: the OAI-PMH server answered {code}: {error.text}")
    listing = root.find(OAI + "ListRecords")
    if listing is None:
        raise ParseError(f"{name} has no ListRecords element")
    records, deleted = [], []
    for record in listing.iter(OAI + "record"):
        header = record.find(OAI + "header")
        identifier = header.findtext(OAI + "identifier")
        if header.get("status") == "deleted":
            deleted.append(identifier)
            continue
        dc = record.find(
            f"{OAI}metadata/{{http://www.openarchives.org/OAI/2.0/oai_dc/}}dc"
        )
        if dc is not None:
            records.append(_record(identifier, dc, options.get("endpoint", "")))
    token = listing.findtext(OAI + "resumptionToken")
    return {"records": records, "deleted": deleted, "token": (token or "").strip()}


def _texts(dc, tag: str) -> list[str]:
    return [e.text.strip() for e in dc.findall(DC + tag) if e.text and e.text.strip()]


def _record(identifier: str, dc, endpoint: str) -> dict:
    titles = dc.findall(DC + "title")
    lang = titles[0].get(XML_LANG) if titles else None
    urls, doi, isbn = [], None, None
    for value in _texts(dc, "identifier"):
        lower = value.lower()
        if lower.startswith(("https://doi.org/", "doi:")):
            doi = value.split("doi.org/", 1)[-1].removeprefix("doi:")
        elif lower.startswith(("urn:isbn:", "isbn:")):
            isbn = value.split(":")[-1]
        elif lower.startswith(("http://", "https://")):
            urls.append(value)
    types = _texts(dc, "type")
    languages = _texts(dc, "language")
    return {
        "key": identifier,
        "source": f"{endpoint}?verb=GetRecord&metadataPrefix=oai_dc"
        f"&identifier={identifier}",
        "url": urls[0] if urls else None,
        "type": types[0] if types else "Report",
        "title": _texts(dc, "title")[0] if titles else None,
        "lang": (lang or "nl").split("-")[0],
        "abstract": (_texts(dc, "description") or [None])[0],
        "issued": (_texts(dc, "date") or [None])[0],
        "creators": _texts(dc, "creator"),
        "keywords": _texts(dc, "subject"),
        "language": languages[0] if languages else None,
        "license": next(
            (r for r in _texts(dc, "rights") if r.startswith("http")), None
        ),
        "doi": doi,
        "isbn": isbn,
        "spatial": _texts(dc, "coverage"),
    }
