"""Open links cannot pad a team: a policy field and where each participant came from

Revision ID: 0008_publication
Revises: 0007_accounts_hardening
Create Date: 2026-12-04 22:30:00+00:00

- ``campaigns.open_link_counts_toward_minimum`` (policy, locked at launch; default false):
  whether completions through a team's open link count toward the minimum group sizes;
- ``participants.via_open_link``: the participant was created by a visit of an open link.
  Existing open-link participants are recognised by the code the open link gives them
  (``open-`` followed by 12 hex digits).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_publication"
down_revision: str | None = "0007_accounts_hardening"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy): on SQLite a table copy drops the old table, and with
    # foreign keys on that deletes every row that references it in cascade.
    op.add_column(
        "campaigns",
        sa.Column(
            "open_link_counts_toward_minimum",
            sa.Boolean(),
            nullable=False,
            server_default=sa.false(),
        ),
    )
    op.add_column(
        "participants",
        sa.Column("via_open_link", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    participants = sa.table("participants", sa.column("code"), sa.column("via_open_link"))
    op.execute(
        participants.update()
        .where(participants.c.code.like("open-%"))
        .values(via_open_link=sa.true())
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite ≥ 3.35 too), for the same reason as above.
    op.execute("ALTER TABLE participants DROP COLUMN via_open_link")
    op.execute("ALTER TABLE campaigns DROP COLUMN open_link_counts_toward_minimum")
