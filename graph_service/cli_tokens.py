"""``wijkwijzer tokens``: partners' API tokens for pushing their own graphs.

A token is printed once, when it is created; the service keeps only its hash
(:mod:`graph_service.private`). With a running service the commands go
through its admin API, like every store command; otherwise they open
``DATA_DIR/private.sqlite`` themselves.
"""

from __future__ import annotations

import contextlib

import click

from graph_service.errors import WijkWijzerError
from graph_service.private import PrivateStore, Token
from graph_service.service import ServiceClient, running_service


def _cli():
    from graph_service import cli

    return cli


@contextlib.contextmanager
def _private(config: dict):
    """The running service's client, or the private store opened here."""
    if config["STORE"] == "memory":
        _cli().fail("STORE=memory keeps nothing between commands; use embedded")
    embedded = config["STORE"] == "embedded"
    info = running_service(config["DATA_DIR"]) if embedded else None
    if info is not None:
        click.echo(f"Using the running service at {info.url}", err=True)
        yield ServiceClient(info)
        return
    private = PrivateStore.for_config(config)
    try:
        yield private
    finally:
        private.close()


@click.group("tokens")
def tokens():
    """Create, list and revoke partners' API tokens for pushes."""


@tokens.command("create")
@click.argument("partner")
@click.pass_obj
def create(config, partner):
    """Create a token for PARTNER (the slug of id/partner/PARTNER); shown once."""
    from loaders.push import partner_known

    with _private(config) as private:
        try:
            if isinstance(private, ServiceClient):
                made = private.create_token(partner)
                secret, token_id = made["token"], made["id"]
            else:
                with _cli().store_for_cli(config, write=False) as store:
                    if not partner_known(store, partner):
                        _cli().fail(f"There is no partner {partner!r}; see /partners")
                secret, token = private.create_token(partner)
                token_id = token.id
        except WijkWijzerError as error:
            _cli().fail(str(error))
    click.echo(f"Token {token_id} for {partner} (shown only now; keep it secret):")
    click.echo(secret)


@tokens.command("list")
@click.pass_obj
def list_tokens(config):
    """List every token: id, partner, created, last used, revoked."""
    with _private(config) as private:
        if isinstance(private, ServiceClient):
            rows = [Token(**row) for row in private.tokens()]
        else:
            rows = private.tokens()
    for t in rows:
        state = f"revoked {t.revoked}" if t.revoked else "active"
        used = t.last_used or "never used"
        click.echo(f"{t.id:>4}  {t.partner:<28} {t.created}  {used:<25} {state}")


@tokens.command("revoke")
@click.argument("token_id", metavar="ID", type=int)
@click.pass_obj
def revoke(config, token_id):
    """Revoke token ID; pushes with it are refused from now on."""
    with _private(config) as private:
        try:
            if isinstance(private, ServiceClient):
                private.revoke_token(token_id)
            elif not private.revoke_token(token_id):
                _cli().fail(f"There is no active token {token_id}")
        except WijkWijzerError as error:
            _cli().fail(str(error))
    click.echo(f"Revoked token {token_id}")


@tokens.command("audit")
@click.option("--partner", help="Only this partner's pushes (its slug).")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True)
@click.pass_obj
def audit(config, partner, limit):
    """Show the newest pushes, accepted or refused: who, what, when, outcome.

    Reads DATA_DIR/private.sqlite directly (SQLite lets a running service
    write while this reads).
    """
    if config["STORE"] == "memory":
        _cli().fail("STORE=memory keeps nothing between commands; use embedded")
    private = PrivateStore.for_config(config)
    try:
        rows = private.audit_rows(limit, partner)
    finally:
        private.close()
    if not rows:
        click.echo("No pushes recorded" + (f" for {partner}" if partner else ""))
    for row in reversed(rows):
        who = row["partner"] or "(unknown token)"
        counts = (
            f"+{row['added']} -{row['removed']} ={row['unchanged']}, "
            f"{row['quarantined']} quarantined"
        )
        line = (
            f"{row['time']}  {row['status']}  {row['method']:<6} {who:<20} "
            f"{row['graph'] or '-'}  {row['result']}  {counts}"
        )
        if row["error"]:
            line += f"  error: {row['error']}"
        click.echo(line)
