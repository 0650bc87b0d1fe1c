"""Server CPU per request of the participant flow, in-process (no HTTP server, no client cost in the figure).

    .venv/bin/python bench/participant_cpu.py                  # 200 participants, SQLite in a temp dir
    .venv/bin/python bench/participant_cpu.py --profile out.html  # plus a pyinstrument profile of the flow
    .venv/bin/python bench/participant_cpu.py --js               # the form with JavaScript (load + submit)

Why in-process: on a shared, loaded machine the wall-clock figures of ``bench/submit_load.py`` say more about
the other processes than about the product. This script drives the WSGI app directly (``app(environ,
start_response)``) with the same definition, links and participant behaviour as ``submit_load.py`` (its
``bench_definition``, ``prepare_round`` and ``fill_page``), and counts ``time.process_time`` only around the
app call and the reading of its body: building the request and parsing the page are the client's work. The
bare one-INSERT endpoint of ``bench/baseline_app.py`` is measured the same way in the same run, so the ratio
of the two is the ratio BENCHMARKS.md reports, by CPU.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.submit_load import _FORM_DATA_RE, attribute_text, bench_definition, fill_page, prepare_round  # noqa: E402

#: CPU seconds of every measured request by method (GET: the form pages; POST: the posts and the submission)
BY_METHOD: dict[str, list[float]] = {}


class Driver:
    """Calls a WSGI app like a browser with its own cookie jar would, timing only the app's CPU."""

    def __init__(self, app):
        self.app = app
        self.cookies: dict[str, str] = {}
        self.cpu: list[float] = []

    def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        from werkzeug.test import EnvironBuilder

        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        path, _, query = path.partition("?")
        environ = EnvironBuilder(
            path=path,
            query_string=query,
            method=method,
            data=body or None,
            headers=headers,
            content_type="application/x-www-form-urlencoded" if body else None,
            base_url="http://127.0.0.1",
        ).get_environ()
        out = {}

        def start_response(status, response_headers, exc_info=None):
            out["status"] = int(status.split(" ", 1)[0])
            out["headers"] = response_headers

        t0 = time.process_time()
        result = self.app(environ, start_response)
        try:
            data = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self.cpu.append(time.process_time() - t0)
        BY_METHOD.setdefault(method, []).append(self.cpu[-1])
        for name, value in out["headers"]:
            if name.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value)
                for key, morsel in jar.items():
                    if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                        self.cookies.pop(key, None)
                    else:
                        self.cookies[key] = morsel.value
        return out["status"], data


def walk(app, token: str, rng: random.Random, cpu: list[float]) -> None:
    """One participant from the first GET to the thank-you page (raises on anything unexpected)."""
    d = Driver(app)
    d.cpu = cpu
    path = f"/s/{token}"
    status, body = d.request("GET", path)
    assert status == 200, (status, body[:300])
    for _ in range(40):
        fields, actions = fill_page(body, rng)
        action = "submit" if "submit" in actions else "next"
        fields.append(("action", action))
        status, body = d.request("POST", path, urllib.parse.urlencode(fields).encode())
        assert status == 200, (status, body[:500])
        if action == "submit":
            assert b'name="page"' not in body, body[:500]
            return
    raise AssertionError("no thank-you page")


def walk_js(app, token: str, rng: random.Random, cpu: list[float]) -> None:
    """What static/form.js does: one GET with every page, one POST with every answer and a submission id."""
    import json
    import secrets

    d = Driver(app)
    d.cpu = cpu
    path = f"/s/{token}"
    status, body = d.request("GET", path)
    assert status == 200, (status, body[:300])
    data = json.loads(attribute_text(_FORM_DATA_RE.search(body).group(1)))
    controls, _ = fill_page(body, rng)
    answers, _ = fill_page(data["html"].encode(), rng)
    fields = [(n, v) for n, v in controls if n in ("csrf_token", "page", "lang")] + answers
    fields += [("action", "submit"), ("all_answers", "1"), ("submission", secrets.token_urlsafe(16))]
    status, body = d.request("POST", path, urllib.parse.urlencode(fields).encode())
    assert status == 200 and b'name="page"' not in body, (status, body[:500])


def baseline_cpu(url: str, n: int) -> list[float]:
    os.environ["BENCH_DATABASE_URL"] = url
    from bench import baseline_app

    baseline_app.create_table(url)
    app = baseline_app.make_app(url)
    d = Driver(app)
    payload = urllib.parse.urlencode({"payload": "3" * 40}).encode()
    for _ in range(n):
        status, _ = d.request("POST", "/insert", payload)
        assert status == 201
    return d.cpu


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--participants", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument(
        "--profile",
        help="write a pyinstrument profile of the measured walks here (text if it ends in .txt, else HTML)",
    )
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--js", action="store_true", help="the form with JavaScript: one load and one submission")
    args = p.parse_args(argv)
    walker = walk_js if args.js else walk

    tmp = Path(tempfile.mkdtemp(prefix="participant-cpu-"))
    url = f"sqlite:///{tmp / 'bench.sqlite'}"
    definition_path = tmp / "definition.json"
    import json

    definition_path.write_text(json.dumps(bench_definition()), encoding="utf-8")
    _, tokens = prepare_round(url, definition_path, args.warmup + args.participants, 12)
    os.environ.update(
        {
            "SCANENGINE_DATABASE_URL": url,
            "SCANENGINE_INSTANCE_PATH": str(tmp / "instance"),
            "SCANENGINE_SECRET_KEY": "bench-secret-key-not-for-production",
            "SCANENGINE_ENV": "production",
            "SCANENGINE_BASE_URL": "http://127.0.0.1",
        }
    )
    from scanengine.web import create_app

    app = create_app()
    rng = random.Random(args.seed)
    warm: list[float] = []
    for token in tokens[: args.warmup]:
        walker(app, token, rng, warm)
    cpu: list[float] = []
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    gc.collect()
    BY_METHOD.clear()  # the warm-up's requests are not measured
    t0 = time.process_time()
    for token in tokens[args.warmup :]:
        walker(app, token, rng, cpu)
    total = time.process_time() - t0
    if profiler:
        profiler.stop()
        out = (
            profiler.output_text(unicode=True, show_all=bool(os.environ.get("PROFILE_ALL")))
            if args.profile.endswith(".txt")
            else profiler.output_html()
        )
        Path(args.profile).write_text(out, encoding="utf-8")
    by_method = {m: 1000 * statistics.fmean(v) for m, v in BY_METHOD.items() if v}
    base = baseline_cpu(url, max(500, len(cpu) // 4))[50:]
    ms = 1000 * statistics.fmean(cpu)
    base_ms = 1000 * statistics.fmean(base)
    print(
        f"{'with' if args.js else 'without'} JavaScript: participants {args.participants}, requests {len(cpu)} "
        f"({len(cpu) / args.participants:.1f} each)"
    )
    print(
        f"flow CPU per request: mean {ms:.2f} ms, median {1000 * statistics.median(cpu):.2f} ms, "
        f"per complete response {ms * len(cpu) / args.participants:.1f} ms "
        f"(whole loop incl. client: {1000 * total / len(cpu):.2f} ms/request)"
    )
    print(
        "flow CPU per request by method: "
        + ", ".join(f"{m} {v:.2f} ms" for m, v in sorted(by_method.items()))
    )
    print(
        f"bare one-INSERT endpoint CPU per request: mean {base_ms:.2f} ms; flow/bare requests/s by CPU "
        f"{base_ms / ms:.0%}; complete responses/s vs bare requests/s by CPU "
        f"{base_ms / (ms * len(cpu) / args.participants):.1%}"
    )


if __name__ == "__main__":
    main()
