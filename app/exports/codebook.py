"""The columns of the individual and team exports, declared once with their codebook text.

Column names are machine names, never translated; each description is an English msgid of the
gettext catalogue, translated when a codebook is written.
"""

from __future__ import annotations

from app.exports.schemas import ExportColumn
from app.i18n import N_

_C = ExportColumn

_SUPPRESSED = N_(
    "True: figures withheld (group below the campaign's minimum, or complementary suppression so "
    "that no parent − children subtraction isolates a small group)."
)

IDENTITY_COLUMNS = (
    _C(
        name="full_name",
        type="string",
        description=N_("Person's name (named export: the campaign's policy allows it)."),
    ),
    _C(
        name="email",
        type="string",
        description=N_("Person's e-mail address (named export)."),
    ),
)

PERSON_COLUMNS = (
    _C(
        name="pseudonym",
        type="string",
        description=N_(
            "Export pseudonym, random and specific to the campaign; linked neither to "
            "the participant code nor to the invitation list. Rows sorted by pseudonym."
        ),
    ),
    _C(name="team", type="string", description=N_("Team.")),
    _C(
        name="language",
        type="string",
        description=N_("Language of the session (fr, en)."),
    ),
    _C(
        name="input_modality",
        type="string",
        description=N_("keyboard, touch, or none (the timed test was skipped)."),
    ),
    _C(
        name="iat_skipped",
        type="boolean",
        description=N_("True when the person chose not to take the timed test."),
    ),
)

D_COLUMNS = (
    _C(
        name="d_score",
        type="number",
        description=N_(
            "IAT D score (> 0: faster when Customer shares a key with Pleasant). Empty "
            "when excluded or not computable. Never for hiring, appraisal, pay or promotion."
        ),
    ),
    _C(
        name="d_band",
        type="string",
        description=N_(
            "Descriptive band (Project Implicit): none < .15 ≤ slight < .35 ≤ moderate "
            "< .65 ≤ strong."
        ),
    ),
    _C(
        name="d_se",
        type="number",
        description=N_("Per-person standard error of D (bootstrap over trials)."),
    ),
    _C(
        name="d_excluded",
        type="boolean",
        description=N_(
            "True when the score is excluded (share of trials under 300 ms above 10 %)."
        ),
    ),
    _C(
        name="error_rate",
        type="number",
        description=N_("Share of errors among the kept trials."),
    ),
    _C(
        name="fast_rate",
        type="number",
        description=N_("Share of recorded trials under 300 ms."),
    ),
    _C(
        name="quality_flags",
        type="string",
        description=N_(
            "Quality flags separated by ';': too_fast, too_many_errors (> 30 %), "
            "missing_block, too_few_trials."
        ),
    ),
    _C(
        name="trials_kept",
        type="integer",
        description=N_("Critical trials entering D."),
    ),
    _C(
        name="trials_dropped",
        type="integer",
        description=N_("Critical trials dropped (> 10,000 ms, etc.)."),
    ),
    _C(
        name="d_variant",
        type="string",
        description=N_("D variant (D1: built-in error penalty; D4 without forced correction)."),
    ),
    _C(
        name="scoring_algorithm",
        type="string",
        description=N_("Scoring algorithm."),
    ),
    _C(
        name="scoring_options",
        type="string",
        description=N_(
            "Scoring options (JSON: variant, slow_cut, fast_exclusion, sd_timing, "
            "latency) to reproduce the score."
        ),
    ),
    _C(
        name="scoring_package_version",
        type="string",
        description=N_("Version of the scoring package."),
    ),
)


def subscale_column(code: str) -> ExportColumn:
    return _C(
        name=code,
        type="number",
        description=N_(
            "{code} subscale score (mean of answered items, reverse-keyed items recoded; empty "
            "when fewer than 2/3 were answered)."
        ),
        params={"code": code},
    )


def team_columns(codes: tuple[str, ...]) -> tuple[ExportColumn, ...]:
    """Team summary columns: identity of the group, progress, IAT, then each subscale."""
    fixed = [
        ("team", "string", N_("Team (or the whole campaign).")),
        ("parent_team_id", "integer", N_("Parent team (id).")),
        ("team_id", "integer", N_("Team id (empty: campaign).")),
        ("invited", "integer", N_("People invited.")),
        ("completed", "integer", N_("Completed sessions.")),
        ("iat_suppressed", "boolean", _SUPPRESSED),
        ("iat_n", "integer", N_("D scores counted.")),
        ("d_mean", "number", N_("Mean D.")),
        ("d_sd", "number", N_("SD of D (n − 1).")),
        ("d_ci_low", "number", N_("95 % CI (t), lower bound.")),
        ("d_ci_high", "number", N_("95 % CI (t), upper bound.")),
        ("iat_excluded", "integer", N_("Sessions excluded from D.")),
        ("iat_flagged", "integer", N_("Scores with a quality flag.")),
        ("questionnaire_suppressed", "boolean", _SUPPRESSED),
        ("respondents", "integer", N_("Questionnaire respondents.")),
    ]
    columns = [_C(name=n, type=t, description=text) for n, t, text in fixed]
    for code in codes:
        columns += _subscale_columns(code)
    return tuple(columns)


def _subscale_columns(code: str) -> list[ExportColumn]:
    """The five columns of one questionnaire subscale in the team export."""
    return [
        _C(
            name=f"{code}_n",
            type="integer",
            description=N_("{code} scores."),
            params={"code": code},
        ),
        _C(
            name=f"{code}_mean",
            type="number",
            description=N_("{code} mean."),
            params={"code": code},
        ),
        _C(
            name=f"{code}_ci_low",
            type="number",
            description=N_("95 % CI low."),
        ),
        _C(
            name=f"{code}_ci_high",
            type="number",
            description=N_("95 % CI high."),
        ),
        _C(
            name=f"{code}_rwg_j",
            type="number",
            description=N_("Within-team agreement rwg(j)."),
        ),
    ]
