"""The ``wijkwijzer`` command: loads, checks, and clear errors that change nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from graph_service.cli import cli
from tests.conftest import BASE, DATA, free_port

ROOT = Path(__file__).resolve().parents[1]
FILES = DATA / "store"
G = BASE + "graph/test"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    """A CLI runner on a fresh embedded store under a temporary DATA_DIR."""
    monkeypatch.setenv("WIJKWIJZER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("WIJKWIJZER_STORE", raising=False)
    return CliRunner()


def stats(runner) -> str:
    result = runner.invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    return result.output


def test_load_then_stats_lists_the_graph(runner):
    result = runner.invoke(
        cli, ["load", str(FILES / "two_publications.ttl"), "--graph", G]
    )

    assert result.exit_code == 0, result.output
    assert "5 triples (5 added" in result.output
    assert G in stats(runner)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-such-file.ttl", "does not exist"),
        ("syntax_error_line_5.ttl", "syntax_error_line_5.ttl, line 5"),
        ("empty.ttl", "is empty"),
        ("only_prefixes.ttl", "contains no triples"),
    ],
)
def test_bad_input_fails_clearly_and_changes_nothing(runner, name, message):
    runner.invoke(cli, ["load", str(FILES / "two_publications.ttl"), "--graph", G])
    before = stats(runner)

    result = runner.invoke(cli, ["load", str(FILES / name), "--graph", G])

    assert result.exit_code == 1
    assert message in result.output
    assert stats(runner) == before


def test_unknown_format_names_the_choices(runner, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")

    result = runner.invoke(cli, ["load", str(path), "--graph", G])

    assert result.exit_code == 1
    assert "--format" in result.output


def test_init_loads_ontology_and_reference_data(runner):
    result = runner.invoke(cli, ["init"])

    assert result.exit_code == 0, result.output
    listed = stats(runner)
    assert BASE + "graph/ontology" in listed
    assert BASE + "graph/reference/tooi-gemeenten" in listed


def test_dump_writes_n_quads(runner, tmp_path):
    runner.invoke(cli, ["load", str(FILES / "two_publications.ttl"), "--graph", G])
    target = tmp_path / "dump.nq"

    result = runner.invoke(cli, ["dump", "-o", str(target)])

    assert result.exit_code == 0, result.output
    assert len(list(parse(path=str(target), format=RdfFormat.N_QUADS))) == 5


def test_backup_makes_a_usable_store(runner, tmp_path):
    runner.invoke(cli, ["load", str(FILES / "two_publications.ttl"), "--graph", G])

    result = runner.invoke(cli, ["backup", str(tmp_path / "backup")])

    assert result.exit_code == 0, result.output
    from graph_service.store.embedded import EmbeddedStore

    copy = EmbeddedStore(tmp_path / "backup", BASE)
    assert [g.iri for g in copy.graphs()] == [G]


def test_drop_unknown_graph_fails(runner):
    result = runner.invoke(cli, ["drop", BASE + "graph/none"])

    assert result.exit_code == 1 and "no graph" in result.output


def test_validate_valid_file_passes(runner):
    shapes = DATA / "shapes"
    result = runner.invoke(
        cli,
        [
            "validate",
            str(shapes / "partner.ttl"),
            str(shapes / "valid_publication.ttl"),
        ],
    )

    assert result.exit_code == 0, result.output


def test_validate_invalid_file_reports_focus_node_and_fails(runner):
    result = runner.invoke(
        cli, ["validate", str(DATA / "shapes" / "publication_without_title.ttl")]
    )

    assert result.exit_code == 1
    assert "<" + BASE in result.output


def test_validate_syntax_error_names_line(runner):
    result = runner.invoke(cli, ["validate", str(FILES / "syntax_error_line_5.ttl")])

    assert result.exit_code == 1 and "line 5" in result.output


def test_help_lists_every_setting(runner):
    from graph_service.settings import SETTINGS

    result = runner.invoke(cli, ["--help"])

    assert all(s.env in result.output for s in SETTINGS)


def test_locked_store_without_service_is_explained(runner, tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from graph_service.store.embedded import EmbeddedStore\n"
            "store = EmbeddedStore(sys.argv[1], 'https://data.wijkwijzer.nl/')\n"
            "print('open', flush=True)\n"
            "time.sleep(60)\n",
            str(tmp_path / "var" / "store"),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = runner.invoke(cli, ["stats"])
    finally:
        holder.kill()
        holder.wait()

    assert result.exit_code == 1
    assert "in use by another process" in result.output


@pytest.mark.slow
def test_cli_talks_to_the_running_service(tmp_path):
    port = free_port()
    env = {**os.environ, "WIJKWIJZER_DATA_DIR": str(tmp_path / "var")}
    env.pop("WIJKWIJZER_STORE", None)
    command = [sys.executable, "-m", "graph_service.cli"]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/")
        loaded = subprocess.run(
            [*command, "load", str(FILES / "two_publications.ttl"), "--graph", G],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        bad = subprocess.run(
            [*command, "load", str(FILES / "syntax_error_line_5.ttl"), "--graph", G],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        page = requests.get(f"http://127.0.0.1:{port}/", timeout=10)
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert loaded.returncode == 0, loaded.stderr
    assert "Using the running service" in loaded.stderr
    assert bad.returncode == 1 and "syntax_error_line_5.ttl, line 5" in bad.stderr
    assert page.status_code == 200 and "Rapporten" in page.text


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not come up")


def test_file_over_the_load_limit_is_refused(runner, monkeypatch):
    monkeypatch.setenv("WIJKWIJZER_MAX_LOAD_BYTES", "100")

    result = runner.invoke(
        cli, ["load", str(FILES / "two_publications.ttl"), "--graph", G]
    )

    assert result.exit_code == 1
    assert "larger than MAX_LOAD_BYTES (100 bytes)" in result.output
    assert G not in stats(runner)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("no-such-file.ttl", "does not exist"),
        ("empty.ttl", "is empty"),
        ("only_prefixes.ttl", "contains no triples"),
    ],
)
def test_validate_bad_input_fails_clearly(runner, name, message):
    result = runner.invoke(cli, ["validate", str(FILES / name)])

    assert result.exit_code == 1 and message in result.output


def test_init_and_stats_over_the_remote_backend(oxigraph_server, monkeypatch, tmp_path):
    from tests.conftest import remote_store

    remote_store(oxigraph_server).close()
    monkeypatch.setenv("WIJKWIJZER_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("WIJKWIJZER_STORE", "remote")
    for name, path in (("QUERY", "query"), ("UPDATE", "update"), ("GSP", "store")):
        monkeypatch.setenv(f"WIJKWIJZER_REMOTE_{name}_URL", f"{oxigraph_server}/{path}")
    runner = CliRunner()

    first = runner.invoke(cli, ["init", "--demo"])
    again = runner.invoke(cli, ["init", "--demo"])

    assert first.exit_code == 0, first.output
    assert "0 added, 0 removed" in again.output
    listed = stats(runner)
    assert BASE + "graph/catalogue" in listed
    assert "urn:wijkwijzer:control" not in listed
