"""Security of the web app: bind address, CSRF, sessions, login, hosts, limits, escaping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chandelle.web.app import create_app
from chandelle.web.security import SESSION_COOKIE, hash_password_file
from chandelle.web.settings import WebSettings


def test_serve_refuses_a_public_host_without_password(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "8765")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "0.0.0.0" in lines[0] and "--password-file" in lines[0]


def test_serve_refuses_a_short_password(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "pw.txt"
    secret.write_text("court\n", encoding="utf-8")
    result = run_cli("serve", "--host", "0.0.0.0", "--password-file", str(secret))
    assert result.exit_code == 2
    assert "pw.txt" in result.stderr


def test_state_change_without_csrf_token_is_refused(client: TestClient, upload: Any,
                                                    web_fixtures: Path) -> None:
    response = upload(client, None, web_fixtures / "publications.csv")
    assert response.status_code == 403
    bad = upload(client, "not-the-token", web_fixtures / "publications.csv")
    assert bad.status_code == 403
    assert client.post("/lang", data={"lang": "en"}).status_code == 403
    rows = client.get("/accounts").text
    assert "musee_demo" not in rows


def test_csrf_token_in_form_field_is_accepted(client: TestClient, csrf: str) -> None:
    response = client.post("/lang", data={"lang": "en", "csrf_token": csrf, "next": "/import"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert client.get("/import").text.count("Import exports") >= 1


def test_cross_origin_post_is_refused(client: TestClient, csrf: str) -> None:
    response = client.post("/lang", data={"lang": "en", "csrf_token": csrf},
                           headers={"Origin": "http://evil.example"})
    assert response.status_code == 403


def test_session_cookie_is_httponly_and_strict(settings: WebSettings, base_url: str) -> None:
    with TestClient(create_app(settings), base_url=base_url) as fresh:
        response = fresh.get("/import")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(SESSION_COOKIE + "=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie


def test_unknown_host_header_is_refused(client: TestClient) -> None:
    """A loopback server answers only to loopback names (DNS-rebinding guard)."""
    assert client.get("/healthz", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/healthz", headers={"Host": "localhost:8000"}).status_code == 200


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/import").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_password_protected_app_requires_login(tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text("un mot de passe solide\n", encoding="utf-8")
    password_hash = hash_password_file(secret)
    assert "un mot de passe" not in password_hash and password_hash.startswith("$argon2id$")
    settings = WebSettings(db=tmp_path / "s.duckdb", host="0.0.0.0", password_hash=password_hash)
    with TestClient(create_app(settings), base_url="http://192.0.2.10:8000") as client:
        assert client.get("/audit", follow_redirects=False).headers["location"] == "/login"
        token = csrf_of_login(client)
        refused = client.post("/login", data={"password": "faux", "csrf_token": token})
        assert refused.status_code == 401
        assert client.get("/accounts", follow_redirects=False).status_code == 303
        ok = client.post("/login", data={"password": "un mot de passe solide", "csrf_token": token},
                         follow_redirects=False)
        assert ok.status_code == 303
        assert client.get("/accounts").status_code == 200


def csrf_of_login(client: TestClient) -> str:
    import re

    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert match
    return match.group(1)


def test_upload_of_a_forbidden_type_is_refused(client: TestClient, csrf: str, tmp_path: Path,
                                               upload: Any) -> None:
    bad = tmp_path / "virus.exe"
    bad.write_bytes(b"MZ\x90\x00")
    response = upload(client, csrf, bad)
    assert response.status_code == 400
    assert "virus.exe" in response.text and ".exe" in response.text


def test_upload_above_the_size_limit_is_refused(tmp_path: Path, upload: Any, page_csrf: Any,
                                                base_url: str) -> None:
    settings = WebSettings(db=tmp_path / "s.duckdb", max_upload_bytes=1000)
    with TestClient(create_app(settings), base_url=base_url) as client:
        token = page_csrf(client)
        big = tmp_path / "gros.csv"
        big.write_bytes(b"a," * 2000)
        response = upload(client, token, big)
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/import", "/accounts"])
def test_pages_are_french_by_default(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert '<html lang="fr">' in html
    assert "Importer" in html


def test_too_many_files_is_refused_cleanly(tmp_path: Path, upload: Any, page_csrf: Any,
                                           base_url: str) -> None:
    settings = WebSettings(db=tmp_path / "s.duckdb", max_files=2)
    files = []
    for number in range(3):
        path = tmp_path / f"f{number}.csv"
        path.write_text("plateforme,compte,date\n", encoding="utf-8")
        files.append(path)
    with TestClient(create_app(settings), base_url=base_url) as client:
        response = upload(client, page_csrf(client), *files, **{"HX-Request": "true"})
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "<html" not in response.text
