"""Initial schema: the whole domain of DESIGN §2.

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-23 14:32:26.187837+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "questionnaire_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_key", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_banks")),
        sa.UniqueConstraint(
            "bank_key", "content_hash", name=op.f("uq_questionnaire_banks_bank_key_content_hash")
        ),
    )
    op.create_table(
        "studies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_key", sa.String(length=100), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_studies")),
        sa.UniqueConstraint(
            "study_key", "content_hash", name=op.f("uq_studies_study_key_content_hash")
        ),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("actor_kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("target_kind", sa.String(length=40), nullable=True),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "actor_kind IN ('hr_user', 'api_token', 'participant', 'system')",
            name=op.f("ck_audit_events_actor_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_audit_events_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_events_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=True),
        sa.Column("questionnaire_bank_id", sa.Integer(), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("policy_locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("individual_results", sa.String(length=20), nullable=False),
        sa.Column("min_group_size_questionnaire", sa.Integer(), nullable=False),
        sa.Column("min_group_size_iat", sa.Integer(), nullable=False),
        sa.Column("employee_feedback", sa.Boolean(), nullable=False),
        sa.Column("retention_days", sa.Integer(), nullable=False),
        sa.Column("controller", sa.Text(), nullable=False),
        sa.Column("dpo_contact", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "individual_results IN ('none', 'pseudonymous', 'named')",
            name=op.f("ck_campaigns_individual_results_valid"),
        ),
        sa.CheckConstraint(
            "state IN ('draft', 'open', 'closed', 'archived')",
            name=op.f("ck_campaigns_state_valid"),
        ),
        sa.CheckConstraint(
            "closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at",
            name=op.f("ck_campaigns_dates_ordered"),
        ),
        sa.CheckConstraint("min_group_size_iat >= 3", name=op.f("ck_campaigns_min_group_iat_ge_3")),
        sa.CheckConstraint(
            "min_group_size_questionnaire >= 3", name=op.f("ck_campaigns_min_group_q_ge_3")
        ),
        sa.CheckConstraint("retention_days > 0", name=op.f("ck_campaigns_retention_positive")),
        sa.CheckConstraint(
            "study_id IS NOT NULL OR questionnaire_bank_id IS NOT NULL",
            name=op.f("ck_campaigns_has_instrument"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_campaigns_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_bank_id"],
            ["questionnaire_banks.id"],
            name=op.f("fk_campaigns_questionnaire_bank_id_questionnaire_banks"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_campaigns_study_id_studies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_campaigns_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "hr_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(role = 'platform_admin') = (organisation_id IS NULL)",
            name=op.f("ck_hr_users_org_matches_role"),
        ),
        sa.CheckConstraint(
            "role IN ('hr_admin', 'manager', 'platform_admin')", name=op.f("ck_hr_users_role_valid")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_hr_users_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hr_users")),
        sa.UniqueConstraint("email", name=op.f("uq_hr_users_email")),
    )
    with op.batch_alter_table("hr_users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_hr_users_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_teams_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["teams.id"], name=op.f("fk_teams_parent_id_teams"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_teams_organisation_id_name")),
    )
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_teams_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_teams_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(token_hash) = 64", name=op.f("ck_api_tokens_token_hash_sha256")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["hr_users.id"],
            name=op.f("fk_api_tokens_created_by_id_hr_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_api_tokens_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_tokens_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "campaign_teams",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_teams_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_campaign_teams_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "team_id", name=op.f("pk_campaign_teams")),
    )
    op.create_table(
        "manager_teams",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_manager_teams_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["hr_users.id"],
            name=op.f("fk_manager_teams_user_id_hr_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "team_id", name=op.f("pk_manager_teams")),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("export_pseudonym", sa.String(length=32), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_participants_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_participants_team_id_teams"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
        sa.UniqueConstraint("campaign_id", "code", name=op.f("uq_participants_campaign_id_code")),
        sa.UniqueConstraint(
            "campaign_id",
            "export_pseudonym",
            name=op.f("uq_participants_campaign_id_export_pseudonym"),
        ),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participants_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_participants_team_id"), ["team_id"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(token_hash) = 64", name=op.f("ck_invitations_token_hash_sha256")
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_invitations_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invitations_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "participant_identities",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_participant_identities_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", name=op.f("pk_participant_identities")),
    )
    op.create_table(
        "participant_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("first_pairing", sa.String(length=1), nullable=False),
        sa.Column("target_a_side", sa.String(length=5), nullable=False),
        sa.Column("attribute_pos_side", sa.String(length=5), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("input_modality", sa.String(length=10), nullable=True),
        sa.Column("user_agent_class", sa.String(length=40), nullable=True),
        sa.Column("iat_skipped", sa.Boolean(), nullable=False),
        sa.Column("iat_skip_reason", sa.Text(), nullable=True),
        sa.Column("blocks_done", sa.Integer(), nullable=False),
        sa.Column("consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "attribute_pos_side IN ('left', 'right')",
            name=op.f("ck_participant_sessions_attribute_pos_side_valid"),
        ),
        sa.CheckConstraint(
            "first_pairing IN ('A', 'B')", name=op.f("ck_participant_sessions_first_pairing_valid")
        ),
        sa.CheckConstraint(
            "input_modality IS NULL OR input_modality IN ('keyboard', 'touch', 'none')",
            name=op.f("ck_participant_sessions_input_modality_valid"),
        ),
        sa.CheckConstraint(
            "state IN ('invited', 'consented', 'in_progress', 'completed', 'declined', 'withdrawn')",
            name=op.f("ck_participant_sessions_state_valid"),
        ),
        sa.CheckConstraint(
            "target_a_side IN ('left', 'right')",
            name=op.f("ck_participant_sessions_target_a_side_valid"),
        ),
        sa.CheckConstraint(
            "blocks_done >= 0 AND blocks_done <= 7",
            name=op.f("ck_participant_sessions_blocks_done_range"),
        ),
        sa.CheckConstraint("seed >= 0", name=op.f("ck_participant_sessions_seed_non_negative")),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_participant_sessions_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["studies.id"],
            name=op.f("fk_participant_sessions_study_id_studies"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_sessions")),
        sa.UniqueConstraint("participant_id", name=op.f("uq_participant_sessions_participant_id")),
    )
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_participant_sessions_state"), ["state"], unique=False)

    op.create_table(
        "block_uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("block_index", sa.Integer(), nullable=False),
        sa.Column("payload_hash", sa.String(length=64), nullable=False),
        sa.Column("trial_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "block_index BETWEEN 1 AND 7", name=op.f("ck_block_uploads_block_index_range")
        ),
        sa.CheckConstraint(
            "length(payload_hash) = 64", name=op.f("ck_block_uploads_payload_hash_sha256")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["participant_sessions.id"],
            name=op.f("fk_block_uploads_session_id_participant_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_block_uploads")),
        sa.UniqueConstraint(
            "session_id", "block_index", name=op.f("uq_block_uploads_session_id_block_index")
        ),
    )
    with op.batch_alter_table("block_uploads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_block_uploads_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "questionnaire_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("questionnaire_bank_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("page_index", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "page_index >= 0", name=op.f("ck_questionnaire_answers_page_index_non_negative")
        ),
        sa.CheckConstraint(
            "value IS NULL OR (value >= 1 AND value <= 7)",
            name=op.f("ck_questionnaire_answers_value_range"),
        ),
        sa.ForeignKeyConstraint(
            ["questionnaire_bank_id"],
            ["questionnaire_banks.id"],
            name=op.f("fk_questionnaire_answers_questionnaire_bank_id_questionnaire_banks"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["participant_sessions.id"],
            name=op.f("fk_questionnaire_answers_session_id_participant_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questionnaire_answers")),
        sa.UniqueConstraint(
            "session_id", "item_id", name=op.f("uq_questionnaire_answers_session_id_item_id")
        ),
    )
    with op.batch_alter_table("questionnaire_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questionnaire_answers_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("algorithm", sa.String(length=60), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("package_version", sa.String(length=40), nullable=False),
        sa.Column("trials_kept", sa.Integer(), nullable=True),
        sa.Column("trials_dropped", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('iat_d', 'questionnaire_subscale')", name=op.f("ck_scores_kind_valid")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["participant_sessions.id"],
            name=op.f("fk_scores_session_id_participant_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint(
            "session_id", "kind", "name", name=op.f("uq_scores_session_id_kind_name")
        ),
    )
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scores_session_id"), ["session_id"], unique=False)

    op.create_table(
        "trials",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("block_index", sa.Integer(), nullable=False),
        sa.Column("block_role", sa.String(length=20), nullable=False),
        sa.Column("pairing", sa.String(length=1), nullable=True),
        sa.Column("stage", sa.String(length=10), nullable=True),
        sa.Column("trial_index", sa.Integer(), nullable=False),
        sa.Column("stimulus_id", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("correct_side", sa.String(length=5), nullable=False),
        sa.Column("first_key", sa.String(length=20), nullable=False),
        sa.Column("first_latency_ms", sa.Float(), nullable=False),
        sa.Column("error", sa.Boolean(), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("onset_method", sa.String(length=12), nullable=False),
        sa.Column("input_modality", sa.String(length=10), nullable=False),
        sa.Column("focus_lost", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "block_role IN ('targets', 'attributes', 'combined', 'targets_reversed')",
            name=op.f("ck_trials_block_role_valid"),
        ),
        sa.CheckConstraint(
            "correct_side IN ('left', 'right')", name=op.f("ck_trials_correct_side_valid")
        ),
        sa.CheckConstraint(
            "input_modality IN ('keyboard', 'touch')", name=op.f("ck_trials_input_modality_valid")
        ),
        sa.CheckConstraint(
            "onset_method IN ('paint', 'rafNow', 'simulated')",
            name=op.f("ck_trials_onset_method_valid"),
        ),
        sa.CheckConstraint(
            "pairing IS NULL OR pairing IN ('A', 'B')", name=op.f("ck_trials_pairing_valid")
        ),
        sa.CheckConstraint(
            "stage IS NULL OR stage IN ('practice', 'test')", name=op.f("ck_trials_stage_valid")
        ),
        sa.CheckConstraint("block_index BETWEEN 1 AND 7", name=op.f("ck_trials_block_index_range")),
        sa.CheckConstraint(
            "first_latency_ms > 0 AND first_latency_ms < 600000",
            name=op.f("ck_trials_first_latency_range"),
        ),
        sa.CheckConstraint(
            "latency_ms >= first_latency_ms AND latency_ms < 600000",
            name=op.f("ck_trials_latency_range"),
        ),
        sa.CheckConstraint("trial_index >= 1", name=op.f("ck_trials_trial_index_positive")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["participant_sessions.id"],
            name=op.f("fk_trials_session_id_participant_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trials")),
        sa.UniqueConstraint(
            "session_id",
            "block_index",
            "trial_index",
            name=op.f("uq_trials_session_id_block_index_trial_index"),
        ),
    )
    with op.batch_alter_table("trials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trials_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("trials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trials_session_id"))

    op.drop_table("trials")
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scores_session_id"))

    op.drop_table("scores")
    with op.batch_alter_table("questionnaire_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questionnaire_answers_session_id"))

    op.drop_table("questionnaire_answers")
    with op.batch_alter_table("block_uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_block_uploads_session_id"))

    op.drop_table("block_uploads")
    with op.batch_alter_table("participant_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_sessions_state"))

    op.drop_table("participant_sessions")
    op.drop_table("participant_identities")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invitations_participant_id"))

    op.drop_table("invitations")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_team_id"))
        batch_op.drop_index(batch_op.f("ix_participants_campaign_id"))

    op.drop_table("participants")
    op.drop_table("manager_teams")
    op.drop_table("campaign_teams")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_organisation_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_teams_parent_id"))
        batch_op.drop_index(batch_op.f("ix_teams_organisation_id"))

    op.drop_table("teams")
    with op.batch_alter_table("hr_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hr_users_organisation_id"))

    op.drop_table("hr_users")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_organisation_id"))

    op.drop_table("campaigns")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_organisation_id"))

    op.drop_table("audit_events")
    op.drop_table("studies")
    op.drop_table("questionnaire_banks")
    op.drop_table("organisations")
