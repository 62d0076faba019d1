"""The database backends' Dutch matching: one lexeme per query word, a stem prefix where the
word is long enough (``core.dutch.match_terms``)."""

from core.dutch import clean_query, fold, match_terms


def prefix_lexemes(lexeme_class, query, operator, fold_accents, **lexeme_kwargs):
    """Combine one lexeme per query word (a stem prefix where the word is long enough)."""
    combined = None
    originals = [w.lower() for w in clean_query(query).split()]
    for term, is_prefix in match_terms(query):
        value = term
        if not fold_accents:
            # Keep the visitor's accents (PostgreSQL does not fold them): cut the original word
            # to the length of the folded prefix.
            for original in originals:
                if fold(original).startswith(term) and len(fold(original)) == len(original):
                    value = original[: len(term)]
                    break
        lexeme = lexeme_class(value, prefix=is_prefix, **lexeme_kwargs)
        if combined is None:
            combined = lexeme
        elif operator.lower() == "and":
            combined &= lexeme
        else:
            combined |= lexeme
    return combined
