"""A pack's test-case files: short texts and what checking each must find.

A test-case file (``tests/*.yaml`` in a pack; ``tests/cases/`` for the bundled one)
names a rubric and lists cases::

    rubric: sino-soviet-1949-1976
    cases:
      - name: a wrong year is flagged
        text: "The Treaty of Friendship was signed in 1951."
        date_issues: [{event: treaty-1950, year: 1951}]

Each case checks only the keys it names: the criteria's expectations (``found``,
``missing``, ``cited``, ``treated``, ``signals``...: the same keys as a rubric's
examples), ``unmet``, ``date_issues`` (every issue, in order), ``no_date_issues``,
``corrections`` (misspelling -> name), ``exactly`` (those lists are complete),
``command_term``/``question`` (read the text as an answer to another question), and
``xfail: why`` (a known gap: the case must still fail, so that a fix is noticed).

This module reads the file and locates every value, so that an id the rubric does
not have is an error at its line and column (:mod:`ibessay.packs.harness` checks the
ids against the compiled rubric and runs the cases). Any other key is an error: a typo
must not make a case pass.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ContentError

if TYPE_CHECKING:
    from yaml import Node

    from .loader import Document

#: Keys a case may have beyond the criteria's expectations.
CASE_KEYS = ("name", "text", "exactly", "xfail", "no_date_issues", "date_issues",
             "corrections", "command_term", "question", "unmet", "note")


class Located(NamedTuple):
    """A value and where it is written."""

    value: str
    line: int
    column: int


class CheckCase(NamedTuple):
    name: str
    text: str
    line: int
    #: (key, ids) for each expectation key and ``unmet`` the case names, in file order.
    checks: tuple[tuple[str, tuple[Located, ...]], ...] = ()
    exactly: tuple[Located, ...] = ()
    xfail: str | None = None
    no_date_issues: bool = False
    date_issues: tuple[tuple[str, int], ...] | None = None
    corrections: tuple[tuple[str, str], ...] | None = None
    command_term: str | None = None
    question: str | None = None


class CheckFile(NamedTuple):
    path: str
    rubric: Located
    cases: tuple[CheckCase, ...]


def load_test_file(path: Path, expectation_keys: Collection[str]) -> CheckFile:
    """Read a test-case file; ``expectation_keys`` are the criteria's keys.

    Raises:
        ContentError: anything wrong in the file at its line and column (the first,
            with the rest in ``more``: a case's error does not hide the next case's).
    """
    from .loader import Document, _command_term  # imports PyYAML

    doc = Document(path)
    top = doc.mapping(doc.root(), "a test-case file", ("rubric", "cases"), ("note",))
    rubric = _located(top["rubric"], doc.ident(top["rubric"], "rubric"))
    optional = (*(k for k in CASE_KEYS if k not in ("name", "text")),
                *sorted(set(expectation_keys) - set(CASE_KEYS)))
    cases, errors, names = [], [], set()
    for item in doc.sequence(top["cases"], "cases"):
        try:
            values = doc.mapping(item, "a case", ("name", "text"), optional)
            name = doc.text(values["name"], "a case's name")
            if name in names:
                raise doc.error(values["name"], f"two cases are called '{name}'",
                                "give each case its own name: failures are reported by it")
            names.add(name)
            checks = tuple((key, tuple(_located(n, doc.text(n, f"an id in {key}"))
                                       for n in _items(doc, values[key], key)))
                           for key in values if key != "date_issues"
                           and (key in expectation_keys or key == "unmet"))
            exactly = tuple(_located(n, doc.text(n, "a key in exactly"))
                            for n in _items(doc, values["exactly"], "exactly")) \
                if "exactly" in values else ()
            for key in exactly:
                if key.value not in expectation_keys:
                    raise doc.error(values["exactly"], f"exactly names '{key.value}', which "
                                    "is not a list of ids", "name keys such as found or cited")
            cases.append(CheckCase(
                name=name,
                text=doc.text(values["text"], "a case's text"),
                line=item.start_mark.line + 1,
                checks=checks,
                exactly=exactly,
                xfail=doc.get(values, "xfail", lambda n: doc.text(n, "xfail"), None),
                no_date_issues=doc.get(values, "no_date_issues",
                                       lambda n: doc.boolean(n, "no_date_issues"), False),
                date_issues=_date_issues(doc, values["date_issues"])
                if "date_issues" in values else None,
                corrections=_corrections(doc, values["corrections"])
                if "corrections" in values else None,
                command_term=_command_term(doc, values["command_term"])
                if "command_term" in values else None,
                question=doc.get(values, "question", lambda n: doc.text(n, "question"), None),
            ))
        except ContentError as exc:
            errors.append(exc)
    if errors:
        first, *rest = errors
        first.more = [*first.more, *rest]
        raise first
    return CheckFile(str(path), rubric, tuple(cases))


def _located(node: Node, value: str) -> Located:
    mark = node.start_mark
    return Located(value, mark.line + 1, mark.column + 1)


def _items(doc: Document, node: Node, what: str) -> list[Node]:
    """A list's items; a single value is a list of one; an empty list is allowed."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.value != "":
        return [node]
    if isinstance(node, yaml.ScalarNode):  # `exactly: [found]` with `found:` left empty
        return []
    return doc.sequence(node, what)


def _date_issues(doc: Document, node: Node) -> tuple[tuple[str, int], ...]:
    issues = []
    for item in _items(doc, node, "date_issues"):
        values = doc.mapping(item, "a date issue", ("event", "year"), ())
        issues.append((doc.ident(values["event"], "a date issue's event"),
                       doc.integer(values["year"], "a date issue's year", 0, 2100)))
    return tuple(issues)


def _corrections(doc: Document, node: Node) -> tuple[tuple[str, str], ...]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise doc.error(node, "corrections must map a misspelling to its name",
                        "e.g. corrections: {Kruschev: Khrushchev}")
    return tuple((doc.text(k, "a misspelling"), doc.text(v, "a name"))
                 for k, v in node.value)
