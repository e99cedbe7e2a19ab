"""Full-text search: Dutch stemming, synonyms, snippets, suggestions, freshness."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from graph_service.cli import cli
from tests.conftest import BASE
from tests.pages.conftest import caught_up, load_file


def titles(html: str) -> list[str]:
    return re.findall(
        r'<a class="title" href="[^"]+">(?:<span lang="\w+">)?([^<]+)', html
    )


def test_dutch_stemming_finds_other_word_forms(dutch):
    html = dutch.get("/zoeken?q=kwetsbare wijk").get_data(as_text=True)

    assert "Kwetsbare wijken in beeld" in titles(html)


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("kwetsbaar", "Kwetsbare wijken in beeld"),
        ("kwetsbare wijk", "Kwetsbare wijken in beeld"),
        ("kwetsbaarheid", "Kwetsbare wijken in beeld"),
    ],
)
def test_an_adjective_finds_its_inflected_form(dutch, typed, title):
    html = dutch.get(f"/zoeken?q={typed}").get_data(as_text=True)

    assert title in titles(html)


@pytest.mark.parametrize(
    ("plain", "inflected"),
    [("kwetsbaar", "kwetsbare"), ("lokaal", "lokale"), ("actief", "actieve")],
)
def test_both_forms_of_an_adjective_find_the_same_items(app, plain, inflected):
    index = app.extensions["search"].current()

    one = index.listing(plain, [], "relevantie", 0, 100)
    other = index.listing(inflected, [], "relevantie", 0, 100)

    assert one.total > 0
    assert {h.iri for h in one.hits} == {h.iri for h in other.hits}


def test_a_theme_synonym_finds_items_tagged_with_the_theme(dutch):
    html = dutch.get("/zoeken?q=buurtaanpak").get_data(as_text=True)

    assert "Naar een wendbare wijkaanpak" in titles(html)


def test_results_are_ranked_with_highlighted_snippets(dutch):
    html = dutch.get("/zoeken?q=buurtagenda").get_data(as_text=True)

    assert titles(html)[0].startswith(("Hoe maak ik een buurtagenda", "Aan de slag"))
    assert "<mark>buurtagenda</mark>" in html


def test_search_results_have_facets(dutch):
    html = dutch.get("/zoeken?q=veiligheid").get_data(as_text=True)

    assert "<h3>Thema</h3>" in html
    assert "q=veiligheid&amp;thema=" in html


def test_query_syntax_in_user_text_is_harmless(dutch):
    response = dutch.get('/zoeken?q=wijk AND "(" title:* -:)')

    assert response.status_code == 200


def test_suggestions_are_json_for_the_search_box(client):
    data = client.get("/zoeken/suggesties?q=buurtag").get_json()

    labels = [s["label"] for s in data["suggestions"]]
    assert any(label.startswith("Hoe maak ik een buurtagenda") for label in labels)
    assert data["suggestions"][0]["url"].startswith("/doc/")


def test_suggestions_include_themes_and_partners(client):
    kinds = {
        s["kind"]
        for s in client.get("/zoeken/suggesties?q=plat").get_json()["suggestions"]
    }

    assert "partner" in kinds


def test_index_follows_every_write(dutch, store, app):
    assert titles(dutch.get("/zoeken?q=geoogst").get_data(as_text=True)) == []

    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    caught_up(app)

    found = titles(dutch.get("/zoeken?q=geoogst").get_data(as_text=True))
    assert found == ["Geoogst artikel over woningen in de wijk"]


def test_reindex_command_rebuilds_the_index_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKWIJZER_DATA_DIR", str(tmp_path / "var"))
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--demo"]).exit_code == 0

    result = runner.invoke(cli, ["reindex"])

    assert result.exit_code == 0, result.output
    assert "66 items" in result.output
    assert any((tmp_path / "var" / "search").iterdir())


def test_embedded_index_is_kept_in_the_data_folder(tmp_path):
    from graph_service.app import create_app
    from graph_service.store.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store", BASE)
    load_file(store, "harvested_item.ttl", "graph/feed/platform31/artikelen")
    app = create_app(
        {"STORE": "embedded", "DATA_DIR": str(tmp_path), "HARVEST_SCHEDULE": False},
        store=store,
    )

    response = app.test_client().get("/zoeken?q=woning")

    assert "Geoogst artikel" in response.get_data(as_text=True)
    assert (tmp_path / "search" / store.data_version().tag / "meta.json").exists()
    store.close()
