"""Migration 0012: programmes, campaigns.programme_id, team_outcomes.

Adding the column must not copy the campaigns table (on SQLite a copy would delete the rows
that reference campaigns in cascade); the foreign key is enforced on both databases; the
outcomes' key and direction are checked by the database itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from app.db.engine import build_engine
from app.db.migrate import downgrade, upgrade
from tests.support.databases import backends, fresh_database

NOW = "CURRENT_TIMESTAMP"


@pytest.fixture(params=backends())
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    with fresh_database(request.param, tmp_path) as url:
        engine = build_engine(url)
        try:
            yield url, engine
        finally:
            engine.dispose()


def _campaign_with_a_participant(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(f"INSERT INTO organisations (id, name, created_at) VALUES (1, 'O', {NOW})")
        )
        conn.execute(text(
            "INSERT INTO questionnaire_banks (id, bank_key, content_hash, definition, created_at) "
            f"VALUES (1, 'q', 'h', '{{}}', {NOW})"
        ))  # fmt: skip
        conn.execute(text(
            f"INSERT INTO teams (id, organisation_id, name, created_at) VALUES (1, 1, 'T', {NOW})"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO campaigns (id, organisation_id, name, questionnaire_bank_id, study_id, "
            "languages, state, individual_results, min_group_size_questionnaire, "
            "min_group_size_iat, employee_feedback, open_link_counts_toward_minimum, "
            "retention_days, controller, dpo_contact, purpose, legal_basis, recipients, texts, "
            "reminder_days, created_at) VALUES (1, 1, 'C', 1, NULL, '[]', 'draft', 'none', 5, "
            f"10, true, false, 365, '', '', '', '', '', '{{}}', '[]', {NOW})"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO participants (id, campaign_id, team_id, code, export_pseudonym, "
            f"via_open_link, created_at) VALUES (1, 1, 1, 'p', 'x', false, {NOW})"
        ))  # fmt: skip


def test_existing_rows_survive_and_the_foreign_key_sets_null(
    engine: tuple[str, Engine],
) -> None:
    url, db = engine
    upgrade(url, "0010_mail_outbox")
    _campaign_with_a_participant(db)
    upgrade(url, "0012_programmes_outcomes")
    with db.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM participants")).scalar() == 1
        conn.execute(text(
            "INSERT INTO programmes (id, organisation_id, name, created_at) "
            f"VALUES (1, 1, 'P', {NOW})"
        ))  # fmt: skip
        conn.execute(text("UPDATE campaigns SET programme_id = 1 WHERE id = 1"))
    with pytest.raises(IntegrityError), db.begin() as conn:
        conn.execute(text("UPDATE campaigns SET programme_id = 99 WHERE id = 1"))
    with db.begin() as conn:
        conn.execute(text("DELETE FROM programmes WHERE id = 1"))
        assert conn.execute(text("SELECT programme_id FROM campaigns")).scalar() is None
        assert conn.execute(text("SELECT count(*) FROM participants")).scalar() == 1
    downgrade(url, "0010_mail_outbox")
    with db.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM participants")).scalar() == 1


@pytest.mark.parametrize(
    "values",
    [
        "(2, 1, 1, 'NPS', 1.0, NULL, 'Q4', 'up')",  # direction
        "(2, 1, 1, 'NPS', 1.0, NULL, 'Q1', 'higher_better')",  # the same key twice
    ],
)
def test_outcome_constraints(engine: tuple[str, Engine], values: str) -> None:
    url, db = engine
    upgrade(url)
    _campaign_with_a_participant(db)
    columns = "(id, campaign_id, team_id, metric, value, n_customers, period, direction"
    with db.begin() as conn:
        conn.execute(text(
            f"INSERT INTO team_outcomes {columns}, created_at) "
            f"VALUES (1, 1, 1, 'NPS', 1.0, NULL, 'Q1', 'higher_better', {NOW})"
        ))  # fmt: skip
    with pytest.raises(IntegrityError), db.begin() as conn:
        conn.execute(text(f"INSERT INTO team_outcomes {columns}, created_at) VALUES "
                          f"{values[:-1]}, {NOW})"))  # fmt: skip
