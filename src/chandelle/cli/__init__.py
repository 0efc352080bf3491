"""chandelle's command line: a thin layer that parses, calls the core, and prints.

This is the one place where a failure becomes one clear line on stderr and a non-zero exit code:
a ``ChandelleError`` its own (2 for bad input, 3 for a busy store, 1 otherwise); a full or
unwritable disk 1; anything else is a bug in chandelle, said so in one line, exit 1. With
``--debug`` (anywhere on the command line) or ``CHANDELLE_DEBUG=1`` the full chained traceback
is printed first, for a bug report.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from chandelle import __version__
from chandelle.errors import ChandelleError, disk_failure

if TYPE_CHECKING:
    import duckdb

    from chandelle.analysis import Analysis, Institution
    from chandelle.request import PlanRequest

# Each module defines `register(group)`; listed explicitly, in the order of `--help`.
COMMAND_MODULES = (
    "chandelle.cli.imports",
    "chandelle.cli.profile",
    "chandelle.cli.audit",
    "chandelle.cli.content",
    "chandelle.cli.template",
    "chandelle.cli.demo",
    "chandelle.cli.web",
    "chandelle.cli.report",
    "chandelle.cli.plan",
    "chandelle.cli.observatory",
)


def lang_option(func: Any) -> Any:
    """--lang fr|en, French by default (or CHANDELLE_LANG)."""
    return click.option(
        "--lang", type=click.Choice(["fr", "en"]), default=lambda: os.environ.get("CHANDELLE_LANG", "fr"),
        show_default="fr", help="Langue des textes / language of the output.",
    )(func)


def db_option(func: Any) -> Any:
    """--db PATH (default: $CHANDELLE_DB or ./chandelle.duckdb)."""
    return click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=None,
        help="Base DuckDB (défaut : $CHANDELLE_DB ou ./chandelle.duckdb).",
    )(func)


def profile_option(func: Any) -> Any:
    """--profile PATH, given to the command as ``profile_path`` (a Path or None)."""
    return click.option(
        "--profile", "profile_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Profil de l'institution (défaut : ./institution.toml s'il existe).",
    )(func)


def _day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    from chandelle.request import day_from

    return None if value is None else day_from(value, f"--{(param.name or '').replace('_', '-')}")


def as_of_option(func: Any) -> Any:
    """--as-of YYYY-MM-DD, given to the command as a ``date`` or None (validated by the core)."""
    return click.option(
        "--as-of", "as_of", default=None, metavar="AAAA-MM-JJ", callback=_day,
        help="Date de l'état des lieux (défaut : aujourd'hui, heure de Paris).",
    )(func)


def day_option(name: str, help_text: str) -> Callable[[Any], Any]:
    """Another day option (``--start``), parsed and checked like --as-of."""
    return click.option(name, default=None, metavar="AAAA-MM-JJ", callback=_day, help=help_text)


def load_institution(profile_path: Path | None) -> Institution:
    """The profile (the flag, ./institution.toml, or the defaults) and its knowledge base."""
    from chandelle.analysis import Institution
    from chandelle.profile import load_profile

    return Institution.of(load_profile(profile_path))


@contextmanager
def reading_store(db: str | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store opened read-only for one command (StoreMissingError when it does not exist)."""
    from chandelle import store

    con = store.connect(db, read_only=True)
    try:
        yield con
    finally:
        con.close()


def analyse_store(db: str | None, institution: Institution, request: PlanRequest) -> Analysis:
    """The one analysis a command prints or writes: audit and plan of the store on ``request.as_of``."""
    from chandelle.analysis import analyse

    with reading_store(db) as con:
        return analyse(con, institution, request)


DEBUG_FLAG = "--debug"
DEBUG_ENV = "CHANDELLE_DEBUG"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="chandelle")
@click.option(DEBUG_FLAG, is_flag=True, expose_value=False,
              help="En cas d'erreur, afficher la trace complète (ou CHANDELLE_DEBUG=1).")
def cli() -> None:
    """chandelle : chaque réseau social vaut-il la chandelle ?

    Importez les exports de vos plateformes, auditez votre présence, planifiez les réseaux
    à garder, démarrer ou quitter, et produisez le calendrier et le rapport.
    """


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every failure into one line and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = os.environ.get(DEBUG_ENV, "") not in ("", "0")
    if DEBUG_FLAG in args[: args.index("--") if "--" in args else len(args)]:
        debug = True
        args.remove(DEBUG_FLAG)
    lang = _language(args)
    try:
        cli.main(args=args, prog_name="chandelle", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrompu." if lang == "fr" else "Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:                 # the one place every failure becomes one line
        if debug:
            traceback.print_exception(exc)
        error = as_chandelle_error(exc)
        _print_error(error.render(lang), lang)
        sys.exit(error.exit_code)


def _language(args: list[str]) -> str:
    lang = os.environ.get("CHANDELLE_LANG", "fr")
    if "--lang" in args:
        position = args.index("--lang")
        if position + 1 < len(args) and args[position + 1] in ("fr", "en"):
            lang = args[position + 1]
    return lang if lang in ("fr", "en") else "fr"


def as_chandelle_error(exc: Exception) -> ChandelleError:
    """The error the user reads: chandelle's own, a disk that refuses writes, or a bug."""
    if isinstance(exc, ChandelleError):
        return exc
    disk = disk_failure(exc)
    if disk is not None:
        return disk
    return ChandelleError(
        "Internal error in chandelle ({detail}). This is a bug, not a problem with your files.",
        hint="Run the same command with --debug and send the output to the chandelle maintainers.",
        detail=f"{type(exc).__name__}: {exc}"[:160],
    )


def _print_error(message: str, lang: str) -> None:
    from chandelle.cli.output import one_line

    prefix = "Erreur : " if lang == "fr" else "Error: "
    click.echo(prefix + one_line(message), err=True)
