#!/usr/bin/env python3
"""A bounded load test of the national-scale data (issue 15): staff sign in and walk the busiest pages.

Stdlib only (threads, urllib, http.cookiejar). Loopback only: it refuses any other host. Each simulated user signs
in through the real sign-in page (its CSRF token from the form), then visits the pages its role may see, waiting
an exponential think time (mean --think seconds, seeded) between requests, until --seconds have passed; or, with
--requests-per-page N, one user at a time asks for each page N times (the single-user p95).

    scripts/national-loadtest                    # serves the app with gunicorn and runs the three modes
    .venv/bin/python scripts/loadtest.py --users 20 --think 5 --seconds 120          # realistic
    .venv/bin/python scripts/loadtest.py --users 20 --think 0 --seconds 60           # throughput
    .venv/bin/python scripts/loadtest.py --users 1 --think 0 --requests-per-page 20  # one user, each page

The ids it visits come from the file `manage.py build_national_data` writes (--ids-file). --write puts the table
in docs/benchmarks.md, section "National-scale load test" (one subsection per mode).
"""

import argparse
import http.cookiejar
import json
import platform
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
SECTION = "## National-scale load test"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OFFICER, MANAGER, FINANCE = "officer", "manager", "finance"
# Of every 20 users: 12 Shared Lives officers, 5 managers, 3 finance admins.
MIX = [(OFFICER, 12), (MANAGER, 5), (FINANCE, 3)]


def pages(ids: dict) -> list[tuple[str, object, set[str]]]:
    """(name, path or a function of the random generator giving one, the roles that may see it)."""
    schedule = ids["schedule"]
    return [
        ("Scheme overview", "/overview/", {MANAGER}),
        ("Placements list", "/placements/", {OFFICER, MANAGER, FINANCE}),
        ("Households CSV export", "/households/export.csv", {OFFICER, MANAGER, FINANCE}),
        ("Household statement PDF",
         lambda rng: f"/schedules/{schedule}/households/{rng.choice(ids['payees'])}/statement.pdf", {MANAGER, FINANCE}),
        ("Payment schedule", f"/schedules/{schedule}/", {MANAGER, FINANCE}),
        ("Referrals board", "/referrals/", {OFFICER, MANAGER}),
        ("My work", "/my-work/", {OFFICER}),
        ("Header search", lambda rng: "/search/?" + urllib.parse.urlencode({"q": rng.choice(ids["search"])}),
         {OFFICER, MANAGER, FINANCE}),
        ("Households list, filtered",
         lambda rng: "/households/?" + urllib.parse.urlencode({"area": rng.choice(ids["areas"]), "status": "approved"}),
         {OFFICER, MANAGER, FINANCE}),
        ("Household page", lambda rng: f"/households/{rng.choice(ids['households'])}/", {OFFICER, MANAGER, FINANCE}),
    ]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer to count (a page that sends you to sign in failed), not one to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


class User:
    def __init__(self, base: str, role: str, username: str, password: str, timeout: float):
        self.base, self.role, self.username, self.timeout = base, role, username, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirects
        )
        self._sign_in(password)

    def _sign_in(self, password: str) -> None:
        form = self.opener.open(self.base + "/sign-in/", timeout=self.timeout).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": self.username, "password": password, "next": ""}
        ).encode()
        request = urllib.request.Request(self.base + "/sign-in/", data=data, headers={"Origin": self.base,
                                                                                      "Referer": self.base + "/sign-in/"})
        try:
            self.opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as answer:
            if answer.code == 302 and "/sign-in/" not in answer.headers.get("Location", ""):
                return
            raise SystemExit(f"{self.username} could not sign in: {answer.code}") from answer
        raise SystemExit(f"{self.username} could not sign in: the form came back (wrong password?)")

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=self.timeout) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as answer:
            status = answer.code
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            status = 0
        return status, time.perf_counter() - started


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)

    def add(self, page: str, status: int, seconds: float) -> None:
        with self.lock:
            self.timings[page].append(seconds)
            if not 200 <= status < 300:
                self.errors[page] += 1


def _path(path, rng) -> str:
    return path(rng) if callable(path) else path


def walk(user: User, visits, results: Results, rng: random.Random, think: float, until: float) -> None:
    mine = [page for page in visits if user.role in page[2]]
    while time.perf_counter() < until:
        name, path, _ = rng.choice(mine)
        status, seconds = user.get(_path(path, rng))
        results.add(name, status, seconds)
        if think:
            time.sleep(min(rng.expovariate(1 / think), max(0.0, until - time.perf_counter())))


def roles_for(users: int) -> list[str]:
    """The role of each of `users` users, in the proportions of MIX (at least one of each from three users)."""
    counts = {role: share * users // 20 for role, share in MIX}
    for role, _ in MIX:
        if users >= len(MIX) and not counts[role]:
            counts[role] = 1
    counts[OFFICER] += users - sum(counts.values())
    return [role for role, count in counts.items() for _ in range(max(count, 0))]


def warm_up(sign_in, visits, rounds: int) -> None:
    """Not measured: each page `rounds` times from six users at once, so that every server process (gunicorn hands
    a request to whichever is free) has imported, compiled its templates and loaded its fonts before timing
    starts: eighteen visits a page leave a given process of three cold with odds under one in a thousand. A
    server runs for days; its first request after a restart is not what people wait for."""
    users = [sign_in(role, n) for role in (MANAGER, OFFICER, MANAGER) for n in (1, 2)]

    def visit(user, rng):
        for _ in range(rounds):
            for _, path, allowed in visits:
                if user.role in allowed:
                    user.get(_path(path, rng))

    threads = [threading.Thread(target=visit, args=(user, random.Random(n))) for n, user in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def run(args, ids: dict) -> tuple[Results, float]:
    results, visits = Results(), pages(ids)
    sign_in = lambda role, n: User(args.base_url, role, f"national-{role}-{n}", ids["password"], args.timeout)  # noqa: E731
    if args.warm_up:
        warm_up(sign_in, visits, args.warm_up)
    if args.requests_per_page:
        users = {role: sign_in(role, 1) for role in (MANAGER, OFFICER)}
        started = time.perf_counter()
        rng = random.Random(args.seed)
        for name, path, allowed in visits:
            user = users[MANAGER] if MANAGER in allowed else users[OFFICER]
            for _ in range(args.requests_per_page):
                results.add(name, *user.get(_path(path, rng)))
        return results, time.perf_counter() - started
    roles, seen = roles_for(args.users), defaultdict(int)
    users = []
    for role in roles:
        seen[role] += 1
        users.append(sign_in(role, 1 + (seen[role] - 1) % ids["staff"][role]))
    started = time.perf_counter()
    until = started + args.seconds
    threads = [
        threading.Thread(target=walk, args=(user, visits, results, random.Random(args.seed + n), args.think, until))
        for n, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def table(results: Results, elapsed: float, visits) -> list[str]:
    lines = ["| page | requests | errors | median | p95 | max |", "|---|---|---|---|---|---|"]
    for name, _, _ in visits:
        timings = sorted(results.timings.get(name, []))
        if not timings:
            continue
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        lines.append(f"| {name} | {len(timings)} | {results.errors.get(name, 0)} | "
                     f"{statistics.median(timings) * 1000:.0f} ms | {p95 * 1000:.0f} ms | {timings[-1] * 1000:.0f} ms |")
    total = sum(len(t) for t in results.timings.values())
    errors = sum(results.errors.values())
    lines.append("")
    lines.append(f"{total} requests in {elapsed:.0f} s: **{total / elapsed:.1f} requests/s**, {errors} errors.")
    return lines


def mode(args) -> str:
    if args.requests_per_page:
        return f"Single user: each page {args.requests_per_page} times, no think time"
    kind = "Realistic" if args.think else "Throughput"
    return f"{kind}: {args.users} users, think time {args.think:g} s (mean), {args.seconds:g} s"


def write(title: str, lines: list[str]) -> None:
    """Replace this mode's subsection of the section (kept after the benchmarks' table), or add it."""
    text = DOC.read_text() if DOC.exists() else ""
    head, _, section = text.partition(SECTION)
    subsections = dict(re.findall(r"(### [^\n]+)\n(.*?)(?=\n### |\Z)", section, flags=re.S))
    kind = title.split(":")[0]
    subsections = {key: body for key, body in subsections.items() if key[4:].split(":")[0] != kind}
    subsections["### " + title] = "\n".join(lines) + "\n"
    intro = (f"\nWritten by `scripts/loadtest.py --write` against the national-scale data (gunicorn, 3 sync workers, "
             f"DEBUG off, 127.0.0.1). Last run: {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}.\n")
    body = "".join(f"\n{key}\n\n{value.strip()}\n" for key, value in sorted(subsections.items()))
    DOC.write_text(head.rstrip("\n") + "\n\n" + SECTION + "\n" + intro + body)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8100")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", type=float, default=5.0, help="Mean think time between requests, seconds.")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--requests-per-page", type=int, default=0)
    parser.add_argument("--ids-file", default="/tmp/national-ids.json")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--write", action="store_true", help="Update docs/benchmarks.md.")
    parser.add_argument("--warm-up", type=int, default=3, help="Rounds of every page before timing (0: none).")
    args = parser.parse_args(argv)
    host = urllib.parse.urlsplit(args.base_url).hostname
    if host not in LOOPBACK:
        parser.error(f"loopback only: {host!r} is not 127.0.0.1 or localhost")
    args.base_url = args.base_url.rstrip("/")
    ids = json.loads(Path(args.ids_file).read_text())
    results, elapsed = run(args, ids)
    title, lines = mode(args), table(results, elapsed, pages(ids))
    print(f"### {title}\n")
    print("\n".join(lines))
    if args.write:
        write(title, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
