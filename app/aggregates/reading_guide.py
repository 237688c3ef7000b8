"""The figures behind the page "How to read these results", taken from the code that uses them.

The page explains the dashboard and the exports in plain words; every threshold it quotes is
read here from where it is applied (scoring's bands, the suppression minimums, the agreement
and reliability badges), so the page cannot drift from what the figures do.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from app.aggregates.iat_figures import BAND_FACTOR
from app.aggregates.questionnaire_figures import AGREEMENT_THRESHOLD, MEAN_RELIABILITY_THRESHOLD
from app.aggregates.suppression import ABSOLUTE_MINIMUM, WithheldReason
from app.campaigns.schemas import CampaignPolicy
from scoring.summary import BAND_LIMITS, mean_d

CI_LEVEL = float(inspect.signature(mean_d).parameters["level"].default)  # the dashboard's CIs


@dataclass(frozen=True)
class ReadingGuide:
    """Thresholds quoted by the reading guide."""

    band_limits: tuple[float, ...]
    band_factor: int
    absolute_minimum: int
    default_iat_minimum: int
    default_questionnaire_minimum: int
    agreement_threshold: float
    reliability_threshold: float
    ci_level: float
    reasons: tuple[WithheldReason, ...]


def reading_guide() -> ReadingGuide:
    policy = CampaignPolicy.model_fields
    return ReadingGuide(
        band_limits=tuple(BAND_LIMITS),
        band_factor=BAND_FACTOR,
        absolute_minimum=ABSOLUTE_MINIMUM,
        default_iat_minimum=int(policy["min_group_size_iat"].default),
        default_questionnaire_minimum=int(policy["min_group_size_questionnaire"].default),
        agreement_threshold=AGREEMENT_THRESHOLD,
        reliability_threshold=MEAN_RELIABILITY_THRESHOLD,
        ci_level=CI_LEVEL,
        reasons=tuple(WithheldReason),
    )
