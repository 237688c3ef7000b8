"""hr login sessions

Revision ID: 0003_hr
Revises: 0002_limits_links_pages
Create Date: 2026-11-23 14:44:54.473973+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_hr"
down_revision: str | None = "0002_limits_links_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hr_login_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("nonce_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(nonce_hash) = 64", name=op.f("ck_hr_login_sessions_nonce_hash_sha256")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["hr_users.id"],
            name=op.f("fk_hr_login_sessions_user_id_hr_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_login_sessions")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_hr_login_sessions_nonce_hash")),
    )
    with op.batch_alter_table("hr_login_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hr_login_sessions_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hr_login_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hr_login_sessions_user_id"))

    op.drop_table("hr_login_sessions")
