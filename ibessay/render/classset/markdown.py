"""``--format markdown`` for a class set: the class table and picture, then a section
per student to hand back.

GitHub-flavoured Markdown: pipe tables, one ``##`` section per student with what to
hand back (score, band, words against the range, periods, events missing — on a
two-case question, of the cases the draft treats —, historians named without a view,
date warnings and misspellings with their lines, what to work on).

Every text that came from a file — a roster's name, a path, a rubric's label, the words
of a draft quoted in a warning — is put on one line and escaped (:func:`_md`), so that
a student named ``*x*``, ``[x](http://…)``, ``<script>`` or ``a | b`` is shown as
written: no emphasis, no link, no HTML, no extra table cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, TextIO

from .columns import (
    asks_cases,
    by_case,
    case_choosers,
    counts,
    drafts,
    items_of,
    misspelt,
    one_line,
    percent,
    sections,
    word_range,
    words,
)

if TYPE_CHECKING:
    from ...classset.picture import ClassPicture, Group
    from ...classset.report import ClassReport
    from ...classset.summary import DraftResult

Write = Callable[[str], object]

# The ASCII punctuation that can start Markdown or inline HTML (CommonMark lets any
# ASCII punctuation be escaped with a backslash; these are the ones that mean
# something inline or in a table cell).
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!&{}])")
# At the start of a text: a list item or a heading when it starts a line.
_LEADING = re.compile(r"^([-+=]|\d+[.)])")


# Remembered: a class of 1,000 repeats the same few hundred labels 37,000 times, and
# escaping them again was half the time of the report (bench/bench_classset.py).
@lru_cache(maxsize=4096)
def _md(text: object) -> str:
    """``text`` from a file as literal Markdown on one line."""
    return _LEADING.sub(r"\\\1", _SPECIAL.sub(r"\\\1", one_line(text).strip()))


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def render(report: ClassReport, out: TextIO, color: bool | None = None) -> None:
    w = write = out.write
    picture = report.picture
    title = f"Class set: {_md(report.prompt_id)}" if report.prompt_id else "Class set"
    w(f"# {title}\n\n")
    if report.question:
        w(f"> {_md(report.question)}\n\n")
    w(f"- **Rubric:** {_md(report.rubric_id)} — {_md(report.rubric_title)}\n")
    if report.word_range:
        w(f"- **Word range:** {word_range(report.word_range)}\n")
    if report.made:
        w(f"- **Made:** {_md(report.made)}\n")
    w(f"- **Drafts:** {picture.drafts}: {picture.checked} checked, {picture.failed} could "
      "not be checked\n")
    spread = picture.spread
    if spread is not None:
        w(f"- **Scores:** mean {spread.score_mean:.1f}, median {spread.score_median:g}, "
          f"range {spread.score_min}–{spread.score_max}; {spread.passed} of "
          f"{picture.checked} pass the rubric\n")
    w("\n*Scores and bands are indicative: a rubric check sees coverage, dates and "
      "citations, not the quality of the argument.*\n")

    w("\n## Class table\n\n")
    _table(report.rows, write)
    w("\n## Class picture\n")
    _picture(report, write)
    for row in report.rows:
        _student(row, report.word_range, write)


def _table(rows: Sequence[DraftResult], write: Write) -> None:
    if not rows:
        write("No drafts.\n")
        return
    checked = [r for r in rows if r.checked]
    tallies = {id(r): counts(r) for r in checked}
    has = {name: any(getattr(t, name) for t in tallies.values())
           for name in ("periods", "events", "historians")}
    cases = any(i.criterion == "cases" for r in checked[:1] for i in r.items)
    heads = ["Student", "Score", "Mark", "Band", "Words"]
    heads += ["Periods covered"] * has["periods"] + ["Cases treated"] * cases
    heads += ["Events found"] * has["events"] + ["Historians cited"] * has["historians"]
    heads += ["Date warnings", "Misspellings", "Passes"]
    write("| " + " | ".join(heads) + " |\n")
    write("|---|" + "--:|" * (len(heads) - 2) + ":-:|\n")
    for row in rows:
        if not row.checked:
            cells = [_md(row.student), f"**could not be checked:** {_md(row.error)}"]
            cells += [""] * (len(heads) - len(cells))
        else:
            n = tallies[id(row)]
            cells = [_md(row.student), str(row.score), str(row.mark), _md(row.band),
                     f"{row.words} ({row.length})" if row.length else str(row.words)]
            if has["periods"]:
                cells.append(f"{n.periods_covered}/{n.periods}")
            if cases:
                cells.append(str(len(row.treated_cases())))
            if has["events"]:  # of the cases treated, on a two-case question
                cells.append(f"{n.events_found}/{n.events}" if n.events else "–")
            if has["historians"]:
                cells.append(str(n.historians_cited))
            cells += [str(n.date_warnings), str(n.misspellings),
                      "yes" if row.passed else "no"]
        write("| " + " | ".join(cells) + " |\n")


def _picture(report: ClassReport, write: Write) -> None:
    picture = report.picture
    if not picture.checked:
        write("\nNo draft could be checked: there is no class picture.\n")
    for group in picture.groups:
        _group(group, picture.checked, write)
    for heading, commons in (("Most common date errors", picture.date_errors),
                             ("Most common misspellings", picture.misspellings)):
        if commons:
            write(f"\n### {heading}\n\n")
            for c in commons:
                write(f"- **{_md(c.what)}** — {c.drafts} draft{_s(c.drafts)}: "
                      f"{_names(c.students)}\n")
    choosers = case_choosers(report.rows)
    if choosers:
        write("\n### Cases chosen\n\n")
        for chosen, students in sorted(choosers.items(), key=lambda c: (-len(c[1]), c[0])):
            what = " + ".join(_md(c) for c in chosen) if chosen else "none treated"
            write(f"- **{what}** — {len(students)} draft{_s(len(students))}: "
                  f"{_names(students)}\n")
    lists: list[tuple[str, Sequence[str]]] = [
        ("Under the word range", picture.short), ("Over the word range", picture.long),
        ("Could not be checked", [r.student for r in report.failed]),
        ("On the roster, no draft", report.without_drafts)]
    if any(names for _, names in lists):
        write("\n### Who\n\n")
        for heading, names in lists:
            if names:
                write(f"- **{heading} ({len(names)}):** {_names(names)}\n")
    if picture.spread is not None:
        _marks(picture, write)


def _names(students: Sequence[str]) -> str:
    return ", ".join(_md(s) for s in students)


def _group(group: Group, checked: int, write: Write) -> None:
    shares = any(item.share is not None for item in group.items)
    heads = [group.heading[:1].upper() + group.heading[1:]]
    heads += ["Average share"] * shares + [s[:1].upper() + s[1:] for s in group.states]
    parts = sections(group, checked)
    of = "of the drafts that chose each case" if group.cases else f"of {drafts(checked)}"
    write(f"\n### {group.heading} ({of})\n")
    many = len(group.states) > 2
    for part in parts:
        if part.case is not None:
            write(f"\n#### {_md(part.case)} — chosen by {drafts(part.drafts)}\n")
        write("\n| " + " | ".join(heads) + " |\n")
        write("|---|" + "--:|" * (len(heads) - 1) + "\n")
        nobody, never = [], []
        for item in part.items:
            label = _md(item.label)
            if item.found == 0 and (not many or item.counts[1][1] == 0):
                label = f"**{label} — nobody**"
                nobody.append(item.label)
            elif item.found == 0:
                label = f"**{label} — named, never {group.states[0]}**"
                never.append(item.label)
            cells = [label]
            if shares:
                pct = percent(item.share)
                cells.append("" if pct is None else f"{pct} %")
            cells += [str(n) for _, n in item.counts]
            write("| " + " | ".join(cells) + " |\n")
        if nobody:
            write(f"\n**Nobody {'named' if many else 'used'}:** "
                  f"{'; '.join(_md(x) for x in nobody)}\n")
        if never:
            write(f"\n**Named, never {group.states[0]}:** "
                  f"{'; '.join(_md(x) for x in never)}\n")


def _marks(picture: ClassPicture, write: Write) -> None:
    spread = picture.spread
    assert spread is not None
    write("\n### Marks\n\n| Indicative band | Drafts | |\n|---|--:|---|\n")
    top = max((n for _, n in spread.bands), default=0) or 1
    for band, n in reversed(spread.bands):
        write(f"| {_md(band)} | {n} | {'█' * max(1, round(20 * n / top))} |\n")


def _student(row: DraftResult, span: tuple[int, int] | None, write: Write) -> None:
    """What to hand back to one student."""
    lines = [f"\n## {_md(row.student)}\n", f"*{_md(row.path)}*\n"]
    if not row.checked:
        lines.append(f"**Could not be checked:** {_md(row.error)}\n")
        write("\n".join(lines))
        return
    verdict = "passes the rubric" if row.passed else \
        "does not pass yet (unmet: " + ", ".join(_md(u) for u in row.unmet) + ")"
    facts = [f"- **Score:** {row.score}/100 — {verdict}",
             f"- **Indicative band:** {_md(row.band)} (mark {row.mark} of 15)",
             f"- **Length:** {words(row, span)}"]
    periods = [i for i in row.items if i.share is not None]
    if periods:
        facts.append("- **Periods:** " + "; ".join(
            f"{_md(i.label)}: {i.state} ({percent(i.share)} %)" for i in periods))
    if asks_cases(row):
        cases = row.treated_cases()
        facts.append("- **Cases treated:** " + ("; ".join(_md(c) for c in cases) if cases
                                               else "none, so no event is listed"))
    for case, items in by_case(row).get("events", []):
        missing = [i.label for i in items if i.state == "missing"]
        if missing:
            of = f"{_md(case)} — events" if case else "Events"
            facts.append(f"- **{of} missing ({len(missing)} of {len(items)}):** "
                         + "; ".join(_md(e) for e in missing))
    named = items_of(row, "historians", "mentioned")
    if named:
        facts.append("- **Historians named without a view:** "
                     + "; ".join(_md(h) for h in named))
    if row.date_notes:
        facts.append("- **Date warnings:**")
        facts += [f"  - line {d.line}:{d.column}: {_md(d.message)}" for d in row.date_notes]
    spelt = misspelt(row)
    if spelt:
        facts.append("- **Misspellings:** " + "; ".join(
            f"{_md(wrote)} (read as {_md(read_as)}), line{_s(len(lines_))} "
            + ", ".join(map(str, lines_)) for wrote, read_as, lines_, _ in spelt))
    lines.append("\n".join(facts) + "\n")
    if row.work_on:
        lines.append("**What to work on:**\n")
        lines.append("\n".join(
            f"{n}. line {item.line}:{item.column}: {_md(item.message)}" if item.line
            else f"{n}. {_md(item.message)}" for n, item in enumerate(row.work_on, 1)) + "\n")
    else:
        lines.append("Nothing to work on: the draft meets every requirement of the rubric.\n")
    write("\n".join(lines))
