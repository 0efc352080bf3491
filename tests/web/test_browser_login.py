"""End-to-end in real headless Chromium: a password-protected app, logged into, reaching the audit.

The bug this guards against (issue 12): a correct password answered 303 without a session cookie,
so the browser was sent back to /login forever. Here the browser itself must end on the audit page
showing the demo museum's ghost, and stay logged in from page to page.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from test_browser import CHROMIUM, LAUNCH_ARGS, _free_port, serving

from chandelle import store
from chandelle.ingest import import_paths
from chandelle.web.app import create_app
from chandelle.web.security import SESSION_COOKIE, hash_password_file
from chandelle.web.settings import WebSettings

PASSWORD = "chandelle du musée de Valmont"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs /usr/bin/chromium (scripts/system-deps.sh installs it)"),
]


@pytest.fixture
def protected_server(tmp_path: Path, export_files: list[Path]) -> Iterator[str]:
    """chandelle serve with --password-file, on a store that already holds the demo exports."""
    db = tmp_path / "store.duckdb"
    con = store.connect(db)
    try:
        import_paths(con, export_files, hints={"handle": "museevalmont"})
    finally:
        con.close()
    profile = files("chandelle.demo").joinpath("institution.toml").read_text(encoding="utf-8")
    (tmp_path / "institution.toml").write_text(profile, encoding="utf-8")
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    secret.chmod(0o600)
    port = _free_port()
    settings = WebSettings(db=db, port=port, profile=tmp_path / "institution.toml",
                           password_hash=hash_password_file(secret))
    app = create_app(settings)
    app.state.gate.prepare()
    with serving(app, port) as url:
        yield url


@pytest.fixture
def browser_context() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        yield context
        context.close()
        browser.close()


def test_login_with_the_password_reaches_the_audit(browser_context: Any, protected_server: str,
                                                   demo_as_of: str) -> None:
    page = browser_context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{protected_server}/audit?as_of={demo_as_of}")
    assert page.url.endswith("/login")                        # not logged in: the login page

    page.fill("#password", "pas le bon mot de passe")
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_selector("#password-error")
    assert "/login" in page.url

    page.fill("#password", PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)
    assert page.url.rstrip("/").endswith("/audit")            # home sends a filled store to the audit

    session = [c for c in browser_context.cookies() if c["name"] == SESSION_COOKIE]
    assert session and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict"

    page.goto(f"{protected_server}/audit?as_of={demo_as_of}")  # still logged in on the next page
    assert "/login" not in page.url
    ghost = page.locator("[data-ghost='x']")                  # the demo museum abandoned X
    assert ghost.count() == 1 and "fantôme" in ghost.inner_text()
    page.goto(f"{protected_server}/accounts")
    assert "/login" not in page.url and "museevalmont" in page.inner_text("main")
