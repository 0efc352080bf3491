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
    app = create_app(settings)
    app.state.gate.prepare()
    with TestClient(app, base_url="http://192.0.2.10:8000") as client:
        assert client.get("/audit", follow_redirects=False).headers["location"] == "/login"
        token = csrf_of_login(client)
        refused = client.post("/login", data={"password": "faux", "csrf_token": token})
        assert refused.status_code == 401
        assert client.get("/accounts", follow_redirects=False).status_code == 303
        ok = client.post("/login", data={"password": "un mot de passe solide", "csrf_token": token},
                         follow_redirects=False)
        assert ok.status_code == 303
        assert SESSION_COOKIE in ok.headers.get("set-cookie", "")      # the login is remembered
        # not redirected back to /login: the page itself answers (a redirect would be 303)
        accounts = client.get("/accounts", follow_redirects=False)
        assert accounts.status_code == 200
        assert 'action="/login"' not in accounts.text


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


# --- hardening (issue 12): login back-off, headers everywhere, HTTPS proxy, time limits ---------

PASSWORD = "un mot de passe solide"


def _protected_app(tmp_path: Path, **overrides: Any) -> Any:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    settings = WebSettings(db=tmp_path / "s.duckdb", host="0.0.0.0", password_hash=hash_password_file(secret),
                           **overrides)
    return create_app(settings)


def test_login_throttle_doubles_the_wait_after_the_free_attempts() -> None:
    from chandelle.web.security import LoginThrottle

    now = [1000.0]
    throttle = LoginThrottle(free_attempts=2, max_backoff_s=10, clock=lambda: now[0])
    waits = []
    for _attempt in range(6):
        throttle.failed("198.51.100.7")
        waits.append(throttle.wait_s("198.51.100.7"))
    assert waits == [0, 1, 2, 4, 8, 10]               # free, then doubling, capped
    assert throttle.wait_s("203.0.113.9") == 0        # per client: another address is not slowed
    now[0] += 10
    assert throttle.wait_s("198.51.100.7") == 0
    throttle.succeeded("198.51.100.7")
    throttle.failed("198.51.100.7")
    assert throttle.wait_s("198.51.100.7") == 0       # a success forgets the past failures


def test_repeated_wrong_passwords_are_answered_429_even_for_the_right_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chandelle.web import pages_auth

    monkeypatch.setattr(pages_auth, "LOGIN_FAILURE_DELAY_S", 0)
    app = _protected_app(tmp_path)
    with TestClient(app, base_url="http://192.0.2.10:8000") as client:
        token = csrf_of_login(client)
        codes = [client.post("/login", data={"password": f"faux {n}", "csrf_token": token}).status_code
                 for n in range(5)]
        assert codes[:3] == [401, 401, 401] and 429 in codes[3:]
        refused = client.post("/login", data={"password": PASSWORD, "csrf_token": token},
                              follow_redirects=False)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert client.get("/accounts", follow_redirects=False).status_code == 303


def test_password_is_verified_off_the_event_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from chandelle.web import pages_auth

    threads: list[str] = []
    real = pages_auth.verify_password

    def spy(password_hash: str, candidate: str) -> bool:
        threads.append(threading.current_thread().name)
        return real(password_hash, candidate)

    monkeypatch.setattr(pages_auth, "verify_password", spy)
    with TestClient(_protected_app(tmp_path), base_url="http://192.0.2.10:8000") as client:
        token = csrf_of_login(client)
        loop_thread = client.portal.call(lambda: threading.current_thread().name)  # type: ignore[union-attr]
        client.post("/login", data={"password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert threads and threads[0] != loop_thread


def _assert_security_headers(response: Any) -> None:
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), response
    assert response.headers.get("x-frame-options") == "DENY"
    assert response.headers.get("x-content-type-options") == "nosniff"


def test_security_headers_on_redirects_errors_and_refusals(tmp_path: Path, base_url: str) -> None:
    with TestClient(_protected_app(tmp_path), base_url="http://192.0.2.10:8000") as client:
        _assert_security_headers(client.get("/audit", follow_redirects=False))            # 303 to /login
        _assert_security_headers(client.post("/import", files={"f": ("a", b"x")}))         # 401
        _assert_security_headers(client.get("/no-such-page"))                              # 404
    settings = WebSettings(db=tmp_path / "t.duckdb", max_upload_bytes=10)
    with TestClient(create_app(settings), base_url=base_url) as client:
        _assert_security_headers(client.get("/healthz", headers={"Host": "evil.example"}))  # 400 host
        _assert_security_headers(client.post("/import", content=b"x" * 100,
                                             headers={"Content-Type": "text/plain"}))      # 413


def test_a_bug_gives_a_500_page_with_headers_and_no_traceback(settings: WebSettings, base_url: str) -> None:
    app = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise AttributeError("'NoneType' object has no attribute 'secret_internal_detail'")

    with TestClient(app, base_url=base_url, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    _assert_security_headers(response)
    assert "Traceback" not in response.text and "secret_internal_detail" not in response.text
    assert "bogue" in response.text


def test_behind_https_proxy_cookies_are_secure_and_hsts_is_sent(tmp_path: Path) -> None:
    settings = WebSettings(db=tmp_path / "s.duckdb", behind_https_proxy=True)
    with TestClient(create_app(settings), base_url="http://127.0.0.1:8000") as client:
        response = client.get("/import")
    assert "secure" in response.headers["set-cookie"].lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_plain_http_cookies_are_not_secure(client: TestClient) -> None:
    response = client.get("/import")
    assert "secure" not in response.headers["set-cookie"].lower()
    assert "strict-transport-security" not in response.headers


def test_a_readable_password_file_is_warned_about(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "pw.txt"
    secret.write_text("court\n", encoding="utf-8")
    secret.chmod(0o644)
    result = run_cli("serve", "--host", "0.0.0.0", "--password-file", str(secret))
    assert "chmod 600" in result.stderr
    secret.chmod(0o600)
    private = run_cli("serve", "--host", "0.0.0.0", "--password-file", str(secret))
    assert "chmod 600" not in private.stderr


def test_a_web_import_over_its_time_limit_is_rolled_back_and_frees_the_store(
        tmp_path: Path, upload: Any, page_csrf: Any, base_url: str, web_fixtures: Path) -> None:
    settings = WebSettings(db=tmp_path / "s.duckdb", import_timeout_s=1e-9)
    app = create_app(settings)
    app.state.gate.prepare()
    with TestClient(app, base_url=base_url) as client:
        response = upload(client, page_csrf(client), web_fixtures / "publications.csv")
        assert response.status_code == 413
        assert "interrompu" in response.text
        after = client.get("/accounts")
    assert after.status_code == 200                     # not 503: the store is free again
    assert "musee_demo" not in after.text


def test_shutdown_deletes_the_upload_folders(settings: WebSettings, base_url: str, tmp_path: Path) -> None:
    from chandelle.web.pages_import import private_folder

    app = create_app(settings)
    with TestClient(app, base_url=base_url):
        manager = private_folder(app.state.imports)
        folder = manager.__enter__()                      # an upload still being imported
        (folder / "export.json").write_text("{}", encoding="utf-8")
    assert not folder.exists()                            # the lifespan's shutdown removed it


def test_a_full_disk_is_one_message_not_a_bug_report(settings: WebSettings, base_url: str) -> None:
    import duckdb

    app = create_app(settings)

    @app.get("/full")
    def full() -> None:
        raise duckdb.IOException("IO Error: Could not write file: No space left on device")

    with TestClient(app, base_url=base_url, raise_server_exceptions=False) as client:
        response = client.get("/full")
    assert response.status_code == 507
    _assert_security_headers(response)
    assert "disque" in response.text and "bogue" not in response.text
