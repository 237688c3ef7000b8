"""The columns of the individual and team exports, declared once with their codebook text."""

from __future__ import annotations

from app.exports.schemas import ExportColumn

_C = ExportColumn

IDENTITY_COLUMNS = (
    _C(
        name="full_name",
        type="string",
        description_fr="Nom de la personne (export nominatif : prévu par la politique).",
        description_en="Person's name (named export: the campaign's policy allows it).",
    ),
    _C(
        name="email",
        type="string",
        description_fr="Adresse e-mail de la personne (export nominatif).",
        description_en="Person's e-mail address (named export).",
    ),
)

PERSON_COLUMNS = (
    _C(
        name="pseudonym",
        type="string",
        description_fr="Pseudonyme d'export, aléatoire et propre à la campagne ; lié ni au code du "
        "participant ni à la liste d'invitation. Lignes triées par pseudonyme.",
        description_en="Export pseudonym, random and specific to the campaign; linked neither to "
        "the participant code nor to the invitation list. Rows sorted by pseudonym.",
    ),
    _C(name="team", type="string", description_fr="Équipe.", description_en="Team."),
    _C(
        name="language",
        type="string",
        description_fr="Langue de passation (fr, en).",
        description_en="Language of the session (fr, en).",
    ),
    _C(
        name="input_modality",
        type="string",
        description_fr="Clavier (keyboard), tactile (touch) ou aucun (none : test minuté évité).",
        description_en="keyboard, touch, or none (the timed test was skipped).",
    ),
    _C(
        name="iat_skipped",
        type="boolean",
        description_fr="Vrai si la personne a choisi de ne pas passer le test minuté.",
        description_en="True when the person chose not to take the timed test.",
    ),
)

D_COLUMNS = (
    _C(
        name="d_score",
        type="number",
        description_fr="Score D de l'IAT (> 0 : plus rapide quand Client partage une touche avec "
        "Agréable). Vide si exclu ou non calculable. Jamais pour recruter, évaluer, payer ou "
        "promouvoir.",
        description_en="IAT D score (> 0: faster when Customer shares a key with Pleasant). Empty "
        "when excluded or not computable. Never for hiring, appraisal, pay or promotion.",
    ),
    _C(
        name="d_band",
        type="string",
        description_fr="Intensité descriptive (Project Implicit) : none < .15 ≤ slight < .35 ≤ "
        "moderate < .65 ≤ strong.",
        description_en="Descriptive band (Project Implicit): none < .15 ≤ slight < .35 ≤ moderate "
        "< .65 ≤ strong.",
    ),
    _C(
        name="d_se",
        type="number",
        description_fr="Erreur type individuelle du D (bootstrap sur les essais).",
        description_en="Per-person standard error of D (bootstrap over trials).",
    ),
    _C(
        name="d_excluded",
        type="boolean",
        description_fr="Vrai si le score est exclu (plus de 10 % d'essais < 300 ms).",
        description_en="True when the score is excluded (more than 10 % of trials < 300 ms).",
    ),
    _C(
        name="error_rate",
        type="number",
        description_fr="Proportion d'erreurs parmi les essais retenus.",
        description_en="Share of errors among the kept trials.",
    ),
    _C(
        name="fast_rate",
        type="number",
        description_fr="Proportion d'essais enregistrés de moins de 300 ms.",
        description_en="Share of recorded trials under 300 ms.",
    ),
    _C(
        name="quality_flags",
        type="string",
        description_fr="Drapeaux de qualité séparés par ';' : too_fast, too_many_errors (> 30 %), "
        "missing_block, too_few_trials.",
        description_en="Quality flags separated by ';': too_fast, too_many_errors (> 30 %), "
        "missing_block, too_few_trials.",
    ),
    _C(
        name="trials_kept",
        type="integer",
        description_fr="Essais critiques entrant dans le D.",
        description_en="Critical trials entering D.",
    ),
    _C(
        name="trials_dropped",
        type="integer",
        description_fr="Essais critiques écartés (> 10 000 ms, etc.).",
        description_en="Critical trials dropped (> 10,000 ms, etc.).",
    ),
    _C(
        name="d_variant",
        type="string",
        description_fr="Variante de D (D1 : pénalité d'erreur intégrée ; D4 : sans correction).",
        description_en="D variant (D1: built-in error penalty; D4 without forced correction).",
    ),
    _C(
        name="scoring_algorithm",
        type="string",
        description_fr="Algorithme de calcul.",
        description_en="Scoring algorithm.",
    ),
    _C(
        name="scoring_options",
        type="string",
        description_fr="Options de calcul (JSON : variant, slow_cut, fast_exclusion, sd_timing, "
        "latency) pour reproduire le score.",
        description_en="Scoring options (JSON: variant, slow_cut, fast_exclusion, sd_timing, "
        "latency) to reproduce the score.",
    ),
    _C(
        name="scoring_package_version",
        type="string",
        description_fr="Version du paquet de calcul.",
        description_en="Version of the scoring package.",
    ),
)


def subscale_column(code: str) -> ExportColumn:
    return _C(
        name=code,
        type="number",
        description_fr=f"Score de la sous-échelle {code} (moyenne des items répondus, items "
        "inversés recodés ; vide si moins des 2/3 répondus).",
        description_en=f"{code} subscale score (mean of answered items, reverse-keyed items "
        "recoded; empty when fewer than 2/3 were answered).",
    )


def team_columns(codes: tuple[str, ...]) -> tuple[ExportColumn, ...]:
    """Team summary columns: identity of the group, progress, IAT, then each subscale."""
    fixed = [
        ("team", "string", "Équipe (ou la campagne entière).", "Team (or the whole campaign)."),
        ("parent_team_id", "integer", "Équipe parente (id).", "Parent team (id)."),
        (
            "team_id",
            "integer",
            "Identifiant de l'équipe (vide : campagne).",
            "Team id (empty: campaign).",
        ),
        ("invited", "integer", "Personnes invitées.", "People invited."),
        ("completed", "integer", "Passations terminées.", "Completed sessions."),
        ("iat_suppressed", "boolean", _SUPPRESSED_FR, _SUPPRESSED_EN),
        ("iat_n", "integer", "Scores D retenus.", "D scores counted."),
        ("d_mean", "number", "D moyen.", "Mean D."),
        ("d_sd", "number", "Écart type de D (n − 1).", "SD of D (n − 1)."),
        ("d_ci_low", "number", "IC 95 % (t), borne basse.", "95 % CI (t), lower bound."),
        ("d_ci_high", "number", "IC 95 % (t), borne haute.", "95 % CI (t), upper bound."),
        ("iat_excluded", "integer", "Passations exclues du D.", "Sessions excluded from D."),
        ("iat_flagged", "integer", "Scores avec un drapeau.", "Scores with a quality flag."),
        ("questionnaire_suppressed", "boolean", _SUPPRESSED_FR, _SUPPRESSED_EN),
        ("respondents", "integer", "Répondants au questionnaire.", "Questionnaire respondents."),
    ]
    columns = [_C(name=n, type=t, description_fr=fr, description_en=en) for n, t, fr, en in fixed]
    for code in codes:
        columns += _subscale_columns(code)
    return tuple(columns)


def _subscale_columns(code: str) -> list[ExportColumn]:
    """The five columns of one questionnaire subscale in the team export."""
    return [
        _C(
            name=f"{code}_n",
            type="integer",
            description_fr=f"Scores {code}.",
            description_en=f"{code} scores.",
        ),
        _C(
            name=f"{code}_mean",
            type="number",
            description_fr=f"Moyenne {code}.",
            description_en=f"{code} mean.",
        ),
        _C(
            name=f"{code}_ci_low",
            type="number",
            description_fr="IC 95 % bas.",
            description_en="95 % CI low.",
        ),
        _C(
            name=f"{code}_ci_high",
            type="number",
            description_fr="IC 95 % haut.",
            description_en="95 % CI high.",
        ),
        _C(
            name=f"{code}_rwg_j",
            type="number",
            description_fr="Accord intra-équipe rwg(j).",
            description_en="Within-team agreement rwg(j).",
        ),
    ]


_SUPPRESSED_FR = (
    "Vrai : chiffres masqués (groupe sous le seuil de la campagne, ou masquage complémentaire "
    "pour qu'aucune soustraction parent − enfants n'isole un petit groupe)."
)
_SUPPRESSED_EN = (
    "True: figures withheld (group below the campaign's minimum, or complementary suppression so "
    "that no parent − children subtraction isolates a small group)."
)
