"""The sector page: UK distributions for the profile's kind and size, and the accounts' percentiles."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from chandelle import store
from chandelle.audit.peers import sector_cadence
from chandelle.ingest import import_paths
from chandelle.web.app import create_app
from chandelle.web.settings import WebSettings

BASE = "http://127.0.0.1:8000"
AS_OF = date(2026, 3, 1)


def _export(path: Path) -> Path:
    """Generic-template CSV: X once a week, Facebook every three days, 30 items each."""
    rows = [f"{platform},musee,{AS_OF - timedelta(days=1 + n * every)}T10:00:00Z,{platform}-{n},photo,"
            "original"
            for platform, every in (("x", 7), ("facebook", 3)) for n in range(30)]
    header = "platform,account,published_at,id,format,type"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_sector_page_shows_the_group_and_the_accounts(tmp_path: Path) -> None:
    con = store.connect(tmp_path / "s.duckdb")
    import_paths(con, [_export(tmp_path / "a.csv")])
    con.close()
    (tmp_path / "institution.toml").write_text('name = "Musée test"\nkind = "fine_arts"\nsize = "large"\n',
                                                encoding="utf-8")
    settings = WebSettings(db=tmp_path / "s.duckdb", profile=tmp_path / "institution.toml")
    with TestClient(create_app(settings), base_url=BASE) as client:
        html = client.get(f"/sector?as_of={AS_OF.isoformat()}").text
    assert 'href="/sector"' in html and "Le secteur et votre place" in html
    row = re.search(r'<tr data-platform="x">(.*?)</tr>', html, re.S)
    assert row is not None and "Musée des beaux-arts, grands musées" in row.group(1)
    expected = sector_cadence("x", "fine_arts", "large")
    assert expected is not None
    median = f"{expected.median_items_per_week:.1f}".replace(".", ",")
    assert median in row.group(1)
    assert html.count("musées britanniques (Musée des beaux-arts, grands musées)") == 2   # x and facebook
