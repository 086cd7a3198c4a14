"""Command-line entry points of `rukun.nlp`: classify, train, eval-nlp, nlp-manifest.

Imports stay inside the handlers so that ``rukun --help`` is fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add this package's subcommands to the ``rukun`` command."""
    p = subparsers.add_parser(
        "classify",
        help="Label reports: category, 3R, severity, language, scores",
        description="Each input line {id, text}; each output line "
        "{id, category, three_r, severity, language, scores}.",
    )
    p.add_argument("--input", required=True, help="JSONL file of {id, text} ('-' for stdin)")
    p.add_argument("--output", required=True, help="JSONL file to write ('-' for stdout)")
    p.add_argument("--model", help="model artefact (default: RUKUN_NLP_MODEL or the packaged one)")
    p.add_argument("--transformer-dir", help="local Hugging Face model directory to use as backend")
    p.add_argument("--explain", action="store_true", help="add the terms that pushed each decision")
    p.add_argument("--batch-size", type=int, default=2048, help="texts per batch (default 2048)")
    p.set_defaults(func=classify_command)

    p = subparsers.add_parser(
        "train", help="Train the report model from the corpus (deterministic)"
    )
    p.add_argument("--extra", nargs="*", default=[], metavar="JSONL", help="further labelled files")
    p.add_argument("--output", help="artefact path (default: the packaged model file)")
    p.add_argument("--corpus", help="corpus folder (default: the packaged corpus)")
    p.add_argument(
        "--include-test", action="store_true", help="also train on the held-out split (production)"
    )
    p.set_defaults(func=train_command)

    p = subparsers.add_parser("eval-nlp", help="Evaluate the report model; print per-class figures")
    p.add_argument("--split", default="test", help="'test' (held-out), 'fresh' or a JSONL file")
    p.add_argument("--model", help="model artefact (default: the current model)")
    p.add_argument("--json", help="also write the full result as JSON here")
    p.add_argument("--no-langid", action="store_true", help="skip the language-ID comparison")
    p.set_defaults(func=eval_command)

    p = subparsers.add_parser(
        "nlp-manifest", help="Report corpus near-copies and the held-out split; --write to update"
    )
    p.add_argument("--write", action="store_true", help="assign new corpus ids and write the file")
    p.add_argument("--stats", action="store_true", help="print corpus tables (Markdown)")
    p.add_argument("--manifest", help="manifest file (default: the packaged one)")
    p.add_argument("--corpus", help="corpus folder (default: the packaged corpus)")
    p.set_defaults(func=manifest_command)


def _fail(message: str) -> int:
    print(f"rukun: error: {message}", file=sys.stderr)
    return 2


def _read_inputs(path: str) -> list[tuple[Any, str]]:
    handle = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    rows: list[tuple[Any, str]] = []
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict) or "id" not in obj or "text" not in obj:
                raise ValueError(
                    f"{path}:{lineno}: each line needs 'id' and 'text', got {line[:80]!r}"
                )
            if not isinstance(obj["text"], str):
                raise ValueError(
                    f"{path}:{lineno}: 'text' must be a string, got {type(obj['text']).__name__}"
                )
            rows.append((obj["id"], obj["text"]))
    return rows


def _write_atomically(path: str, lines: list[str]) -> None:
    if path == "-":
        sys.stdout.writelines(lines)
        return
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(lines)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def classify_command(args: argparse.Namespace) -> int:
    """``rukun classify``: write one label line per input line."""
    from rukun.nlp.artefact import load_model
    from rukun.nlp.backends import TransformerBackend
    from rukun.nlp.classify import Classifier

    if args.batch_size < 1:
        return _fail(f"--batch-size must be a positive integer, got {args.batch_size}")
    try:
        rows = _read_inputs(args.input)
        backend = TransformerBackend(args.transformer_dir) if args.transformer_dir else None
        classifier = Classifier(load_model(args.model), backend)
    except (OSError, ValueError, ImportError) as exc:
        return _fail(str(exc))
    keys = ("category", "three_r", "severity", "language", "scores")
    lines = []
    for start in range(0, len(rows), args.batch_size):
        batch = rows[start : start + args.batch_size]
        results = classifier.classify([t for _, t in batch], explain=args.explain)
        for (rid, _), res in zip(batch, results, strict=True):
            out = {"id": rid, **{k: res[k] for k in keys}}
            if args.explain:
                out["explanation"] = res["explanation"]
            lines.append(json.dumps(out, ensure_ascii=False) + "\n")
    _write_atomically(args.output, lines)
    print(f"classified {len(rows)} reports with model {classifier.version}", file=sys.stderr)
    return 0


def train_command(args: argparse.Namespace) -> int:
    """``rukun train``: fit the model and write the artefact."""
    import time

    from rukun.nlp.artefact import DEFAULT_MODEL_PATH
    from rukun.nlp.training import train

    start = time.perf_counter()
    output = args.output or DEFAULT_MODEL_PATH
    try:
        trained = train(args.extra, output, args.include_test, args.corpus)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    seconds = time.perf_counter() - start
    print(
        f"trained {trained.version} on {trained.provenance['n_records']} reports "
        f"in {seconds:.1f} s; wrote {output}"
    )
    return 0


def eval_command(args: argparse.Namespace) -> int:
    """``rukun eval-nlp``: per-category and per-language figures."""
    from rukun.nlp.artefact import load_model
    from rukun.nlp.training import evaluation_records, format_evaluation, run_evaluation

    try:
        trained = load_model(args.model)
        if args.split == "test" and trained.provenance.get("include_test"):
            return _fail("this model was trained on the held-out split; evaluate it on 'fresh'")
        records = evaluation_records(args.split)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    result = run_evaluation(trained, records, langid=not args.no_langid)
    result["split"] = args.split
    print(format_evaluation(result))
    if args.split != "test":
        from rukun.nlp.corpus import read_corpus
        from rukun.nlp.manifest import near_copy_pairs

        ids = {r.id for r in records}
        pairs = near_copy_pairs([*read_corpus(), *records], ratio=0.8)
        leaks = [(a, b) for a, b, _ in pairs if (a in ids) != (b in ids)]
        result["near_copies_of_corpus"] = len(leaks)
        print(f"\nreports within edit ratio 0.8 of a corpus record: {len(leaks)}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def manifest_command(args: argparse.Namespace) -> int:
    """``rukun nlp-manifest``: near-copies and split; ``--write`` updates the file."""
    from collections import Counter

    from rukun.nlp.corpus import read_corpus
    from rukun.nlp.manifest import (
        MANIFEST_PATH,
        build_manifest,
        near_copy_pairs,
        read_manifest,
        write_manifest,
    )

    path = args.manifest or MANIFEST_PATH
    try:
        records = read_corpus(args.corpus)
        previous = read_manifest(path)
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    by_id = {r.id: r for r in records}
    pairs = near_copy_pairs(records)
    for a, b, score in pairs:
        print(
            f"near-copy {score:.3f}  {a} ~ {b}\n    {by_id[a].text[:100]!r}\n    {by_id[b].text[:100]!r}"
        )
    assignment = build_manifest(records, previous)
    new = sorted(set(assignment) - set(previous))
    counts = Counter("dropped" if v.startswith("dup:") else v for v in assignment.values())
    print(f"{len(records)} records, {len(pairs)} near-copy pairs; {dict(sorted(counts.items()))}")
    print(f"{len(new)} id(s) not yet in the manifest")
    gone = sorted(set(previous) - set(by_id))
    if gone:
        print(f"{len(gone)} manifest id(s) no longer in the corpus (kept): {', '.join(gone[:5])}")
        assignment.update({i: previous[i] for i in gone})
    if args.write:
        write_manifest(assignment, path)
        print(f"manifest written to {path}")
    if args.stats:
        from rukun.nlp.manifest import stats_markdown

        print(stats_markdown(records, assignment))
    return 0
