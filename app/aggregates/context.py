"""Campaign figures broken down by the questionnaire's context questions (role family,
customer-contact frequency, seniority band), under the same small-group rules as teams.

The options of one question (plus "no answer") partition the campaign's respondents, so they are
children of the campaign in the suppression tree: each figure (IAT row, questionnaire row, every
subscale cell), counted on the people behind it, is withheld below the minimum, and if the
campaign total minus the visible groups would isolate 1 to N − 1 people, the smallest visible
group is withheld too (``aggregates_withheld``). Nothing before the campaign closes.
Breakdowns are campaign-wide only, never crossed with teams, so they cannot narrow a team's
figure down.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from sqlalchemy.orm import Session

from app.aggregates import repository as repo
from app.aggregates.campaign import CampaignAggregates, campaign_bank
from app.aggregates.iat_figures import iat_group
from app.aggregates.questionnaire_figures import questionnaire_group
from app.aggregates.schemas import ContextBreakdownRead, ContextRowRead
from app.aggregates.withheld import withheld
from app.db.models import Campaign
from app.i18n import N_, localized
from app.questionnaire.answering import CONTEXT_PREFIX
from iat.questionnaire import ContextQuestion

NO_ANSWER = N_("No answer")


def _choices(
    answers: Sequence[tuple[int, str, int | None]], session_ids: NDArray[np.int64]
) -> dict[str, NDArray[np.int64]]:
    """Per context question, the chosen option's position (1-based; 0 = no answer) per session."""
    row = {int(s): i for i, s in enumerate(session_ids)}
    chosen: dict[str, NDArray[np.int64]] = {}
    for session_id, item_id, value in answers:
        if item_id.startswith(CONTEXT_PREFIX) and value is not None and session_id in row:
            column = chosen.setdefault(
                item_id.removeprefix(CONTEXT_PREFIX), np.zeros(len(row), dtype=np.int64)
            )
            column[row[session_id]] = value
    return chosen


def _breakdown(
    question: ContextQuestion, choice: NDArray[np.int64], agg: CampaignAggregates
) -> ContextBreakdownRead:
    labels = [dict(o.label) for o in question.options]
    labels.append(localized(NO_ANSWER))
    codes = [o.code for o in question.options] + ["no_answer"]
    masks = [choice == k for k in range(1, len(question.options) + 1)] + [choice == 0]
    # The campaign (key 0) with the options as its children; option k is key k + 1.
    tree: list[tuple[int, int | None]] = [(0, None)] + [(k + 1, 0) for k in range(len(masks))]
    everyone = np.ones(choice.shape, dtype=bool)
    people = (agg.iat, agg.questionnaire, agg.counted)
    minimums = (agg.iat_minimum, agg.questionnaire_minimum)
    hidden = withheld(tree, [everyone, *masks], people, minimums)
    rows = [
        ContextRowRead(
            code=code,
            label=label,
            iat=iat_group(agg.iat, mask, hidden.iat.get(k + 1), agg.iat_minimum),
            questionnaire=questionnaire_group(
                agg.questionnaire,
                mask,
                hidden.questionnaire.get(k + 1),
                hidden.hidden_codes(k + 1),
                {},
            ),
        )
        for k, (code, label, mask) in enumerate(zip(codes, labels, masks, strict=True))
    ]
    text = dict(question.text)
    return ContextBreakdownRead(question_id=question.id, question=text, rows=rows)


def context_breakdowns(
    db: Session, campaign: Campaign, agg: CampaignAggregates
) -> list[ContextBreakdownRead]:
    """One breakdown per context question of the campaign's questionnaire (none without one)."""
    bank = campaign_bank(db, campaign)
    if bank is None or not bank.context_questions or not agg.published:
        return []
    chosen = _choices(repo.item_answers(db, campaign.id), agg.session_ids)
    empty = np.zeros(len(agg.session_ids), dtype=np.int64)
    return [_breakdown(q, chosen.get(q.id, empty), agg) for q in bank.context_questions]
