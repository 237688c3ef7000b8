"""``iat export --format csv_excel --lang fr``: the same formats and languages as the HR API."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import cli
from tests.support.hr_world import add_person, flatten_teams, make_world


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def _excel_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_cli_writes_csv_excel_in_french_with_its_codebook_beside(
    env: None, db: Session, tmp_path: Path
) -> None:
    world = make_world(db, {"Ventes": None})
    for d in (0.123456789, 0.2, 0.3):
        add_person(db, world, "Ventes", d=d)
    db.commit()
    out = tmp_path / "people.csv"
    args = ["export", "--campaign", str(world.campaign.id), "--kind", "individual"]
    args += ["--format", "csv_excel", "--out", str(out)]
    result = CliRunner().invoke(cli, [*args, "--lang", "fr"])
    assert result.exit_code == 0, result.output
    rows = _excel_rows(out.read_bytes())
    assert rows[0][:2] == ["Pseudonyme", "Équipe"]
    assert "0,123456789" in rows[1] + rows[2] + rows[3]
    codebook = _excel_rows((tmp_path / "people.csv.codebook.csv").read_bytes())
    assert codebook[-1][0] == "how_to_read" and codebook[-1][-1] == "http://iat.example/hr/guide"
    english = CliRunner().invoke(cli, [*args, "--lang", "en"])
    assert english.exit_code == 0 and _excel_rows(out.read_bytes())[0][:2] == ["Pseudonym", "Team"]
    bad = CliRunner().invoke(cli, [*args, "--lang", "xx"])
    assert bad.exit_code == 2 and "unknown language xx" in bad.output
