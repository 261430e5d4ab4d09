"""The import's faster field rules give exactly the results of the plain ones they replace:
word-cached names and search keys, NFC by split and join, regex-free fast paths for numbers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treem.core.text import fold, nfc, title_vi
from treem.registry.domain import idnumber
from treem.registry.importing import pipeline
from treem.registry.validation import (
    CACHED_WORD_LENGTH,
    FieldProblem,
    clean_insurance,
    clean_name,
    clean_name_key,
    clean_phone,
    fast_nfc,
    name_key,
)

# Letters people type, and the characters that make text rules go wrong: every kind of
# whitespace, combining marks, digits, punctuation, Greek sigma (case depends on context),
# letters whose case mapping changes length, and đ.
ALPHABET = (
    "aAbBđĐeEiIoOuUyYăâêôơưĂÂÊÔƠƯáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩị"
    " \t\n\r\x0b\x0c\xa0\u2003\u3000\x1c\x85\u2028"
    "\u0300\u0301\u0303\u0309\u0323\u0306\u0302"
    "0123456789'-._,()+"
    "ΣσςΑΒßİﬁǅ"
)
texts = st.text(alphabet=ALPHABET, max_size=40)
long_words = st.text(alphabet="aăâbđeêioôơuưyáàảãạ'-", min_size=CACHED_WORD_LENGTH + 1)

_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)*$")


def reference_clean_name(raw: str, field: str = "full_name") -> str:
    """The rule as it was written before the word cache: title case, then one pattern."""
    name = title_vi(raw or "")
    if not name:
        raise FieldProblem(field, "Chưa có họ và tên.", "Ghi đầy đủ họ, chữ đệm và tên.")
    if len(name) > 120:
        raise FieldProblem(field, "Họ và tên dài quá 120 ký tự.", "Kiểm tra lại ô này.")
    if not _NAME_CHARS.match(name):
        raise FieldProblem(
            field,
            f"Họ và tên '{name}' có chữ số hoặc ký hiệu.",
            "Chỉ ghi chữ cái, dấu cách, dấu nháy hoặc gạch nối.",
        )
    return name


def outcome(function: Any, *args: Any) -> Any:
    try:
        return ("ok", function(*args))
    except FieldProblem as problem:
        return ("problem", problem.field, problem.message, problem.fix, problem.is_error)


@settings(max_examples=500)
@given(texts)
def test_fast_nfc_is_nfc(text: str) -> None:
    assert fast_nfc(text) == nfc(text)


@settings(max_examples=500)
@given(texts)
def test_clean_name_is_the_plain_rule(text: str) -> None:
    assert outcome(clean_name, text) == outcome(reference_clean_name, text)


@settings(max_examples=500)
@given(texts)
def test_name_key_is_fold(text: str) -> None:
    assert name_key(text) == fold(text)
    assert name_key(nfc(text)) == fold(nfc(text))


@given(st.lists(long_words, min_size=1, max_size=3))
def test_long_words_bypass_the_cache_with_the_same_result(words: list[str]) -> None:
    text = " ".join(words)
    assert outcome(clean_name, text) == outcome(reference_clean_name, text)
    assert name_key(text) == fold(text)


def name_and_key(raw: str, field: str = "full_name", *, required: bool = True) -> Any:
    name = clean_name(raw, field, required=required)
    return name, name_key(name)


@settings(max_examples=500)
@given(st.one_of(texts, st.lists(long_words, min_size=1, max_size=3).map(" ".join)))
def test_name_with_key_is_the_name_then_its_key(text: str) -> None:
    assert outcome(clean_name_key, text) == outcome(name_and_key, text)
    assert outcome(partial(clean_name_key, field="father", required=False), text) == outcome(
        partial(name_and_key, field="father", required=False), text
    )


def test_names_with_greek_sigma_and_lone_marks_fold_like_the_whole_text() -> None:
    for text in ["ΟΔΟΣ ΑΣ", "a \u0301 b", "Nguyễn  Văn\tAn", " đặng ", "ǅem İi"]:
        assert name_key(text) == fold(text)
        assert outcome(clean_name_key, text) == outcome(name_and_key, text)
        assert outcome(clean_name, text) == outcome(reference_clean_name, text)


@settings(max_examples=300)
@given(st.text(alphabet="0123456789 .-()+٣", max_size=16))
def test_phone_fast_path_is_the_plain_rule(raw: str) -> None:
    def plain(value: str) -> str:
        digits = re.sub(r"[\s.\-()]", "", value)
        if not digits:
            return ""
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        elif digits.startswith("84") and len(digits) in (11, 12):
            digits = "0" + digits[2:]
        elif len(digits) in (9, 10) and digits[0] in "35789" and not digits.startswith("0"):
            digits = "0" + digits
        if not re.match(r"^0\d{9,10}$", digits):
            raise FieldProblem("phone", f"Số điện thoại '{value}' không đúng dạng.")
        return digits

    fast = outcome(clean_phone, raw, "phone")
    assert fast[:3] == outcome(plain, raw)[:3]


@settings(max_examples=300)
@given(st.text(alphabet="TEHSte0123456789 \t٣", max_size=18))
def test_insurance_fast_path_is_the_plain_rule(raw: str) -> None:
    value = re.sub(r"\s", "", raw).upper()
    valid = not value or re.match(r"^(?:[A-Z]{2}\d{13}|\d{10})$", value)
    assert outcome(clean_insurance, raw)[0] == ("ok" if valid else "problem")
    if valid:
        assert clean_insurance(raw) == value


ids = st.text(alphabet="0123456789 .-٣", min_size=10, max_size=14)


@settings(max_examples=500)
@given(
    ids,
    st.sampled_from([None, "", "M", "F"]),
    st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
)
def test_id_number_fast_path_is_the_full_check(
    raw: str, sex: str | None, born: dt.date | None
) -> None:
    assert idnumber.clean(raw) == re.sub(r"[\s.\-]", "", raw)
    number = idnumber.clean(raw)
    assert idnumber.check(number, sex=sex, birth_date=born) == idnumber._problems(number, sex, born)


def test_id_number_fast_path_sees_valid_numbers() -> None:
    number = idnumber.make("056", "F", 2018, 123)
    assert idnumber._agrees(number, "F", dt.date(2018, 5, 1))
    assert not idnumber._agrees(number, "M", dt.date(2018, 5, 1))
    assert not idnumber._agrees(number, "F", dt.date(2017, 5, 1))
    assert not idnumber._agrees("999" + number[3:], "F", None)  # unknown province: warning


cells = st.lists(
    st.one_of(st.none(), st.integers(-2, 2), st.floats(allow_nan=False), texts), max_size=6
)


@given(cells)
def test_blank_row_check_matches_the_plain_rule(row: list[Any]) -> None:
    plain = not any(cell not in (None, "") and str(cell).strip() for cell in row)
    assert pipeline._blank(row) == plain


@pytest.mark.parametrize("text", ["Nguyễn Văn An", "NGUYỄN văn AN", "An-Na O'Neil"])
def test_decomposed_input_gives_the_same_name(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert clean_name(decomposed) == clean_name(text) == reference_clean_name(text)
