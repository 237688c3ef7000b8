"""Password-reset links can be revoked (a newer link, disabling the account)

Revision ID: 0007_accounts_hardening
Revises: 0006_trials_session_check
Create Date: 2026-12-04 23:00:00+00:00

``password_resets.revoked_at``: set on every open link of an account when a newer link is
minted for it or when the account is disabled, so only the latest link of an active account
sets a password.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_accounts_hardening"
down_revision: str | None = "0006_trials_session_check"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("password_resets") as batch:
        batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("password_resets") as batch:
        batch.drop_column("revoked_at")
