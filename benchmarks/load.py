"""Pages under load: the served demo, a fixed number of users for a fixed time.

Builds the demo in a throw-away data directory, serves it with ``convenor serve`` on
127.0.0.1 (gunicorn, ``--workers`` web workers, no task worker), signs ``--users``
users in (the demo's staff member, one session each) and has each request the demo's
pages in turn with a think time between requests, for ``--seconds`` seconds; then it
stops the server and prints, per page, the requests, errors and p50/p95/p99 in ms with
the ratio to the home page measured in the same run (the machine is shared and noisy:
judge a page by its ratio, not its milliseconds).

    make bench-load
    .venv/bin/python benchmarks/load.py --users 20 --seconds 60 --think 0.5-1.5
    .venv/bin/python benchmarks/load.py --think 0   # no think time: throughput

A benchmark, not a test: nothing is asserted. Issue 16's target on 2 cores: p95 under
150 ms for 20 users with 0.5-1.5 s think time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONVENOR = str(Path(sys.executable).with_name("convenor"))
STAFF = "sam.staff@demo.convenor.example"


def session_pids(sid: int) -> list[int]:
    """The processes of session ``sid`` (``convenor serve`` starts one): serve, gunicorn
    and its workers."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2 :].split()[3]) == sid:
            pids.append(int(entry.name))
    return pids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pages(data_dir: Path) -> dict[str, str]:
    """The pages to load, by name, with the demo's ids (read from its database)."""
    os.environ["CONVENOR_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convenor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from convenor.front.demo import DEMO_WORKSPACE
    from convenor.partnerships.models import Partnership
    from convenor.regions.models import SavedRegion
    from convenor.workspaces.models import Workspace

    slug = Workspace.objects.get(name=DEMO_WORKSPACE).slug
    ship = Partnership.objects.filter(workspace__slug=slug).order_by("pk").first()
    region = SavedRegion.objects.filter(workspace__slug=slug).order_by("pk").first()
    found = {
        "home": f"/w/{slug}/",
        "partnership": f"/p/{ship.pk}/" if ship else "",
        "meetings": f"/p/{ship.pk}/meetings/" if ship else "",
        "people": f"/w/{slug}/partners/people/",
        "organisations": f"/w/{slug}/partners/",
        "regions": f"/w/{slug}/regions/",
        "region analysis": f"/regions/{region.pk}/" if region else "",
        "api: partnerships": f"/api/workspaces/{slug}/partnerships",
    }
    return {name: url for name, url in found.items() if url}


def sign_in(base: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/accounts/signin/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "email": STAFF,
            "password": password,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
        f"{base}/accounts/signin/", data=data, headers={"Referer": f"{base}/accounts/signin/"}
    )
    opener.open(request, timeout=30).read()
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit("could not sign in to the demo")
    return opener


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("convenor serve exited before answering")
        try:
            urllib.request.urlopen(f"{base}/accounts/signin/", timeout=5).read()  # noqa: S310
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise SystemExit("convenor serve did not answer in time")


def user_loop(
    opener: urllib.request.OpenerDirector,
    base: str,
    targets: dict[str, str],
    until: float,
    think: tuple[float, float],
    seed: int,
    timings: dict[str, list[float]],
    errors: dict[str, int],
    lock: threading.Lock,
) -> None:
    rng = random.Random(seed)
    names = list(targets)
    rng.shuffle(names)
    i = 0
    while time.monotonic() < until:
        name = names[i % len(names)]
        i += 1
        start = time.perf_counter()
        try:
            with opener.open(base + targets[name], timeout=60) as response:
                response.read()
                ok = response.status < 400
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            ok = False
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            timings.setdefault(name, []).append(elapsed)
            if not ok:
                errors[name] = errors.get(name, 0) + 1
        if think[1] > 0:
            time.sleep(rng.uniform(*think))


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def report(timings: dict[str, list[float]], errors: dict[str, int], seconds: float) -> None:
    home = timings.get("home") or [1.0]
    home50, home95 = percentile(home, 50), percentile(home, 95)
    total = sum(len(v) for v in timings.values())
    print(
        f"\n{total} requests in {seconds:.0f} s ({total / seconds:.1f}/s), "
        f"{sum(errors.values())} errors"
    )
    print(
        f"{'page':<18}{'n':>6}{'err':>5}{'p50':>8}{'p95':>8}{'p99':>8}"
        f"{'p50/home':>10}{'p95/home':>10}"
    )
    for name, values in timings.items():
        p50, p95, p99 = (percentile(values, q) for q in (50, 95, 99))
        print(
            f"{name:<18}{len(values):>6}{errors.get(name, 0):>5}{p50:>8.0f}{p95:>8.0f}"
            f"{p99:>8.0f}{p50 / home50:>10.2f}{p95 / home95:>10.2f}"
        )
    everything = [v for values in timings.values() for v in values]
    print(
        f"{'all pages':<18}{len(everything):>6}{sum(errors.values()):>5}"
        f"{percentile(everything, 50):>8.0f}{percentile(everything, 95):>8.0f}"
        f"{percentile(everything, 99):>8.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", default="0.5-1.5", help="seconds between requests: A-B or 0")
    parser.add_argument("--workers", type=int, default=None, help="web workers (serve's default)")
    args = parser.parse_args()
    low, _, high = args.think.partition("-")
    think = (float(low), float(high or low))

    data_dir = Path(tempfile.mkdtemp(prefix="convenor-load-"))
    env = {**os.environ, "CONVENOR_DATA_DIR": str(data_dir), "DEBUG": "0"}
    server = None
    try:
        print(f"building the demo in {data_dir} ...", flush=True)
        subprocess.run(
            [CONVENOR, "demo", "--no-serve", "--reset"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        targets = pages(data_dir)
        from convenor.front.demo import DEMO_PASSWORD

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [
            CONVENOR,
            "serve",
            "--no-migrate",
            "--no-worker",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ]
        if args.workers:
            command += ["--workers", str(args.workers)]
        server = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until_up(base, server)
        openers = [sign_in(base, DEMO_PASSWORD) for _ in range(args.users)]
        # Warm every page in every web worker, outside the measurement: each worker keeps
        # its own caches (the analysis, the compiled SQL), and a worker that never served
        # a page would pay its first visit inside the measurement. A few users at once,
        # twice over, reach every worker of the default count (one per core) and up to six.
        warmers = [
            threading.Thread(
                target=lambda o: [
                    o.open(base + url, timeout=300).read()
                    for _ in range(2)
                    for url in targets.values()
                ],
                args=(opener,),
            )
            for opener in openers[:6]
        ]
        for t in warmers:
            t.start()
        for t in warmers:
            t.join()
        print(
            f"{args.users} users, {args.seconds:.0f} s, think {args.think} s, "
            f"pages: {', '.join(targets)}",
            flush=True,
        )
        timings: dict[str, list[float]] = {}
        errors: dict[str, int] = {}
        lock = threading.Lock()
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(
                target=user_loop,
                args=(opener, base, targets, until, think, n, timings, errors, lock),
            )
            for n, opener in enumerate(openers)
        ]
        start = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report(timings, errors, time.monotonic() - start)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # gunicorn runs in a process group of its own, inside serve's session.
                for pid in session_pids(server.pid):
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
