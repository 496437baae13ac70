"""Sign-in throttling counted in the database: progressive, shared by replicas, no lockout as a weapon."""
from __future__ import annotations

import datetime as dt

import pytest

from data.accounts.auth import AccountRepository
from data.accounts.roles import CONTRIBUTOR
from data.accounts.throttle import (
    POLICY,
    SignInThrottle,
    address_key,
    client_address,
    sign_in,
    wait_for,
)
from data.store.audit import entries
from data.store.db import make_engine

PASSWORD = "un mot de passe assez long"
HOME, ATTACKER = "192.0.2.10", "203.0.113.66"
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone.utc)


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def accounts(engine) -> AccountRepository:
    repo = AccountRepository(engine)
    repo.create("alice", CONTRIBUTOR, PASSWORD)
    return repo


def test_wait_grows_by_doubling_up_to_the_cap() -> None:
    free = POLICY.free_per_identifier
    assert [wait_for(n, T0, free, T0) for n in range(free)] == [0] * free
    waits = [wait_for(n, T0, free, T0) for n in range(free, free + 10)]
    assert waits[:3] == [POLICY.first_wait_s, 2 * POLICY.first_wait_s, 4 * POLICY.first_wait_s]
    assert max(waits) == POLICY.max_wait_s and waits == sorted(waits)
    assert wait_for(free, T0, free, _at(POLICY.first_wait_s)) == 0  # the wait runs from the last failure


def test_attacker_cannot_keep_the_owner_out(engine, accounts) -> None:
    throttle = SignInThrottle(engine)
    assert sign_in(accounts, throttle, "alice", PASSWORD, HOME, _at(0)).user is not None
    for i in range(50):
        sign_in(accounts, throttle, "alice", f"essai {i}", ATTACKER, _at(1 + i * 0.1))
    attacker = sign_in(accounts, throttle, "alice", PASSWORD, ATTACKER, _at(10))
    assert attacker.user is None and attacker.wait_s > 0  # the attacker is slowed, even with the right password
    owner = sign_in(accounts, throttle, "alice", PASSWORD, HOME, _at(10))
    assert owner.user is not None and owner.wait_s == 0
    # From an address alice never used, the identifier's failures do count.
    elsewhere = sign_in(accounts, throttle, "alice", PASSWORD, "198.51.100.7", _at(11))
    assert elsewhere.user is None and elsewhere.wait_s > 0


def test_owner_own_failures_still_slow_the_owner(engine, accounts) -> None:
    throttle = SignInThrottle(engine)
    sign_in(accounts, throttle, "alice", PASSWORD, HOME, _at(0))
    for i in range(POLICY.free_per_identifier):
        assert sign_in(accounts, throttle, "alice", "faux", HOME, _at(1 + i)).wait_s == 0
    assert sign_in(accounts, throttle, "alice", PASSWORD, HOME, _at(7)).wait_s > 0
    assert sign_in(accounts, throttle, "alice", PASSWORD, HOME, _at(7 + POLICY.first_wait_s)).user is not None


def test_spraying_identifiers_from_one_address_is_slowed(engine, accounts) -> None:
    throttle = SignInThrottle(engine)
    for i in range(POLICY.free_per_address - 1):  # what sign_in writes for each wrong attempt (no argon2 here)
        throttle.record_failure(f"compte{i}", ATTACKER, _at(i * 0.01))
    last_free = sign_in(accounts, throttle, "compte-avant", "motdepasse", ATTACKER, _at(0.5))
    assert last_free.user is None and last_free.wait_s == 0
    refused = sign_in(accounts, throttle, "compte-nouveau", "motdepasse", ATTACKER, _at(0.6))
    assert refused.wait_s > 0  # every identifier was new: only the address counter stops it
    assert throttle.wait_seconds("compte-suivant", ATTACKER, _at(1)) > 0
    assert throttle.wait_seconds("compte-suivant", "198.51.100.7", _at(1)) == 0  # other addresses are not hit
    # Each further failure doubles the wait.
    later = _at(POLICY.first_wait_s + 1)
    sign_in(accounts, throttle, "compte-x", "motdepasse", ATTACKER, later)
    assert throttle.wait_seconds("compte-y", ATTACKER, later) == 2 * POLICY.first_wait_s


def test_counts_are_shared_by_two_replicas(db_url: str, engine, accounts) -> None:
    other = make_engine(db_url)  # a second app server on the same database
    try:
        replica_a, replica_b = SignInThrottle(engine), SignInThrottle(other)
        accounts_b = AccountRepository(other)
        for i in range(POLICY.free_per_identifier):
            replica = (replica_a, accounts) if i % 2 else (replica_b, accounts_b)
            sign_in(replica[1], replica[0], "alice", "faux", ATTACKER, _at(i))
        assert replica_a.wait_seconds("alice", ATTACKER, _at(5)) > 0
        result = sign_in(accounts_b, replica_b, "alice", PASSWORD, ATTACKER, _at(5))
        assert result.user is None and result.wait_s > 0
    finally:
        other.dispose()


def test_failures_and_refusals_are_in_the_audit_log(engine, accounts) -> None:
    throttle = SignInThrottle(engine)
    for i in range(POLICY.free_per_identifier + 1):
        sign_in(accounts, throttle, "Alice", "faux-" + str(i), ATTACKER, _at(i))
    log = entries(engine, "connexion")
    operations = [e.operation for e in reversed(log)]
    assert operations == ["echec"] * POLICY.free_per_identifier + ["refus_attente"]
    assert all(e.apres["identifiant"] == "alice" and e.apres["adresse"] == ATTACKER for e in log)
    assert log[0].apres["attente_s"] > 0
    assert all("faux" not in str(e.apres) for e in log)  # never the password
    sign_in(accounts, throttle, "alice", PASSWORD, HOME, _at(100))
    assert entries(engine, "connexion")[0].operation == "reussite"


def test_unknown_address_counts_per_identifier_only(engine, accounts) -> None:
    throttle = SignInThrottle(engine)
    for i in range(POLICY.free_per_identifier):
        sign_in(accounts, throttle, "alice", "faux", None, _at(i))
    assert throttle.wait_seconds("alice", None, _at(5)) > 0
    assert throttle.wait_seconds("bob", None, _at(5)) == 0


def test_old_failures_expire(engine, accounts) -> None:
    throttle = SignInThrottle(engine)
    for i in range(POLICY.free_per_identifier + 3):
        throttle.record_failure("alice", ATTACKER, _at(i))
    assert throttle.wait_seconds("alice", ATTACKER, _at(10)) > 0
    assert throttle.wait_seconds("alice", ATTACKER, _at(POLICY.window_s + 10)) == 0


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.5", None, (), "203.0.113.5"),
        ("203.0.113.5", "1.2.3.4", (), "203.0.113.5"),  # no trusted proxy: the header is ignored
        (None, "198.51.100.9", ("127.0.0.1",), "198.51.100.9"),  # loopback proxy (Streamlit gives None)
        (None, "198.51.100.9", (), None),
        ("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.3", ("10.0.0.0/8",), "198.51.100.9"),  # spoofed left entry ignored
        ("10.0.0.2", "pas-une-adresse", ("10.0.0.0/8",), None),
        ("::ffff:203.0.113.5", None, (), "203.0.113.5"),
    ],
)
def test_client_address_behind_trusted_proxies(peer, forwarded, trusted, expected) -> None:
    assert client_address(peer, forwarded, trusted) == expected


def test_ipv6_counts_by_64_network() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("pas une adresse") is None and address_key(None) is None
