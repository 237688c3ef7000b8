"""PostgreSQL: trials reference their session through statement-level triggers

Revision ID: 0006_trials_session_check
Revises: 0005_derived_blocks_done
Create Date: 2026-12-03 18:00:00+00:00

A foreign key is checked row by row: for a batch of uploaded blocks PostgreSQL ran one
``SELECT ... FOR KEY SHARE`` on ``participant_sessions`` per trial, about a quarter of its
work on the upload path (bench/RESULTS.md). On PostgreSQL the foreign key
``trials.session_id → participant_sessions.id`` becomes three statement-level triggers that
keep what it guaranteed, once per statement:

- after an INSERT or UPDATE of trials, every session the new rows name is locked
  ``FOR KEY SHARE`` (a concurrent delete of that session waits, as with the foreign key) and
  must exist, or the statement fails with SQLSTATE 23503 (foreign_key_violation);
- after a DELETE of sessions, their trials are deleted (the foreign key's ON DELETE CASCADE).

Unlike the foreign key, the triggers do not see a TRUNCATE: ``TRUNCATE participant_sessions
CASCADE`` would leave trials behind (the application never truncates; erasure and retention
delete trials explicitly).

SQLite keeps the foreign key (the model declares it; app.db.models.responses names it in
STATEMENT_CHECKED_FOREIGN_KEYS, which migrations/env.py leaves out of the drift check on
PostgreSQL). The downgrade restores the foreign key.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_trials_session_check"
down_revision: str | None = "0005_derived_blocks_done"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FOREIGN_KEY = "fk_trials_session_id_participant_sessions"

_CHECK_SESSIONS = """
CREATE FUNCTION trials_check_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing bigint;
BEGIN
    PERFORM 1 FROM participant_sessions
    WHERE id IN (SELECT DISTINCT session_id FROM new_trials)
    FOR KEY SHARE;
    SELECT n.session_id INTO missing
    FROM (SELECT DISTINCT session_id FROM new_trials) AS n
    WHERE NOT EXISTS (SELECT 1 FROM participant_sessions AS s WHERE s.id = n.session_id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation',
            MESSAGE = format('insert or update on table "trials" violates its reference to'
                             ' participant_sessions: session %s does not exist', missing);
    END IF;
    RETURN NULL;
END
$$
"""

_DELETE_TRIALS = """
CREATE FUNCTION participant_sessions_delete_trials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM trials WHERE session_id IN (SELECT id FROM old_sessions);
    RETURN NULL;
END
$$
"""

_TRIGGERS = [
    "CREATE TRIGGER trials_session_exists_on_insert AFTER INSERT ON trials"
    " REFERENCING NEW TABLE AS new_trials FOR EACH STATEMENT"
    " EXECUTE FUNCTION trials_check_sessions()",
    "CREATE TRIGGER trials_session_exists_on_update AFTER UPDATE ON trials"
    " REFERENCING NEW TABLE AS new_trials FOR EACH STATEMENT"
    " EXECUTE FUNCTION trials_check_sessions()",
    "CREATE TRIGGER participant_sessions_cascade_trials AFTER DELETE ON participant_sessions"
    " REFERENCING OLD TABLE AS old_sessions FOR EACH STATEMENT"
    " EXECUTE FUNCTION participant_sessions_delete_trials()",
]


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _postgresql():
        return
    op.drop_constraint(_FOREIGN_KEY, "trials", type_="foreignkey")
    op.execute(_CHECK_SESSIONS)
    op.execute(_DELETE_TRIALS)
    for statement in _TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if not _postgresql():
        return
    op.execute("DROP TRIGGER participant_sessions_cascade_trials ON participant_sessions")
    op.execute("DROP TRIGGER trials_session_exists_on_update ON trials")
    op.execute("DROP TRIGGER trials_session_exists_on_insert ON trials")
    op.execute("DROP FUNCTION participant_sessions_delete_trials()")
    op.execute("DROP FUNCTION trials_check_sessions()")
    op.create_foreign_key(
        _FOREIGN_KEY,
        "trials",
        "participant_sessions",
        ["session_id"],
        ["id"],
        ondelete="CASCADE",
    )
