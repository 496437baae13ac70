"""Print how many wrong passwords the sign-in throttle lets an attacker try, and what a check costs.

    python bench/throttle.py

On a fresh SQLite database (a temporary file), with the real ``SignInThrottle`` and
a simulated clock: an attacker tries again as soon as the throttle allows, for 24 h,
(a) on one identifier from ever-changing addresses (only the identifier counter
stops it), (b) on ever-new identifiers from one address (only the address counter
stops it). Also the time of one check (``wait_seconds``) and one failure write.
Passwords are not checked here (no argon2): only the throttle is measured.
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from data.accounts.throttle import POLICY, SignInThrottle  # noqa: E402
from data.store.db import make_engine, migrate  # noqa: E402

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def attack(throttle: SignInThrottle, spray: bool, hours: int = 24) -> tuple[int, int]:
    """Failures allowed in the first hour and in ``hours`` hours."""
    now, failures, first_hour, n = T0, 0, 0, 0
    end = T0 + dt.timedelta(hours=hours)
    while now < end:
        n += 1
        ident, address = (f"compte{n}", "203.0.113.66") if spray else ("admin", f"198.51.{n // 250 % 250}.{n % 250}")
        wait = throttle.wait_seconds(ident, address, now)
        if wait:
            now += dt.timedelta(seconds=wait)
            continue
        throttle.record_failure(ident, address, now)
        failures += 1
        first_hour += now < T0 + dt.timedelta(hours=1)
        now += dt.timedelta(seconds=1)
    return first_hour, failures


def main() -> None:
    """Both attacks, then the cost of a check and of a write."""
    print(f"policy: {POLICY}")
    with tempfile.TemporaryDirectory() as folder:
        for spray in (False, True):
            engine = make_engine(f"sqlite:///{Path(folder) / f'{spray}.db'}")
            migrate(engine)
            throttle = SignInThrottle(engine)
            started = time.perf_counter()
            first, day = attack(throttle, spray)
            what = "new identifiers from one address" if spray else "one identifier from changing addresses"
            print(f"{what}: {first} failures in the first hour, {day} in 24 h ({time.perf_counter() - started:.1f} s)")
            engine.dispose()
        engine = make_engine(f"sqlite:///{Path(folder) / 'cost.db'}")
        migrate(engine)
        throttle = SignInThrottle(engine)
        started = time.perf_counter()
        for i in range(200):
            throttle.record_failure(f"compte{i % 20}", f"192.0.2.{i % 50}")
        write = (time.perf_counter() - started) / 200
        started = time.perf_counter()
        for i in range(200):
            throttle.wait_seconds(f"compte{i % 20}", f"192.0.2.{i % 50}")
        check = (time.perf_counter() - started) / 200
        print(f"SQLite: one check {check * 1000:.1f} ms, one failure written (with the audit entry) {write * 1000:.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
