"""The source noun-phrase chunker: the phrase left of a reporting verb, right of "according to", or the
clause's subject, with prepositional tails ("a spokesman for the ministry") and appositives.

A noun phrase is a run of capitalised words, known role/organisation/document nouns and determiners.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.attribution.lexicon import (
    AUXILIARIES,
    BE_VERBS,
    BOUNDARY_WORDS,
    CONJUNCTIONS,
    DETERMINERS,
    NAME_PARTICLES,
    NOT_NOUNS,
    PERSONAL_PRONOUNS,
    PREPOSITIONS,
    SENTENCE_ENDS,
    TIME_WORDS,
    TWO_WORD_PREPOSITIONS,
)
from scoring.attribution.tokens import Tokens, is_capitalised, is_known_noun, is_word, sentence_start

_CASELESS_NAME_TOKENS = 4  # in all-lowercase input a name is at most this many tokens, "john paul smith jr"
_PAREN_TOKENS = 8  # a parenthetical inside a source, "(R-Wis.)", "(D)", is short
_UNKNOWN_MODIFIERS = 2  # lowercase words of unknown class allowed between a determiner and the head
# Endings of nouns for people and groups ("speechwriters", "economist", "republicans"); an unknown head
# without one is more likely an adjective.
_AGENT_SUFFIXES = ("s", "er", "or", "ist", "ian", "man", "men")
_RELATIVE_CLAUSE_TOKENS = 10  # "who asked not to be named by the ministry" fits in this many tokens


@dataclass(frozen=True, slots=True)
class Phrase:
    first: int  # token indices, inclusive
    last: int
    head: int
    name_first: int  # the name part: the whole phrase unless an appositive was attached
    name_last: int


def _parenthetical_start(tokens: Tokens, close: int) -> int | None:
    for k in range(close - 1, max(-1, close - _PAREN_TOKENS), -1):
        if tokens.words[k] == "(":
            return k
        if tokens.words[k] in (")", ";", "\n"):
            return None
    return None


def chunk_left(tokens: Tokens, last: int) -> tuple[int, int] | None:
    """(first, head) of the simple noun chunk ending at token ``last``, scanning leftwards."""
    end = last
    if tokens.words[end] == ")":
        opened = _parenthetical_start(tokens, end)
        if opened is None or opened == 0:
            return None
        end = opened - 1
    if end < 0:
        return None
    lower = tokens.lower[end]
    head_is_named = is_capitalised(tokens, end)
    head_is_known = is_known_noun(lower)
    if not head_is_named and not head_is_known:
        # An unknown lowercase head ("speechwriters") needs a determiner: "two ... speechwriters".
        if not is_word(lower) or lower in NOT_NOUNS:
            return None
        if not lower.endswith(_AGENT_SUFFIXES):
            return None  # "the biggest decline", "a very important rule": an adjective, so the verb is a noun
    first, is_anchored = _extend_left(tokens, end)
    if tokens.is_caseless and end - first + 1 > _CASELESS_NAME_TOKENS:
        first = end - _CASELESS_NAME_TOKENS + 1
    if not (is_anchored or head_is_named or head_is_known):
        return None
    if not head_is_named and not head_is_known and first == end:
        return None
    return first, end


def _extend_left(tokens: Tokens, end: int) -> tuple[int, bool]:
    """The first token of the chunk whose head is ``end``, and whether a determiner, a name or a known noun
    anchors it (unknown lowercase modifiers count only once something anchors them)."""
    first = end
    pending: list[int] = []  # unknown lowercase words waiting for a determiner to confirm them
    is_anchored = False
    k = end - 1
    while k >= 0:
        word, low = tokens.words[k], tokens.lower[k]
        if low in DETERMINERS and low not in ("that", "this") or low == "the":
            return k, True
        if is_capitalised(tokens, k) or is_known_noun(low):
            first = min([k, *pending])
            pending.clear()
            is_anchored = True
        elif not (
            _is_name_particle(tokens, k) or (word in ("-", "–") and k > 0 and is_word(tokens.words[k - 1]))
        ):
            if (
                is_word(word)
                and low not in NOT_NOUNS
                and not word[0].isupper()
                and len(pending) < _UNKNOWN_MODIFIERS
                and not tokens.is_caseless
            ):
                pending.append(k)
            else:
                break
        k -= 1
    return first, is_anchored


def _is_name_particle(tokens: Tokens, k: int) -> bool:
    """ "of", "bin", "van" ... between two capitalised words: inside one name ("Bank of England")."""
    return (
        tokens.lower[k] in NAME_PARTICLES
        and k > 0
        and is_capitalised(tokens, k - 1)
        and is_capitalised(tokens, k + 1)
        and not tokens.is_caseless
    )


def phrase_left(tokens: Tokens, last: int) -> Phrase | None:
    """The source phrase ending at ``last``: a chunk, its prepositional tails, a name before an appositive."""
    chunk = chunk_left(tokens, last)
    if chunk is None:
        return None
    first, head = chunk
    final = last
    # Prepositional tails: "a spokesman for | the ministry", "sources close to | the minister".
    while first >= 2:
        before = tokens.lower[first - 1]
        step = 1
        if (tokens.lower[first - 2], before) in TWO_WORD_PREPOSITIONS:
            step = 2
        elif before not in PREPOSITIONS:
            break
        if first - step - 1 < 0:
            break
        outer = chunk_left(tokens, first - step - 1)
        if outer is None:
            break
        outer_head = tokens.lower[outer[1]]
        if not (is_known_noun(outer_head) or is_capitalised(tokens, outer[1])):
            break
        first, head = outer[0], outer[1]
    name_first, name_last = first, final
    # Appositive: "Smith, a spokesman for Y, said" -> the source is the whole, the name is "Smith".
    if tokens.lower[first] in ("a", "an", "the") and first >= 2 and tokens.words[first - 1] == ",":
        name = chunk_left(tokens, first - 2)
        if name is not None and is_capitalised(tokens, name[1]) and not tokens.is_caseless:
            name_first, name_last = name[0], first - 2
            first, head = name[0], name[1]
    return Phrase(first, final, head, name_first, name_last)


def phrase_right(tokens: Tokens, first: int, *, with_tails: bool) -> Phrase | None:
    """The noun phrase starting at ``first``, scanning rightwards (inverted and "according to" sources)."""
    n = len(tokens)
    k = first
    if k < n and tokens.lower[k] in DETERMINERS:
        k += 1
    last = -1
    while k < n:
        word, low = tokens.words[k], tokens.lower[k]
        if low in DETERMINERS and last >= 0:
            break
        if is_capitalised(tokens, k) or is_known_noun(low):
            last = k
        elif low in NAME_PARTICLES and last >= 0 and k + 1 < n and is_capitalised(tokens, k + 1):
            pass
        elif last == k - 1 and is_word(word) and low.endswith(_AGENT_SUFFIXES) and low not in NOT_NOUNS:
            last = k  # an unlisted head noun closing the phrase: "the ministry's chief engineer"
        elif word in ("-", "–") and last == k - 1:
            pass
        elif (
            is_word(word)
            and low not in NOT_NOUNS
            and k + 1 < n
            and (is_capitalised(tokens, k + 1) or is_known_noun(tokens.lower[k + 1]))
        ):
            pass  # an unknown modifier right before a name or known noun: "a conservative think tank"
        else:
            break
        if tokens.is_caseless and last >= 0 and last - first + 1 >= _CASELESS_NAME_TOKENS:
            break
        k += 1
    if last < 0:
        return None
    head = last
    if with_tails:
        while last + 2 < n and tokens.lower[last + 1] in PREPOSITIONS | {"and"}:
            inner = phrase_right(tokens, last + 2, with_tails=False)
            if inner is None:
                break
            last = inner.last
    if last + 1 < n and tokens.words[last + 1] == "(":
        for k in range(last + 2, min(n, last + 2 + _PAREN_TOKENS)):
            if tokens.words[k] == ")":
                last = k
                break
    return Phrase(first, last, head, first, last)


def skip_adverbials_left(tokens: Tokens, j: int) -> int:
    """Index of the first token left of ``j`` that is not an auxiliary, adverb or time phrase."""
    while j >= 0:
        low = tokens.lower[j]
        if low in AUXILIARIES or low in TIME_WORDS or (low.endswith("ly") and len(low) > 4 and low.isalpha()):
            j -= 1
        elif low in BE_VERBS and j + 1 < len(tokens) and tokens.lower[j + 1].endswith("ing"):
            j -= 1  # "is stressing"
        elif (
            low in ("on", "in")
            and j + 1 < len(tokens)
            and (tokens.lower[j + 1] in TIME_WORDS or tokens.words[j + 1].isdigit())
        ):
            j -= 1
        elif (
            tokens.words[j].isdigit() and len(tokens.words[j]) == 4 and j > 0 and tokens.lower[j - 1] == "in"
        ):
            j -= 1  # "in 2010"
        else:
            break
    return j


def clause_subject(tokens: Tokens, i: int) -> Phrase | None:
    """The subject noun phrase of the sentence holding token ``i``, with an appositive if one follows."""
    k = sentence_start(tokens, i)
    while k < i:
        low = tokens.lower[k]
        if not is_word(tokens.words[k]) or low in CONJUNCTIONS or low in ("however", "meanwhile", "still"):
            k += 1
            continue
        if low in PREPOSITIONS or low in BOUNDARY_WORDS and low not in PERSONAL_PRONOUNS:
            # A fronted adverbial, "In a statement, ...": the subject starts after its comma.
            comma = next((c for c in range(k, i) if tokens.words[c] == ","), None)
            if comma is None:
                return None
            k = comma + 1
            continue
        break
    if k >= i:
        return None
    if tokens.lower[k] in PERSONAL_PRONOUNS:
        return Phrase(k, k, k, k, k)
    phrase = phrase_right(tokens, k, with_tails=True)
    if phrase is None or phrase.last >= i:
        return None
    last = phrase.last
    after = last + 1
    if after < i and tokens.words[after] == ",":
        # "Smith, a spokesman for Y, said" and "Jones, 25, of Ashton, said": extend over the appositive.
        closing = next((c for c in range(after + 1, i) if tokens.words[c] == ","), None)
        if closing is not None:
            last = closing - 1
            appositive = phrase_right(tokens, after + 1, with_tails=False)
            if (
                appositive is not None
                and appositive.last == closing - 1
                and not is_capitalised(tokens, phrase.head)
                and is_capitalised(tokens, appositive.head)
            ):
                # "The company's chief executive, John Smith, said": the name is the appositive.
                return Phrase(phrase.first, last, appositive.head, appositive.first, appositive.last)
    return Phrase(phrase.first, last, phrase.head, phrase.first, phrase.last)


def before_relative_clause(tokens: Tokens, j: int) -> Phrase | None:
    """The phrase before a relative pronoun: "Officials who asked not to be named said"."""
    for k in range(j, max(-1, j - _RELATIVE_CLAUSE_TOKENS), -1):
        if tokens.words[k] in SENTENCE_ENDS or tokens.words[k] == ",":
            return None
        if tokens.lower[k] == "who" and k > 0:
            return phrase_left(tokens, k - 1)
    return None
