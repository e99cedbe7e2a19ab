"""Write the demo partners' feeds from the real items in ``demo/catalogue.ttl``.

Each partner publishes only its own items, in one format each, so that
``wijkwijzer demo`` harvests every protocol for real. Run from the project
folder after changing the catalogue: ``python demo/feeds/make_feeds.py``.
Keywords are the Dutch labels of the item's themes, leefgebieden, werkwijzen
and audiences, as a partner's own tagging would give them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.sax.saxutils import escape

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DC, DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
BASE = "https://data.wijkwijzer.nl/"
SCHEMA = Namespace("http://schema.org/")
WW = Namespace("https://data.wijkwijzer.nl/def#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
HOST = "{host}"  # replaced by the demo server's address when served

FORMATS = {
    "platform31": "rss",
    "verwey-jonker-instituut": "atom",
    "movisie": "oai-pmh",
    "ccv": "csv",
    "lpb": "rss",
    "lsa": "atom",
    "bzk": "ttl",
    "vng": "jsonld",
}
# A second feed for two partners: their website's sitemap, their event stream.
SECOND = {"lpb": "sitemap", "lsa": "ldes"}


def load() -> Graph:
    graph = Graph()
    graph.parse(ROOT / "demo" / "catalogue.ttl", publicID=BASE)
    for scheme in (ROOT / "ontology" / "schemes").glob("*.ttl"):
        graph.parse(scheme, publicID=BASE)
    return graph


def items(graph: Graph, partner: str) -> list[dict]:
    found = []
    who = URIRef(BASE + "id/partner/" + partner)
    for item in sorted(set(graph.subjects(DCTERMS.publisher, who))):
        types = {t.split("/")[-1].split("#")[-1] for t in graph.objects(item, RDF.type)}
        kind = "Praktijkvoorbeeld" if "Praktijkvoorbeeld" in types else sorted(types)[0]
        keywords = []
        for p in (DCTERMS.subject, WW.leefgebied, WW.werkwijze, DCTERMS.audience):
            for concept in graph.objects(item, p):
                for label in graph.objects(concept, SKOS.prefLabel):
                    if label.language == "nl":
                        keywords.append(str(label))
        issued = graph.value(item, DCTERMS.issued)
        found.append(
            {
                "iri": str(item),
                "kind": kind,
                "title": str(graph.value(item, DCTERMS.title)),
                "abstract": str(graph.value(item, DCTERMS.abstract)),
                "issued": str(issued),
                "creators": sorted(str(c) for c in graph.objects(item, DC.creator)),
                "url": str(graph.value(item, SCHEMA.url)),
                "keywords": sorted(set(keywords)),
                "doi": graph.value(item, BIBO.doi),
                "spatial": [str(s) for s in graph.objects(item, DCTERMS.spatial)],
            }
        )
    return found


def rss(partner: str, rows: list[dict]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        f"<channel><title>{partner}</title><link>{HOST}/</link>",
        "<description>Demo feed</description><language>nl</language>",
    ]
    for r in rows:
        out.append("<item>")
        out.append(
            f"<title>{escape(r['title'])}</title><link>{escape(r['url'])}</link>"
        )
        out.append(f'<guid isPermaLink="false">{escape(r["iri"])}</guid>')
        out.append(f"<description>{escape(r['abstract'])}</description>")
        out.append(f"<dc:date>{r['issued']}</dc:date>")
        out += [f"<dc:creator>{escape(c)}</dc:creator>" for c in r["creators"]]
        out.append(f'<category domain="type">{r["kind"]}</category>')
        out += [f"<category>{escape(k)}</category>" for k in r["keywords"]]
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def atom(partner: str, rows: list[dict]) -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xml:lang="nl">',
        f"<title>{partner}</title><id>urn:demo:{partner}</id>",
        "<updated>2024-01-01T00:00:00Z</updated>",
    ]
    for r in rows:
        out.append("<entry>")
        out.append(f"<id>{escape(r['iri'])}</id><title>{escape(r['title'])}</title>")
        out.append(f'<link rel="alternate" href="{escape(r["url"])}"/>')
        out.append(f"<summary>{escape(r['abstract'])}</summary>")
        out.append(
            f"<dc:date>{r['issued']}</dc:date><updated>2024-01-01T00:00:00Z</updated>"
        )
        out += [f"<author><name>{escape(c)}</name></author>" for c in r["creators"]]
        out.append(f'<category scheme="type" term="{r["kind"]}"/>')
        out += [f'<category term="{escape(k)}"/>' for k in r["keywords"]]
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def oai(rows: list[dict], page: int, token: str | None) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">',
        "<responseDate>2024-01-01T00:00:00Z</responseDate>",
        '<request verb="ListRecords" metadataPrefix="oai_dc">{host}/oai</request>',
        "<ListRecords>",
    ]
    for r in rows:
        identifier = "oai:demo:" + r["iri"].rsplit("/", 1)[-1]
        out.append("<record><header>")
        out.append(
            f"<identifier>{identifier}</identifier><datestamp>2024-01-01</datestamp>"
        )
        out.append("</header><metadata>")
        out.append(
            '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        )
        out.append(f'<dc:title xml:lang="nl">{escape(r["title"])}</dc:title>')
        out += [f"<dc:creator>{escape(c)}</dc:creator>" for c in r["creators"]]
        out += [f"<dc:subject>{escape(k)}</dc:subject>" for k in r["keywords"]]
        out.append(f"<dc:description>{escape(r['abstract'])}</dc:description>")
        out.append(f"<dc:date>{r['issued']}</dc:date><dc:type>{r['kind']}</dc:type>")
        out.append(f"<dc:identifier>{escape(r['url'])}</dc:identifier>")
        out.append("<dc:language>nl</dc:language>")
        out.append("</oai_dc:dc></metadata></record>")
    out.append(
        f"<resumptionToken>{token}</resumptionToken>" if token else "<resumptionToken/>"
    )
    out.append("</ListRecords></OAI-PMH>")
    return "\n".join(out) + "\n"


def table(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            "Titel",
            "Soort",
            "Samenvatting",
            "Datum",
            "Auteurs",
            "Webadres",
            "Trefwoorden",
        ]
    )
    for r in rows:
        writer.writerow(
            [
                r["title"],
                r["kind"],
                r["abstract"],
                r["issued"],
                " | ".join(r["creators"]),
                r["url"],
                " | ".join(r["keywords"]),
            ]
        )
    return buffer.getvalue()


SCHEMA_TYPES = {"Article": "ScholarlyArticle", "Report": "Report", "Book": "Book"}


def slug(row: dict) -> str:
    return row["iri"].rstrip("/").rsplit("/", 1)[-1]


def page(row: dict) -> str:
    """A partner's web page for one item, with schema.org JSON-LD in its head."""
    described = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(row["kind"], "CreativeWork"),
        "name": row["title"],
        "description": row["abstract"],
        "datePublished": row["issued"],
        "inLanguage": "nl",
        "url": row["url"],
        "keywords": ", ".join(row["keywords"]),
    }
    if row["kind"] == "Praktijkvoorbeeld":
        described["additionalType"] = "Praktijkvoorbeeld"
    if row["creators"]:
        described["author"] = [{"@type": "Person", "name": c} for c in row["creators"]]
    block = json.dumps(described, ensure_ascii=False, indent=2)
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(row['title'])}</title>\n"
        f'<script type="application/ld+json">\n{block}\n</script>\n</head>\n'
        f"<body><h1>{escape(row['title'])}</h1><p>{escape(row['abstract'])}</p>"
        "</body>\n</html>\n"
    )


def sitemap(partner: str, rows: list[dict]) -> str:
    """A sitemap listing one page per item; {host} is filled in when served."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for r in rows:
        out.append(
            f"<url><loc>{HOST}/{partner}/pages/{slug(r)}.html</loc>"
            f"<lastmod>{r['issued']}</lastmod></url>"
        )
    out.append("</urlset>")
    return "\n".join(out) + "\n"


def ldes(graph: Graph, rows: list[dict], number: int, last: bool) -> str:
    """One LDES fragment: the stream, its members (our items) and the next link."""
    fragment = Graph()
    fragment.bind("dct", DCTERMS)
    fragment.bind("schema", SCHEMA, replace=True)
    fragment.bind("ww", WW)
    tree, ldes_ns = (
        Namespace("https://w3id.org/tree#"),
        Namespace("https://w3id.org/ldes#"),
    )
    fragment.bind("tree", tree)
    fragment.bind("ldes", ldes_ns)
    here = URIRef(f"https://lsabewoners.example/ldes/{number}.ttl")
    stream = URIRef("https://lsabewoners.example/ldes")
    fragment.add((stream, RDF.type, ldes_ns.EventStream))
    fragment.add((stream, ldes_ns.timestampPath, DCTERMS.modified))
    fragment.add((stream, ldes_ns.versionOfPath, DCTERMS.isVersionOf))
    fragment.add((stream, tree.view, URIRef("https://lsabewoners.example/ldes/1.ttl")))
    for r in rows:
        member = URIRef(f"https://lsabewoners.example/ldes/{slug(r)}/v1")
        fragment.add((stream, tree.member, member))
        for p, o in graph.predicate_objects(URIRef(r["iri"])):
            fragment.add((member, p, o))
        fragment.add((member, DCTERMS.isVersionOf, URIRef(r["iri"])))
        fragment.add(
            (
                member,
                DCTERMS.modified,
                Literal("2024-01-01T00:00:00Z", datatype=XSD.dateTime),
            )
        )
    if not last:
        relation = URIRef(f"https://lsabewoners.example/ldes/{number}.ttl#next")
        fragment.add((here, tree.relation, relation))
        fragment.add(
            (
                relation,
                tree.node,
                URIRef(f"https://lsabewoners.example/ldes/{number + 1}.ttl"),
            )
        )
    text = fragment.serialize(format="turtle")
    return text.replace("https://lsabewoners.example/ldes/", "")


def rdf_subset(graph: Graph, rows: list[dict]) -> Graph:
    subset = Graph()
    subset.bind("dct", DCTERMS)
    subset.bind("schema", SCHEMA)
    for r in rows:
        for p, o in graph.predicate_objects(URIRef(r["iri"])):
            subset.add((URIRef(r["iri"]), p, o))
    return subset


def main() -> None:
    graph = load()
    for partner, fmt in FORMATS.items():
        rows = items(graph, partner)
        folder = OUT / partner
        folder.mkdir(exist_ok=True)
        if fmt == "rss":
            (folder / "rss.xml").write_text(rss(partner, rows), encoding="utf-8")
        elif fmt == "atom":
            (folder / "atom.xml").write_text(atom(partner, rows), encoding="utf-8")
        elif fmt == "oai-pmh":
            half = (len(rows) + 1) // 2
            (folder / "oai-1.xml").write_text(
                oai(rows[:half], 1, "pagina-2"), encoding="utf-8"
            )
            (folder / "oai-2.xml").write_text(
                oai(rows[half:], 2, None), encoding="utf-8"
            )
        elif fmt == "csv":
            (folder / "publicaties.csv").write_text(table(rows), encoding="utf-8-sig")
            mapping = {
                "delimiter": ";",
                "list_separator": " | ",
                "columns": {
                    "Titel": "title",
                    "Soort": "type",
                    "Samenvatting": "abstract",
                    "Datum": "issued",
                    "Auteurs": "creators",
                    "Webadres": "url",
                    "Trefwoorden": "keywords",
                },
            }
            (folder / "mapping.json").write_text(json.dumps(mapping, indent=2) + "\n")
        elif fmt == "ttl":
            rdf_subset(graph, rows).serialize(
                folder / "publicaties.ttl", format="turtle"
            )
        elif fmt == "jsonld":
            rdf_subset(graph, rows).serialize(
                folder / "publicaties.jsonld", format="json-ld"
            )
        print(partner, fmt, len(rows))
    for partner, fmt in SECOND.items():
        rows = items(graph, partner)
        folder = OUT / partner
        if fmt == "sitemap":
            (folder / "pages").mkdir(exist_ok=True)
            (folder / "sitemap.xml").write_text(
                sitemap(partner, rows), encoding="utf-8"
            )
            for r in rows:
                (folder / "pages" / f"{slug(r)}.html").write_text(
                    page(r), encoding="utf-8"
                )
        elif fmt == "ldes":
            (folder / "ldes").mkdir(exist_ok=True)
            half = (len(rows) + 1) // 2
            for number, part in ((1, rows[:half]), (2, rows[half:])):
                (folder / "ldes" / f"{number}.ttl").write_text(
                    ldes(graph, part, number, number == 2), encoding="utf-8"
                )
        print(partner, fmt, len(rows))


if __name__ == "__main__":
    main()
