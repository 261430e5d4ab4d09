"""Field rules of the child record, shared by forms, the API and the importer.

Each `clean_*` takes what a person typed and returns the value treem stores, or raises
`FieldProblem` with a message that says what is wrong and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from treem.core.text import fold
from treem.registry.domain import ethnicities, idnumber
from treem.registry.models.child import CHILD_AGE_LIMIT


@dataclass
class FieldProblem(Exception):
    field: str
    message: str
    fix: str = ""
    is_error: bool = True

    def __str__(self) -> str:
        return f"{self.message} {self.fix}".strip()


def fast_nfc(text: str) -> str:
    """Exactly `nfc(text)`, faster: splitting on whitespace and joining with single spaces is
    what collapsing runs of whitespace and stripping does, and ASCII needs no normalising."""
    if text.isascii():
        return text if text.isalnum() else " ".join(text.split())
    return " ".join(unicodedata.normalize("NFC", text).split())


_PHONE = re.compile(r"^0\d{9,10}$")
_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_INSURANCE = re.compile(r"^(?:[A-Z]{2}\d{13}|\d{10})$")
_SPACE = re.compile(r"\s")


# Names are built from a small vocabulary of words, so per-word results are memoised: title
# case, whether the word is letters only, and its search key. They are pure functions of the
# word, so the caches are shared by every import and form; entries and word length are bounded.
_WORD_CHARS = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*$")
WORD_CACHE_SIZE = 1 << 16
CACHED_WORD_LENGTH = 40


def _name_word(word: str) -> tuple[str, bool]:
    """One word of an NFC name (no spaces): its title case, and whether it is letters only."""
    titled = word[:1].upper() + word[1:].lower()
    return titled, _WORD_CHARS.match(titled) is not None


def _key_word(word: str) -> str | None:
    """`fold` of one word, or None when the word folds to nothing or to several words: then
    folding word by word would differ from folding the whole text."""
    folded = fold(word)
    return folded if folded and folded.split() == [folded] else None


def _name_key_word(word: str) -> tuple[str, bool, str | None]:
    """Both of the above for one word: title case, letters only, and the title's key."""
    titled, letters = _name_word(word)
    return titled, letters, _key_word(titled)


_name_word_cached = lru_cache(maxsize=WORD_CACHE_SIZE)(_name_word)
_key_word_cached = lru_cache(maxsize=WORD_CACHE_SIZE)(_key_word)
_name_key_word_cached = lru_cache(maxsize=WORD_CACHE_SIZE)(_name_key_word)


def clean_name(raw: str, field: str = "full_name", *, required: bool = True) -> str:
    # Same result as `title_vi` and then one letters-only pattern over the whole name (words
    # joined by single spaces); NFC leaves exactly one space between words, so checking each
    # word against the pattern without the space is the same check.
    text = fast_nfc(raw or "")
    if not text:
        if required:
            raise FieldProblem(field, "Chưa có họ và tên.", "Ghi đầy đủ họ, chữ đệm và tên.")
        return ""
    words = [
        _name_word_cached(word) if len(word) <= CACHED_WORD_LENGTH else _name_word(word)
        for word in text.split(" ")
    ]
    name = " ".join([titled for titled, _letters in words])
    if len(name) > 120:
        raise FieldProblem(field, "Họ và tên dài quá 120 ký tự.", "Kiểm tra lại ô này.")
    if not all(letters for _titled, letters in words):
        raise FieldProblem(
            field,
            f"Họ và tên '{name}' có chữ số hoặc ký hiệu.",
            "Chỉ ghi chữ cái, dấu cách, dấu nháy hoặc gạch nối.",
        )
    return name


# Words known to be letters only with a one-word key: their title case and their key. Most
# names are made of these, so a name costs two C-level joins over dict lookups; a name with any
# other word takes the full path (which adds its good words here).
_TITLES: dict[str, str] = {}
_KEYS: dict[str, str] = {}


def clean_name_key(raw: str, field: str = "full_name", *, required: bool = True) -> tuple[str, str]:
    """`(clean_name(raw), name_key(clean_name(raw)))`, cheaply in the common case (the importer
    needs both for every child and caregiver)."""
    raw = raw or ""
    # The words of `fast_nfc(raw)`, without joining them only to split them again.
    words = (raw if raw.isascii() else unicodedata.normalize("NFC", raw)).split()
    try:
        name = " ".join(map(_TITLES.__getitem__, words))
        if name and len(name) <= 120:
            return name, " ".join(map(_KEYS.__getitem__, words))
    except KeyError:
        pass
    return _clean_name_key(" ".join(words), field, required)


def _clean_name_key(text: str, field: str, required: bool) -> tuple[str, str]:
    if not text:
        clean_name(text, field, required=required)  # the same error, or the empty name
        return "", ""
    words = [
        _name_key_word_cached(word) if len(word) <= CACHED_WORD_LENGTH else _name_key_word(word)
        for word in text.split(" ")
    ]
    name = " ".join([titled for titled, _letters, _key in words])
    if len(name) > 120:
        raise FieldProblem(field, "Họ và tên dài quá 120 ký tự.", "Kiểm tra lại ô này.")
    if not all(letters for _titled, letters, _key in words):
        raise FieldProblem(
            field,
            f"Họ và tên '{name}' có chữ số hoặc ký hiệu.",
            "Chỉ ghi chữ cái, dấu cách, dấu nháy hoặc gạch nối.",
        )
    if len(_TITLES) >= WORD_CACHE_SIZE:
        _TITLES.clear()
        _KEYS.clear()
    for word, (titled, _letters, key) in zip(text.split(" "), words, strict=True):
        if key is not None and len(word) <= CACHED_WORD_LENGTH:
            _KEYS[word] = key  # the key first: a word in _TITLES always has one
            _TITLES[word] = titled
    keys = [key for _titled, _letters, key in words]
    if None in keys:
        return name, fold(name)
    return name, " ".join(keys)  # type: ignore[arg-type]


def name_key(name: str) -> str:
    """`fold(name)`, word by word from a cache when every word folds to exactly one word."""
    keys = [
        _key_word_cached(word) if len(word) <= CACHED_WORD_LENGTH else _key_word(word)
        for word in name.split(" ")
    ]
    if None in keys:
        return fold(name)
    return " ".join(keys)  # type: ignore[arg-type]


def check_birth_date(value: dt.date, today: dt.date, *, new_record: bool) -> None:
    if value > today:
        raise FieldProblem(
            "birth_date",
            f"Ngày sinh {value:%d/%m/%Y} ở tương lai.",
            "Kiểm tra lại ngày, tháng, năm sinh.",
        )
    if new_record and _age(value, today) >= CHILD_AGE_LIMIT:
        raise FieldProblem(
            "birth_date",
            f"Người sinh ngày {value:%d/%m/%Y} đã đủ {CHILD_AGE_LIMIT} tuổi, không còn là trẻ em.",
            "Kiểm tra lại năm sinh; chỉ đăng ký trẻ dưới 16 tuổi.",
        )


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def clean_personal_id(
    raw: str, *, sex: str | None, birth_date: dt.date | None
) -> tuple[str | None, list[FieldProblem]]:
    """The cleaned number and warnings; an error raises."""
    number = idnumber.clean(raw or "")
    if not number:
        return None, []
    warnings: list[FieldProblem] = []
    for problem in idnumber.check(number, sex=sex, birth_date=birth_date):
        item = FieldProblem(
            "personal_id", problem.message, "Đối chiếu với giấy khai sinh.", problem.is_error
        )
        if problem.is_error:
            raise item
        warnings.append(item)
    return number, warnings


def clean_phone(raw: str, field: str = "contact_phone") -> str:
    raw = raw or ""
    digits = raw if raw.isdigit() else _PHONE_SEPARATORS.sub("", raw)
    if not digits:
        return ""
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif len(digits) in (9, 10) and digits[0] in "35789" and not digits.startswith("0"):
        digits = "0" + digits  # Excel drops the leading zero of numbers stored as numbers
    if not _PHONE.match(digits):
        raise FieldProblem(
            field,
            f"Số điện thoại '{raw}' không đúng dạng.",
            "Ghi 10 chữ số bắt đầu bằng 0 (ví dụ 0912345678) hoặc dạng +84.",
        )
    return digits


def clean_insurance(raw: str) -> str:
    raw = raw or ""
    value = (raw if raw.isalnum() else _SPACE.sub("", raw)).upper()
    if value and not _INSURANCE.match(value):
        raise FieldProblem(
            "health_insurance_no",
            f"Số thẻ BHYT '{raw}' không đúng dạng.",
            "Ghi mã 15 ký tự trên thẻ (2 chữ cái và 13 chữ số, ví dụ TE1560123456789) hoặc "
            "mã số BHXH 10 chữ số.",
        )
    return value


def clean_ethnicity(raw: str) -> str:
    if not (raw or "").strip():
        return ethnicities.KINH
    code = ethnicities.ethnicity_code(raw)
    if code is None:
        raise FieldProblem(
            "ethnicity",
            f"Không nhận ra dân tộc '{raw}'.",
            "Ghi tên một trong 54 dân tộc (ví dụ Kinh, Tày, Ê-đê, Khơ-me) hoặc mã 01–54.",
        )
    return code


def clean_text(raw: str, limit: int, field: str) -> str:
    value = fast_nfc(raw or "")
    if len(value) > limit:
        raise FieldProblem(field, f"Nội dung dài quá {limit} ký tự.", "Rút gọn nội dung.")
    return value
