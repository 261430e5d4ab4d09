"""Vietnamese text typed in the legacy 8-bit fonts TCVN3 (ABC) and VNI, found in Unicode files.

Before Unicode, Vietnamese was typed with fonts that drew Vietnamese letters in place of the
Latin-1 ones. Saved to CSV or XLSX, such text keeps the Latin-1 look-alike characters:
"Nguyễn Văn Đức" reads "NguyÔn V¨n §øc" (TCVN3, fonts like .VnTime) or "Nguyeãn Vaên Ñöùc"
(VNI, fonts like VNI-Times). This module recognises both and converts them back.

The tables were written by hand from the published code charts of TCVN 5712:1993 (table VN3,
the "ABC" fonts) and of the VNI Windows fonts:

* TCVN3 gives every lowercase letter one code. Capitals exist only for Ă Â Ê Ô Ơ Ư Đ; capitals
  with tones lived in separate fonts (.VnTimeH) that reuse the lowercase codes, so the case of
  those letters is lost. `convert` restores it from the ASCII letters around them: all-capital
  cells become upper case, and in title-case cells each word starts with a capital.
* VNI writes a base letter followed by a modifier character (tone, or hat/breve with a tone);
  ơ/ư and the i-with-tone letters have codes of their own. Capitals use the codes 0x20 lower.

Detection looks at words: a word counts for an encoding when it converts to a well-formed
Vietnamese syllable while, read as Unicode, it is not one ("V¨n" → "Văn"). Foreign names
("José Müller") convert to nonsense and count against.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

TCVN3 = "tcvn3"
VNI = "vni"
ENCODINGS = (TCVN3, VNI)

# Tone marks in the order of both code charts: huyền, hỏi, ngã, sắc, nặng.
_TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")


def _letters(vowel: str) -> list[str]:
    """The vowel without a tone, then with each tone, as NFC strings."""
    return [vowel] + [unicodedata.normalize("NFC", vowel + tone) for tone in _TONES]


# --- TCVN3: one code per letter, in chart order (plain vowel, then the five tones). ---------
_TCVN3_ROWS = {
    "a": "a\xb5\xb6\xb7\xb8\xb9",
    "ă": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": "\xa9\xc7\xc8\xc9\xca\xcb",
    "e": "e\xcc\xce\xcf\xd0\xd1",
    "ê": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "i": "i\xd7\xd8\xdc\xdd\xde",
    "o": "o\xdf\xe1\xe2\xe3\xe4",
    "ô": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": "\xac\xea\xeb\xec\xed\xee",
    "u": "u\xef\xf1\xf2\xf3\xf4",
    "ư": "\xad\xf5\xf6\xf7\xf8\xf9",
    "y": "y\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_CAPITALS = {"Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6"}

_TCVN3_ENCODE: dict[str, str] = {"đ": "\xae", "Đ": "\xa7", **_TCVN3_CAPITALS}
for _vowel, _codes in _TCVN3_ROWS.items():
    for _letter, _code in zip(_letters(_vowel), _codes, strict=True):
        if _code.isascii():
            continue
        _TCVN3_ENCODE[_letter] = _code
        _TCVN3_ENCODE.setdefault(_letter.upper(), _code)  # .VnTimeH: capitals share the code
_TCVN3_EXPLICIT_UPPER = frozenset("¡¢£¤¥¦§")  # Ă Â Ê Ô Ơ Ư Đ
_TCVN3_EXPLICIT_LOWER = frozenset("¨©ª«¬\xad®")  # ă â ê ô ơ ư đ
_TCVN3_DECODE = {
    code: letter
    for letter, code in _TCVN3_ENCODE.items()
    if letter.islower() or code in _TCVN3_EXPLICIT_UPPER
}
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_EXPLICIT = _TCVN3_EXPLICIT_UPPER | _TCVN3_EXPLICIT_LOWER
# Never in a real foreign name: codes that are not letters (Unicode calls µ and ª letters, but
# no name has them), and a capital code right after a small ASCII letter ("NghÖ").
_TCVN3_STRONG = frozenset(code for code in _TCVN3_DECODE if not code.isalpha() or code in "µª")
_TCVN3_CAMEL = re.compile(f"[a-z][{''.join(c for c in _TCVN3_DECODE if c.isupper())}]")

# --- VNI: base letter + modifier. -------------------------------------------------------------
_VNI_TONE = "øûõùï"  # after a e o u y, and after ô (ơ) and ö (ư)
_VNI_HAT = "àåãáä"  # circumflex with a tone, after a e o; "â" alone is the circumflex
_VNI_BREVE = "èúüéë"  # breve with a tone, after a; "ê" alone is the breve
_VNI_ROWS = {
    "a": ["a"] + ["a" + m for m in _VNI_TONE],
    "ă": ["aê"] + ["a" + m for m in _VNI_BREVE],
    "â": ["aâ"] + ["a" + m for m in _VNI_HAT],
    "e": ["e"] + ["e" + m for m in _VNI_TONE],
    "ê": ["eâ"] + ["e" + m for m in _VNI_HAT],
    "i": ["i", "ì", "æ", "ó", "í", "ò"],
    "o": ["o"] + ["o" + m for m in _VNI_TONE],
    "ô": ["oâ"] + ["o" + m for m in _VNI_HAT],
    "ơ": ["ô"] + ["ô" + m for m in _VNI_TONE],
    "u": ["u"] + ["u" + m for m in _VNI_TONE],
    "ư": ["ö"] + ["ö" + m for m in _VNI_TONE],
    "y": ["y"] + ["y" + m for m in _VNI_TONE[:4]] + ["î"],
}

_VNI_ENCODE: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
_VNI_DECODE: dict[str, str] = {"ñ": "đ", "Ñ": "Đ"}
for _vowel, _sequences in _VNI_ROWS.items():
    for _letter, _seq in zip(_letters(_vowel), _sequences, strict=True):
        if _seq.isascii():
            continue
        _VNI_ENCODE[_letter] = _seq
        _VNI_ENCODE[_letter.upper()] = _seq.upper()
        _VNI_DECODE[_seq] = _letter
        _VNI_DECODE[_seq.upper()] = _letter.upper()
        if len(_seq) == 2:  # modifier typed in the other case: the base letter decides
            _VNI_DECODE[_seq[0] + _seq[1].upper()] = _letter
            _VNI_DECODE[_seq[0].upper() + _seq[1]] = _letter.upper()
_VNI_KEYS = "|".join(re.escape(key) for key in sorted(_VNI_DECODE, key=len, reverse=True))
_VNI_PATTERN = re.compile(_VNI_KEYS)
_VNI_WORD = re.compile(f"(?:{_VNI_KEYS}|[A-Za-z])+")
_VNI_STRONG = re.compile(
    "[aeiouyAEIOUY][øûõùâêØÛÕÙÂÊ]|[ôöÔÖ][øûõùïØÛÕÙÏ]|[aA][àåãáäèúüéëÀÅÃÁÄÈÚÜÉË]|[eoEO][àåãáäÀÅÃÁÄ]"
)

# --- Words and syllables. ---------------------------------------------------------------------
_LEGACY_CHARS = "".join(sorted(set(_TCVN3_DECODE) | {c for key in _VNI_DECODE for c in key}))
_TOKEN = re.compile(f"(?:[^\\W\\d_]|[{re.escape(_LEGACY_CHARS)}]|[\u0300-\u036f])+")
_UNICODE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1"
                           "\u01af\u01b0\u1ea0-\u1ef9]")  # fmt: skip

_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|kr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
# Rhymes ending in a glide take no final consonant; the others may.
_OPEN_RHYMES = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "oai", "oay", "oao", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu", "yêu", "iêu",
    "uơ",
]  # fmt: skip
_CLOSED_RHYMES = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "yê", "uô", "ươ", "oa", "oă",
    "oe", "oo", "uâ", "uê", "uy", "uyê",
]  # fmt: skip
_FINALS = "ch|ng|nh|c|k|m|n|p|t"


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE = re.compile(
    f"(?:{_INITIALS})?(?:(?P<open>{_alternation(_OPEN_RHYMES)})"
    f"|(?P<rhyme>{_alternation(_CLOSED_RHYMES)})(?P<final>{_FINALS})?)"
)
_STOP_FINALS = frozenset({"c", "ch", "p", "t"})  # "k" only ends minority names: any tone


def _tone_places(rhyme: str, final: bool) -> set[int]:
    """Where the tone may sit in a rhyme's vowels (old and new spelling styles both allowed)."""
    shaped = [i for i, ch in enumerate(rhyme) if ch in "ăâêôơư"]
    if shaped:
        return {shaped[-1]}
    if final or len(rhyme) == 1:
        return {len(rhyme) - 1}
    if rhyme in ("oa", "oe", "uy"):
        return {0, 1}
    return {1} if len(rhyme) == 3 else {0}


def is_syllable(word: str) -> bool:
    """Whether `word` is shaped like one Vietnamese syllable: a known onset, rhyme and final,
    one tone at most, on the right vowel, and p/t/c/ch finals only with the sắc or nặng tone."""
    letters = unicodedata.normalize("NFC", word.lower())
    bare, tone, place = [], "", -1
    for index, ch in enumerate(letters):
        parts = unicodedata.normalize("NFD", ch)
        marks = [mark for mark in parts if mark in _TONES]
        if marks:
            if tone or len(marks) > 1:
                return False
            tone, place = marks[0], index
        bare.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)))
    match = _SYLLABLE.fullmatch("".join(bare))
    if match is None or len(match.group()) != len(letters):
        return False
    final = match.group("final")
    if final in _STOP_FINALS and tone not in ("\u0301", "\u0323"):
        return False
    group = "open" if match.group("open") else "rhyme"
    places = _tone_places(match.group(group), bool(final))
    return not tone or place - match.start(group) in places


# --- Conversion. ------------------------------------------------------------------------------
def _check(encoding: str) -> None:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy font encoding {encoding!r}; use one of {ENCODINGS}")


def convert(text: str, encoding: str) -> str:
    """Legacy-font text (as Latin-1 look-alikes) to NFC Unicode; other characters are kept."""
    _check(encoding)
    if encoding == VNI:
        converted = _VNI_PATTERN.sub(lambda match: _VNI_DECODE[match.group()], text)
    else:
        converted = _convert_tcvn3(text)
    return unicodedata.normalize("NFC", converted)


def _convert_tcvn3(text: str) -> str:
    converted = text.translate(_TCVN3_TABLE)  # one character for one, so positions match
    words = list(_TOKEN.finditer(text))
    # All capitals: no small letter that shows its case, and a capital inside some word.
    if not any(ch.islower() for ch in text if ch.isascii() or ch in _TCVN3_EXPLICIT) and any(
        any(ch.isascii() and ch.isupper() for ch in w.group()[1:]) for w in words
    ):
        return converted.upper()
    # Title case when every word whose first letter shows its case starts with a capital.
    firsts = [w.group()[0] for w in words]
    evidence = [ch for ch in firsts if ch.isascii() or ch in _TCVN3_EXPLICIT]
    if not evidence or not all(ch.isupper() or ch in _TCVN3_EXPLICIT_UPPER for ch in evidence):
        return converted
    chars = list(converted)
    for word in words:
        first = word.group()[0]
        if first in _TCVN3_DECODE and first not in _TCVN3_EXPLICIT_LOWER:
            chars[word.start()] = chars[word.start()].upper()
    return "".join(chars)


def encode(text: str, encoding: str) -> str:
    """Unicode Vietnamese to legacy-font text, for tests and sample files. TCVN3 writes capitals
    with tones with the lowercase code, as the .VnTimeH fonts did. Raises ValueError for
    characters the font cannot show."""
    _check(encoding)
    table = _VNI_ENCODE if encoding == VNI else _TCVN3_ENCODE
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ch)
        elif ch in table:
            out.append(table[ch])
        else:
            raise ValueError(f"{ch!r} cannot be written in {encoding}")
    return "".join(out)


def _convert_word(word: str, encoding: str) -> str | None:
    """The word converted, or None when some character has no meaning in the encoding."""
    if encoding == VNI:
        if not _VNI_WORD.fullmatch(word):
            return None
        return _VNI_PATTERN.sub(lambda match: _VNI_DECODE[match.group()], word)
    if not all(ch.isascii() or ch in _TCVN3_DECODE for ch in word):
        return None
    return word.translate(_TCVN3_TABLE)


# --- Detection. -------------------------------------------------------------------------------
@dataclass
class _Score:
    support: int = 0  # words that only make sense in the encoding
    against: int = 0  # words that make no sense in it
    strong: int = 0  # supporting words with a mark no real Latin-1 name has


def _score(text: str, scores: dict[str, _Score]) -> None:
    for match in _TOKEN.finditer(text):
        word = match.group()
        if word.isascii() or len(word) == 1:  # a lone "×" or "·" is a symbol
            continue
        unicode_ok = is_syllable(word)
        for encoding, score in scores.items():
            converted = _convert_word(word, encoding)
            legacy_ok = converted is not None and is_syllable(converted)
            if not legacy_ok:
                score.against += 1
            elif not unicode_ok:
                score.support += 1
                if _is_strong(word, encoding):
                    score.strong += 1


def _is_strong(word: str, encoding: str) -> bool:
    if encoding == TCVN3:
        return not _TCVN3_STRONG.isdisjoint(word) or _TCVN3_CAMEL.search(word) is not None
    return _VNI_STRONG.search(word) is not None


def _best(scores: dict[str, _Score], qualifies: dict[str, bool]) -> str | None:
    """The qualifying encoding with the clearest margin; None when two tie."""
    margins = {enc: s.support - s.against for enc, s in scores.items() if qualifies[enc]}
    if not margins:
        return None
    best = max(margins, key=lambda enc: margins[enc])
    if list(margins.values()).count(margins[best]) > 1:
        return None
    return best


def detect(text: str) -> str | None:
    """The legacy font of one cell: "tcvn3", "vni" or None.

    It takes two supporting words, or one with a mark only the legacy font produces ("V¨n"),
    so a lone "Loïc" stays None; prefer `detect_many` over a whole file."""
    if not text or text.isascii() or _UNICODE_ONLY.search(text):
        return None
    scores = {enc: _Score() for enc in ENCODINGS}
    _score(text, scores)
    qualifies = {
        enc: s.support > 2 * s.against and (s.support >= 2 or s.strong >= 1)
        for enc, s in scores.items()
    }
    return _best(scores, qualifies)


def detect_many(samples: Iterable[str], *, min_count: int = 3) -> str | None:
    """The legacy font of many cells (say the name columns of the first 200 rows), or None.

    An encoding wins when at least `min_count` words support it, they outnumber the words
    against it, and at least one carries a mark only the legacy font produces."""
    scores = {enc: _Score() for enc in ENCODINGS}
    for sample in samples:
        if sample and not sample.isascii():
            _score(sample, scores)
    qualifies = {
        enc: s.support >= min_count and s.support > s.against and s.strong >= 1
        for enc, s in scores.items()
    }
    return _best(scores, qualifies)
