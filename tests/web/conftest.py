"""Fixtures for the web app: a TestClient on a fresh store, and the CSRF token it was given."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from chandelle.web.app import create_app
from chandelle.web.settings import WebSettings

WEB_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "web"
BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def base_url() -> str:
    return BASE_URL


def csrf_of(client: TestClient) -> str:
    """The CSRF token embedded in a page (as the browser would read it)."""
    html = client.get("/import").text
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def settings(tmp_path: Path) -> WebSettings:
    return WebSettings(db=tmp_path / "store.duckdb", profile=tmp_path / "institution.toml")


@pytest.fixture
def client(settings: WebSettings) -> Iterator[TestClient]:
    app = create_app(settings)
    app.state.gate.prepare()
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture
def csrf(client: TestClient) -> str:
    return csrf_of(client)


def _upload(client: TestClient, token: str | None, *paths: Path, **headers: str) -> Response:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
    all_headers = {**({"X-CSRF-Token": token} if token else {}), **headers}
    return client.post("/import", files=files, headers=all_headers)


@pytest.fixture
def upload() -> Callable[..., Response]:
    """upload(client, token, *paths, **headers): POST /import as the page's script does."""
    return _upload


@pytest.fixture
def web_fixtures() -> Path:
    return WEB_FIXTURES


@pytest.fixture
def page_csrf() -> Callable[[TestClient], str]:
    return csrf_of


@pytest.fixture
def export_files(tmp_path: Path) -> list[Path]:
    """The demo museum's exports (six networks, X abandoned: the ghost), as a user downloads them."""
    from chandelle.demo import write_exports

    return write_exports(tmp_path / "exports")


@pytest.fixture
def demo_as_of() -> str:
    from chandelle.demo import DEFAULT_AS_OF

    return DEFAULT_AS_OF.isoformat()


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> WebSettings:
    """The demo museum's exports imported once per test module, with its profile."""
    from importlib.resources import files

    from chandelle import store
    from chandelle.demo import DEMO_HANDLE, write_exports
    from chandelle.ingest import import_paths

    folder = tmp_path_factory.mktemp("demo")
    con = store.connect(folder / "demo.duckdb")
    import_paths(con, write_exports(folder / "exports"), hints={"handle": DEMO_HANDLE})
    con.close()
    demo_profile = files("chandelle.demo").joinpath("institution.toml").read_text(encoding="utf-8")
    (folder / "institution.toml").write_text(demo_profile, encoding="utf-8")
    return WebSettings(db=folder / "demo.duckdb", profile=folder / "institution.toml")
