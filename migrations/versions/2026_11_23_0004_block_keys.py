"""block keys: per-block expectations of a session's plan

Revision ID: 0004_block_keys
Revises: 0003_hr
Create Date: 2026-11-23 15:58:30.132246+00:00

Sessions started before this revision keep NULL keys: their uploads are checked against the
full plan, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_block_keys"
down_revision: str | None = "0003_hr"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("block_keys", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.drop_column("block_keys")
