"""Settings: one table, documented in the README, read from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service import settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_in_the_readme(setting):
    assert f"`{setting.env}`" in README


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.setenv("WIJKWIJZER_PORT", "6123")
    monkeypatch.setenv("WIJKWIJZER_STORE", "memory")

    config = settings.resolve()

    assert config["PORT"] == 6123 and config["STORE"] == "memory"


def test_config_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    path = tmp_path / "config.py"
    path.write_text("PORT = 7001\nHOST = '0.0.0.0'\n")
    monkeypatch.setenv("WIJKWIJZER_CONFIG", str(path))
    monkeypatch.setenv("WIJKWIJZER_PORT", "7002")

    config = settings.resolve()

    assert config["HOST"] == "0.0.0.0" and config["PORT"] == 7002


def test_base_iri_without_slash_is_refused():
    with pytest.raises(ValueError, match="BASE_IRI must end with a slash"):
        settings.resolve({"BASE_IRI": "https://example.org"})


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="STORE must be"):
        settings.resolve({"STORE": "postgres"})
