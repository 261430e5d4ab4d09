"""Vietnamese text helpers: NFC storage, accent-free search keys, title case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Characters that do not decompose under NFD but must fold for search.
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Unicode NFC with whitespace collapsed: the one form treem stores."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Accent-free, lower-case search key: 'Phường Đống Đa' -> 'phuong dong da'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def title_vi(text: str) -> str:
    """Vietnamese title case for person and place names: 'nguyễn  văn AN' -> 'Nguyễn Văn An'."""
    return " ".join(word[:1].upper() + word[1:].lower() for word in nfc(text).split(" "))
