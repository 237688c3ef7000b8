"""E-mail: mail-outs, the outbox, per-language campaign texts, reminders, people's language

Revision ID: 0010_mail_outbox
Revises: 0009_any_block_plan
Create Date: 2026-12-05 01:30:00+00:00

- ``mailings``: one mail-out (an HR request or one scheduled reminder day);
- ``outbox_messages``: one e-mail each, with its delivery state; the body is encrypted and
  erased once sent; ``message_id`` is fixed at queue time;
- ``campaigns.texts`` (JSON, per language: GDPR free texts, invitation and reminder texts) and
  ``campaigns.reminder_days`` (JSON list of days after the invitation);
- ``participants.language``: the language of a person's e-mails.

Columns are added with a plain ALTER TABLE (a SQLite table copy would delete the rows that
reference campaigns or participants in cascade).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_mail_outbox"
down_revision: str | None = "0009_any_block_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "kind IN ('invitation', 'reminder', 'test')"
_AUDIENCES = "audience IN ('not_invited', 'not_completed', 'participant_ids', 'scheduled', 'self')"
_STATES = "state IN ('queued', 'sent', 'failed', 'bounced')"


def upgrade() -> None:
    op.create_table(
        "mailings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey(
                "campaigns.id", ondelete="CASCADE", name="fk_mailings_campaign_id_campaigns"
            ),
            nullable=False,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("audience", sa.String(30), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=True),
        sa.Column("reminder_day", sa.Integer(), nullable=True),
        sa.Column("queued", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_KINDS, name="ck_mailings_kind_valid"),
        sa.CheckConstraint(_AUDIENCES, name="ck_mailings_audience_valid"),
        sa.PrimaryKeyConstraint("id", name="pk_mailings"),
    )
    op.create_index("ix_mailings_campaign_id", "mailings", ["campaign_id"])
    _create_outbox()
    op.add_column("campaigns", sa.Column("texts", sa.JSON(), nullable=False, server_default="{}"))
    op.add_column(
        "campaigns", sa.Column("reminder_days", sa.JSON(), nullable=False, server_default="[]")
    )
    op.add_column("participants", sa.Column("language", sa.String(10), nullable=True))


def _create_outbox() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "mailing_id",
            sa.Integer(),
            sa.ForeignKey(
                "mailings.id", ondelete="CASCADE", name="fk_outbox_messages_mailing_id_mailings"
            ),
            nullable=True,
        ),
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey(
                "campaigns.id",
                ondelete="CASCADE",
                name="fk_outbox_messages_campaign_id_campaigns",
            ),
            nullable=True,
        ),
        sa.Column(
            "participant_id",
            sa.Integer(),
            sa.ForeignKey(
                "participants.id",
                ondelete="CASCADE",
                name="fk_outbox_messages_participant_id_participants",
            ),
            nullable=True,
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("to_address", sa.String(320), nullable=False),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body_encrypted", sa.LargeBinary(), nullable=True),
        sa.Column("message_id", sa.String(255), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_KINDS, name="ck_outbox_messages_kind_valid"),
        sa.CheckConstraint(_STATES, name="ck_outbox_messages_state_valid"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_messages"),
        sa.UniqueConstraint("message_id", name="uq_outbox_messages_message_id"),
    )
    for column in ("mailing_id", "campaign_id", "participant_id", "state"):
        op.create_index(f"ix_outbox_messages_{column}", "outbox_messages", [column])


def downgrade() -> None:
    op.execute("ALTER TABLE participants DROP COLUMN language")
    op.execute("ALTER TABLE campaigns DROP COLUMN reminder_days")
    op.execute("ALTER TABLE campaigns DROP COLUMN texts")
    op.drop_table("outbox_messages")
    op.drop_table("mailings")
