"""Store backends behind one interface, chosen by the STORE setting."""

from __future__ import annotations

from pathlib import Path

from graph_service.store.base import DataVersion, GraphInfo, GraphStore, LoadReport

__all__ = ["DataVersion", "GraphInfo", "GraphStore", "LoadReport", "open_store"]


def store_folder(config: dict) -> Path:
    """Where the embedded store lives under DATA_DIR."""
    return Path(config["DATA_DIR"]) / "store"


def open_store(config: dict) -> GraphStore:
    """Open the backend the settings name.

    Raises ``StoreLockedError`` when another process holds the embedded store.
    """
    kind = config["STORE"]
    common = {
        "base_iri": config["BASE_IRI"],
        "max_load_bytes": config["MAX_LOAD_BYTES"],
    }
    if kind == "remote":
        from graph_service.store.remote import RemoteStore

        return RemoteStore(
            config["REMOTE_QUERY_URL"],
            config["REMOTE_UPDATE_URL"],
            config["REMOTE_GSP_URL"],
            timeout=config["REMOTE_TIMEOUT"],
            **common,
        )

    from graph_service.store.embedded import EmbeddedStore

    location = store_folder(config) if kind == "embedded" else None
    return EmbeddedStore(location, **common)
