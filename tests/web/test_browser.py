"""End-to-end in real headless Chromium (the system's /usr/bin/chromium, driven by Playwright).

Upload exports by drag and drop, see the ghost, change the hours and see the plan change,
download the PDF report; screenshots of the main pages go to docs/screenshots/.
"""

from __future__ import annotations

import base64
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from chandelle.web.app import create_app
from chandelle.web.settings import WebSettings

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs /usr/bin/chromium (scripts/system-deps.sh installs it)"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """chandelle serve on a free loopback port, in a thread."""
    import uvicorn

    port = _free_port()
    demo_profile = files("chandelle.demo").joinpath("institution.toml").read_text(encoding="utf-8")
    (tmp_path / "institution.toml").write_text(demo_profile, encoding="utf-8")
    settings = WebSettings(db=tmp_path / "store.duckdb", port=port, profile=tmp_path / "institution.toml")
    app = create_app(settings)
    app.state.gate.prepare()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uv_server = uvicorn.Server(config)
    thread = threading.Thread(target=uv_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv_server.started:
        assert time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv_server.should_exit = True
    thread.join(10)


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                                      locale="fr-FR")
        tab = context.new_page()
        tab.set_default_timeout(60_000)
        yield tab
        context.close()
        browser.close()


def _drop_files(page: Any, files: list[Path]) -> None:
    """Drop files on the drop zone the way a user's drag and drop does (a real DataTransfer)."""
    payload = [{"name": f.name, "data": base64.b64encode(f.read_bytes()).decode()} for f in files]
    page.evaluate("""(files) => {
        const transfer = new DataTransfer();
        for (const f of files) {
            const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
            transfer.items.add(new File([bytes], f.name));
        }
        const zone = document.querySelector("[data-dropzone]");
        for (const kind of ["dragenter", "dragover", "drop"]) {
            const init = {dataTransfer: transfer, bubbles: true, cancelable: true};
            zone.dispatchEvent(new DragEvent(kind, init));
        }
    }""", payload)


def _shot(page: Any, name: str) -> None:
    """Screenshots refresh docs/screenshots only when asked (CHANDELLE_SCREENSHOTS=1)."""
    folder = SCREENSHOTS if os.environ.get("CHANDELLE_SCREENSHOTS") else Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"chandelle-{name}.png" if folder != SCREENSHOTS
                             else folder / f"{name}.png"), full_page=False)


def test_upload_see_ghost_change_hours_download_pdf(page: Any, server: str, export_files: list[Path],
                                                    demo_as_of: str, tmp_path: Path) -> None:
    page.goto(f"{server}/")
    assert page.url.endswith("/import")                       # empty store: the start page is the import
    assert page.locator("html").get_attribute("lang") == "fr"
    _drop_files(page, export_files)
    page.fill("#handle", "museevalmont")                      # Twitch analytics do not name the account
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_selector("#import-result .notice-ok", timeout=120_000)
    assert "Import terminé" in page.inner_text("#import-result")
    page.evaluate("document.getElementById('upload-form').scrollIntoView()")
    _shot(page, "import")

    page.goto(f"{server}/audit?as_of={demo_as_of}")
    ghost = page.locator("[data-ghost='x']")           # the demo museum abandoned X
    assert ghost.count() == 1 and "fantôme" in ghost.inner_text()
    _shot(page, "audit")

    page.goto(f"{server}/plan?as_of={demo_as_of}")
    before = page.inner_text("#plan-table tbody")
    before_hours = page.get_attribute(".plan-hours", "data-planned-hours")
    page.evaluate("document.getElementById('plan-controls').scrollIntoView()")
    _shot(page, "plan")
    with page.expect_response(lambda r: "/plan/result" in r.url):
        page.fill("#hours", "2")
        page.locator("#hours").dispatch_event("change")
    page.wait_for_function("(old) => document.querySelector('.plan-hours')"
                           "?.getAttribute('data-planned-hours') !== old", arg=before_hours)
    after = page.inner_text("#plan-table tbody")
    assert after != before
    assert float(page.get_attribute(".plan-hours", "data-planned-hours") or "nan") <= 2
    page.evaluate("document.getElementById('plan-controls').scrollIntoView()")
    _shot(page, "plan-2-hours")

    page.goto(f"{server}/calendar?start={demo_as_of}&as_of={demo_as_of}")
    _shot(page, "calendar")
    page.goto(f"{server}/profile")
    _shot(page, "profile")

    page.goto(f"{server}/downloads")
    with page.expect_download(timeout=120_000) as info:
        page.locator("a[href='/download/report.pdf']").click()
    saved = tmp_path / "rapport.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    page.set_viewport_size({"width": 820, "height": 1180})            # a tablet, portrait
    for path in ("/audit", "/plan", "/calendar", "/accounts"):
        page.goto(f"{server}{path}?as_of={demo_as_of}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    page.goto(f"{server}/audit?as_of={demo_as_of}")
    _shot(page, "audit-tablet")


def test_keyboard_and_language_switch(page: Any, server: str) -> None:
    page.goto(f"{server}/import")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"                                   # focus is visible
    page.locator("button[name=lang][value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en", page.content()[:500]
    assert "Import exports" in page.inner_text("h1")


def test_tablet_layout_has_no_horizontal_scroll(page: Any, server: str) -> None:
    page.set_viewport_size({"width": 820, "height": 1180})
    for path in ("/import", "/profile", "/downloads"):
        page.goto(f"{server}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
