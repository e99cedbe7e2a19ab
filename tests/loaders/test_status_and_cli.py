"""Status pages and the feed commands, on a real harvest from loopback."""

from __future__ import annotations

from graph_service.app import create_app
from tests.loaders.conftest import FEEDS, register


def test_status_page_lists_quarantined_record_in_html_and_json(
    server, seeded_store, harvester, harvest_config
):
    server.route(
        "/mixed.rss",
        body=(FEEDS / "one_invalid_record.rss").read_bytes(),
        content_type="application/rss+xml",
    )
    feed = register(seeded_store, server, "/mixed.rss", "rss")
    harvester.harvest(feed)
    client = create_app(harvest_config, store=seeded_store).test_client()

    data = client.get("/harvest/platform31/publicaties.json").get_json()
    row = data["feeds"][0]
    assert row["last_run"]["records"] == "3" and len(row["quarantined"]) == 1
    page = client.get("/harvest/platform31")
    assert page.status_code == 200 and "uitgiftedatum" in page.get_data(as_text=True)
    assert client.get("/harvest/nobody").status_code == 404


def test_feeds_add_list_harvest_remove_through_the_cli(tmp_path, server):
    from click.testing import CliRunner

    from graph_service.cli import cli

    env = {
        "WIJKWIJZER_DATA_DIR": str(tmp_path / "var"),
        "WIJKWIJZER_HARVEST_ALLOW_PRIVATE": "1",
    }
    server.route(
        "/mixed.rss",
        body=(FEEDS / "one_invalid_record.rss").read_bytes(),
        content_type="application/rss+xml",
    )
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--demo"], env=env).exit_code == 0
    url = server.url + "/mixed.rss"
    added = runner.invoke(
        cli, ["feeds", "add", "platform31", "nieuws", url, "--protocol", "rss"], env=env
    )
    assert added.exit_code == 0, added.output
    assert "platform31/nieuws" in runner.invoke(cli, ["feeds", "list"], env=env).output
    harvested = runner.invoke(cli, ["harvest", "--partner", "platform31"], env=env)
    assert harvested.exit_code == 0 and "1 quarantined" in harvested.output
    removed = runner.invoke(cli, ["feeds", "remove", "platform31/nieuws"], env=env)
    assert removed.exit_code == 0
