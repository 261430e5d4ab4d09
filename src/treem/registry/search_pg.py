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

The index also holds the child's place: one "@<path>" key per enclosing unit below the country
(migration 0005). A search within one province or commune (the user's subtrees, or the commune
chosen in the filter) adds that key to each containment test, so GIN intersects the name's
posting lists with the place's and returns only rows in scope, where it used to fetch every
match in the country and filter by place. The scope condition on the queryset stays; the keys
only narrow, and a key is held exactly when its path is a prefix of the child's unit path.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.fields import ArrayField
from django.db.models import F, FloatField, Func, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL

from treem.registry.models import Caregiver, Child

MAX_WORDS = 8  # ignore the rest of an implausibly long query
MAX_PLACES = 4  # above this many subtrees, search by the words alone (the scope still filters)


class SearchTokens(Func):
    """`treem_search_tokens(name_key, unit_path)`: the expression of the GIN index
    child_search_tokens."""

    function = "treem_search_tokens"
    output_field = ArrayField(TextField())


def place_keys(roots: Sequence[str]) -> list[str | None]:
    """One index key per subtree root ("c/56/" -> "@c/56/"); [None] when the search cannot be
    narrowed by place (the whole country, or too many subtrees)."""
    keys = sorted({f"@{root}" for root in roots if root.endswith("/")})
    if not roots or len(keys) != len(set(roots)) or len(keys) > MAX_PLACES or "@c/" in keys:
        return [None]
    return list(keys)


def _holds(words: list[str], place: str | None) -> list[str]:
    return [*words, place] if place else words


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
    qs: QuerySet[Child],
    key: str,
    common: frozenset[str],
    *,
    roots: Sequence[str] = (),
    page: int = 50,
) -> QuerySet[Child]:
    """Children of `qs` by name, best first. `roots` are the subtrees searched (unit paths):
    each becomes an index key that narrows the search to them."""
    words = list(dict.fromkeys(key.split()))[:MAX_WORDS]
    if not words:
        return qs.order_by("full_name", "birth_date", "pk")
    places = place_keys(roots)
    qs = qs.alias(search_tokens=SearchTokens(F("name_key"), F("unit_path")))
    whole = [f"={w}" for w in words]
    exact_q = Q()
    for place in places:
        exact_q |= Q(search_tokens__contains=_holds(whole, place))
    exact = qs.filter(exact_q)
    exact_ids = list(exact.values_list("pk", flat=True)[:page])
    if len(exact_ids) >= page:
        found = exact
    else:  # every exact match is in hand: name them, rather than search for them again
        one_typo = Q()
        for word in words:
            if len(words) > 1 and word in common:  # typed as written thousands of times
                continue
            others = [f"={w}" for w in words if w != word]
            for place in places:
                near = Q(search_tokens__overlap=tokens(word))
                if held := _holds(others, place):
                    near &= Q(search_tokens__contains=held)
                one_typo |= near
        found = qs.filter(Q(pk__in=exact_ids) | one_typo)
    score = RawSQL("word_similarity(%s, registry_child.name_key)", (key,), FloatField())
    return found.annotate(score=score).order_by("-score", "full_name", "pk")
