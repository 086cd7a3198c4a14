"""Intake throughput: reports per second through the batch API and the importer.

Runs the real service (waitress, as `rukun serve` does) on a fresh SQLite database in a
temporary folder, with the built-in geography and generated KRTs, and posts batches of 1,000
reports over loopback; then imports a JSONL file of the same size with `rukun import-reports`.
Every report is validated, located, stored and enriched (classified, redacted, grouped).

    .venv/bin/python benchmarks/service/intake.py [--reports 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def corpus_texts() -> list[str]:
    """Real report texts in every language, from the project's corpus."""
    from rukun.nlp.corpus import read_corpus

    return [r.text for r in read_corpus()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def payloads(n: int, prefix: str, krt_codes: list[str], texts: list[str]) -> list[dict]:
    return [
        {
            "source": "krt_report",
            "external_id": f"{prefix}-{i}",
            "text": texts[(i * 7919) % len(texts)],
            "krt_code": krt_codes[(i * 104729) % len(krt_codes)],
        }
        for i in range(n)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RUKUN_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "rukun.web.settings"}
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        rukun = [sys.executable, "-m", "rukun"]
        subprocess.run([*rukun, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*rukun, "import-geo"], env=env, check=True, capture_output=True)
        setup = (
            "import django; django.setup();"
            "from rukun.web.registry.krt import generate_krts; generate_krts(8600, random_state=1);"
            "from rukun.web.accounts.models import ApiToken;"
            "_, raw = ApiToken.issue('bench', role='national_analyst', can_submit=True, can_read=True);"
            "from rukun.web.registry.models import Krt;"
            "import json; print(json.dumps({'token': raw, 'krts': list(Krt.objects.values_list('code', flat=True)[:2000])}))"
        )
        info = json.loads(
            subprocess.run(
                [sys.executable, "-c", setup], env=env, check=True, capture_output=True, text=True
            ).stdout
        )

        port = free_port()
        server = subprocess.Popen(
            [*rukun, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            texts = corpus_texts()
            items = payloads(args.reports, "api", info["krts"], texts)

            def post(batch: list[dict]) -> int:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/reports/batch",
                    data=json.dumps({"reports": batch}).encode(),
                    headers={
                        "Authorization": f"Bearer {info['token']}",
                        "Content-Type": "application/json",
                    },
                )
                with urllib.request.urlopen(request, timeout=600) as response:
                    return json.load(response)["accepted"]

            # One small batch first: the server loads the model on its first request.
            post(payloads(1, "warm", info["krts"], texts))
            start = time.perf_counter()
            accepted = 0
            for i in range(0, len(items), 1000):
                accepted += post(items[i : i + 1000])
            api_seconds = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()

        path = Path(tmp) / "reports.jsonl"
        # Dated a fortnight back, so the file's reports fall outside the duplicate window
        # of the reports the API run just stored: each run measures intake on its own.
        earlier = (dt.datetime.now(dt.UTC) - dt.timedelta(days=14)).isoformat()
        rows = [
            {**p, "occurred_at": earlier}
            for p in payloads(args.reports, "file", info["krts"], texts)
        ]
        path.write_text("\n".join(json.dumps(p) for p in rows) + "\n")
        start = time.perf_counter()
        out = subprocess.run(
            [*rukun, "import-reports", str(path)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        import_seconds = time.perf_counter() - start

    print(
        f"batch API: {accepted} reports in {api_seconds:.1f} s = {accepted / api_seconds:.0f} reports/s"
    )
    print(
        f"importer:  {out.strip().splitlines()[0]} in {import_seconds:.1f} s = {args.reports / import_seconds:.0f} reports/s (including start-up and model loading)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
