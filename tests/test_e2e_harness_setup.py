"""The browser tests' set-up, checked without a browser: where Chromium is looked for and what a user
is told when it is missing (the browser tests themselves are in tests/e2e)."""

import os

import pytest

from e2e import e2e_helpers as h   # tests/ is on sys.path (rootdir-relative test modules)


def executable(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


@pytest.fixture
def nowhere(monkeypatch, tmp_path):
    """No browser anywhere: empty PATH, no fixed paths, no Playwright cache."""
    monkeypatch.delenv("AIMC_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(h, "CHROMIUM_PATHS", ())
    monkeypatch.setattr(h, "PLAYWRIGHT_BROWSERS", (str(tmp_path / "ms-playwright"),))
    return tmp_path


def test_missing_browser_message_says_how_to_install_on_each_system(nowhere):
    assert h.find_chromium() is None
    message = h.chromium_missing()
    for how in ("apt-get install chromium", "snap install chromium", "dnf install chromium",
                "brew install --cask chromium", "playwright install chromium", "AIMC_CHROMIUM"):
        assert how in message, how


@pytest.mark.parametrize("name", h.CHROMIUM_NAMES)
def test_usual_linux_names_on_path_are_found(nowhere, name):
    path = executable(nowhere / "bin" / name)
    assert h.find_chromium() == path


def test_macos_application_paths_are_searched(nowhere, monkeypatch):
    app = nowhere / "Applications" / "Google Chrome.app" / "Contents" / "MacOS" / "Google Chrome"
    monkeypatch.setattr(h, "CHROMIUM_PATHS", (str(app),))
    path = executable(app)
    assert h.find_chromium() == path


def test_real_search_list_covers_linux_and_macos():
    paths = set(h.CHROMIUM_PATHS)
    assert {"/usr/bin/chromium", "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"} <= paths


def test_playwright_download_is_found(nowhere):
    found = executable(nowhere / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    assert h.find_chromium() == found


def test_aimc_chromium_pointing_at_a_missing_file_is_named(nowhere, monkeypatch):
    missing = str(nowhere / "no" / "chrome")
    monkeypatch.setenv("AIMC_CHROMIUM", missing)
    assert h.find_chromium() is None
    message = h.chromium_missing()
    assert f"AIMC_CHROMIUM={missing} does not exist" in message and "apt-get install chromium" in message


def test_aimc_chromium_wins_over_the_search(nowhere, monkeypatch):
    executable(nowhere / "bin" / "chromium")
    chosen = executable(nowhere / "mine" / "chrome")
    monkeypatch.setenv("AIMC_CHROMIUM", chosen)
    assert h.find_chromium() == chosen
    assert os.access(chosen, os.X_OK)
