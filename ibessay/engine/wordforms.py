"""The other ways a student may write a rubric phrase: spelling variants and inflections.

Rubric authors write one form ("de-Stalinisation", "withdraw"); the criteria add the
others as extra phrases to scan for (:mod:`ibessay.engine.criteria.phrases`).
Over-generation is harmless, because a phrase that never occurs in real text never
matches, so the rules here are simple: regular endings, and a short table of the
irregular verbs rubrics use (``_IRREGULAR``).
"""

from __future__ import annotations

from itertools import product

from .text import normalize_phrase

# British <-> American endings, tried on each word of a phrase (both directions).
_SPELLING_SWAPS = (
    ("isation", "ization"), ("isations", "izations"),
    ("ise", "ize"), ("ised", "ized"), ("ises", "izes"), ("ising", "izing"),
    ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"),
    ("our", "or"), ("ours", "ors"), ("oured", "ored"), ("ouring", "oring"),
    ("ourable", "orable"), ("ourite", "orite"),
    ("tre", "ter"), ("tres", "ters"),
    ("ence", "ense"), ("ences", "enses"),
    ("ogue", "og"), ("ogues", "ogs"),
    ("amme", "am"), ("ammes", "ams"),
    ("lled", "led"), ("lling", "ling"),
)
_MIN_WORD_FOR_SWAP = 5  # "four" must not become "for"
_MAX_VARIANTS = 48
_GERMAN_TRANSLITERATION = str.maketrans(
    {"ü": "ue", "ö": "oe", "ä": "ae", "Ü": "Ue", "Ö": "Oe", "Ä": "Ae"}
)

# Irregular verbs likely in history essays: lemma -> other forms.
_IRREGULAR = {
    "arise": "arose arisen", "be": "is are was were been being", "bear": "bore borne",
    "become": "became", "begin": "began begun", "break": "broke broken",
    "bring": "brought", "build": "built", "buy": "bought", "catch": "caught",
    "choose": "chose chosen", "come": "came", "deal": "dealt", "do": "did done does",
    "draw": "drew drawn", "drive": "drove driven", "fall": "fell fallen", "feel": "felt",
    "fight": "fought", "find": "found", "flee": "fled", "fly": "flew flown",
    "forbid": "forbade forbidden", "forsake": "forsook forsaken", "freeze": "froze frozen",
    "get": "got gotten", "give": "gave given", "go": "went gone goes", "grow": "grew grown",
    "hang": "hung", "have": "had has", "hear": "heard", "hide": "hid hidden", "hold": "held",
    "keep": "kept", "know": "knew known", "lay": "laid", "lead": "led", "leave": "left",
    "lend": "lent", "lose": "lost", "make": "made", "mean": "meant", "meet": "met",
    "overcome": "overcame", "overthrow": "overthrew overthrown", "pay": "paid",
    "rebuild": "rebuilt", "ride": "rode ridden", "rise": "rose risen", "run": "ran",
    "say": "said", "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent",
    "shake": "shook shaken", "shoot": "shot", "show": "showed shown", "sink": "sank sunk",
    "sit": "sat", "speak": "spoke spoken", "spend": "spent", "stand": "stood",
    "steal": "stole stolen", "strike": "struck stricken", "swear": "swore sworn",
    "take": "took taken", "teach": "taught", "tear": "tore torn", "tell": "told",
    "think": "thought", "throw": "threw thrown", "understand": "understood",
    "undertake": "undertook undertaken", "uphold": "upheld", "win": "won",
    "withdraw": "withdrew withdrawn", "withhold": "withheld", "write": "wrote written",
    "die": "died dying dies", "lie": "lay lain lying",
}
_FORM_TO_LEMMA = {form: lemma for lemma, forms in _IRREGULAR.items() for form in forms.split()}
_VOWELS = set("aeiou")


def spelling_variants(phrase: str) -> set[str]:
    """Normalised forms of ``phrase``: itself, British/American spellings, joined hyphens.

    >>> sorted(spelling_variants("de-Stalinisation"))
    ['de stalinisation', 'de stalinization', 'destalinisation', 'destalinization']
    """
    bases = {phrase}
    if phrase != (german := phrase.translate(_GERMAN_TRANSLITERATION)):
        bases.add(german)
    if "-" in phrase:
        bases.add(phrase.replace("-", ""))
    out: set[str] = set()
    for base in bases:
        words = normalize_phrase(base).split(" ")
        choices = [_word_spellings(w) for w in words]
        for combo in product(*choices):
            out.add(" ".join(combo))
            if len(out) >= _MAX_VARIANTS:
                return out
    return out


def _word_spellings(word: str) -> list[str]:
    forms = [word]
    if len(word) >= _MIN_WORD_FOR_SWAP:
        for brit, amer in _SPELLING_SWAPS:
            if word.endswith(brit):
                forms.append(word[: -len(brit)] + amer)
            elif word.endswith(amer):
                forms.append(word[: -len(amer)] + brit)
    return forms


def with_plural(phrase: str) -> set[str]:
    """``phrase`` and its plural (last word): crisis -> crises, plan -> plans."""
    last = phrase.rsplit(" ", 1)[-1]
    if not last.isalpha():
        return {phrase}
    return {phrase, phrase[: len(phrase) - len(last)] + _plural(last)}


def _plural(word: str) -> str:
    if word.endswith("is"):
        return word[:-2] + "es"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def word_inflections(word: str) -> set[str]:
    """Forms of one lower-case word: withdraw -> withdraws, withdrew, withdrawal, ...

    The word may be given in any form ("withdrew", "experts"); its lemma is guessed.
    """
    out = {word}
    for lemma in _lemma_guesses(word):
        out.add(lemma)
        out.update(_IRREGULAR.get(lemma, "").split())
        out.update(_regular_forms(lemma))
    return out


def _lemma_guesses(word: str) -> set[str]:
    if word in _FORM_TO_LEMMA:
        return {_FORM_TO_LEMMA[word]}
    inflected = word.endswith(("ed", "ing")) or (
        word.endswith("s") and not word.endswith(("ss", "us", "is"))
    )
    guesses = set() if inflected else {word}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""),
                         ("ed", "e"), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)] + repl
            guesses.add(stem)
            # "stopped" -> "stopp" -> "stop"
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                guesses.add(stem[:-1])
    # "withdrawal" -> "withdraw", "renewal" -> "renew"; not "signal" -> "sign".
    if word.endswith("wal"):
        guesses.add(word[:-2])
    return guesses or {word}


def _regular_forms(lemma: str) -> set[str]:
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in _VOWELS:
        stem = lemma[:-1]
        return {stem + "ies", stem + "ied", lemma + "ing", stem + "ial"}  # deny -> denial
    if lemma.endswith("e"):
        forms = {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    else:
        suffix_s = "es" if lemma.endswith(("s", "x", "z", "ch", "sh")) else "s"
        forms = {lemma + suffix_s, lemma + "ed", lemma + "ing"}
        if _ends_cvc(lemma):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    # withdrawal, removal, refusal, dismissal, betrayal -- but not sign -> "signal".
    if lemma.endswith(("w", "ve", "se", "ss", "ay")):
        forms.add((lemma[:-1] if lemma.endswith("e") else lemma) + "al")
    return forms


def _ends_cvc(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def phrase_inflections(phrase: str) -> set[str]:
    """Inflect a short phrase: its first word as a verb, its last as a plural noun.

    "pulled out" -> "pulls out", "pulling out", ...; "Soviet adviser" -> "Soviet advisers".
    A first word written with a capital (a proper name) is kept as it is.
    """
    words = normalize_phrase(phrase).split(" ")
    rest = " ".join(words[1:])
    firsts = word_inflections(words[0]) if phrase[:1].islower() else {words[0]}
    out: set[str] = set()
    for first in firsts:
        out |= with_plural(f"{first} {rest}" if rest else first)
    return out
