"""The ``wijkwijzer`` command.

Commands that touch the embedded store talk to the running service when there
is one (see :mod:`graph_service.service`); otherwise they open the store
themselves, and say clearly why when another process holds it.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

import click
from tqdm import tqdm

from graph_service import settings
from graph_service.cli_feeds import register as register_feed_commands
from graph_service.cli_tokens import tokens as tokens_command
from graph_service.errors import StoreLockedError, WijkWijzerError
from graph_service.rdfio import format_names, parse_format_name
from graph_service.service import ServiceClient, announce, running_service


def _settings_help() -> str:
    lines = ["Settings (environment variables):", ""]
    for s in settings.SETTINGS:
        lines.append(f"  {s.env:<28} {s.help} [default: {s.default}]")
    return "\n".join(lines)


class _Group(click.Group):
    def format_epilog(self, ctx, formatter):
        formatter.write("\n")
        for line in _settings_help().splitlines():
            formatter.write(line + "\n")


@click.group(cls=_Group)
@click.pass_context
def cli(ctx: click.Context) -> None:
    """WijkWijzer knowledge graph: load, check and serve the graph."""
    try:
        ctx.obj = settings.resolve()
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def fail(message: str, code: int = 1):
    """Print a one-line error and exit."""
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(code)


@contextlib.contextmanager
def store_for_cli(config: dict, write: bool = True):
    """The running service's client, or the store opened here."""
    if config["STORE"] == "memory":
        fail("STORE=memory keeps nothing between commands; use embedded or remote")
    if config["STORE"] == "embedded":
        info = running_service(config["DATA_DIR"])
        if info is not None:
            click.echo(f"Using the running service at {info.url}", err=True)
            yield ServiceClient(info)
            return
    from graph_service.store import open_store

    try:
        store = open_store(config)
    except StoreLockedError as error:
        fail(f"{error}. No running service announced itself in {config['DATA_DIR']}.")
    try:
        yield store
    finally:
        store.close()


def _progress(total: int | None, label: str):
    bar = tqdm(
        total=total, unit="B", unit_scale=True, desc=label, disable=None, leave=False
    )
    return bar


def load_into(store, graph: str, source, fmt, name: str, size: int | None):
    """Replace one graph, with a progress bar, and print what changed."""
    started = time.perf_counter()
    with _progress(size, Path(name).name) as bar:
        report = store.replace_graph(graph, source, format=fmt, progress=bar.update)
    seconds = time.perf_counter() - started
    click.echo(
        f"{graph}: {report.total} triples ({report.added} added, {report.removed} "
        f"removed, {report.unchanged} unchanged) from {name} in {seconds:.1f} s"
    )
    return report


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--graph", required=True, help="IRI of the named graph to replace.")
@click.option("--format", "fmt", help=f"RDF format ({format_names()}).")
@click.pass_obj
def load(config, file: Path, graph: str, fmt: str | None):
    """Replace a named graph with the triples in FILE (any RDF format)."""
    size = file.stat().st_size if file.exists() else None
    with store_for_cli(config) as store:
        try:
            load_into(store, graph, file, fmt, str(file), size)
        except WijkWijzerError as error:
            fail(str(error))


@cli.command()
@click.option("--demo", is_flag=True, help="Also load the partners and demo items.")
@click.pass_obj
def init(config, demo: bool):
    """Load the ontology and reference data (and with --demo, the demo data)."""
    with store_for_cli(config) as store:
        _init(store, config, demo)


def _init(store, config: dict, demo: bool) -> None:
    from graph_service.demo import init_bundles

    for bundle in init_bundles(demo):
        data = bundle.read()
        try:
            load_into(
                store,
                config["BASE_IRI"] + bundle.graph,
                data,
                bundle.format,
                bundle.name,
                len(data),
            )
        except WijkWijzerError as error:
            fail(f"{bundle.name}: {error}")


@cli.command()
@click.argument("graph")
@click.pass_obj
def drop(config, graph: str):
    """Remove the named graph GRAPH."""
    with store_for_cli(config) as store:
        if not store.drop_graph(graph):
            fail(f"There is no graph <{graph}>")
        click.echo(f"Dropped <{graph}>")


@cli.command()
@click.pass_obj
def stats(config):
    """List the named graphs with their triple counts."""
    with store_for_cli(config, write=False) as store:
        graphs = store.graphs()
        width = max([len(g.iri) for g in graphs] + [5])
        for g in graphs:
            click.echo(f"{g.iri:<{width}}  {g.triples:>10}")
        click.echo(f"{'total':<{width}}  {sum(g.triples for g in graphs):>10}")


@cli.command()
@click.option("--graph", help="Dump one graph instead of all.")
@click.option(
    "--format", "fmt", default=None, help="nq or trig; any format for one graph."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write.")
@click.pass_obj
def dump(config, graph: str | None, fmt: str | None, output: str | None):
    """Write the store (or one graph) as RDF to stdout or a file."""
    try:
        rdf_format = parse_format_name(fmt or ("ttl" if graph else "nq"))
    except WijkWijzerError as error:
        fail(str(error))
    with store_for_cli(config, write=False) as store:
        target = open(output, "wb") if output else sys.stdout.buffer
        try:
            store.dump(target, rdf_format, graph=graph)
        except WijkWijzerError as error:
            fail(str(error))
        finally:
            if output:
                target.close()


@cli.command()
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def backup(config, target: Path):
    """Back the store up into the new folder TARGET."""
    with store_for_cli(config, write=False) as store:
        try:
            store.backup(str(target))
        except WijkWijzerError as error:
            fail(str(error))
    click.echo(f"Backup written to {target}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", help="RDF format of FILES.")
@click.option("--lang", default="nl", type=click.Choice(["nl", "en"]))
@click.pass_obj
def validate(config, files: tuple[Path, ...], fmt: str | None, lang: str):
    """Check FILES, or the whole store, against the SHACL shapes."""
    from graph_service.checking import gather_for_validation

    try:
        data = gather_for_validation(config, files, fmt, store_for_cli)
    except WijkWijzerError as error:
        fail(str(error))
    from graph_service.validation import validate as run_shapes

    report = run_shapes(data)
    click.echo(report.format(lang=lang))
    if not report.conforms:
        sys.exit(1)


@cli.command()
@click.option("--host", default=None, help="Address to listen on (setting HOST).")
@click.option("--port", default=None, type=int, help="Port (setting PORT).")
@click.pass_obj
def serve(config, host: str | None, port: int | None):
    """Run the development server (in production use granian; see README)."""
    _serve(config, host, port, demo=False)


@cli.command()
@click.option("--host", default=None, help="Address to listen on (setting HOST).")
@click.option("--port", default=None, type=int, help="Port (setting PORT).")
@click.pass_obj
def demo(config, host: str | None, port: int | None):
    """Load ontology, reference and demo data, then serve them."""
    _serve(config, host, port, demo=True)


def _serve(config: dict, host, port, demo: bool) -> None:
    from graph_service.app import create_app
    from graph_service.store import open_store

    host = host or config["HOST"]
    port = port or config["PORT"]
    if config["STORE"] == "embedded" and running_service(config["DATA_DIR"]):
        fail(f"A service already runs on the store in {config['DATA_DIR']}")
    try:
        store = open_store(config)
    except StoreLockedError as error:
        fail(str(error))
    if demo:
        _init(store, config, demo=True)
        from loaders.demo_feeds import start as start_demo_feeds

        start_demo_feeds(store, config, echo=click.echo)
    if demo:  # the demo feeds are served on loopback, also for scheduled runs
        config = {**config, "HARVEST_ALLOW_PRIVATE": True}
    app = create_app(config, store=store)
    if config["STORE"] == "embedded":
        info = announce(config["DATA_DIR"], f"http://{host}:{port}")
        app.config["ADMIN_TOKEN"] = info.token
    click.echo(f"Serving {config['STORE']} store on http://{host}:{port}/")
    app.run(host=host, port=port, threaded=True, use_reloader=False)


@cli.command()
@click.pass_obj
def reindex(config):
    """Rebuild the search index from the graph (it is derived, never the source)."""
    if config["STORE"] == "memory":
        fail("STORE=memory keeps nothing between commands; use embedded or remote")
    if config["STORE"] == "embedded" and running_service(config["DATA_DIR"]):
        fail("The running service keeps its index current; stop it to rebuild here")
    from graph_service.search.service import SearchService
    from graph_service.store import open_store

    try:
        store = open_store(config)
    except StoreLockedError as error:
        fail(str(error))
    try:
        location = getattr(store, "location", None)
        folder = Path(location).parent / "search" if location is not None else None
        index = SearchService(store, folder).rebuild()
        click.echo(f"Search index rebuilt: {index.count([])} items")
    finally:
        store.close()


@cli.command("settings")
def show_settings():
    """List every setting with its default and current value."""
    current = settings.resolve()
    for s in settings.SETTINGS:
        click.echo(f"{s.env}={current[s.name]!s}\n    {s.help} [default: {s.default}]")


register_feed_commands(cli)
cli.add_command(tokens_command)


def main() -> None:
    """Entry point of the ``wijkwijzer`` command."""
    cli(prog_name="wijkwijzer")


if __name__ == "__main__":
    main()
