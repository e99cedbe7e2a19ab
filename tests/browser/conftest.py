"""A live demo site on loopback and a real headless Chromium with axe-core.

Chromium comes from Debian (``scripts/test.sh`` installs it); axe-core from the
``axe-playwright-python`` package, which ships ``axe.min.js``. Nothing is
downloaded at test time.
"""

from __future__ import annotations

import shutil
import threading
from importlib import resources

import pytest
from werkzeug.serving import make_server

from graph_service.app import create_app
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import BASE, free_port
from tests.pages.conftest import load_demo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_script() -> str:
    """The text of axe.min.js as shipped by axe-playwright-python."""
    return (resources.files("axe_playwright_python") / "axe.min.js").read_text()


@pytest.fixture(scope="session")
def site():
    """The demo site served by a real HTTP server on a free loopback port."""
    store = EmbeddedStore(None, BASE)
    load_demo(store)
    app = create_app({"STORE": "memory", "HARVEST_SCHEDULE": False}, store=store)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    store.close()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from the system, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that prefers Dutch."""
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


def violations(page) -> list[dict]:
    """Run axe-core on the page; return its violations, each with its targets."""
    page.add_script_tag(content=axe_script())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
