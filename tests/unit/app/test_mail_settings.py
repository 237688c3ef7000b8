"""E-mail settings: every IAT_SMTP_URL form, and a clear message (without the password) for
each mistake; IAT_MAIL_FROM; the demo's secret key, the same in every process."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from app.config import DEMO_SECRET_KEY_FILE, Mode, Settings, demo_secret_key
from app.mail.outbox import default_message_domain
from app.mail.smtp_config import SmtpConfigError, SmtpSecurity, parse_mail_from, parse_smtp_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.local", ("relay.local", 25, SmtpSecurity.PLAIN, None, None)),
        ("smtp://127.0.0.1:2525", ("127.0.0.1", 2525, SmtpSecurity.PLAIN, None, None)),
        (
            "smtp://mailer:s3cr%40t%3A@smtp.example.org:587?starttls=1",
            ("smtp.example.org", 587, SmtpSecurity.STARTTLS, "mailer", "s3cr@t:"),
        ),
        ("smtp://u:p@h?starttls=true", ("h", 587, SmtpSecurity.STARTTLS, "u", "p")),
        ("smtp://u:p@h?starttls=0", ("h", 25, SmtpSecurity.PLAIN, "u", "p")),
        ("smtps://u:p@smtp.example.org", ("smtp.example.org", 465, SmtpSecurity.TLS, "u", "p")),
        ("SMTPS://u:p@h:2465", ("h", 2465, SmtpSecurity.TLS, "u", "p")),
    ],
)
def test_smtp_url_forms(url: str, expected: tuple[object, ...]) -> None:
    config = parse_smtp_url(url)
    assert (config.host, config.port, config.security, config.username, config.password) == (
        expected
    )
    assert config.timeout_s == 30.0 and "p@" not in repr(config).replace("u@", "")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://relay.example", "the scheme must be smtp or smtps, not 'http'"),
        ("relay.example:25", "the scheme must be smtp or smtps"),
        ("smtp://", "the host is missing"),
        ("smtp://relay.example:99999", "the port must be a number from 1 to 65535"),
        ("smtp://relay.example:abc", "the port must be a number"),
        ("smtp://relay.example?starttls=maybe", "starttls='maybe' must be 1 or 0"),
        ("smtps://relay.example?starttls=1", "smtps:// is TLS already"),
        ("smtp://relay.example?tls=1", "unknown parameter(s) tls"),
        ("smtp://relay.example?timeout=0", "timeout must be between 0 and 600"),
        ("smtp://relay.example?timeout=soon", "timeout must be a number of seconds"),
        ("smtp://relay.example?cafile=/no/such.pem", "cafile '/no/such.pem' is not a readable"),
        ("smtp://relay.example/inbox", "unexpected path '/inbox'"),
        ("smtp://mailer@relay.example", "give both a user and a password, or neither"),
    ],
)
def test_smtp_url_mistakes_are_named(url: str, says: str) -> None:
    with pytest.raises(SmtpConfigError) as error:
        parse_smtp_url(url)
    assert says in str(error.value)
    assert "Expected smtp://host:port" in str(error.value)


def test_the_password_is_never_repeated_in_an_error() -> None:
    with pytest.raises(SmtpConfigError) as error:
        parse_smtp_url("smtp://mailer:hunter2@relay.example:587?starttls=perhaps")
    assert "hunter2" not in str(error.value) and "relay.example:587" in str(error.value)


def test_mail_from_forms_and_mistakes() -> None:
    assert str(parse_mail_from("Survey team <noreply@org.example>")) == (
        "Survey team <noreply@org.example>"
    )
    assert parse_mail_from("noreply@org.example").domain == "org.example"
    for wrong in ("", "noreply", "noreply@localhost", "a@b.example, c@d.example"):
        with pytest.raises(SmtpConfigError, match="IAT_MAIL_FROM"):
            parse_mail_from(wrong)


def test_a_relay_without_a_sender_is_refused_in_production(tmp_path: Path) -> None:
    production = Settings(
        _env_file=None,  # type: ignore[call-arg]
        mode=Mode.PRODUCTION,
        var_dir=tmp_path,
        secret_key="k",
        smtp_url="smtp://relay.example",
    )
    with pytest.raises(SmtpConfigError, match="IAT_MAIL_FROM is not set"):
        production.require_mail_config()
    demo = Settings(mode=Mode.DEMO, var_dir=tmp_path, smtp_url="smtp://127.0.0.1:2525")
    demo.require_mail_config()
    assert demo.mail_sender.addr_spec == "noreply@demo.example"


def test_message_ids_use_the_sender_domain_else_the_public_host(tmp_path: Path) -> None:
    given = Settings(mode=Mode.PRODUCTION, secret_key="k", mail_from="hr@survey.example")
    assert default_message_domain(given) == "survey.example"
    bare = Settings(mode=Mode.PRODUCTION, secret_key="k", base_url="https://iat.example:8443/")
    assert default_message_domain(bare) == "iat.example"


def _key_in(var_dir: str) -> str:
    return Settings(mode=Mode.DEMO, var_dir=Path(var_dir), secret_key="").secret_key


def test_demo_key_is_made_once_and_shared_by_every_process(tmp_path: Path) -> None:
    with ProcessPoolExecutor(4) as pool:
        keys = set(pool.map(_key_in, [str(tmp_path)] * 8))
    assert len(keys) == 1 and len(keys.pop()) >= 40
    key_file = tmp_path / DEMO_SECRET_KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == [DEMO_SECRET_KEY_FILE]  # no temporary file left
    assert demo_secret_key(tmp_path) == key_file.read_text()


def test_test_and_production_modes_keep_no_key_file(tmp_path: Path) -> None:
    assert Settings(mode=Mode.TEST, var_dir=tmp_path).secret_key
    assert Settings(mode=Mode.PRODUCTION, var_dir=tmp_path).secret_key == ""
    assert not (tmp_path / DEMO_SECRET_KEY_FILE).exists()
