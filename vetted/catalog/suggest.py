"""'Did you mean …': a spelling suggestion for a registry search that found nothing.

The suggestion is computed only after the main search came back empty, so the main query and its
district-first plan are untouched. Each search word that matches nothing in the district is replaced
by the closest word (trigram similarity) from the district's vocabulary: the words of the names of
the resources it has decided on and of their vendors. The vocabulary is read fresh from the
district's few hundred decisions each time, so there is no cache to invalidate.

- On PostgreSQL the vocabulary is split and ranked in SQL with pg_trgm's similarity().
- Elsewhere (SQLite) the same ranking runs in Python: `trigrams()` and `similarity()` below follow
  pg_trgm's definition (lower-case, alphanumeric words, two spaces before and one after each word,
  shared trigrams over all distinct trigrams), so both databases suggest the same word for the
  same data. Ties go to the first word in code-point order on both.

A suggestion is offered only when the corrected search finds something with the same filters.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count, Q

from .models import ResourceDecision
from .selectors import RegistryFilters, registry

if TYPE_CHECKING:
    from vetted.districts.models import District

THRESHOLD = 0.3  # pg_trgm's default similarity threshold
MIN_WORD_LENGTH = 3
_WORD = re.compile(r"[^\W_]+")


def trigrams(text: str) -> frozenset[str]:
    """The trigrams pg_trgm extracts from `text` (its KEEPONLYALNUM, IGNORECASE build)."""
    found: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(found)


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(a, b): shared trigrams over all distinct trigrams of both."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared)


def vocabulary_words(text: str) -> set[str]:
    """The vocabulary words in resource and vendor names (the same rule as the SQL below)."""
    return {
        w
        for w in set(_WORD.findall(text.lower()))
        if len(w) >= MIN_WORD_LENGTH and any(c.isalpha() for c in w)
    }


def suggest(district: District, filters: RegistryFilters) -> str | None:
    """A corrected search text for `filters.q`, or None when there is nothing better to offer."""
    words = filters.words
    if not words:
        return None
    # The common case, one word and no other filter, needs neither check query: the empty result
    # proves the word matches nothing, and a vocabulary word is in the search text of its resource.
    only_one_word = len(words) == 1 and replace(filters, q="") == RegistryFilters()
    unknown = words if only_one_word else _words_matching_nothing(district, words)
    if not unknown:
        return None
    closest = _closest_words(district, unknown)
    corrected = [closest.get(w, w) for w in words]
    if corrected == words:
        return None
    suggestion = " ".join(corrected)
    if not only_one_word and not registry(district, replace(filters, q=suggestion)).exists():
        return None
    return suggestion


def _words_matching_nothing(district: District, words: list[str]) -> list[str]:
    """The search words that on their own match no resource of the district (one query)."""
    distinct = list(dict.fromkeys(words))
    counts = ResourceDecision.objects.filter(district=district).aggregate(
        **{f"w{i}": Count("id", filter=Q(resource__search_text__contains=w)) for i, w in enumerate(distinct)}
    )
    return [w for i, w in enumerate(distinct) if not counts[f"w{i}"]]


def _closest_words(district: District, words: list[str]) -> dict[str, str]:
    if connection.vendor == "postgresql":
        return {w: best for w in words if (best := _closest_postgres(district, w))}
    vocabulary = _vocabulary(district)
    found = {}
    for word in words:
        best = _closest_in(vocabulary, word)
        if best:
            found[word] = best
    return found


def _vocabulary(district: District) -> set[str]:
    rows = ResourceDecision.objects.filter(district=district).values_list(
        "resource__name", "resource__vendor__legal_name"
    )
    names = {name for pair in rows for name in pair}
    return vocabulary_words(" ".join(names))


def _closest_in(vocabulary: set[str], word: str) -> str | None:
    target = trigrams(word)
    if not target:
        return None
    best: tuple[float, str] | None = None
    for candidate in vocabulary:
        theirs = trigrams(candidate)
        shared = len(target & theirs)
        if not shared:
            continue
        score = shared / (len(target) + len(theirs) - shared)
        # Highest score first; ties to the first in code-point order (COLLATE "C" in the SQL).
        if score >= THRESHOLD and (best is None or (-score, candidate) < (-best[0], best[1])):
            best = (score, candidate)
    return best[1] if best else None


# The district's vocabulary, split and ranked in the database. Word rule as vocabulary_words():
# alphanumeric runs, at least three characters, at least one letter.
_CLOSEST_SQL = """
WITH vocabulary AS (
    SELECT DISTINCT w.word
    FROM catalog_resourcedecision d
    JOIN catalog_resource r ON r.id = d.resource_id
    JOIN catalog_vendor v ON v.id = r.vendor_id
    CROSS JOIN LATERAL regexp_split_to_table(lower(r.name || ' ' || v.legal_name), '[^[:alnum:]]+') AS w(word)
    WHERE d.district_id = %(district)s
)
SELECT word FROM vocabulary
WHERE char_length(word) >= %(min_length)s AND word ~ '[[:alpha:]]'
  AND similarity(word, %(word)s) >= %(threshold)s
ORDER BY similarity(word, %(word)s) DESC, word COLLATE "C"
LIMIT 1
"""


def _closest_postgres(district: District, word: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            _CLOSEST_SQL,
            {"district": district.pk, "word": word, "threshold": THRESHOLD, "min_length": MIN_WORD_LENGTH},
        )
        row = cursor.fetchone()
    return row[0] if row else None
