"""Benchmark of ``rukun.nlp``: classify throughput on one core and peak memory.

Run: ``.venv/bin/python benchmarks/nlp/bench_classify.py [--n 20000] [--repeat 3]``

The process pins itself to one CPU core and limits BLAS threads to one before
NumPy loads; texts are the corpus's and the fresh set's, shuffled (fixed seed)
and cycled to ``--n`` reports. Reported: reports per second for ``classify``
(best of ``--repeat`` runs, whole batch; by wall clock and by the process's CPU
time) with the featuriser's token table warm, as in a running service, and
cold (emptied before each run, so every token's columns are worked out in the
run),
for ``classify(explain=True)`` and for ``understand`` (classification,
explanation, redaction, place names) on a smaller sample, the model load time,
the artefact size, the resident memory once the model and corpus are loaded
and the peak resident memory of the process (classifying the whole batch at
once; ``rukun classify`` works in batches of 2,048).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", help="write the figures here too")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from rukun.nlp.artefact import load_model, model_path
    from rukun.nlp.classify import Classifier, understand
    from rukun.nlp.corpus import FRESH_DIR, read_corpus

    texts = [r.text for r in read_corpus()] + [r.text for r in read_corpus(FRESH_DIR)]
    random.Random(0).shuffle(texts)
    batch = list(itertools.islice(itertools.cycle(texts), args.n))
    start = time.perf_counter()
    classifier = Classifier(load_model())
    load_s = time.perf_counter() - start
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    classifier.classify(batch[:500])  # warm the token cache as a running service would

    def rate(fn, items, repeat, clock=time.perf_counter, cold=False):
        best = float("inf")
        for _ in range(repeat):
            if cold:
                vectorizer = classifier.trained.model.vectorizer_
                vectorizer._table, vectorizer._cache = None, {}
            t0 = clock()
            fn(items)
            best = min(best, clock() - t0)
        return len(items) / best

    figures = {
        "machine": f"{platform.machine()} {platform.processor() or ''} {os.cpu_count()} logical CPUs".strip(),
        "python": platform.python_version(),
        "model_version": classifier.version,
        "model_file_mb": round(model_path().stat().st_size / 2**20, 2),
        "model_load_s": round(load_s, 2),
        "n_reports": len(batch),
        "classify_per_s": round(rate(classifier.classify, batch, args.repeat)),
        # CPU time of this process: less disturbed by other work on a shared machine.
        "classify_per_cpu_s": round(
            rate(classifier.classify, batch, args.repeat, time.process_time)
        ),
        "classify_cold_per_s": round(rate(classifier.classify, batch, args.repeat, cold=True)),
        "classify_explain_per_s": round(
            rate(lambda b: classifier.classify(b, explain=True), batch[:2000], 1)
        ),
        "understand_per_s": round(rate(understand, batch[:2000], 1)),
        "rss_after_load_mb": round(rss_after_load, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(figures, indent=1))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(figures, handle, indent=1)


if __name__ == "__main__":
    main()
