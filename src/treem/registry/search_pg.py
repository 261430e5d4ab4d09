"""Name search on PostgreSQL: the names holding every word typed (accents ignored); when they
are fewer than a page, also the names where one word is one typo away (a letter missing, extra
or changed, or two neighbouring letters swapped). Best match first.

A word-level GIN index (migration 0003) holds each name word ("=huong") and its one-letter
deletions ("~huog"). Two words are about one typo apart when their token sets (`tokens`)
meet, so both steps are array containment/overlap tests answered by that index from per-word
posting lists, where trigram similarity over whole names had to recheck every "Nguyễn Thị H..."
of a province. The typo step takes each word in turn as the misspelt one and requires the
others exactly, which keeps every index probe narrow; the very common parts (`common`: Nguyễn,
Thị, Văn ...) are taken as typed, since their one-typo neighbourhoods cover a third of the
table.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db.models import F, FloatField, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

from treem.registry.models import Caregiver, Child

MAX_WORDS = 8  # ignore the rest of an implausibly long query


class NameTokens(Func):
    """`treem_name_tokens(name_key)`: the expression of the GIN index child_name_tokens."""

    function = "treem_name_tokens"
    output_field = ArrayField(TextField())


class NameWords(Func):
    """`string_to_array(name_key, ' ')`: the expression of the GIN index caregiver_name_words."""

    template = "string_to_array(%(expressions)s, ' ')"
    output_field = ArrayField(TextField())


def caregivers_named(key: str) -> QuerySet[Caregiver]:
    """Caregivers whose name holds every word of `key` (accent-free), as whole words."""
    words = list(dict.fromkeys(key.split()))[:MAX_WORDS]
    qs = Caregiver.objects.alias(name_words=NameWords(F("name_key")))
    return qs.filter(name_words__contains=words) if words else qs


def deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} - {""}


def tokens(word: str) -> list[str]:
    """The index keys a name word within one typo of `word` must have at least one of."""
    near = deletions(word) if len(word) > 1 else set()
    return sorted({f"={word}", f"~{word}"} | {f"={d}" for d in near} | {f"~{d}" for d in near})


def search_names(
    qs: QuerySet[Child], key: str, common: frozenset[str], *, page: int = 50
) -> QuerySet[Child]:
    words = list(dict.fromkeys(key.split()))[:MAX_WORDS]
    if not words:
        return qs.order_by("full_name", "birth_date", "pk")
    qs = qs.alias(name_tokens=NameTokens(F("name_key")))
    exact = qs.filter(name_tokens__contains=[f"={w}" for w in words])
    if len(words) > 1 and exact[:page].count() < page:
        one_typo = Q()
        for word in words:
            if word in common:  # typed as written thousands of times: not the typo
                continue
            others = [f"={w}" for w in words if w != word]
            one_typo |= Q(name_tokens__contains=others, name_tokens__overlap=tokens(word))
        found = qs.filter(one_typo | Q(name_tokens__contains=[f"={w}" for w in words]))
    elif len(words) == 1 and exact[:page].count() < page:
        found = qs.filter(name_tokens__overlap=tokens(words[0]))
    else:
        found = exact
    score = RawSQL("word_similarity(%s, registry_child.name_key)", (key,), FloatField())
    return found.annotate(score=score).order_by("-score", "full_name", "pk")
