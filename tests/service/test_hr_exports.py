"""Export contents: columns, pseudonyms not linkable, policy none refused, named only when
allowed, team summary suppressed like the dashboard, trial-level CSV, audit rows written."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.db.models import AuditEvent, ParticipantSession, Trial
from app.domain import HRRole, IndividualResults, SessionState
from app.errors import Forbidden, InvalidInput, NotFound
from app.exports.campaign_export import cli_scope, export_campaign, export_codebook
from app.exports.schemas import ExportFormat, ExportKind
from app.exports.trial_format import COLUMNS as TRIAL_COLUMNS
from tests.support.hr_world import World, add_person, flatten_teams, make_world

CSV, XLSX = ExportFormat.CSV, ExportFormat.XLSX
PERSON = ["pseudonym", "team", "language", "input_modality", "iat_skipped"]
D = ["d_score", "d_band", "d_se", "d_excluded", "error_rate", "fast_rate", "quality_flags"]
PROVENANCE = ["trials_kept", "trials_dropped", "d_variant", "scoring_algorithm"]
PROVENANCE += ["scoring_options", "scoring_package_version"]


@pytest.fixture(autouse=True)
def _team_trees(db: Session) -> Iterator[None]:
    yield
    flatten_teams(db)


def _admin(world: World) -> HRScope:
    return HRScope(world.organisation.id, None, user_id=7, role=HRRole.HR_ADMIN)


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def _world(db: Session, policy: str = IndividualResults.PSEUDONYMOUS) -> World:
    world = make_world(db, {"Sales": None, "Ops": None}, policy=policy)
    add_person(db, world, "Sales", d=0.25, subscales={"LEAD": 4.0}, identity=("Ada L", "ada@x.fr"))
    add_person(db, world, "Sales", excluded=True, identity=("Bob M", "bob@x.fr"))
    add_person(db, world, "Ops", d=-0.5, flags={"too_many_errors": True})
    add_person(db, world, "Ops", d=0.9, withdrawn=True)  # withdrawn: never exported
    add_person(db, world, "Ops", state=SessionState.IN_PROGRESS)  # not completed
    db.commit()
    return world


def test_pseudonymous_export_has_no_code_and_rows_sorted_by_pseudonym(db: Session) -> None:
    world = _world(db)
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.INDIVIDUAL, CSV)
    rows = _rows(file.content)
    assert list(rows[0]) == PERSON + D + PROVENANCE + ["LEAD", "CONN", "AUTO"]
    assert file.row_count == len(rows) == 3
    assert [r["pseudonym"] for r in rows] == sorted(r["pseudonym"] for r in rows)
    text = file.content.decode()
    assert "code-" not in text and "ada@x.fr" not in text and "Ada L" not in text
    first = next(r for r in rows if r["d_score"] == "0.25")
    # 2 Sales and 1 Ops rows, under the IAT minimum of 3: no row carries its team
    assert (first["team"], first["LEAD"], first["d_variant"], first["d_excluded"]) == (
        "",
        "4.0",
        "D1",
        "0",
    )
    assert json.loads(first["scoring_options"])["variant"] == "D1"
    assert first["scoring_package_version"] == "0.1.0"
    excluded = next(r for r in rows if r["d_excluded"] == "1")
    assert excluded["d_score"] == "" and excluded["quality_flags"] == "too_fast"
    assert {r["quality_flags"] for r in rows} == {"", "too_fast", "too_many_errors"}


def test_policy_none_refuses_individual_rows_but_not_the_team_summary(db: Session) -> None:
    world = _world(db, IndividualResults.NONE)
    for kind in (ExportKind.INDIVIDUAL, ExportKind.TRIALS):
        with pytest.raises(Forbidden, match="policy"):
            export_campaign(db, _admin(world), world.campaign.id, kind, CSV)
    assert export_campaign(db, _admin(world), world.campaign.id, ExportKind.TEAM, CSV).row_count


def test_named_export_carries_identity_only_when_the_policy_says_so(db: Session) -> None:
    world = _world(db, IndividualResults.NAMED)
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.INDIVIDUAL, CSV)
    rows = _rows(file.content)
    assert list(rows[0])[:3] == ["full_name", "email", "pseudonym"]
    assert {r["full_name"] for r in rows} == {"Ada L", "Bob M", ""}
    assert "code-" not in file.content.decode()


def test_individual_and_trial_exports_are_for_hr_admins_only(db: Session) -> None:
    world = _world(db)
    team_ids = frozenset({world.teams["Sales"].id})
    manager = HRScope(world.organisation.id, team_ids, user_id=8, role=HRRole.MANAGER)
    with pytest.raises(Forbidden):
        export_campaign(db, manager, world.campaign.id, ExportKind.INDIVIDUAL, CSV)
    platform = HRScope(None, None, user_id=9, role=HRRole.PLATFORM_ADMIN)
    with pytest.raises(Forbidden):
        export_campaign(db, platform, world.campaign.id, ExportKind.TEAM, CSV)
    other = HRScope(world.organisation.id + 1000, None, user_id=7, role=HRRole.HR_ADMIN)
    with pytest.raises(NotFound):
        export_campaign(db, other, world.campaign.id, ExportKind.TEAM, CSV)


def test_team_summary_is_suppressed_and_cut_to_the_managers_teams(db: Session) -> None:
    world = make_world(db, {"Sales": None, "Ops": None})
    for d in (0.1, 0.2, 0.3):
        add_person(db, world, "Sales", d=d)
    add_person(db, world, "Ops", d=0.4)
    db.commit()
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.TEAM, CSV)
    rows = {r["team"]: r for r in _rows(file.content)}
    assert set(rows) == {"Campagne entière / Whole campaign", "Sales", "Ops"}
    assert rows["Ops"]["iat_suppressed"] == "1" and rows["Ops"]["d_mean"] == ""
    # campaign (4) − Sales (3) = 1 would reveal Ops: Sales is withheld too
    assert rows["Sales"]["iat_suppressed"] == "1" and rows["Sales"]["iat_n"] == ""
    assert rows["Campagne entière / Whole campaign"]["iat_n"] == "4"
    manager = HRScope(
        world.organisation.id, frozenset({world.teams["Ops"].id}), user_id=8, role=HRRole.MANAGER
    )
    file = export_campaign(db, manager, world.campaign.id, ExportKind.TEAM, CSV)
    assert [r["team"] for r in _rows(file.content)] == ["Ops"]


def test_xlsx_has_data_and_codebook_sheets(db: Session) -> None:
    world = _world(db)
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.INDIVIDUAL, XLSX)
    book = openpyxl.load_workbook(io.BytesIO(file.content), read_only=True)
    assert book.sheetnames == ["individual", "codebook"]
    data = list(book["individual"].iter_rows(values_only=True))
    codebook = list(book["codebook"].iter_rows(values_only=True))
    assert len(data) == 4
    header = codebook[0]
    assert header[:2] == ("column", "type")
    assert [row[0] for row in codebook[1:]] == PERSON + D + PROVENANCE + ["LEAD", "CONN", "AUTO"]
    # The data sheet's headers are the titles in the export's language (English by default).
    assert [row[header.index("title_en")] for row in codebook[1:]] == list(data[0])
    described = [header.index("description_fr"), header.index("description_en")]
    assert all(row[i] for row in codebook[1:] for i in described)
    assert 0.25 in [row[data[0].index("D score")] for row in data[1:]]


def test_text_cells_cannot_become_formulas(db: Session) -> None:
    world = make_world(db, {"=HYPERLINK(1)": None})
    for _ in range(3):  # the IAT minimum: the pseudonymous rows carry their team
        add_person(db, world, "=HYPERLINK(1)", d=0.1)
    db.commit()
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.INDIVIDUAL, CSV)
    assert _rows(file.content)[0]["team"] == "'=HYPERLINK(1)"
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.INDIVIDUAL, XLSX)
    sheet = openpyxl.load_workbook(io.BytesIO(file.content))["individual"]
    # Text, never a formula, with the CSV's apostrophe: saved again as CSV it stays inert.
    assert sheet.cell(2, 2).value == "'=HYPERLINK(1)" and sheet.cell(2, 2).data_type == "s"


def test_trial_export_uses_pseudonyms_and_is_csv_only(db: Session) -> None:
    world = _world(db)
    person = add_person(db, world, "Ops", d=0.3)
    session = db.scalars(
        select(ParticipantSession).where(ParticipantSession.participant_id == person.id)
    ).one()
    for index, error in ((1, False), (2, True)):
        db.add(_trial(session.id, index, error))
    db.commit()
    file = export_campaign(db, _admin(world), world.campaign.id, ExportKind.TRIALS, CSV)
    rows = _rows(b"".join(file.body()))  # the trial rows are streamed
    assert list(rows[0]) == list(TRIAL_COLUMNS)
    pseudonym = person.export_pseudonym
    assert [(r["subject"], r["correct"]) for r in rows] == [(pseudonym, "1"), (pseudonym, "0")]
    assert file.row_count == 2
    with pytest.raises(InvalidInput):
        export_campaign(db, _admin(world), world.campaign.id, ExportKind.TRIALS, XLSX)


def _trial(session_id: int, index: int, error: bool) -> Trial:
    return Trial(
        session_id=session_id,
        block_index=3,
        block_role="combined",
        pairing="A",
        stage="practice",
        trial_index=index,
        stimulus_id="s1",
        category="target_a",
        correct_side="left",
        first_key="e",
        first_latency_ms=500.0,
        error=error,
        latency_ms=700.0 if error else 500.0,
        onset_method="paint",
        input_modality="keyboard",
    )


def test_every_export_is_audited_and_the_cli_scope_is_system(db: Session) -> None:
    world = _world(db)
    export_campaign(db, _admin(world), world.campaign.id, ExportKind.INDIVIDUAL, CSV)
    export_campaign(db, cli_scope(db, world.campaign.id), world.campaign.id, ExportKind.TEAM, XLSX)
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(e.actor_kind, e.actor_id, e.action, e.row_count) for e in events] == [
        ("hr_user", "7", "export", 3),
        ("system", "cli", "export", 3),
    ]
    assert events[0].detail["kind"] == "individual" and events[1].detail["format"] == "xlsx"
    assert events[0].target_id == str(world.campaign.id)


def test_codebook_lists_every_column(db: Session) -> None:
    world = _world(db, IndividualResults.NAMED)
    scope = _admin(world)
    codebook = _rows(export_codebook(db, scope, world.campaign.id, ExportKind.INDIVIDUAL).content)
    export = export_campaign(db, scope, world.campaign.id, ExportKind.INDIVIDUAL, CSV)
    assert [r["column"] for r in codebook] == list(_rows(export.content)[0])
