"""``X-Forwarded-For`` / ``X-Forwarded-Proto`` from trusted proxies only (``IAT_TRUSTED_PROXIES``).

Behind a reverse proxy every request comes from the proxy's address; the proxy names the
real client in ``X-Forwarded-For`` and the scheme it was reached by in ``X-Forwarded-Proto``.
Anyone can send those headers, so they are read only when the connection comes from an
address in ``IAT_TRUSTED_PROXIES``: then the client address (what sign-in throttling counts
per address, app/accounts/throttle.py) is the right-most forwarded address that is not a
trusted proxy, and the scheme is the proxy's (``https``: cookies are ``Secure``). From any
other address the headers are ignored. (``iat serve`` turns uvicorn's own handling off: it
trusts 127.0.0.1 by default, which let any local client pick its address.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
FROM_TRUSTED_PROXY = "iat.from_trusted_proxy"  # scope key: the headers were trusted


def parse_networks(text: str) -> tuple[Network, ...]:
    """``"10.0.0.5, 10.1.0.0/16, ::1"`` → networks; ValueError names a wrong entry."""
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(f"{entry!r} is not an IP address or network (CIDR)") from exc
    return tuple(networks)


def address_in(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _header(scope: Scope, name: bytes) -> str:
    values = [v.decode("latin-1") for k, v in scope["headers"] if k == name]
    return ",".join(values)


def forwarded_client(forwarded_for: str, trusted: Sequence[Network]) -> str | None:
    """The right-most address of the chain that is not a trusted proxy (those left of it
    were written by the client and prove nothing); None when there is no address."""
    chain = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    for address in reversed(chain):
        if not address_in(address, trusted):
            return address
    return chain[0] if chain else None


class ProxyHeadersMiddleware:
    def __init__(self, app: ASGIApp, trusted: Sequence[Network]) -> None:
        self.app = app
        self.trusted = tuple(trusted)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] in ("http", "websocket") and client and self._trusted(client[0]):
            scope[FROM_TRUSTED_PROXY] = True
            address = forwarded_client(_header(scope, b"x-forwarded-for"), self.trusted)
            if address is not None:
                scope["client"] = (address, 0)
            proto = _header(scope, b"x-forwarded-proto").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                scope["scheme"] = proto if scope["type"] == "http" else proto.replace("http", "ws")
        await self.app(scope, receive, send)

    def _trusted(self, host: str) -> bool:
        return bool(self.trusted) and address_in(host, self.trusted)
