"""End-to-end in real headless Chromium (the system's /usr/bin/chromium, driven by Playwright).

Upload exports by drag and drop, see the ghost, change the hours and see the plan change,
download the PDF report; screenshots of the main pages go to docs/screenshots/.
"""

from __future__ import annotations

import base64
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
def with_profile() -> bool:
    return True


@pytest.fixture
def server(tmp_path: Path, with_profile: bool) -> Iterator[str]:
    """chandelle serve on a free loopback port, in a thread (the demo museum's profile, or none)."""
    port = _free_port()
    if with_profile:
        demo_profile = files("chandelle.demo").joinpath("institution.toml").read_text(encoding="utf-8")
        (tmp_path / "institution.toml").write_text(demo_profile, encoding="utf-8")
    settings = WebSettings(db=tmp_path / "store.duckdb", port=port, profile=tmp_path / "institution.toml")
    app = create_app(settings)
    app.state.gate.prepare()
    with serving(app, port) as url:
        yield url


@contextmanager
def serving(app: Any, port: int) -> Iterator[str]:
    """Run ``app`` with uvicorn on a loopback port, in a thread, for the time of the block."""
    import uvicorn

    uv_server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
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


def _import_demo(page: Any, server: str, export_files: list[Path]) -> None:
    page.goto(f"{server}/import")
    _drop_files(page, export_files)
    page.fill("#handle", "museevalmont")
    page.locator("#upload-form button[type=submit]").click()
    page.wait_for_selector("#import-result .notice-ok", timeout=120_000)


def _no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("with_profile", [False])
def test_first_run_guide_banner_and_form(page: Any, server: str) -> None:
    """Points 1, 2 and 11: where to click per platform, defaults said on every page, a short form
    whose errors land next to the field with the focus on it."""
    page.goto(f"{server}/import")
    guide = page.locator("[data-guide='x']")
    assert guide.count() == 1 and "Un jour ou plus" in guide.inner_text()
    guide.locator("summary").click()
    assert "Télécharger une archive" in guide.inner_text()           # where to click, in French
    page.evaluate("document.getElementById('export-guide').scrollIntoView()")
    _shot(page, "guide")
    for path in ("/import", "/audit", "/plan", "/calendar", "/downloads"):
        page.goto(f"{server}{path}")
        banner = page.locator("#defaults-banner")
        assert banner.is_visible() and "valeurs par défaut" in banner.inner_text(), path
        assert "membre 1" not in page.inner_text("main") and "member 1" not in page.inner_text("main")
    page.locator("#defaults-banner a[href='/start']").click()
    page.wait_for_url("**/start")
    page.fill("#team-0-name", "Camille")
    page.fill("#team-0-hours", "6,5")
    page.locator("#start-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.id") == "name"           # focus on the field to fix
    assert "nom de l'institution" in page.inner_text("#name-error")
    _shot(page, "start")
    page.fill("#name", "Musée de Valmont")
    page.locator("#start-form button[type=submit]").click()
    page.wait_for_url("**/audit**")
    assert page.locator("#defaults-banner").count() == 0


def test_charts_engagement_and_calendar_realism(page: Any, server: str, export_files: list[Path],
                                                demo_as_of: str) -> None:
    """Points 4, 5, 9 and 10: every chart titled with its network, empty months shown, French
    numbers; engagement with its item counts; no weekend work; French words and dates."""
    _import_demo(page, server, export_files)
    page.goto(f"{server}/audit?as_of={demo_as_of}")
    x_card = page.locator("[data-network='x']")
    titles = x_card.locator("svg text[font-weight='bold']").all_text_contents()
    assert any(t.startswith("Publications par mois — X") for t in titles)
    assert x_card.locator("svg").first.is_visible()
    months = x_card.locator("svg").first.locator("text[transform]").count()
    assert months == 24
    numbers = " ".join(page.locator("svg text:not([transform])").all_text_contents())
    assert not re.search(r"\d\.\d", numbers) and re.search(r"\d,\d", numbers)   # « 0,5 », never « 0.5 »
    engagement = page.locator("table.engagement").first
    assert engagement.is_visible() and "Publications mesurées" in engagement.inner_text()
    page.locator("[data-network='instagram']").scroll_into_view_if_needed()
    _shot(page, "audit-network")
    page.goto(f"{server}/accounts")
    assert "Instagram" in page.inner_text("main table") and "instagram\t" not in page.inner_text("main table")
    page.goto(f"{server}/calendar?start=2026-06-01&weeks=2&as_of={demo_as_of}")
    assert "Semaine du 1er juin" in page.inner_text("main")
    days = page.locator("h3.cal-day").all_inner_texts()
    assert days and not any(d.lower().startswith(("samedi", "dimanche")) for d in days)
    _shot(page, "calendar")
    page.goto(f"{server}/plan?as_of={demo_as_of}&hours=40&max_networks=6")
    unplaced = page.locator("#plan-unplaced")
    assert unplaced.is_visible() and "ne trouvent pas de place" in unplaced.inner_text()


def test_scenarios_followup_glossary_forms_and_pdf_progress(page: Any, server: str, export_files: list[Path],
                                                            demo_as_of: str, tmp_path: Path) -> None:
    """Points 3, 6, 7, 11 and 12."""
    _import_demo(page, server, export_files)
    page.goto(f"{server}/plan?as_of={demo_as_of}")
    reach = page.locator("#reach-meaning")
    if reach.count():
        assert "pas le nombre de personnes" in reach.inner_text()
    with page.expect_response(lambda r: "/plan/result" in r.url):
        page.fill("#hours", "4")
        page.locator("#hours").dispatch_event("change")
    page.wait_for_function("() => document.querySelector('#save-scenario input[name=hours]')?.value === '4'")
    page.wait_for_load_state("networkidle")                   # the typing's delayed request too
    page.fill("#scenario-name", "Quatre heures")
    page.locator("#save-scenario button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/scenarios$"))
    assert page.locator("th[data-scenario='Quatre heures']").is_visible()
    _shot(page, "scenarios")
    with page.expect_download(timeout=120_000) as info:
        page.locator("a[href*='report.html'][href*='hours=4']").click()
    saved = tmp_path / "scenario.html"
    info.value.save_as(saved)
    assert "4 h" in saved.read_text(encoding="utf-8")

    requests: list[str] = []
    page.goto(f"{server}/plan?as_of={demo_as_of}")
    page.on("request", lambda r: requests.append(r.url) if "/plan/result" in r.url else None)
    page.fill("#hours", "-3")
    page.locator("#hours").dispatch_event("change")
    page.wait_for_selector("#hours-error")
    assert "entre 0 et 200" in page.inner_text("#hours-error")             # said next to the field
    assert page.get_attribute("#hours", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "hours"
    assert not requests                                                     # nothing sent, but said

    page.goto(f"{server}/glossary")
    assert "Points (pts)" in page.inner_text("main") and "Portée d'un public cible" in page.inner_text("main")
    page.goto(f"{server}/followup?as_of={demo_as_of}&since=2026-09-01")
    assert page.locator("#followup-table tbody tr").count() >= 3
    _shot(page, "followup")

    page.goto(f"{server}/downloads")
    with page.expect_download(timeout=120_000) as info:
        page.locator("a[href^='/download/report.pdf']").click()
        page.wait_for_selector("#pdf-busy:not([hidden])")                  # the wait is said
        assert "quelques secondes" in page.inner_text("#pdf-busy")
    pdf = tmp_path / "rapport.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename.startswith("chandelle-rapport-")
    page.wait_for_function("() => document.querySelector('#pdf-busy')?.innerText.includes('prêt')")


def test_tablet_reasons_and_hours_are_cards(page: Any, server: str, export_files: list[Path],
                                            demo_as_of: str) -> None:
    """Point 8: at 768 px the plan's reasons and the audit's hours are on screen, as cards."""
    _import_demo(page, server, export_files)
    page.set_viewport_size({"width": 768, "height": 1024})
    for path, table in (("/plan", "#plan-table"), ("/audit", "#audit-table")):
        page.goto(f"{server}{path}?as_of={demo_as_of}")
        assert _no_horizontal_scroll(page), path
        cells = page.locator(f"{table} td").all()
        for cell in cells[:16]:
            box = cell.bounding_box()
            assert box is None or box["x"] + box["width"] <= 768 + 1, path
    page.goto(f"{server}/plan?as_of={demo_as_of}")
    why = page.locator("#plan-table td.reasons-cell").first
    assert why.evaluate("(el) => getComputedStyle(el, '::before').content").strip('"') == "Pourquoi"
    why.scroll_into_view_if_needed()
    _shot(page, "plan-tablet")
