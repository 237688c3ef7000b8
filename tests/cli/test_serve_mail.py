"""``iat serve`` and e-mail, as real processes: the demo (no IAT_SMTP_URL) catches what its
workers send on a local SMTP server, once even with two workers, and HR reads it at
/hr/mailbox with the links clickable; a wrong IAT_SMTP_URL stops the start with a clear
message."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
from sqlalchemy.orm import Session

from app.config import DEMO_SECRET_KEY_FILE
from app.db.engine import build_engine
from app.domain import HRRole, MailKind
from app.mail.catcher import mailbox_path
from app.mail.outbox import MailBody, enqueue
from tests.cli.test_serve_production import IAT, _environment, _serving
from tests.support.hr import PASSWORD, make_user, organisation
from tests.support.live_server import free_port


def _queue_invitations(database_url: str, secret_key: str, count: int) -> list[str]:
    engine = build_engine(database_url)
    ids = []
    with Session(engine) as db:
        for n in range(count):
            link = f"http://127.0.0.1:8000/p/demo-link-{n}"
            ids.append(
                enqueue(
                    db,
                    kind=MailKind.INVITATION,
                    to_address=f"person{n}@demo.example",
                    language="en",
                    subject=f"Your invitation {n}",
                    body=MailBody(f"Hello,\nyour link: {link}\n", f'<a href="{link}">link</a>'),
                    secret_key=secret_key,
                ).message_id
            )
        db.commit()
        make_user(db, "hr@demo-mail.example", HRRole.HR_ADMIN, organisation(db, "Mail SA").id)
    engine.dispose()
    return ids


def _caught(var_dir: Path, expected: int) -> list[bytes]:
    for _ in range(200):
        files = sorted(mailbox_path(var_dir).glob("*.eml"))
        if len(files) >= expected:
            time.sleep(1.0)  # a duplicate, if any, would arrive now
            return [path.read_bytes() for path in sorted(mailbox_path(var_dir).glob("*.eml"))]
        time.sleep(0.1)
    raise AssertionError("the demo catcher did not receive the messages")


def test_demo_catches_what_two_workers_send_once_and_hr_reads_it(tmp_path: Path) -> None:
    env = _environment(tmp_path, IAT_MODE="demo")
    with _serving(env, workers=2) as base_url:
        key = (tmp_path / DEMO_SECRET_KEY_FILE).read_text().strip()  # made by iat serve
        ids = _queue_invitations(env["IAT_DATABASE_URL"], key, 12)
        caught = _caught(tmp_path, 12)
        with httpx.Client(base_url=base_url, timeout=10) as client:
            signed_in = {"email": "hr@demo-mail.example", "password": PASSWORD}
            assert client.post("/api/v1/hr/login", json=signed_in).status_code == 200
            page = client.get("/hr/mailbox")
    assert len(caught) == 12
    assert sorted(
        next(line for line in raw.splitlines() if line.startswith(b"Message-ID:"))
        .split(b": ")[1]
        .decode()
        for raw in caught
    ) == sorted(ids)
    assert page.status_code == 200
    assert page.text.count('class="hr-panel caught-mail"') == 12
    assert (
        '<a href="http://127.0.0.1:8000/p/demo-link-7">http://127.0.0.1:8000/p/demo-link-7</a>'
        in page.text
    )
    assert "Your invitation 7" in page.text and "person7@demo.example" in page.text


def test_serve_refuses_a_wrong_smtp_url_with_a_clear_message(tmp_path: Path) -> None:
    env = _environment(
        tmp_path,
        IAT_MODE="production",
        IAT_SECRET_KEY="k" * 40,
        IAT_SMTP_URL="smtp://user:hunter2@relay.example:587?starttls=yes-please",
        IAT_MAIL_FROM="noreply@org.example",
    )
    result = subprocess.run(
        [IAT, "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "IAT_SMTP_URL (relay.example:587?starttls=yes-please): starttls='yes-please'" in (
        result.stderr
    )
    assert "hunter2" not in result.stderr
