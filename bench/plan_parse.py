"""Benchmark: parse a ~40-page plan (seed text concatenated and padded) with parse_text.

Prints one JSON object with the median and p95 seconds. Not a test; writes no files.
Run: .venv/bin/python bench/plan_parse.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from treem.planimport.parsing import parse_text

SEEDS = ROOT / "src" / "treem" / "planimport" / "tests" / "fixtures" / "seeds"
CHARS_PER_PAGE = 3_000  # a dense A4 page of Vietnamese administrative text


def build_document(pages: int = 40) -> str:
    main = (SEEDS / "soctrang_2021.txt").read_text(encoding="utf-8")
    extra = [
        (SEEDS / name).read_text(encoding="utf-8")
        for name in ("khanhhoa_2024.txt", "khanhhoa_2025.txt")
    ]
    head, appendix = main.split("PHỤ LỤC CHI TIẾT", 1)
    parts = [head]
    while sum(len(p) for p in parts) < pages * CHARS_PER_PAGE - len(appendix):
        parts.extend(extra)
    parts.append("PHỤ LỤC CHI TIẾT" + appendix)
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    text = build_document(args.pages)
    parse_text(text)  # warm-up (regex compilation, imports)
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = parse_text(text)
        timings.append(time.perf_counter() - start)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        json.dumps(
            {
                "benchmark": "plan_parse",
                "pages": args.pages,
                "chars": len(text),
                "lines": result["line_count"],
                "targets": len(result["targets"]),
                "runs": args.runs,
                "median_s": round(statistics.median(timings), 4),
                "p95_s": round(p95, 4),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
