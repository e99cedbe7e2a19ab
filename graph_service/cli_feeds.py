"""``wijkwijzer feeds`` and ``wijkwijzer harvest``: the feed registry and harvests.

Like every store command, these talk to the running service when there is
one (it owns the embedded store and its single writer), and otherwise open
the store themselves.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from graph_service.errors import WijkWijzerError
from graph_service.service import ServiceClient
from loaders.registry import PROTOCOLS, Feed


def _cli():
    from graph_service import cli

    return cli


@click.group("feeds")
def feeds():
    """Register, list and remove partner feeds."""


@feeds.command("add")
@click.argument("partner")
@click.argument("name")
@click.argument("url")
@click.option("--protocol", type=click.Choice(sorted(PROTOCOLS)), required=True)
@click.option("--title", help="Title of the feed (default: PARTNER NAME).")
@click.option("--interval", default="P1D", show_default=True, help="xsd:duration.")
@click.option("--media-type", help="Media type (default: the protocol's).")
@click.option("--license", "license_", help="Licence IRI of the feed's data.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def add(
    config, partner, name, url, protocol, title, interval, media_type, license_, mapping
):  # noqa: E501
    """Register feed NAME of PARTNER, served at URL."""
    feed = Feed(
        partner=partner,
        slug=name,
        title=title or f"{partner} {name}",
        url=url,
        protocol=protocol,
        media_type=media_type or PROTOCOLS[protocol][1],
        interval=interval,
        license=license_,
        mapping=mapping.read_text(encoding="utf-8") if mapping else None,
    )
    with _cli().store_for_cli(config) as store:
        try:
            if isinstance(store, ServiceClient):
                store.add_feed(feed.__dict__)
            else:
                from loaders.registry import add_feed

                add_feed(store, feed)
        except WijkWijzerError as error:
            _cli().fail(str(error))
    click.echo(f"Registered {feed.key}: {url} ({protocol}, every {interval})")


@feeds.command("list")
@click.pass_obj
def list_feeds(config):
    """List the registered feeds."""
    for feed in _read(config):
        click.echo(f"{feed.key:<40} {feed.protocol:<8} {feed.interval:<6} {feed.url}")


@feeds.command("remove")
@click.argument("key", metavar="PARTNER/NAME")
@click.pass_obj
def remove(config, key):
    """Unregister a feed and drop what it harvested."""
    with _cli().store_for_cli(config) as store:
        try:
            if isinstance(store, ServiceClient):
                store.remove_feed(key)
            else:
                from loaders.registry import remove_feed

                remove_feed(store, key)
        except WijkWijzerError as error:
            _cli().fail(str(error))
    click.echo(f"Removed {key}")


def _read(config) -> list[Feed]:
    with _cli().store_for_cli(config, write=False) as store:
        if isinstance(store, ServiceClient):
            return [Feed(**f) for f in store.feeds()]
        from loaders.registry import read_feeds

        return read_feeds(store)


@click.command("harvest")
@click.option("--partner", help="Harvest the feeds of this partner.")
@click.option("--feed", "name", help="Harvest the feed with this name.")
@click.option("--all", "everything", is_flag=True, help="Harvest every feed.")
@click.option("--force", is_flag=True, help="Ignore ETag and unchanged input.")
@click.pass_obj
def harvest(config, partner, name, everything, force):
    """Harvest feeds now, with a progress bar; exit 1 if any failed."""
    if not (partner or name or everything):
        _cli().fail("Say which feeds: --partner P, --feed F or --all")
    failed = 0
    with _cli().store_for_cli(config) as store:
        if isinstance(store, ServiceClient):
            chosen = [Feed(**f) for f in store.feeds()]
        else:
            from loaders.registry import read_feeds

            chosen = read_feeds(store)
        chosen = [
            f
            for f in chosen
            if everything
            or ((not partner or f.partner == partner) and (not name or f.slug == name))
        ]
        if not chosen:
            _cli().fail("No registered feed matches; see 'wijkwijzer feeds list'")
        harvester = None
        for feed in tqdm(chosen, desc="harvest", unit="feed", disable=None):
            if isinstance(store, ServiceClient):
                from loaders.report import HarvestReport

                data = store.harvest(feed.key, force)
                data.pop("started"), data.pop("ended")
                report = HarvestReport(**data)
            else:
                from loaders.pipeline import Harvester

                harvester = harvester or Harvester(store, config)
                report = harvester.harvest(feed, force=force)
            tqdm.write(report.summary())
            failed += not report.ok
    if failed:
        sys.exit(1)


def register(cli: click.Group) -> None:
    """Add the feed commands to the ``wijkwijzer`` group."""
    cli.add_command(feeds)
    cli.add_command(harvest)
