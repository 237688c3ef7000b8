"""Scoring: IAT D-scores, exclusions, reliability, questionnaire psychometrics. Pure numpy.

>>> from scoring import TrialArrays, compute_d
"""

__version__ = "0.1.0"

# imported after __version__: scoring.dscore reads it
from scoring.biat import BiatResult, compute_biat_d
from scoring.dscore import (
    DScoreResult,
    Flags,
    TrialCounts,
    compute_d,
    compute_d_variants,
    compute_d_with_variants,
)
from scoring.errors import ScoringError
from scoring.options import (
    DScoreOptions,
    FastExclusion,
    Latency,
    SdTiming,
    SlowCut,
    Variant,
    options_for_error_mode,
)
from scoring.provenance import Provenance
from scoring.psychometrics import (
    AlphaResult,
    OmegaResult,
    SubscaleScores,
    TeamAgreement,
    ad_m,
    alpha_if_deleted,
    cronbach_alpha,
    group_mean_reliability,
    icc1,
    icc2,
    item_rest_correlations,
    mcdonald_omega,
    rwg,
    rwg_j,
    rwg_j_lindell,
    subscale_scores,
    team_agreement,
)
from scoring.reliability import PermutationSplitHalf, SplitHalf
from scoring.sciat import SciatResult, compute_sciat_d
from scoring.summary import MeanD, band, mean_d
from scoring.trials import TrialArrays

__all__ = [
    "AlphaResult",
    "BiatResult",
    "DScoreOptions",
    "DScoreResult",
    "FastExclusion",
    "Flags",
    "Latency",
    "MeanD",
    "OmegaResult",
    "PermutationSplitHalf",
    "Provenance",
    "SciatResult",
    "ScoringError",
    "SdTiming",
    "SlowCut",
    "SplitHalf",
    "SubscaleScores",
    "TeamAgreement",
    "TrialArrays",
    "TrialCounts",
    "Variant",
    "__version__",
    "ad_m",
    "alpha_if_deleted",
    "band",
    "compute_biat_d",
    "compute_d",
    "compute_d_variants",
    "compute_d_with_variants",
    "compute_sciat_d",
    "cronbach_alpha",
    "group_mean_reliability",
    "icc1",
    "icc2",
    "item_rest_correlations",
    "mcdonald_omega",
    "mean_d",
    "options_for_error_mode",
    "rwg",
    "rwg_j",
    "rwg_j_lindell",
    "subscale_scores",
    "team_agreement",
]
