"""What a class report keeps of one draft's check: :class:`DraftResult`.

A report holds hundreds of spans and the whole draft; a class set of 1,000 is checked
in worker processes and sent back through pipes, so each is cut down, in the worker, to
what the class picture, the markbook row and the student's page of the report show.
"""

# No "from __future__ import annotations": NamedTuple compiles annotation strings.
import re
from typing import Any, NamedTuple

# Control characters (an escape sequence in a file's name would reach the teacher's
# terminal), the bidirectional overrides that make a text read other than it is, and
# lone surrogates: Python's name for a byte of a file name that is not UTF-8, which no
# report file (UTF-8) can hold.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape: ``\\x1b``."""
    if text.isprintable():  # in C; false for every character UNPRINTABLE matches
        return text
    return UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                            else f"\\u{ord(m.group()):04x}", text)


class ItemState(NamedTuple):
    """One rubric item in one draft: an event found, a historian cited..."""

    criterion: str  # "events"
    id: str
    label: str  # what people read: "Korean War (25 Jun 1950–27 Jul 1953)"
    state: str  # one of the criterion's class_states: "found", "missing"...
    share: Any = None  # float | None: the part of the essay on it (periods)
    case: Any = None  # str | None: on a two-case question, the name of its case


class DateNote(NamedTuple):
    """A year that does not fit the event it is written with."""

    event: str  # the event's id
    year: int  # the year written
    line: int
    column: int
    text: str  # as written: "March 1954"
    message: str


class Misspelling(NamedTuple):
    wrote: str  # "Kruschev"
    read_as: str  # the name it was read as, folded: "khrushchev"
    line: int
    column: int


class WorkItem(NamedTuple):
    """One thing to work on, most weighty first; line 0 when it has no place."""

    message: str
    line: int = 0
    column: int = 0


class DraftResult(NamedTuple):
    """One draft of a class set: who wrote it, and what checking it found, or why it
    could not be checked (``error``; then the rest is empty)."""

    student: str
    path: str
    error: Any = None  # str | None: why it could not be checked ("is empty", ...)
    words: int = 0
    score: int = 0  # out of 100
    mark: int = 0  # the indicative mark out of 15
    band: str = ""  # "10–12"
    passed: bool = False
    length: str = ""  # "short" or "long" against the rubric's word range, else ""
    unmet: tuple = ()  # tuple[str, ...]: the criteria not met
    items: tuple = ()  # tuple[ItemState, ...], in report order
    date_notes: tuple = ()  # tuple[DateNote, ...]
    misspellings: tuple = ()  # tuple[Misspelling, ...]
    work_on: tuple = ()  # tuple[WorkItem, ...]

    @property
    def checked(self) -> bool:
        return self.error is None

    def treated_cases(self) -> list[str]:
        """The labels of the cases this draft treats (two-case prompts)."""
        return [i.label for i in self.items if i.criterion == "cases" and i.state == "treated"]


# Rows share what repeats. A rubric's items are the same few in every draft (an event
# found or missing, a historian cited ...) and so are most hints of what to work on
# (3,745 in 200 drafts of real prose were 276 different texts), but each check makes
# them afresh. Made one object each here, pickle sends each once in a chunk of rows from
# a worker and refers back to it after, and the parent reads it once. Sent so as
# NamedTuples, 1,000 rows of real prose cost the parent 0.05 s of CPU and the workers
# 0.045 s; sent as plain tuples and remade in the parent, 0.15 s and 0.065 s (checking
# stubbed out, tests/test_classset.py has the rows' round trip).
_LABELS: dict[str, str] = {}  # a rubric's labels: few, so no bound
_SHARED: dict[Any, Any] = {}
#: Values kept for sharing, at most: a hint can quote a draft ("lines 3, 5 and 7"), so a
#: long-lived process checking set after set would keep every one.
_SHARED_UP_TO = 20_000


def _shared(value: Any) -> Any:
    """``value``, as the one object for all equal values (while there is room)."""
    if len(_SHARED) < _SHARED_UP_TO:
        return _SHARED.setdefault(value, value)
    return _SHARED.get(value, value)


def summarize(report: Any, student: str, path: str, work_on: bool = True) -> DraftResult:
    """What a class report keeps of ``report`` (an :class:`ibessay.engine.report.Report`);
    without ``work_on``, not its list of what to work on (a markbook does not show it)."""
    items = []
    for criterion in report.criteria:
        name = criterion.name
        # Each ClassItem unpacked by name, not as "*rest": ~50 items a draft, and the
        # list and the starred call cost a class set's worker 1 % of its instructions
        # (bench_instructions --class-set).
        items += [_item(name, ident, text, state, share, case)
                  for ident, text, state, share, case
                  in criterion.class_items(report.results[name])]
    dates = report.results.get("dates", ())
    words = report.results.get("words")
    length = "" if words is None else "short" if words.words < words.low else \
        "long" if words.words > words.high else ""
    return DraftResult(
        student=printable(student), path=printable(path), words=report.words, score=report.score,
        mark=report.mark, band=report.band.label, passed=report.passed, length=length,
        unmet=tuple(report.unmet), items=tuple(items),
        date_notes=tuple(DateNote(d.event, d.year, d.line, d.column, printable(d.text),
                                  _shared(printable(d.message))) for d in dates),
        misspellings=tuple(Misspelling(printable(c.wrote), c.read_as, c.line, c.column)
                           for c in report.misspellings()),
        work_on=tuple(_work_item(printable(w.message), w.line or 0, w.column or 0)
                      for w in report.work_on()) if work_on else (),
    )


def _item(criterion: str, ident: str, label: str, state: str, share: Any, case: Any
          ) -> ItemState:
    """An item of a row, shared with every row that has it (but for a period's share of
    the essay, which is the draft's own)."""
    item = ItemState(criterion, ident, _LABELS.setdefault(label, label), state, share, case)
    return item if share is not None else _shared(item)


def _work_item(message: str, line: int, column: int) -> WorkItem:
    """A thing to work on, shared with every row that has it when it has no place."""
    item = WorkItem(_shared(message), line, column)
    return _shared(item) if not line else item


def failed(student: str, path: str, reason: str) -> DraftResult:
    """The row of a draft that could not be checked."""
    return DraftResult(student=printable(student), path=printable(path),
                       error=printable(reason))
