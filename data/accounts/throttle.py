"""Progressive slow-down of failed local sign-ins, counted in the database.

Every attempt that reaches the password check is a row of ``tentatives_connexion``
(shared by every app replica on the same database). Before checking a password:

* from an address the account signed in from successfully in the last
  :attr:`Policy.known_days` days, only the failures of this account *from that
  address* count: someone else's failures never keep its owner out;
* otherwise the failures of the identifier (every address) and of the client
  address (every identifier, so spraying many identifiers is slowed) in the last
  :attr:`Policy.window_s` seconds both count.

The first few failures are free; then the next attempt must wait
``first_wait_s × 2^(n − free)`` seconds after the last failure, capped at
``max_wait_s``. A refused attempt does not check the password, is not counted as
a failure and is written to the audit log, like every failure and success (never
the password). No Streamlit here: ``components/auth.py`` gives the client address.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import math
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from data.accounts.auth import AccountRepository, normalize_identifier
from data.accounts.roles import User
from data.store import schema
from data.store.audit import record
from data.store.db import write_transaction

AUDIT_OBJECT = "connexion"


@dataclass(frozen=True)
class Policy:
    """How many failures are free, and how the wait grows after them."""

    window_s: int = 3600
    free_per_identifier: int = 5
    free_per_address: int = 20
    first_wait_s: int = 15
    max_wait_s: int = 900
    known_days: int = 30


POLICY = Policy()


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one sign-in attempt: the user, or a refusal (``wait_s`` > 0: throttled)."""

    user: User | None
    wait_s: int = 0


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.timezone.utc)  # SQLite gives back naive UTC datetimes


def _parse(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        ip = ipaddress.ip_address((value or "").strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def address_key(value: str | None) -> str | None:
    """The address as counted: IPv4 as is, IPv6 as its /64 network, None when unknown or invalid."""
    ip = _parse(value)
    if ip is None:
        return None
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def _networks(trusted: Iterable[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    nets = []
    for item in trusted:
        try:
            nets.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            continue
    return nets


def client_address(peer: str | None, forwarded_for: str | None, trusted: Iterable[str]) -> str | None:
    """The client's address: the connection's peer or, when the peer is a trusted proxy,
    the right-most ``X-Forwarded-For`` entry that is not itself a trusted proxy.

    ``peer`` None is what Streamlit gives for a loopback connection (a proxy on the
    same machine): it counts as 127.0.0.1 only when a loopback network is trusted.
    """
    nets = _networks(trusted)
    peer_ip = _parse(peer)
    if peer is None:
        loopback = [ipaddress.ip_address(a) for a in ("127.0.0.1", "::1")]
        peer_ip = next((ip for ip in loopback if any(ip in n for n in nets if n.version == ip.version)), None)
    if peer_ip is None or not any(peer_ip in n for n in nets if n.version == peer_ip.version):
        return str(peer_ip) if peer_ip is not None else None
    hops = [h for h in (forwarded_for or "").split(",") if h.strip()]
    for hop in reversed(hops):
        ip = _parse(hop)
        if ip is None:
            return None  # a malformed chain: nothing after it can be trusted
        if not any(ip in n for n in nets if n.version == ip.version):
            return str(ip)
    return str(peer_ip)


def wait_for(failures: int, last: dt.datetime | None, free: int, now: dt.datetime, policy: Policy = POLICY) -> int:
    """Seconds still to wait after ``failures`` recent failures, the last one at ``last`` (0: free)."""
    if failures < free or last is None:
        return 0
    wait = min(policy.max_wait_s, policy.first_wait_s * 2 ** min(failures - free, 30))
    left = wait - (now - last).total_seconds()
    return max(0, math.ceil(left))


class SignInThrottle:
    """Failed sign-ins of one database, as the throttle counts them."""

    def __init__(self, engine: sa.Engine, policy: Policy = POLICY) -> None:
        self.engine = engine
        self.policy = policy

    @staticmethod
    def _now(now: dt.datetime | None) -> dt.datetime:
        return now or dt.datetime.now(dt.timezone.utc)

    def _failures(self, conn: sa.Connection, now: dt.datetime, **where: str) -> tuple[int, dt.datetime | None]:
        t = schema.tentatives_connexion.c
        query = sa.select(sa.func.count(), sa.func.max(t.horodatage)).where(
            t.reussie.is_(False), t.horodatage >= now - dt.timedelta(seconds=self.policy.window_s)
        )
        for column, value in where.items():
            query = query.where(t[column] == value)
        count, last = conn.execute(query).one()
        return int(count or 0), _utc(last)

    def _known(self, conn: sa.Connection, ident: str, key: str | None, now: dt.datetime) -> bool:
        if key is None:
            return False
        t = schema.tentatives_connexion.c
        since = now - dt.timedelta(days=self.policy.known_days)
        query = sa.select(t.id).where(t.identifiant == ident, t.adresse == key, t.reussie.is_(True), t.horodatage >= since)
        return conn.execute(query.limit(1)).first() is not None

    def known_address(self, identifiant: str, adresse: str | None, now: dt.datetime | None = None) -> bool:
        """True when this account signed in successfully from ``adresse`` recently."""
        with self.engine.connect() as conn:
            return self._known(conn, normalize_identifier(identifiant)[:200], address_key(adresse), self._now(now))

    def wait_seconds(self, identifiant: str, adresse: str | None, now: dt.datetime | None = None) -> int:
        """Seconds before this identifier may try again from this address (0: it may try now)."""
        now = self._now(now)
        ident, key = normalize_identifier(identifiant)[:200], address_key(adresse)
        p = self.policy
        with self.engine.connect() as conn:
            if self._known(conn, ident, key, now):
                count, last = self._failures(conn, now, identifiant=ident, adresse=key)
                return wait_for(count, last, p.free_per_identifier, now, p)
            count, last = self._failures(conn, now, identifiant=ident)
            wait = wait_for(count, last, p.free_per_identifier, now, p)
            if key is not None:
                count, last = self._failures(conn, now, adresse=key)
                wait = max(wait, wait_for(count, last, p.free_per_address, now, p))
        return wait

    def _write(self, identifiant: str, adresse: str | None, operation: str, now: dt.datetime, wait_s: int = 0) -> None:
        t = schema.tentatives_connexion
        ident, key = normalize_identifier(identifiant)[:200], address_key(adresse)
        details = {"identifiant": ident, "adresse": key}
        if wait_s:
            details["attente_s"] = wait_s
        with write_transaction(self.engine) as conn:
            if operation != "refus_attente":
                conn.execute(sa.insert(t).values(horodatage=now, identifiant=ident, adresse=key, reussie=operation == "reussite"))
            if operation == "reussite" and key is not None:
                # The owner's own failures from this address are forgiven; others' stay counted.
                conn.execute(
                    sa.delete(t).where(t.c.identifiant == ident, t.c.adresse == key, t.c.reussie.is_(False))
                )
            conn.execute(
                sa.delete(t).where(
                    sa.or_(
                        sa.and_(t.c.reussie.is_(False), t.c.horodatage < now - dt.timedelta(seconds=self.policy.window_s)),
                        t.c.horodatage < now - dt.timedelta(days=self.policy.known_days),
                    )
                )
            )
            record(conn, ident or "?", AUDIT_OBJECT, None, operation, None, details)

    def record_failure(self, identifiant: str, adresse: str | None, now: dt.datetime | None = None) -> None:
        """Count a wrong password (or unknown identifier) and write it to the audit log."""
        self._write(identifiant, adresse, "echec", self._now(now))

    def record_success(self, identifiant: str, adresse: str | None, now: dt.datetime | None = None) -> None:
        """Remember a successful sign-in (the address becomes known for this account)."""
        self._write(identifiant, adresse, "reussite", self._now(now))

    def record_refusal(self, identifiant: str, adresse: str | None, wait_s: int, now: dt.datetime | None = None) -> None:
        """Write a throttled attempt (password not checked) to the audit log."""
        self._write(identifiant, adresse, "refus_attente", self._now(now), wait_s)


def sign_in(
    accounts: AccountRepository,
    throttle: SignInThrottle,
    identifiant: str,
    password: str,
    adresse: str | None,
    now: dt.datetime | None = None,
) -> SignInResult:
    """Check the throttle, then the password; count and audit the outcome."""
    wait = throttle.wait_seconds(identifiant, adresse, now)
    if wait:
        throttle.record_refusal(identifiant, adresse, wait, now)
        return SignInResult(None, wait)
    user = accounts.authenticate(identifiant, password)
    if user is None:
        throttle.record_failure(identifiant, adresse, now)
        return SignInResult(None, 0)
    throttle.record_success(user.identifiant, adresse, now)
    return SignInResult(user, 0)
