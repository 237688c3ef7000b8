"""Bearer-token dependencies of the research API, one ``Annotated`` alias per scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.deps import SessionDep, SettingsDep
from app.domain import ApiScope
from app.errors import Unauthorized
from app.tokens.access import ResearchCaller, authorise

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ResearchToken",
    description="A research API token created by an HR admin (Workspace → API tokens).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_scope(scope: ApiScope) -> Callable[..., ResearchCaller]:
    """A dependency that authorises the request's bearer token for ``scope``."""

    def dependency(
        db: SessionDep, settings: SettingsDep, credentials: Credentials
    ) -> ResearchCaller:
        if credentials is None or not credentials.credentials.strip():
            raise Unauthorized("send a research token as 'Authorization: Bearer <token>'")
        return authorise(db, settings, credentials.credentials.strip(), scope)

    return dependency


ScoresReader = Annotated[ResearchCaller, Depends(require_scope(ApiScope.SCORES_READ))]
TrialsReader = Annotated[ResearchCaller, Depends(require_scope(ApiScope.TRIALS_READ))]
CampaignsWriter = Annotated[ResearchCaller, Depends(require_scope(ApiScope.CAMPAIGNS_WRITE))]
OutcomesWriter = Annotated[ResearchCaller, Depends(require_scope(ApiScope.OUTCOMES_WRITE))]
StudiesWriter = Annotated[ResearchCaller, Depends(require_scope(ApiScope.STUDIES_WRITE))]
