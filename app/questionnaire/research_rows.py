"""Questionnaire data of a campaign: item-level answers and stored subscale scores,
pseudonymised (export pseudonym only)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.campaigns.catalogue import audit_rows, rows_campaign
from app.errors import Conflict
from app.exports import research_repository as research_repo
from app.exports.published import campaign_teams
from app.exports.research_schemas import AnswerPage, AnswerRow, SubscaleScoreRow, SubscaleScoresRead
from app.tokens.access import ResearchCaller


def answers(
    db: Session, caller: ResearchCaller, campaign_id: int, limit: int, offset: int
) -> AnswerPage:
    """One page of answers, one row per item answered ("don't know" is null)."""
    rows_campaign(db, caller, campaign_id)
    rows = research_repo.answers_page(db, campaign_id, limit + 1, offset)
    items = [
        AnswerRow(subject=subject, item_id=a.item_id, value=a.value, page_index=a.page_index)
        for a, subject in rows[:limit]
    ]
    audit_rows(db, caller, "research.answers.read", campaign_id, len(items))
    db.commit()
    return AnswerPage(items=items, next_offset=offset + limit if len(rows) > limit else None)


def subscale_scores(db: Session, caller: ResearchCaller, campaign_id: int) -> SubscaleScoresRead:
    """The subscale scores stored when each session finished."""
    campaign = rows_campaign(db, caller, campaign_id)
    bank_id = campaign.questionnaire_bank_id
    bank = research_repo.get_questionnaire_bank(db, bank_id) if bank_id else None
    if bank is None:
        raise Conflict(f"campaign {campaign_id} has no questionnaire")
    teams = campaign_teams(db, campaign)
    items = [
        SubscaleScoreRow(
            subject=subject,
            team_id=teams.get(subject),
            subscale=score.name,
            score=score.value,
            n_answered=int(score.details.get("n_answered", 0)),
        )
        for score, subject, _ in research_repo.subscale_scores(db, campaign_id)
    ]
    audit_rows(db, caller, "research.subscale_scores.read", campaign_id, len(items))
    db.commit()
    return SubscaleScoresRead(
        campaign_id=campaign_id, questionnaire_version=bank.content_hash, items=items
    )
