"""`chandelle serve`: the local web app (127.0.0.1 unless a password protects it)."""

from __future__ import annotations

from pathlib import Path

import click

from chandelle.cli import db_option, lang_option
from chandelle.i18n import translator
from chandelle.store import db_path


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
@db_option
@lang_option
def serve_command(host: str, port: int, password_file: Path | None, profile: Path | None,
                  db: str | None, lang: str) -> None:
    """Ouvrir l'application web locale (dans le navigateur, sur cet ordinateur)."""
    import uvicorn

    from chandelle.web.app import create_app
    from chandelle.web.security import check_bind, hash_password_file
    from chandelle.web.settings import WebSettings

    check_bind(host, password_file is not None)
    password_hash = hash_password_file(password_file) if password_file else None
    settings = WebSettings(db=db_path(db).resolve(), host=host, port=port, profile=profile,
                           password_hash=password_hash)
    app = create_app(settings)
    app.state.gate.prepare()
    _ = translator(lang)
    shown = f"[{host}]" if ":" in host else host
    click.echo(_("chandelle is open at http://{host}:{port}/ — press Ctrl+C to stop.", host=shown, port=port))
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False, timeout_graceful_shutdown=5)
