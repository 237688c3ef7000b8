"""The HR admin's research-token page: create (shown once), list with last use, revoke."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from app.accounts.hr_auth import CurrentHRAdmin
from app.deps import SessionDep
from app.domain import ApiScope
from app.exports.research_schemas import TokenCreate, TokenCreated
from app.i18n import Language, request_language
from app.pages.hr.rendering import render_hr
from app.tokens import manage as tokens

router = APIRouter(prefix="/hr/tokens", include_in_schema=False)

_TEXTS: dict[str, dict[Language, str]] = {
    "title": {Language.FR: "Jetons de l'API de recherche", Language.EN: "Research API tokens"},
    "intro": {
        Language.FR: "Un jeton donne à un·e chercheur·se un accès pseudonymisé aux données de "
        "votre organisation par l'API (/docs). Il n'est affiché qu'une fois : copiez-le.",
        Language.EN: "A token gives a researcher pseudonymised access to your organisation's "
        "data through the API (/docs). It is shown only once: copy it.",
    },
    "new": {Language.FR: "Nouveau jeton", Language.EN: "New token"},
    "name": {Language.FR: "Nom (à quoi sert-il ?)", Language.EN: "Name (what is it for?)"},
    "scopes": {Language.FR: "Droits", Language.EN: "Scopes"},
    "scores:read": {
        Language.FR: "lire études, campagnes, sessions, scores et agrégats d'équipe",
        Language.EN: "read studies, campaigns, sessions, scores and team aggregates",
    },
    "trials:read": {
        Language.FR: "lire les essais et les réponses au questionnaire, item par item",
        Language.EN: "read trials and item-level questionnaire answers",
    },
    "campaigns:write": {
        Language.FR: "créer des campagnes et des invitations",
        Language.EN: "create campaigns and invitations",
    },
    "expires": {Language.FR: "Expire dans (jours)", Language.EN: "Expires in (days)"},
    "create": {Language.FR: "Créer le jeton", Language.EN: "Create token"},
    "created": {
        Language.FR: "Jeton créé. Copiez-le maintenant : il ne sera plus jamais affiché.",
        Language.EN: "Token created. Copy it now: it will never be shown again.",
    },
    "list": {Language.FR: "Jetons existants", Language.EN: "Existing tokens"},
    "none": {Language.FR: "Aucun jeton pour l'instant.", Language.EN: "No token yet."},
    "created_at": {Language.FR: "Créé le", Language.EN: "Created"},
    "expires_at": {Language.FR: "Expire le", Language.EN: "Expires"},
    "last_used": {Language.FR: "Dernière utilisation", Language.EN: "Last used"},
    "never": {Language.FR: "jamais", Language.EN: "never"},
    "status": {Language.FR: "État", Language.EN: "Status"},
    "active": {Language.FR: "actif", Language.EN: "active"},
    "inactive": {Language.FR: "révoqué ou expiré", Language.EN: "revoked or expired"},
    "revoke": {Language.FR: "Révoquer", Language.EN: "Revoke"},
    "invalid": {
        Language.FR: "Formulaire incomplet : donnez un nom, au moins un droit et une durée de "
        "1 à 730 jours.",
        Language.EN: "Incomplete form: give a name, at least one scope and 1 to 730 days.",
    },
}


def _page(
    request: Request, db: SessionDep, admin: Any, extra: dict[str, Any], status: int = 200
) -> HTMLResponse:
    lang = request_language(request)
    context = {
        "tt": {key: texts[lang] for key, texts in _TEXTS.items()},
        "tokens": tokens.list_tokens(db, admin),
        "scopes": [scope.value for scope in ApiScope],
        **extra,
    }
    return render_hr(request, "hr/tokens.html", context, status)


@router.get("", response_class=HTMLResponse)
def tokens_page(request: Request, db: SessionDep, admin: CurrentHRAdmin) -> HTMLResponse:
    return _page(request, db, admin, {})


@router.post("", response_class=HTMLResponse)
def create_token(
    request: Request,
    db: SessionDep,
    admin: CurrentHRAdmin,
    name: Annotated[str, Form(max_length=200)] = "",
    scopes: Annotated[list[str] | None, Form()] = None,
    expires_in_days: Annotated[str, Form(max_length=10)] = "90",
) -> HTMLResponse:
    """Create and show the secret once, in this response only (never in a URL)."""
    try:
        fields = {"name": name, "scopes": scopes or [], "expires_in_days": expires_in_days}
        body = TokenCreate.model_validate(fields)
    except ValidationError:
        return _page(request, db, admin, {"error": True}, 422)
    created: TokenCreated = tokens.create_token(db, admin, body)
    return _page(request, db, admin, {"created": created}, 201)


@router.post("/{token_id}/revoke")
def revoke_token(
    db: SessionDep, admin: CurrentHRAdmin, token_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RedirectResponse:
    tokens.revoke_token(db, admin, token_id)
    return RedirectResponse("/hr/tokens", status_code=303)
