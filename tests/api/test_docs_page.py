"""/docs works offline: Swagger UI's files come from the app, the policy names no other origin;
the site icon is served and linked; the home page leads to the HR sign-in (issue 16, item 5)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

EXTERNAL = re.compile(r"https?://", re.I)


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html)


def test_docs_page_loads_nothing_from_another_origin(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = _asset_urls(page.text)
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls), urls
    assert any(url.endswith("swagger-ui.css") for url in urls), urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
    assert not EXTERNAL.search(page.text), "the page names an external address"


def test_docs_assets_are_served_with_their_types(client: TestClient) -> None:
    page = client.get("/docs").text
    types = {".js": "javascript", ".css": "text/css", ".ico": "image/"}
    for url in _asset_urls(page):
        if url == "/openapi.json":
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert types[suffix] in response.headers["content-type"], url
        assert len(response.content) > 1000 or suffix == ".ico", url


def test_docs_policy_allows_our_origin_only(client: TestClient) -> None:
    policy = client.get("/docs").headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if " " in d.strip())
    assert directives["default-src"] == "'none'"
    assert not EXTERNAL.search(policy), policy
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["script-src"].startswith("'self' 'sha256-")
    assert directives["connect-src"] == "'self'"


def test_docs_page_is_cross_origin_isolated_like_every_page(client: TestClient) -> None:
    headers = client.get("/docs").headers
    assert headers["cross-origin-embedder-policy"] == "require-corp"
    assert headers["cross-origin-opener-policy"] == "same-origin"


def test_favicon_is_served_and_linked(client: TestClient) -> None:
    for url in ("/favicon.ico", "/static/img/favicon.svg"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("image/"), url
        assert b"<svg" in response.content
    home = client.get("/").text
    linked = re.search(r'<link rel="icon" href="([^"]+)"', home)
    assert linked and client.get(linked.group(1)).status_code == 200
    assert 'rel="icon"' in client.get("/hr/login").text


def test_home_page_links_to_the_hr_sign_in(client: TestClient) -> None:
    for lang, words in (("fr", "Espace RH : se connecter"), ("en", "HR workspace: sign in")):
        home = client.get("/", params={"lang": lang}).text
        assert f'<a href="/hr/login">{words}</a>' in home, lang
    assert client.get("/hr/login").status_code == 200


def test_every_api_operation_is_described(client: TestClient) -> None:
    """Every operation of /docs says what it does (issue 16: each HR route had to)."""
    spec = client.get("/openapi.json").json()
    operations = [
        (method.upper(), path, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
    ]
    assert sum(path.startswith("/api/v1/hr/") for _, path, _ in operations) > 25
    bare = [f"{m} {p}" for m, p, op in operations if len(op.get("description", "").strip()) < 20]
    assert bare == []


def test_scores_description_says_the_bootstrap_is_opt_in(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"][
        "/api/v1/campaigns/{campaign_id}/scores"
    ]
    n_boot = next(p for p in operation["get"]["parameters"] if p["name"] == "n_boot")
    assert n_boot["schema"]["default"] == 0
    assert "opt-in" in n_boot["description"] and "null" in n_boot["description"]
    description = operation["get"]["description"]
    assert "`n_boot=0` (the default) `se` is null" in description
    assert "stored when a session finishes already carries its" in description
