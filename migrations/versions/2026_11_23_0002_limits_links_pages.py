"""rate limits, open links, password resets, questionnaire page receipts

Revision ID: 0002_limits_links_pages
Revises: 0001_initial
Create Date: 2026-11-23 14:41:56.563708+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_limits_links_pages"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_buckets",
        sa.Column("bucket_key", sa.String(length=200), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.CheckConstraint("hits >= 0", name=op.f("ck_rate_limit_buckets_hits_non_negative")),
        sa.PrimaryKeyConstraint("bucket_key", name=op.f("pk_rate_limit_buckets")),
    )
    op.create_table(
        "open_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(token_hash) = 64", name=op.f("ck_open_links_token_hash_sha256")),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_open_links_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_open_links_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_open_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_open_links_token_hash")),
    )
    with op.batch_alter_table("open_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_open_links_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(token_hash) = 64", name=op.f("ck_password_resets_token_hash_sha256")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["hr_users.id"],
            name=op.f("fk_password_resets_user_id_hr_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_user_id"), ["user_id"], unique=False)

    op.create_table(
        "questionnaire_page_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("page_index", sa.Integer(), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=True),
        sa.Column("n_items", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "duration_ms IS NULL OR duration_ms >= 0",
            name=op.f("ck_questionnaire_page_receipts_duration_non_negative"),
        ),
        sa.CheckConstraint(
            "length(payload_hash) = 64",
            name=op.f("ck_questionnaire_page_receipts_payload_hash_sha256"),
        ),
        sa.CheckConstraint(
            "page_index >= 0", name=op.f("ck_questionnaire_page_receipts_page_index_non_negative")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["participant_sessions.id"],
            name=op.f("fk_questionnaire_page_receipts_session_id_participant_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_page_receipts")),
        sa.UniqueConstraint(
            "session_id",
            "page_index",
            name=op.f("uq_questionnaire_page_receipts_session_id_page_index"),
        ),
    )
    with op.batch_alter_table("questionnaire_page_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_page_receipts_session_id"), ["session_id"], unique=False
        )

    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("questionnaire_pages_done", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.drop_column("questionnaire_pages_done")

    with op.batch_alter_table("questionnaire_page_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_page_receipts_session_id"))

    op.drop_table("questionnaire_page_receipts")
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_resets_user_id"))

    op.drop_table("password_resets")
    with op.batch_alter_table("open_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_open_links_campaign_id"))

    op.drop_table("open_links")
    op.drop_table("rate_limit_buckets")
