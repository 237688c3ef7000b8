"""The campaign dashboard page and its charts (SVG drawn server-side by matplotlib)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from app.accounts.hr_auth import CurrentHRStaff, CurrentScope
from app.aggregates.charts import dashboard_chart
from app.aggregates.dashboard import campaign_dashboard
from app.deps import RowId, SessionDep
from app.i18n import Language, request_language
from app.pages.hr.rendering import render_hr

router = APIRouter(include_in_schema=False)

_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Tableau de bord", "Dashboard"),
    "back": ("Retour à la campagne", "Back to the campaign"),
    "exports": ("Exports", "Exports"),
    "rule_title": ("Protection des petits groupes", "Small groups are protected"),
    "minimums": (
        "Seuils de cette campagne : IAT {iat} personnes, questionnaire {q} personnes.",
        "This campaign's minimums: IAT {iat} people, questionnaire {q} people.",
    ),
    "not_published": (
        "Campagne ouverte : les résultats seront publiés à sa clôture. En attendant, seule la "
        "participation s'affiche.",
        "The campaign is open: results are published when it closes. Meanwhile only "
        "participation is shown.",
    ),
    "open_link_counted": (
        "Les réponses reçues par un lien ouvert comptent pour ces seuils (choix de la campagne).",
        "Answers received through an open link count toward these minimums (campaign policy).",
    ),
    "open_link_not_counted": (
        "Les réponses reçues par un lien ouvert ne comptent pas pour ces seuils : n'importe qui "
        "peut utiliser un tel lien.",
        "Answers received through an open link do not count toward these minimums: anyone can "
        "use such a link.",
    ),
    "via_open_link": (
        "Dont terminés par le lien ouvert de l'équipe :",
        "Of those completed, through the team's open link:",
    ),
    "completion": ("Participation par équipe", "Completion by team"),
    "team": ("Équipe", "Team"),
    "context": ("Par profil de répondant", "By respondent profile"),
    "context_hint": (
        "Résultats de toute la campagne selon les questions de contexte du questionnaire. Mêmes "
        "seuils que pour les équipes ; jamais croisés avec les équipes.",
        "Whole-campaign results by the questionnaire's context questions. Same minimums as for "
        "teams; never crossed with teams.",
    ),
    "answer": ("Réponse", "Answer"),
    "invited": ("Invités", "Invited"),
    "progress": ("Terminé", "Completed"),
    "not_started": ("Pas commencé", "Not started"),
    "consented": ("Consentement donné", "Consented"),
    "in_progress": ("En cours", "In progress"),
    "completed": ("Terminés", "Completed"),
    "declined": ("Refus", "Declined"),
    "withdrawn": ("Retraits", "Withdrawn"),
    "iat": ("Résultats IAT par équipe", "IAT results by team"),
    "iat_hint": (
        "Seules les passations terminées, non retirées et non exclues entrent dans les moyennes. "
        "D > 0 : réponses plus rapides quand « Client » partage une touche avec « Agréable ».",
        "Only completed, non-withdrawn, non-excluded sessions enter the means. D > 0: faster "
        "when 'Customer' shares a key with 'Pleasant'.",
    ),
    "n": ("n", "n"),
    "mean_d": ("D moyen", "Mean D"),
    "sd": ("Écart type", "SD"),
    "ci": ("IC 95 %", "95 % CI"),
    "bands": (
        "Intensité (aucune / légère / modérée / forte)",
        "Bands (none / slight / moderate / strong)",
    ),
    "excluded": ("Exclus", "Excluded"),
    "flagged": ("Signalés", "Flagged"),
    "skipped": ("Test évité", "Test skipped"),
    "withheld": ("masqué", "withheld"),
    "split_half": (
        "Fidélité du D (moitiés paires/impaires, Spearman-Brown) : {r} sur {n} personnes.",
        "Reliability of D (odd/even split-half, Spearman-Brown): {r} over {n} people.",
    ),
    "chart_teams": ("D moyen par équipe avec son IC 95 %", "Mean D by team with its 95 % CI"),
    "chart_teams_alt": (
        "Graphique : D moyen et intervalle de confiance par équipe ; les valeurs sont dans le "
        "tableau des résultats IAT.",
        "Chart: mean D and confidence interval by team; the values are in the IAT results table.",
    ),
    "distribution": ("Distribution des scores D", "Distribution of D scores"),
    "distribution_alt": (
        "Histogramme des scores D ; les effectifs par classe sont dans le tableau qui suit.",
        "Histogram of D scores; the counts per bin are in the table below.",
    ),
    "bin": ("Classe de D", "D bin"),
    "count": ("Personnes", "People"),
    "questionnaire": ("Profil du questionnaire par équipe", "Questionnaire profile by team"),
    "questionnaire_hint": (
        "Moyenne de 1 à 5 et IC 95 %. Accord rwg(j) ≥ 0,70 : l'équipe partage une vision ; "
        "fiabilité de la moyenne (ICC) ≥ 0,70 : la moyenne d'équipe est fiable.",
        "Mean from 1 to 5 and 95 % CI. Agreement rwg(j) ≥ .70: the team shares a view; "
        "reliability of the mean (ICC) ≥ .70: the team mean can be trusted.",
    ),
    "respondents": ("Répondants", "Respondents"),
    "agree_high": ("accord", "agreement"),
    "agree_low": ("accord faible", "low agreement"),
    "rel_high": ("moyenne fiable", "reliable mean"),
    "rel_low": ("moyenne peu fiable", "unreliable mean"),
    "heatmap": ("Carte de chaleur équipes × sous-échelles", "Heat map teams × subscales"),
    "heatmap_alt": (
        "Carte de chaleur des moyennes par équipe et sous-échelle ; les valeurs sont dans le "
        "tableau du profil du questionnaire.",
        "Heat map of means by team and subscale; the values are in the questionnaire table.",
    ),
    "reliability": ("Fiabilité des sous-échelles", "Subscale reliability"),
    "subscale": ("Sous-échelle", "Subscale"),
    "alpha": ("α de Cronbach [IC 95 %]", "Cronbach's α [95 % CI]"),
    "icc1": ("ICC(1)", "ICC(1)"),
    "icc2": ("ICC(2)", "ICC(2)"),
    "no_data": ("Pas encore assez de données.", "Not enough data yet."),
}


def dashboard_texts(lang: Language) -> dict[str, str]:
    index = 0 if lang is Language.FR else 1
    return {key: pair[index] for key, pair in _TEXTS.items()}


@router.get("/hr/campaigns/{campaign_id}/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, campaign_id: RowId, user: CurrentHRStaff, scope: CurrentScope, db: SessionDep
) -> HTMLResponse:
    board = campaign_dashboard(db, scope, campaign_id)
    texts = dashboard_texts(request_language(request))
    return render_hr(request, "hr/dashboard.html", {"board": board, "d": texts})


@router.get("/hr/campaigns/{campaign_id}/dashboard/charts/{name}.svg")
def chart(
    request: Request,
    campaign_id: RowId,
    name: str,
    user: CurrentHRStaff,
    scope: CurrentScope,
    db: SessionDep,
) -> Response:
    svg = dashboard_chart(db, scope, campaign_id, name, request_language(request))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
