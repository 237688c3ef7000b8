"""derived blocks_done; no redundant session_id indexes on trials and block receipts

Revision ID: 0005_derived_blocks_done
Revises: 0004_block_keys
Create Date: 2026-12-01 22:30:00+00:00

``participant_sessions.blocks_done`` was updated on every block upload, which on SQLite
rewrote the whole session row with its plan (tens of KB). It is now derived from the block
receipts (one per stored block), so the column goes. ``ix_trials_session_id`` and
``ix_block_uploads_session_id`` duplicate the leading column of the tables' unique indexes.
The downgrade restores the column from the receipts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_derived_blocks_done"
down_revision: str | None = "0004_block_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RANGE = "ck_participant_sessions_blocks_done_range"


def upgrade() -> None:
    op.drop_index("ix_trials_session_id", table_name="trials")
    op.drop_index("ix_block_uploads_session_id", table_name="block_uploads")
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(_RANGE), type_="check")
        batch_op.drop_column("blocks_done")


def downgrade() -> None:
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("blocks_done", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(
        "UPDATE participant_sessions SET blocks_done = (SELECT count(*) FROM block_uploads"
        " WHERE block_uploads.session_id = participant_sessions.id)"
    )
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.alter_column("blocks_done", server_default=None)
        batch_op.create_check_constraint(op.f(_RANGE), "blocks_done >= 0 AND blocks_done <= 7")
    op.create_index("ix_block_uploads_session_id", "block_uploads", ["session_id"])
    op.create_index("ix_trials_session_id", "trials", ["session_id"])
