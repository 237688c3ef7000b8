"""Every sentence of an e-mail comes from the catalogues: composed in the pseudo-locale ``xx``,
nothing but wrapped text, the campaign's own words and the link is left."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.config import Settings
from app.db.base import utc_now
from app.domain import MailKind
from app.mail.compose import compose
from tests.support import pseudo_locale

URL = "http://iat.example/p/token"


@pytest.mark.parametrize("kind", [MailKind.INVITATION, MailKind.REMINDER])
@pytest.mark.parametrize("url", [URL, None])
@pytest.mark.parametrize("test", [False, True])
def test_every_sentence_of_an_email_is_from_the_catalogue(
    db: Session,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    kind: MailKind,
    url: str | None,
    test: bool,
) -> None:
    pseudo = pseudo_locale.install(monkeypatch, tmp_path)
    try:
        campaign = pseudo_locale.xx_campaign(db, settings, pseudo)
        campaign.closes_at = utc_now() + timedelta(days=30)
        allowed = pseudo_locale.allowed_words(db, campaign) | {URL}
        message = compose(campaign, kind, pseudo_locale.PSEUDO, url, test=test)
    finally:
        pseudo_locale.uninstall()
    # A body paragraph is one wrapped msgid cut into paragraphs: read each part whole.
    html = " ".join(pseudo_locale.page_texts(message.body.html))
    for part in (message.subject, message.body.text, html):
        assert pseudo_locale.escaped(part, allowed) == "", part
    assert (URL in message.body.text) is (url is not None)
