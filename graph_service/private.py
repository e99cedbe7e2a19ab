"""What never enters the RDF store: partners' API tokens and the push audit.

Both live in SQLite at ``DATA_DIR/private.sqlite`` (in memory for the memory
store). A token is shown once, when it is created; only its SHA-256 is kept,
so a copy of the file does not let anyone push. Every push attempt, refused
or not, leaves one audit row: who, which graph, which method, when, the
result and the counts.

>>> private = PrivateStore(None)
>>> token, row = private.create_token("platform31")
>>> private.partner_for(token).partner, private.partner_for("wrong")
('platform31', None)
>>> private.revoke_token(row.id) and private.partner_for(token) is None
True
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from graph_service.errors import InputError

TOKEN_PREFIX = "ww_"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    partner TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    last_used TEXT,
    revoked TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    token_id INTEGER,
    partner TEXT,
    method TEXT NOT NULL,
    graph TEXT,
    status INTEGER NOT NULL,
    result TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    quarantined INTEGER NOT NULL DEFAULT 0,
    added INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    triples INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
);
"""
_AUDIT_FIELDS = {
    "time", "token_id", "partner", "method", "graph", "status", "result", "error",
    "records", "quarantined", "added", "removed", "unchanged", "triples",
}  # fmt: skip
AUDIT_COUNTS = ("records", "quarantined", "added", "removed", "unchanged", "triples")


@dataclass(frozen=True)
class Token:
    """A token's public description; the secret itself is never stored."""

    id: int
    partner: str
    created: str
    last_used: str | None
    revoked: str | None

    @property
    def active(self) -> bool:
        """True until the token is revoked."""
        return self.revoked is None


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as kept in the database."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


class PrivateStore:
    """Tokens and audit rows in one SQLite file (``path=None``: in memory)."""

    def __init__(self, path: str | os.PathLike | None):
        self.path = Path(path) if path is not None else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                self.path.touch(mode=0o600)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            str(self.path) if self.path else ":memory:",
            check_same_thread=False,
            isolation_level=None,
        )
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA busy_timeout = 5000")
        self._db.executescript(_SCHEMA)

    @classmethod
    def for_config(cls, config: dict) -> PrivateStore:
        """The private store the settings name: in memory for STORE=memory."""
        if config["STORE"] == "memory":
            return cls(None)
        return cls(Path(config["DATA_DIR"]) / "private.sqlite")

    def _run(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- tokens ------------------------------------------------------------

    def create_token(self, partner: str) -> tuple[str, Token]:
        """A new token for ``partner``: the secret (shown once) and its row."""
        if not partner:
            raise InputError("Name the partner the token is for")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        created = _now()
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO tokens (partner, hash, created) VALUES (?, ?, ?)",
                (partner, hash_token(secret), created),
            )
        return secret, Token(cursor.lastrowid, partner, created, None, None)

    def tokens(self) -> list[Token]:
        """Every token ever created, oldest first, revoked ones included."""
        rows = self._run(
            "SELECT id, partner, created, last_used, revoked FROM tokens ORDER BY id"
        )
        return [Token(**dict(row)) for row in rows]

    def revoke_token(self, token_id: int) -> bool:
        """Revoke a token; False when there is no active token with that id."""
        with self._lock:
            cursor = self._db.execute(
                "UPDATE tokens SET revoked = ? WHERE id = ? AND revoked IS NULL",
                (_now(), int(token_id)),
            )
        return cursor.rowcount == 1

    def partner_for(self, token: str) -> Token | None:
        """The active token row matching the secret ``token``, or None."""
        rows = self._run(
            "SELECT id, partner, created, last_used, revoked FROM tokens "
            "WHERE hash = ? AND revoked IS NULL",
            (hash_token(token),),
        )
        if not rows:
            return None
        self._run("UPDATE tokens SET last_used = ? WHERE id = ?", (_now(), rows[0][0]))
        return Token(**dict(rows[0]))

    # -- audit -------------------------------------------------------------

    def audit(self, **row) -> None:
        """Append one audit row: method, status and result, plus what is known."""
        fields = {"time": _now(), **row}
        unknown = set(fields) - _AUDIT_FIELDS
        if unknown:
            raise ValueError(f"Unknown audit fields: {', '.join(sorted(unknown))}")
        names = ", ".join(fields)
        marks = ", ".join("?" for _ in fields)
        sql = f"INSERT INTO audit ({names}) VALUES ({marks})"
        self._run(sql, tuple(fields.values()))

    def audit_rows(self, limit: int = 100, partner: str | None = None) -> list[dict]:
        """The newest audit rows first; only ``partner``'s when given."""
        if partner is None:
            sql, args = "SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        else:
            sql = "SELECT * FROM audit WHERE partner = ? ORDER BY id DESC LIMIT ?"
            args = (partner, limit)
        return [dict(row) for row in self._run(sql, args)]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
