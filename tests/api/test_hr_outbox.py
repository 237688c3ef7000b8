"""What HR sees of e-mail delivery: a campaign's outbox page (states, attempts, the relay's
answer, never a body or a link) for its HR admins only; the served app's own worker sends
what is queued through a real SMTP server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.config import Mode, Settings
from app.db.engine import build_sessionmaker
from app.db.models import Mailing
from app.domain import HRRole, MailKind, MailState
from app.mail import outbox_repository as outbox_repo
from app.mail.delivery import deliver_due
from app.mail.outbox import MailBody, enqueue
from app.main import create_app
from tests.service.test_mail_delivery import KEY, config_for
from tests.support.hr import login, make_user
from tests.support.hr_world import World, flatten_teams, make_world
from tests.support.smtp_relay import smtp_server, text_of


@pytest.fixture(autouse=True)
def _team_trees(db: Session, client: TestClient) -> Iterator[None]:
    yield
    flatten_teams(db)


def _queue(db: Session, world: World, address: str, mailing_id: int | None = None) -> None:
    enqueue(
        db,
        kind=MailKind.INVITATION,
        to_address=address,
        language="fr",
        subject="Votre invitation",
        body=MailBody("lien : http://x/p/SECRET-OUTBOX-LINK", "<p>SECRET-OUTBOX-LINK</p>"),
        message_domain="org.example",
        campaign_id=world.campaign.id,
        mailing_id=mailing_id,
        secret_key=KEY,
    )


def test_hr_admin_sees_each_message_state_and_the_relay_answer_never_the_body(
    db: Session, client: TestClient, engine: Engine
) -> None:
    world = make_world(db, {"Sales": None})
    for address in ("ana@org.example", "gone@org.example", "bob@org.example"):
        _queue(db, world, address)
    db.commit()
    with smtp_server() as (relay, url):
        relay.bounce = {"gone@org.example"}
        assert deliver_due(build_sessionmaker(engine), config_for(url), max_messages=2).handled == 2
    make_user(db, "hr@org.example", HRRole.HR_ADMIN, world.organisation.id)
    login(client, "hr@org.example")
    page = client.get(f"/hr/campaigns/{world.campaign.id}/outbox")
    assert page.status_code == 200
    assert "SECRET-OUTBOX-LINK" not in page.text
    assert page.text.count('<tr data-state="sent">') == 1
    assert page.text.count('<tr data-state="bounced">') == 1
    assert page.text.count('<tr data-state="queued">') == 1
    assert "550 5.1.1 &lt;gone@org.example&gt;: Recipient address rejected" in page.text
    assert outbox_repo.state_counts_of_campaign(db, world.campaign.id) == {
        "queued": 1,
        "sent": 1,
        "failed": 0,
        "bounced": 1,
    }
    only = client.get(f"/hr/campaigns/{world.campaign.id}/outbox?state=bounced")
    assert only.text.count("<tr data-state=") == 1 and "gone@org.example" in only.text
    assert client.get(f"/hr/campaigns/{world.campaign.id}/outbox?state=lost").status_code == 422


def test_outbox_page_is_for_the_campaign_organisation_hr_admins_only(
    db: Session, client: TestClient
) -> None:
    world = make_world(db, {"Sales": None})
    other = make_world(db, {"Ops": None}, org_name="Other")
    _queue(db, world, "ana@org.example")
    db.commit()
    make_user(db, "boss@other.example", HRRole.HR_ADMIN, other.organisation.id)
    login(client, "boss@other.example")
    assert client.get(f"/hr/campaigns/{world.campaign.id}/outbox").status_code == 404
    manager = TestClient(client.app)
    make_user(db, "manager@org.example", HRRole.MANAGER, world.organisation.id)
    login(manager, "manager@org.example")
    assert manager.get(f"/hr/campaigns/{world.campaign.id}/outbox").status_code == 403


def test_served_app_worker_sends_what_a_request_queued(
    db: Session, database_url: str, engine: Engine, tmp_path: Path
) -> None:
    """A message queued through the app's sessions is sealed with the app's key (not the
    environment's), the one its worker opens it with."""
    with smtp_server() as (relay, url):
        settings = Settings(
            database_url=database_url,
            mode=Mode.TEST,
            var_dir=tmp_path,
            secret_key="this app's own key",
            smtp_url=url,
            mail_from="noreply@org.example",
        )
        app = create_app(settings)
        with TestClient(app):
            world = make_world(db, {"Sales": None})
            db.commit()
            with app.state.sessionmaker() as request_db:
                enqueue(
                    request_db,
                    kind=MailKind.INVITATION,
                    to_address="ana@org.example",
                    language="fr",
                    subject="Votre invitation",
                    body=MailBody("lien : http://x/p/abc", "<p>lien</p>"),
                    campaign_id=world.campaign.id,
                )
                request_db.commit()
            for _ in range(100):
                if relay.accepted:
                    break
                time.sleep(0.1)
        app.state.engine.dispose()
    assert [str(m["To"]) for m in relay.accepted] == ["ana@org.example"]
    assert text_of(relay.accepted[0]) == "lien : http://x/p/abc\n"
    assert str(relay.accepted[0]["Message-ID"]).endswith("@org.example>")  # IAT_MAIL_FROM's
    assert outbox_repo.state_counts_of_campaign(db, world.campaign.id)[MailState.SENT] == 1


def test_counts_by_state_per_mailing_and_campaign(db: Session, engine: Engine) -> None:
    world = make_world(db, {"Sales": None})
    first = Mailing(campaign_id=world.campaign.id, kind="invitation", audience="not_invited")
    second = Mailing(campaign_id=world.campaign.id, kind="reminder", audience="not_completed")
    db.add_all([first, second])
    db.flush()
    for n, mailing in enumerate([first, first, first, second]):
        _queue(db, world, f"p{n}@org.example", mailing_id=mailing.id)
    _queue(db, world, "hr@org.example")  # a test message: no mailing
    db.commit()
    with smtp_server() as (relay, url):
        relay.bounce = {"p1@org.example"}
        deliver_due(build_sessionmaker(engine), config_for(url), max_messages=3)
    by_mailing = outbox_repo.state_counts_by_mailing(db, world.campaign.id)
    assert by_mailing == {
        first.id: {"queued": 0, "sent": 2, "failed": 0, "bounced": 1},
        second.id: {"queued": 1, "sent": 0, "failed": 0, "bounced": 0},
    }
    assert outbox_repo.state_counts_of_mailing(db, first.id) == by_mailing[first.id]
    assert outbox_repo.state_counts_of_campaign(db, world.campaign.id) == {
        "queued": 2,
        "sent": 2,
        "failed": 0,
        "bounced": 1,
    }
    rows = outbox_repo.campaign_messages(db, world.campaign.id, mailing_id=first.id)
    assert [row.to_address for row in rows] == [
        "p2@org.example",
        "p1@org.example",
        "p0@org.example",
    ]
    assert [(row.state, row.attempts) for row in rows] == [
        ("sent", 1),
        ("bounced", 1),
        ("sent", 1),
    ]
    assert not hasattr(rows[0], "body_encrypted")
