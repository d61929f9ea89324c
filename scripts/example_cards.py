#!/usr/bin/env python3
"""Render the cards of the evaluation profiles, so a person can look at them.

    python3 scripts/example_cards.py [--set tests/fixtures/extract_eval.jsonl]
                                     [--out docs/examples/eval] [--every 1]

Each transcript goes through `ayi extract` and then `ayi card`, twice: the
recruiter's private card and the family's public one. Needs a release build
(`cargo build --release`)."""
import argparse, json, pathlib, subprocess, sys

root = pathlib.Path(__file__).resolve().parent.parent
ap = argparse.ArgumentParser()
ap.add_argument("--set", default=root / "tests/fixtures/extract_eval.jsonl")
ap.add_argument("--out", default=root / "docs/examples/eval")
ap.add_argument("--every", type=int, default=1, help="render every Nth profile")
args = ap.parse_args()
ayi = root / "target/release/ayi"
out = pathlib.Path(args.out)
out.mkdir(parents=True, exist_ok=True)
lines = [json.loads(l) for l in open(args.set, encoding="utf-8") if l.strip()]
for case in lines[:: args.every]:
    profile = subprocess.run([ayi, "extract", "-"], input=case["transcript"].encode(), capture_output=True, check=True).stdout
    lang = "en" if case["lang"] == "en" else "zh"
    for view in ("private", "public"):
        extra = ["--public"] if view == "public" else []
        png = out / f"{case['id']}_{view}.png"
        subprocess.run([ayi, "card", "-", "--lang", lang, "--out", png, *extra], input=profile, check=True,
                       stdout=subprocess.DEVNULL)
    print(case["id"], file=sys.stderr)
