"""A text progress bar for long CLI commands (stderr, so stdout stays machine-readable)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.monotonic()
        self._last = 0.0
        self.interactive = self.stream.isatty()

    def update(self, done: int, total: int | None, rows: int | None = None) -> None:
        now = time.monotonic()
        if now - self._last < 0.2:
            return
        self._last = now
        elapsed = now - self.started
        if total:
            share = min(1.0, done / total)
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"{self.label} [{bar}] {share:4.0%}"
        else:
            text = f"{self.label} {done:,}".replace(",", ".")
        if rows is not None:
            text += f" · {rows:,} dòng".replace(",", ".")
        text += f" · {elapsed:.0f} s"
        if self.interactive:
            self.stream.write("\r" + text)
        elif int(elapsed) % 10 == 0:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.interactive:
            self.stream.write("\n")
            self.stream.flush()
