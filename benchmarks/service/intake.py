"""Intake throughput: reports per second through the batch API and the importer.

Runs the real service (waitress, as `rukun serve` does) on a fresh SQLite database in a
temporary folder, with the built-in geography and generated KRTs, and posts batches of 1,000
reports over loopback; then imports a JSONL file of the same size with `rukun import-reports`.
Every report is validated, located, stored and enriched (classified, redacted, grouped).

    .venv/bin/python benchmarks/service/intake.py [--reports 10000] [--database-url URL]
"""

from __future__ import annotations

import argparse
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
TEXTS = [
    "Jiran buat bising karaoke sampai pukul 2 pagi, dah tegur banyak kali.",
    "Kereta parking depan pagar rumah No. 12, Jalan Mawar 3, tak boleh keluar.",
    "Sampah pukal dibuang tepi longkang, bau busuk dan ada tikus.",
    "Two motorcycles without plates circling Jalan Sri Muda 2 at 3am, SRS informed.",
    "楼上装修每天早上七点就开始敲，已经两个星期了。",
    "கோவில் திருவிழா ஒலிபெருக்கி சத்தம் இரவு 12 மணி வரை.",
    "Bro semalam dorang park depan gate I, cannot get out at all, dah complain JMB pun tak layan.",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def payloads(n: int, prefix: str, krt_codes: list[str]) -> list[dict]:
    return [
        {
            "source": "krt_report",
            "external_id": f"{prefix}-{i}",
            "text": f"{TEXTS[i % len(TEXTS)]} (#{i})",
            "krt_code": krt_codes[i % len(krt_codes)],
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
        info = json.loads(subprocess.run([sys.executable, "-c", setup], env=env, check=True, capture_output=True, text=True).stdout)
        # Warm the model once so the figures measure steady-state intake.
        subprocess.run([sys.executable, "-c", "import rukun.nlp as n; n.load_model()"], env=env, check=False)

        port = free_port()
        server = subprocess.Popen([*rukun, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            items = payloads(args.reports, "api", info["krts"])
            start = time.perf_counter()
            accepted = 0
            for i in range(0, len(items), 1000):
                body = json.dumps({"reports": items[i : i + 1000]}).encode()
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/reports/batch",
                    data=body,
                    headers={"Authorization": f"Bearer {info['token']}", "Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=600) as response:
                    accepted += json.load(response)["accepted"]
            api_seconds = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait()

        path = Path(tmp) / "reports.jsonl"
        path.write_text("\n".join(json.dumps(p) for p in payloads(args.reports, "file", info["krts"])) + "\n")
        start = time.perf_counter()
        out = subprocess.run([*rukun, "import-reports", str(path)], env=env, check=True, capture_output=True, text=True).stdout
        import_seconds = time.perf_counter() - start

    print(f"batch API: {accepted} reports in {api_seconds:.1f} s = {accepted / api_seconds:.0f} reports/s")
    print(f"importer:  {out.strip().splitlines()[0]} in {import_seconds:.1f} s = {args.reports / import_seconds:.0f} reports/s (including start-up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
