"""Dutch text handling shared by the search backends, the snippets and the public search.

Search engines differ in what they can do with Dutch ("dorpen" should find "dorp", "energie"
should find "Energiecoöperatie"). What we can do the same way everywhere happens here, on the
query side: clean the visitor's input, fold accents, and turn each word into a *stem prefix*
(the part a word shares with its Dutch stem: "dorpen" -> "dorp", "coöperaties" -> "cooper"),
which the backends then match as a prefix, so compounds and plurals are found too.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# A prefix shorter than this matches too much ("de*"): such words are matched whole.
MIN_PREFIX_LENGTH = 4

# Frequent Dutch function words: they carry no meaning for a search and are left out.
STOPWORDS = frozenset(
    """
    aan al als bij dan dat de den der des deze die dit door een en er had heb hem het hier hij
    hoe hun ik in is je kan me men met mij na naar niet nog of om omdat ons ook op over te tot
    u uit van voor wat we wel wie wij zal ze zich zij zijn zo zou
    """.split()
)

_WORD_RE = re.compile(r"[\w'’]+", re.UNICODE)


def clean_query(value):
    """The visitor's query as plain words: no control characters, no search-engine syntax
    (quotes, stars, brackets, colons), at most MAX_QUERY_LENGTH characters."""
    if not value:
        return ""
    value = str(value)[: MAX_QUERY_LENGTH * 2]
    words = _WORD_RE.findall(value.replace("_", " "))
    words = [w.strip("'’") for w in words]
    return " ".join(w for w in words if w)[:MAX_QUERY_LENGTH].strip()


def fold(value):
    """Lower case without accents: "Coöperatie" -> "cooperatie"."""
    decomposed = unicodedata.normalize("NFKD", value.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmers():
    # Two Dutch Snowball stemmers that err on different sides: the classic one keeps
    # "coöperaties", the current one turns "initiatieven" into "initiatief".
    return [snowballstemmer.stemmer("dutch_porter"), snowballstemmer.stemmer("dutch")]


def _common_prefix(a, b):
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return a[:length]


_VOWELS = set("aeiouy")


@lru_cache(maxsize=4096)
def stem_prefix(word):
    """The beginning a Dutch word shares with its stems, folded: the inflections and the
    compounds that start with the word start with this prefix ("dorpen" -> "dorp",
    "initiatieven" -> "initiatie", "zonnepanelen" -> "zonnepan")."""
    folded = fold(word)
    prefix = folded
    for stemmer in _stemmers():
        prefix = _common_prefix(prefix, fold(stemmer.stemWord(folded)))
    # Plural -en after a single vowel doubles that vowel in the singular: panelen/paneel.
    if folded.endswith("en") and prefix == folded[:-2] and len(prefix) >= 3:
        c1, v, c2 = prefix[-3], prefix[-2], prefix[-1]
        if v in _VOWELS and c1 not in _VOWELS and c2 not in _VOWELS:
            shorter = prefix[:-2]
            if len(shorter) >= MIN_PREFIX_LENGTH:
                prefix = shorter
    return prefix if len(prefix) >= MIN_PREFIX_LENGTH else folded


def query_terms(query):
    """The meaningful words of a cleaned query, folded, in order, without duplicates."""
    seen = []
    for word in clean_query(query).split():
        folded = fold(word)
        if folded in STOPWORDS or folded in seen:
            continue
        seen.append(folded)
    return seen[:MAX_TERMS]


def match_terms(query):
    """(term, is_prefix) pairs the database backends match: a stem prefix for words long
    enough to have one, the whole word for short ones."""
    pairs = []
    for term in query_terms(query):
        if len(term) >= MIN_PREFIX_LENGTH:
            pairs.append((stem_prefix(term), True))
        else:
            pairs.append((term, False))
    return pairs
