"""Any block plan: block indices up to 20, and each session's block count

Revision ID: 0009_any_block_plan
Revises: 0008_publication
Create Date: 2026-12-04 23:30:00+00:00

A study's block plan (iat.BlockPlan) has 1 to 20 blocks; the seven-block plan is one of them.

- ``trials.block_index`` and ``block_uploads.block_index``: ``BETWEEN 1 AND 20`` (was 7).
  SQLite cannot alter a CHECK, so both tables are copied (batch mode); nothing references
  them, so the copy deletes nothing in cascade. PostgreSQL drops and adds the constraints.
- ``participant_sessions.n_blocks``: how many blocks the session's plan has (NULL without a
  plan), filled from the stored plans; a session's timed test is complete when that many
  blocks are stored. Added with a plain ALTER TABLE (a copy of participant_sessions would
  delete the rows that reference it in cascade on SQLite).

The downgrade restores the bounds of 7; it fails while a trial of a block beyond 7 is stored.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_any_block_plan"
down_revision: str | None = "0008_publication"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("trials", "block_uploads")
_N_BLOCKS = (
    "ALTER TABLE participant_sessions ADD COLUMN n_blocks INTEGER"
    " CONSTRAINT ck_participant_sessions_n_blocks_range"
    " CHECK (n_blocks IS NULL OR n_blocks BETWEEN 1 AND 20)"
)
_COUNT = {
    "sqlite": "json_array_length(plan, '$.blocks')",
    "postgresql": "json_array_length(plan -> 'blocks')",
}


def _block_index_range(highest: int) -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            name = op.f(f"ck_{table}_block_index_range")
            batch_op.drop_constraint(name, type_="check")
            batch_op.create_check_constraint(name, f"block_index BETWEEN 1 AND {highest}")


def upgrade() -> None:
    _block_index_range(20)
    op.execute(_N_BLOCKS)
    count = _COUNT[op.get_bind().dialect.name]
    op.execute(f"UPDATE participant_sessions SET n_blocks = {count} WHERE plan IS NOT NULL")


def downgrade() -> None:
    op.execute("ALTER TABLE participant_sessions DROP COLUMN n_blocks")
    _block_index_range(7)
