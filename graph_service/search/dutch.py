"""Undo the spelling changes of inflected Dutch adjectives before stemming.

The Snowball Dutch stemmer in tantivy (the only Dutch stemmer it offers) treats
an adjective and its inflected form differently: "kwetsbaar" stems to "kwets"
but "kwetsbare" to "kwetsbar", "duurzaam" stays "duurzaam" but "duurzame" stays
"duurzame". Dutch spells the long vowel of an open syllable with one letter and
voices a final f or s (lief, lieve; boos, boze), so the inflected form loses
the letters the stemmer needs. tantivy's Python bindings take no custom token
filters, so the index adds the uninflected form of such words to a field of
its own, and a query looks for both forms of every word it is given.

The rules are deliberately narrow; a word they do not fit is left alone.
"""

from __future__ import annotations

import re

_CONSONANTS = "bcdfghjklmnpqrstvwxz"
# A word ending in consonant, single a/o/u, one consonant, e: "kwetsbare".
_OPEN_SYLLABLE = re.compile(
    rf"^(?P<head>.*(?:[{_CONSONANTS}]|i))(?P<vowel>[aou])"
    rf"(?P<tail>[{_CONSONANTS}])e$"
)
# Loan adjectives in -eel: "culturele", "structurele", "professionele".
_EEL = re.compile(r"^(?P<head>.*(?:ur|on|u|i))el(?P<s>e)$")
_CANDIDATE = re.compile(r"\b\w+(?:[aou][bcdfgklmnprstvz]e|ele|ieve|ieze)\b")
_VOICED = {"v": "f", "z": "s"}


def uninflect(word: str) -> str:
    """The uninflected form of a Dutch adjective; other words unchanged.

    >>> [uninflect(w) for w in ("kwetsbare", "duurzame", "grote", "sociale")]
    ['kwetsbaar', 'duurzaam', 'groot', 'sociaal']
    >>> [uninflect(w) for w in ("lieve", "dove", "boze", "actieve", "culturele")]
    ['lief', 'doof', 'boos', 'actief', 'cultureel']
    >>> [uninflect(w) for w in ("wijken", "andere", "gemeente", "ruimte")]
    ['wijken', 'andere', 'gemeente', 'ruimte']
    """
    if word.endswith(("ieve", "ieze")):
        return word[:-2] + _VOICED[word[-2]]
    found = _OPEN_SYLLABLE.match(word)
    if found:
        tail = _VOICED.get(found["tail"], found["tail"])
        return found["head"] + found["vowel"] * 2 + tail
    found = _EEL.match(word)
    if found:
        return found["head"] + "eel"
    return word


def uninflected_words(text: str) -> list[str]:
    """The words of ``text`` that :func:`uninflect` changes, in their new form.

    >>> uninflected_words("Kwetsbare wijken en actieve bewoners")
    ['kwetsbaar', 'actief']
    """
    found = []
    for match in _CANDIDATE.finditer(text.lower()):
        word = match.group(0)
        plain = uninflect(word)
        if plain != word:
            found.append(plain)
    return found
