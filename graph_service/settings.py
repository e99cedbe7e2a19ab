"""The one table of settings, read by the app factory, the CLI help and the docs test.

Every setting can be given as an environment variable ``WIJKWIJZER_<NAME>``, in
an instance config file (``WIJKWIJZER_CONFIG``, a Python file of ``NAME = value``
lines), or in the mapping passed to ``create_app``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_PREFIX = "WIJKWIJZER_"


@dataclass(frozen=True)
class Setting:
    """One configurable value: its name, default and a line of help."""

    name: str
    default: Any
    help: str

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return ENV_PREFIX + self.name


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "BASE_IRI",
        "https://data.wijkwijzer.nl/",
        "Base of every IRI we mint (id/, doc/, graph/); must end with a slash.",
    ),
    Setting(
        "STORE",
        "embedded",
        "Store backend: 'embedded' (pyoxigraph on disk), 'memory' or 'remote'.",
    ),
    Setting(
        "DATA_DIR",
        "var",
        "Folder for the embedded store, backups and the running service's state.",
    ),
    Setting(
        "REMOTE_QUERY_URL",
        "http://127.0.0.1:7878/query",
        "SPARQL 1.1 Query endpoint of the remote store.",
    ),
    Setting(
        "REMOTE_UPDATE_URL",
        "http://127.0.0.1:7878/update",
        "SPARQL 1.1 Update endpoint of the remote store.",
    ),
    Setting(
        "REMOTE_GSP_URL",
        "http://127.0.0.1:7878/store",
        "SPARQL 1.1 Graph Store Protocol endpoint of the remote store.",
    ),
    Setting(
        "REMOTE_TIMEOUT",
        60,
        "Seconds to wait for the remote store before giving up on a request.",
    ),
    Setting(
        "MAX_LOAD_BYTES",
        8 * 1024**3,
        "Largest RDF file or upload that a load accepts, in bytes.",
    ),
    Setting(
        "HOST",
        "127.0.0.1",
        "Address the development server listens on.",
    ),
    Setting("PORT", 5000, "Port the development server listens on."),
    Setting(
        "SECRET_KEY",
        None,
        "Key that signs sessions and forms; generated into DATA_DIR when unset.",
    ),
    Setting(
        "DEFAULT_LANGUAGE",
        "nl",
        "Language of the user interface when the browser does not ask for one.",
    ),
    Setting("LOG_LEVEL", "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting(
        "QUERY_TIME_LIMIT",
        10,
        "Seconds a public SPARQL query may run before it is stopped (answer 504).",
    ),
    Setting(
        "QUERY_ROW_LIMIT",
        10000,
        "Most result rows a public SELECT query may return; more is a 400.",
    ),
    Setting(
        "QUERY_TRIPLE_LIMIT",
        100000,
        "Most triples a public CONSTRUCT or DESCRIBE answer may hold; more is a 400.",
    ),
    Setting(
        "QUERY_MAX_RESULT_BYTES",
        64 * 1024**2,
        "Largest answer of a public query or graph read, in bytes; more is a 400.",
    ),
    Setting(
        "QUERY_MAX_LENGTH",
        20000,
        "Longest public SPARQL query accepted, in characters.",
    ),
    Setting(
        "QUERY_MAX_DEPTH",
        32,
        "Deepest nesting of braces, brackets and parentheses in a public query.",
    ),
    Setting(
        "QUERY_WORKERS",
        4,
        "Query worker processes; each runs one public query at a time.",
    ),
    Setting(
        "QUERY_WORKER_NICE",
        15,
        "CPU niceness added to query workers (0-19); pages and short queries "
        "go first while long queries run.",
    ),
    Setting(
        "QUERY_QUEUE_SECONDS",
        2,
        "Seconds a public query waits for a free worker before a 503.",
    ),
    Setting(
        "QUERY_RATE_LIMIT",
        120,
        "Public queries per client address per minute; 0 switches the limit off.",
    ),
    Setting(
        "QUERY_REFRESH_SECONDS",
        1,
        "Seconds after a write before the query workers see the new data.",
    ),
    Setting(
        "QUERY_ENGINE",
        "oxigraph",
        "The oxigraph server binary the query workers run (name on PATH or path).",
    ),
    Setting(
        "HARVEST_ALLOW_PRIVATE",
        False,
        "Let harvests fetch from private, loopback and link-local addresses.",
    ),
    Setting(
        "HARVEST_MAX_BYTES",
        256 * 1024**2,
        "Largest feed document a harvest (or a push) accepts, in bytes, "
        "after decompression.",
    ),
    Setting(
        "HARVEST_TIMEOUT",
        120,
        "Seconds one fetch may take in all, slow senders and retries included.",
    ),
    Setting(
        "HARVEST_RETRIES",
        3,
        "How often a fetch is retried after a 5xx or 429 answer.",
    ),
    Setting(
        "HARVEST_BACKOFF_MS",
        1000,
        "First wait before a retry, in milliseconds; doubled on each retry.",
    ),
    Setting(
        "HARVEST_PARSE_MEMORY_MB",
        4096,
        "Address-space limit of the child process that parses a feed, in MiB.",
    ),
    Setting(
        "HARVEST_PARSE_SECONDS",
        300,
        "Seconds the child process may spend parsing one feed document.",
    ),
    Setting(
        "HARVEST_KEEP_RUNS",
        200,
        "Harvest and push runs kept per feed in graph/meta (the newest successful "
        "one always); 0 keeps every run.",
    ),
    Setting(
        "HARVEST_SCHEDULE",
        True,
        "Let the running service harvest every feed at its harvest interval.",
    ),
)

BY_NAME = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """Return every setting at its default."""
    return {s.name: s.default for s in SETTINGS}


def _coerce(raw: str, default: Any) -> Any:
    """Turn an environment string into the type of the default."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if default is None:
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the settings given as ``WIJKWIJZER_*`` environment variables."""
    environ = os.environ if environ is None else environ
    found = {}
    for setting in SETTINGS:
        if setting.env in environ:
            found[setting.name] = _coerce(environ[setting.env], setting.default)
    return found


def from_file(path: str | os.PathLike) -> dict[str, Any]:
    """Return the upper-case names assigned in a Python config file."""
    namespace: dict[str, Any] = {}
    source = Path(path).read_text(encoding="utf-8")
    exec(compile(source, str(path), "exec"), namespace)
    return {k: v for k, v in namespace.items() if k.isupper() and k in BY_NAME}


def resolve(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the config file, then the environment, then ``overrides``.

    Raises ``ValueError`` naming a setting whose value cannot be used.
    """
    config = defaults()
    config_file = os.environ.get(ENV_PREFIX + "CONFIG")
    if config_file:
        config.update(from_file(config_file))
    config.update(from_environment())
    config.update(overrides or {})
    check(config)
    return config


def check(config: dict[str, Any]) -> None:
    """Raise ``ValueError`` for a setting whose value cannot work."""
    if not str(config["BASE_IRI"]).endswith("/"):
        raise ValueError(
            f"BASE_IRI must end with a slash, got {config['BASE_IRI']!r}; "
            "set WIJKWIJZER_BASE_IRI to e.g. https://data.example.nl/"
        )
    if config["STORE"] not in {"embedded", "memory", "remote"}:
        raise ValueError(
            f"STORE must be 'embedded', 'memory' or 'remote', got {config['STORE']!r}"
        )
    if not 0 <= int(config["QUERY_WORKER_NICE"]) <= 19:
        raise ValueError(
            "QUERY_WORKER_NICE must be between 0 and 19, got "
            f"{config['QUERY_WORKER_NICE']!r}"
        )
