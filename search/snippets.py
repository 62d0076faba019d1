"""Snippets: a short, escaped piece of a result's text around the first matching word, with the
matches wrapped in <mark>.

Wagtail's search backends return objects, not highlights, so the snippet is made here, the same
way on every backend, from text the caller says is safe to show (never from fields a visitor may
not see)."""

import re
from functools import lru_cache

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.dutch import fold, match_terms

SNIPPET_LENGTH = 240


def plain_text(value):
    """Text without markup and with collapsed whitespace."""
    if value is None:
        return ""
    text = strip_tags(str(value))
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=2048)
def _fold_char(char):
    return fold(char)


def _folded_with_map(text):
    """``text`` folded character by character, with for each folded character the index of the
    original character it came from (folding may drop combining marks)."""
    if text.isascii():
        return text.lower(), range(len(text))
    folded_chars, positions = [], []
    for index, char in enumerate(text):
        for folded_char in _fold_char(char):
            folded_chars.append(folded_char)
            positions.append(index)
    return "".join(folded_chars), positions


def find_matches(text, query):
    """(start, end) spans in ``text`` of words matching the query's terms (whole-word or
    word-start prefix matches, accent-insensitive), in order, not overlapping."""
    terms = match_terms(query)
    if not terms or not text:
        return []
    folded, positions = _folded_with_map(text)
    spans = []
    for term, is_prefix in terms:
        pattern = r"\b" + re.escape(term) + (r"\w*" if is_prefix else r"\b")
        for match in re.finditer(pattern, folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def matches_every_term(text, query):
    """Whether every term of the query occurs in ``text`` (as the backends match it)."""
    folded = fold(text or "")
    for term, is_prefix in match_terms(query):
        pattern = r"\b" + re.escape(term) + (r"\w*" if is_prefix else r"\b")
        if not re.search(pattern, folded):
            return False
    return bool(match_terms(query))


def make_snippet(text, query, length=SNIPPET_LENGTH):
    """A safe HTML excerpt of ``text`` of about ``length`` characters, centred on the first
    match, the matches marked. Without a match: the beginning of the text."""
    text = plain_text(text)
    if not text:
        return ""
    spans = find_matches(text, query)
    if spans:
        first = spans[0][0]
        start = max(0, first - length // 3)
        # Start at a word boundary.
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end

    parts = []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(text[cursor:span_start]))
        parts.append("<mark>" + escape(text[span_start:span_end]) + "</mark>")
        cursor = span_end
    parts.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every part is escaped
