"""`chandelle serve`: the local web app (127.0.0.1 unless a password protects it).

Behind an HTTPS reverse proxy (see docs/security.md), ``--behind-https-proxy`` marks the cookies
``Secure``, adds HSTS and trusts the proxy's ``X-Forwarded-*`` headers (from 127.0.0.1 only, or
``FORWARDED_ALLOW_IPS``); ``--public-host`` names the address users type, for the Host check.
"""

from __future__ import annotations

from pathlib import Path

import click

from chandelle.cli import db_option, lang_option
from chandelle.cli.output import clean
from chandelle.i18n import translator
from chandelle.store import db_path
from chandelle.web.settings import DEFAULT_IMPORT_TIMEOUT_S

GRACEFUL_SHUTDOWN_S = 3      # then running requests are cancelled; imports stop and roll back


def register(group: click.Group) -> None:
    group.add_command(serve_command)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Adresse d'écoute ; autre que 127.0.0.1 seulement avec --password-file.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port d'écoute.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Fichier dont la première ligne est le mot de passe (gardé haché en mémoire).")
@click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Profil de l'institution (défaut : institution.toml à côté de la base).")
@click.option("--behind-https-proxy", is_flag=True,
              help="Servi en HTTPS par un proxy inverse : cookies Secure, HSTS, en-têtes X-Forwarded-*.")
@click.option("--public-host", "public_hosts", multiple=True, metavar="NOM",
              help="Nom (ou nom:port) sous lequel le proxy publie l'application ; répétable.")
@click.option("--import-timeout", type=click.FloatRange(min=1), default=DEFAULT_IMPORT_TIMEOUT_S,
              show_default=True, help="Durée maximale (s) d'un import depuis le navigateur.")
@db_option
@lang_option
def serve_command(host: str, port: int, password_file: Path | None, profile: Path | None,
                  behind_https_proxy: bool, public_hosts: tuple[str, ...], import_timeout: float,
                  db: str | None, lang: str) -> None:
    """Ouvrir l'application web locale (dans le navigateur, sur cet ordinateur)."""
    import uvicorn

    from chandelle.web.app import create_app
    from chandelle.web.security import check_bind, hash_password_file, password_file_is_private
    from chandelle.web.settings import WebSettings

    _ = translator(lang)
    check_bind(host, password_file is not None)
    if password_file is not None and not password_file_is_private(password_file):
        click.echo(_("Warning: {file} can be read by other users of this computer; "
                     "make it private with: chmod 600 {file}", file=clean(password_file)), err=True)
    password_hash = hash_password_file(password_file) if password_file else None
    settings = WebSettings(db=db_path(db).resolve(), host=host, port=port, profile=profile,
                           password_hash=password_hash, behind_https_proxy=behind_https_proxy,
                           extra_allowed_hosts=public_hosts, import_timeout_s=import_timeout)
    app = create_app(settings)
    app.state.gate.prepare()
    shown = f"[{host}]" if ":" in host else host
    click.echo(_("chandelle is open at http://{host}:{port}/ — press Ctrl+C to stop.", host=shown, port=port))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=behind_https_proxy, timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)
