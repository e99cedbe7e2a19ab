"""What each kind of page shows: items, concepts, partners, municipalities."""

from __future__ import annotations

from tests.conftest import BASE
from tests.pages.conftest import caught_up, load_file

ITEM = "/doc/publicatie/lokale-gegevensdeling-jeugdoverlast"


def test_item_page_labels_every_property_in_dutch(dutch):
    html = dutch.get(ITEM).get_data(as_text=True)

    assert '<th scope="row">uitgever</th>' in html
    assert '<a href="/doc/partner/platform31">Platform31</a>' in html
    assert '<a href="/doc/leefgebied/veiligheid">veiligheid</a>' in html
    assert "24 mei 2023" in html


def test_item_page_labels_every_property_in_english(client):
    html = client.get(ITEM, headers={"Accept-Language": "en"}).get_data(as_text=True)

    assert '<th scope="row">publisher</th>' in html
    assert '<a href="/doc/leefgebied/veiligheid">safety</a>' in html


def test_item_page_shows_no_bare_iri_where_a_label_exists(dutch):
    html = dutch.get(ITEM).get_data(as_text=True)
    table = html[html.index('<table class="properties">') : html.index("</table>")]

    assert ">https://data.wijkwijzer.nl/id/" not in table
    assert ">https://identifier.overheid.nl/tooi/id/gemeente/gm0518<" not in table
    assert ">Den Haag</a>" in table


def test_related_items_say_what_they_share(dutch):
    html = dutch.get(ITEM).get_data(as_text=True)

    assert "Aanpak hangjongeren in gemeenten" in html
    assert "3 gedeelde thema&#39;s: integraal samenwerken, jeugd, overlast" in html


def test_curated_item_has_a_provenance_box_with_its_source(dutch):
    html = dutch.get(ITEM).get_data(as_text=True)

    assert "Samengesteld door de redactie van WijkWijzer" in html
    assert "https://www.platform31.nl/artikelen/lokale-gegevensdeling" in html


def test_harvested_item_names_its_feed_harvest_time_and_licence(dutch, store, app):
    load_file(store, "feed_description.ttl", "graph/feeds")
    load_file(store, "harvest_run.ttl", "graph/meta")
    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    caught_up(app)

    html = dutch.get("/doc/publicatie/geoogst-artikel").get_data(as_text=True)

    assert "Geoogst uit een feed van een partner" in html
    assert "Artikelen van Platform31" in html
    assert "2024-03-02T10:00:05Z" in html
    assert "https://www.platform31.nl/feed.xml" in html
    assert "creativecommons.org/licenses/by/4.0" in html


def test_item_page_draws_its_neighbourhood(dutch):
    html = dutch.get(ITEM).get_data(as_text=True)

    assert '<figure class="neighbourhood">' in html
    assert 'class="node theme"' in html


def test_concept_page_shows_definition_hierarchy_and_government_match(dutch):
    html = dutch.get("/doc/thema/wijkaanpak").get_data(as_text=True)

    assert "Langjarige, samenhangende inzet" in html
    assert (
        '<a href="/doc/thema/gebiedsgericht-werken">gebiedsgericht werken</a>' in html
    )
    assert "buurtaanpak" in html


def test_concept_page_counts_items_of_narrower_concepts(dutch, app):
    concept = BASE + "id/thema/wijkaanpak"
    with app.app_context():
        overall = app.extensions["search"].current().overall
    direct, with_narrower = overall["theme"][concept], overall["theme_all"][concept]

    html = dutch.get("/doc/thema/wijkaanpak").get_data(as_text=True)

    assert with_narrower > direct
    assert f"Items ({with_narrower})" in html
    assert "Inclusief de items van de smallere begrippen." in html
    assert "Items per jaar" in html


def test_leefgebied_page_matches_the_government_theme_list(dutch):
    html = dutch.get("/doc/leefgebied/wonen").get_data(as_text=True)

    assert "thema-indeling van de overheid" in html
    assert "tooi/def/thes/top/c_124eaf3a" in html


def test_partner_page_shows_profile_items_and_charts(dutch):
    html = dutch.get("/doc/partner/platform31").get_data(as_text=True)

    assert "Kennis- en netwerkorganisatie" in html
    assert "Organisatietype" in html
    assert "Wijk in zicht" in html
    assert "Items per thema" in html
    assert "Deze partner publiceert nog geen feed." in html


def test_partner_page_lists_its_feeds(dutch, store, app):
    load_file(store, "feed_description.ttl", "graph/feeds")
    load_file(store, "harvest_run.ttl", "graph/meta")
    caught_up(app)

    html = dutch.get("/doc/partner/platform31").get_data(as_text=True)

    assert "Artikelen van Platform31" in html
    assert "application/rss+xml" in html
    assert "2024-03-02T10:00:05Z" in html


def test_municipality_page_lists_items_about_it(dutch):
    iri = "https://identifier.overheid.nl/tooi/id/gemeente/gm0518"

    html = dutch.get("/resource", query_string={"iri": iri}).get_data(as_text=True)

    assert "<h1>Den Haag</h1>" in html
    assert "Lokale gegevensdeling om jeugdoverlast te bestrijden" in html


def test_scheme_page_shows_its_concepts_as_a_tree(dutch):
    html = dutch.get("/doc/begrippenkader/themas").get_data(as_text=True)

    assert 'class="depth-1"' in html
    assert "gebiedsgericht werken" in html


def test_home_page_offers_entry_points_newest_items_and_charts(dutch):
    html = dutch.get("/").get_data(as_text=True)

    assert "Begin bij een leefgebied" in html
    assert '<a href="/doc/leefgebied/wonen">wonen</a>' in html
    assert "Elke regio knelt anders" in html
    assert "Items per jaar" in html
    assert '<a href="/sparql">' in html and '<a href="/harvest">' in html


def test_harvested_html_is_escaped_and_control_characters_removed(dutch, store, app):
    load_file(store, "item_with_hostile_text.ttl", "graph/feed/evil/feed")
    caught_up(app)

    html = dutch.get("/doc/publicatie/vijandig").get_data(as_text=True)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "stuurtekens" in html
    assert "\u202e" not in html and "\u0007" not in html
    assert 'href="javascript:' not in html
    assert '<a href="https://example.org/veilig" rel="nofollow noopener">' in html


def test_hostile_title_is_inert_in_listings_and_json_ld(dutch, store, app):
    load_file(store, "item_with_hostile_text.ttl", "graph/feed/evil/feed")
    caught_up(app)

    listing = dutch.get("/zoeken?q=gevaarlijk").get_data(as_text=True)
    item = dutch.get("/doc/publicatie/vijandig").get_data(as_text=True)

    assert "<script>alert" not in listing
    assert "\\u003cscript\\u003e" in item
