"""Reading and validating the file in a second thread while the main thread writes.

On PostgreSQL most of a chunk's write is the server's work (index entries, foreign-key checks at
commit), during which this process waits on the socket with the GIL released; SQLite releases it
inside each statement too. A producer thread reading and validating the next chunk meanwhile
keeps both cores busy. The producer never touches the database: the commune tables are loaded
before it starts (`CommuneResolver.preload`), and everything that writes, checks permissions or
looks up villages stays in the main thread, in the main thread's transaction.

The queue holds at most `DEPTH` chunks, so memory stays flat; if the consumer stops (an error, a
killed import), the producer stops at its next hand-over.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import Any, TypeVar

DEPTH = 1  # chunks ready and waiting: with one being written and one being read, three in memory
POLL_S = 0.2  # how often a blocked producer checks whether the consumer has gone
_DONE = object()

T = TypeVar("T")


def in_background(
    items: Iterator[T], *, name: str = "treem-import-read"
) -> Generator[T, None, None]:
    """Yield the items of `items`, produced by a daemon thread. An exception raised by
    `items` is raised here, after the items produced before it."""
    handover: queue.Queue[Any] = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handover.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            put((_DONE, exc))
            return
        put((_DONE, None))

    thread = threading.Thread(target=produce, name=name, daemon=True)
    thread.start()
    try:
        while True:
            item, error = handover.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        thread.join()
