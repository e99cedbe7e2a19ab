"""Partners push their own graphs through the Graph Store Protocol, with a token."""

from __future__ import annotations

import io
import time

import pytest
from pyoxigraph import NamedNode, RdfFormat

from graph_service.app import create_app
from loaders import provenance
from tests.loaders.conftest import BASE, graph_triples, item

OWN = BASE + "graph/feed/platform31/push"
TURTLE = "text/turtle"


@pytest.fixture
def app(seeded_store, harvest_config):
    """An app over the seeded store; its query workers stop after the test."""
    made = create_app({**harvest_config, "QUERY_RATE_LIMIT": 0}, store=seeded_store)
    yield made
    made.extensions["public_queries"].close()


@pytest.fixture
def token(app):
    """A token of platform31, as the partner holds it."""
    secret, _row = app.extensions["private"].create_token("platform31")
    return secret


def send(client, method, token=None, graph=OWN, body="", media_type=TURTLE):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.open(
        "/graph-store",
        method=method,
        query_string={"graph": graph},
        data=body.encode(),
        headers={**headers, "Content-Type": media_type},
    )


def subjects(store, graph=OWN) -> set[str]:
    return {t.subject.value for t in graph_triples(store, graph)}


def test_put_creates_the_graph_and_records_a_push_run(app, token, seeded_store):
    answer = send(app.test_client(), "PUT", token, body=item("een", "Een"))

    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["records"] == 1
    assert subjects(seeded_store) == {BASE + "id/publicatie/een"}
    run = provenance.runs(seeded_store, BASE + "id/feed/platform31/push")[0]
    assert run["generated"] == OWN and run["triples"] == "7"
    kind = "ASK { GRAPH ?g { ?r <http://purl.org/dc/terms/type> 'push:ok' } }"
    assert seeded_store.ask(kind, {"g": NamedNode(BASE + "graph/meta")})


def test_put_again_replaces_and_answers_200(app, token, seeded_store):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))

    answer = send(client, "PUT", token, body=item("twee", "Twee"))

    assert answer.status_code == 200
    assert subjects(seeded_store) == {BASE + "id/publicatie/twee"}


def test_post_merges_old_and_posted_content(app, token, seeded_store):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))

    answer = send(client, "POST", token, body=item("twee", "Twee"))

    assert answer.status_code == 200
    assert subjects(seeded_store) == {
        BASE + "id/publicatie/een",
        BASE + "id/publicatie/twee",
    }


def test_delete_drops_the_graph_then_answers_404(app, token, seeded_store):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))

    assert send(client, "DELETE", token).status_code == 200
    assert subjects(seeded_store) == set()
    assert send(client, "DELETE", token).status_code == 404


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_no_token_is_401_with_bearer_challenge(app, method):
    answer = send(app.test_client(), method, body=item("een", "Een"))

    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert set(answer.get_json()["error"]) == {"status", "type", "message"}


def test_unknown_or_revoked_token_is_401(app, token):
    client = app.test_client()
    assert send(client, "PUT", "ww_guess", body=item("a", "A")).status_code == 401

    private = app.extensions["private"]
    private.revoke_token(private.tokens()[0].id)

    assert send(client, "PUT", token, body=item("a", "A")).status_code == 401


@pytest.mark.parametrize(
    "graph",
    [
        BASE + "graph/feed/vng/push",
        BASE + "graph/catalogue",
        BASE + "graph/feed/platform31/a/b",
        BASE + "graph/feed/platform31x/push",
    ],
)
def test_any_graph_but_the_partners_own_is_403(app, token, seeded_store, graph):
    answer = send(app.test_client(), "PUT", token, graph=graph, body=item("a", "A"))

    assert answer.status_code == 403
    assert graph in answer.get_json()["error"]["message"]
    assert graph_triples(seeded_store, graph) == set()


def test_unsupported_media_type_is_415(app, token):
    answer = send(app.test_client(), "PUT", token, body="x", media_type="text/csv")

    assert answer.status_code == 415


def test_body_over_the_size_limit_is_413_and_keeps_the_graph(app, token, seeded_store):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))
    app.config["HARVEST_MAX_BYTES"] = 100

    answer = send(client, "PUT", token, body=item("twee", "Twee"))

    assert answer.status_code == 413
    assert subjects(seeded_store) == {BASE + "id/publicatie/een"}


def test_invalid_records_are_quarantined_and_the_rest_written(app, token, seeded_store):
    body = item("goed", "Goed") + item("fout", "Fout", issued="gisteren")

    answer = send(app.test_client(), "PUT", token, body=body)

    report = answer.get_json()
    assert answer.status_code == 201 and report["records"] == 2
    assert [q["focus"] for q in report["quarantined"]] == [BASE + "id/publicatie/fout"]
    assert subjects(seeded_store) == {BASE + "id/publicatie/goed"}


def test_only_invalid_records_is_422_with_report_and_old_graph(
    app, token, seeded_store
):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))
    before = graph_triples(seeded_store, OWN)

    answer = send(client, "PUT", token, body=item("fout", "Fout", issued="nooit"))

    assert answer.status_code == 422
    assert "quarantined" in answer.get_json()["error"]["message"]
    assert answer.get_json()["report"]["quarantined"]
    assert graph_triples(seeded_store, OWN) == before


def test_syntax_error_is_400_naming_the_line(app, token, seeded_store):
    answer = send(app.test_client(), "PUT", token, body="<a> <b> .\n")

    assert answer.status_code == 400
    assert "line 1" in answer.get_json()["error"]["message"]


def test_every_push_is_audited_and_no_token_enters_the_graph(app, token, seeded_store):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))
    send(client, "PUT", token, graph=BASE + "graph/catalogue", body=item("a", "A"))
    send(client, "DELETE")

    rows = app.extensions["private"].audit_rows()
    assert [(r["method"], r["status"], r["result"]) for r in rows] == [
        ("DELETE", 401, "refused"),
        ("PUT", 403, "refused"),
        ("PUT", 201, "ok"),
    ]
    assert rows[2]["partner"] == "platform31" and rows[2]["added"] > 0
    dump = io.BytesIO()
    seeded_store.dump(dump, RdfFormat.N_QUADS)
    from graph_service.private import hash_token

    assert token.encode() not in dump.getvalue()
    assert hash_token(token).encode() not in dump.getvalue()


def test_get_on_the_same_path_still_reads_the_pushed_graph(app, token):
    client = app.test_client()
    send(client, "PUT", token, body=item("een", "Een"))

    deadline = time.monotonic() + 15
    while True:
        answer = client.get(
            "/graph-store",
            query_string={"graph": OWN},
            headers={"Accept": "application/n-triples"},
        )
        if answer.status_code == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert answer.status_code == 200
    assert "id/publicatie/een" in answer.get_data(as_text=True)


def test_admin_api_creates_lists_and_revokes_tokens(app):
    app.config["ADMIN_TOKEN"] = "admin-secret"
    client = app.test_client()
    admin = {"Authorization": "Bearer admin-secret"}

    made = client.post("/_admin/tokens", json={"partner": "vng"}, headers=admin)
    unknown = client.post("/_admin/tokens", json={"partner": "nobody"}, headers=admin)
    listed = client.get("/_admin/tokens", headers=admin).get_json()["tokens"]
    revoked = client.delete(f"/_admin/tokens/{made.get_json()['id']}", headers=admin)

    assert made.status_code == 200 and made.get_json()["token"].startswith("ww_")
    assert unknown.status_code == 400
    assert [t["partner"] for t in listed] == ["vng"] and "token" not in listed[0]
    assert revoked.status_code == 200
    assert app.extensions["private"].partner_for(made.get_json()["token"]) is None


def test_tokens_create_list_revoke_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from graph_service.cli import cli

    env = {"WIJKWIJZER_DATA_DIR": str(tmp_path / "var")}
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--demo"], env=env).exit_code == 0

    made = runner.invoke(cli, ["tokens", "create", "platform31"], env=env)
    refused = runner.invoke(cli, ["tokens", "create", "nobody"], env=env)
    listed = runner.invoke(cli, ["tokens", "list"], env=env)
    revoked = runner.invoke(cli, ["tokens", "revoke", "1"], env=env)
    again = runner.invoke(cli, ["tokens", "revoke", "1"], env=env)

    secret = made.output.strip().splitlines()[-1]
    assert made.exit_code == 0 and secret.startswith("ww_")
    assert refused.exit_code == 1 and "nobody" in refused.output
    assert "platform31" in listed.output and secret not in listed.output
    assert revoked.exit_code == 0 and again.exit_code == 1
    stored = (tmp_path / "var" / "private.sqlite").read_bytes()
    assert secret.encode() not in stored


def test_the_push_log_is_read_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from graph_service.cli import cli
    from graph_service.private import PrivateStore

    private = PrivateStore(tmp_path / "var" / "private.sqlite")
    graph = BASE + "graph/feed/platform31/push"
    private.audit(
        method="PUT",
        graph=graph,
        status=201,
        result="ok",
        partner="platform31",
        token_id=1,
        added=7,
    )
    private.audit(
        method="DELETE", graph=graph, status=401, result="refused", error="no token"
    )
    private.audit(
        method="POST", graph=graph, status=200, result="ok", partner="ccv", token_id=2
    )
    private.close()
    env = {"WIJKWIJZER_DATA_DIR": str(tmp_path / "var"), "WIJKWIJZER_STORE": "embedded"}
    runner = CliRunner()

    everything = runner.invoke(cli, ["tokens", "audit"], env=env)
    newest = runner.invoke(cli, ["tokens", "audit", "--limit", "1"], env=env)
    ours = runner.invoke(cli, ["tokens", "audit", "--partner", "platform31"], env=env)
    nobody = runner.invoke(cli, ["tokens", "audit", "--partner", "vng"], env=env)

    lines = everything.output.strip().splitlines()
    assert everything.exit_code == 0 and len(lines) == 3
    assert "PUT" in lines[0] and "+7" in lines[0] and "platform31" in lines[0]
    assert (
        "401" in lines[1] and "(unknown token)" in lines[1] and "no token" in lines[1]
    )
    assert newest.output.strip().splitlines() == [lines[2]]
    assert ours.output.strip().splitlines() == [lines[0]]
    assert "No pushes recorded for vng" in nobody.output
