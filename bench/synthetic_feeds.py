"""Synthetic RSS 2.0 and OAI-PMH feeds for the harvest benchmark.

Records are clearly synthetic (titles end in "(synthetisch)", links under
https://synthetic.wijkwijzer.example/) and tagged with the Dutch labels of
real WijkWijzer themes, so keyword matching does real work. The output
depends only on the arguments.
"""

from __future__ import annotations

import random
from pathlib import Path
from xml.sax.saxutils import escape

from bench.synthetic import SYNTHETIC, THEMES

KINDS = ("Report", "Article", "Book", "Praktijkvoorbeeld")


def _record(number: int, rng: random.Random) -> dict:
    themes = rng.sample(THEMES, 3)
    return {
        "id": f"{SYNTHETIC}feed/item/{number:07d}",
        "title": f"Werken aan {themes[0][1]}, deel {number} (synthetisch)",
        "abstract": f"Een verzonnen samenvatting over {themes[1][1]} en "
        f"{themes[2][1]}, alleen voor metingen.",
        "date": f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}",
        "kind": rng.choice(KINDS),
        "keywords": [t[1].removeprefix("de ") for t in themes] + ["verzonnen"],
    }


def rss(records: int, path: Path, seed: int = 1) -> Path:
    """Write an RSS 2.0 feed with ``records`` items."""
    rng = random.Random(seed)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel><title>Synthetisch</title>"
        f"<link>{SYNTHETIC}</link><description>bench</description>"
        "<language>nl</language>",
    ]
    for number in range(records):
        r = _record(number, rng)
        out.append(
            f"<item><title>{escape(r['title'])}</title><link>{r['id']}</link>"
            f'<guid isPermaLink="false">{r["id"]}</guid>'
            f"<description>{escape(r['abstract'])}</description>"
            f"<dc:date>{r['date']}</dc:date>"
            f'<category domain="type">{r["kind"]}</category>'
            + "".join(f"<category>{escape(k)}</category>" for k in r["keywords"])
            + "</item>"
        )
    out.append("</channel></rss>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def oai_pages(records: int, folder: Path, per_page: int = 1000, seed: int = 2):
    """Write ListRecords pages ``oai-1.xml`` ... chained by resumption tokens."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pages = (records + per_page - 1) // per_page
    for page in range(1, pages + 1):
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">',
            "<responseDate>2024-01-01T00:00:00Z</responseDate>",
            '<request verb="ListRecords">bench</request><ListRecords>',
        ]
        first = (page - 1) * per_page
        for number in range(first, min(records, first + per_page)):
            r = _record(number, rng)
            out.append(
                "<record><header>"
                f"<identifier>oai:synthetic:{number}</identifier>"
                "<datestamp>2024-01-01</datestamp></header><metadata>"
                '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/'
                'oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f'<dc:title xml:lang="nl">{escape(r["title"])}</dc:title>'
                + "".join(
                    f"<dc:subject>{escape(k)}</dc:subject>" for k in r["keywords"]
                )
                + f"<dc:description>{escape(r['abstract'])}</dc:description>"
                f"<dc:date>{r['date']}</dc:date><dc:type>{r['kind']}</dc:type>"
                f"<dc:identifier>{r['id']}</dc:identifier>"
                "<dc:language>nl</dc:language></oai_dc:dc></metadata></record>"
            )
        token = f"page-{page + 1}" if page < pages else ""
        out.append(f"<resumptionToken>{token}</resumptionToken>")
        out.append("</ListRecords></OAI-PMH>")
        (folder / f"oai-{page}.xml").write_text("\n".join(out) + "\n", "utf-8")
    return folder
