"""``--format html``: one self-contained, printable page for a class set.

The page is made to be printed and handed out: first the class picture (the marks, the
periods, how many drafts found each item, the common mistakes), then the class table,
then one section per student, each starting on a new printed page, that can be given
back to its student. It needs nothing but itself: the style is inline, the charts are
inline SVG (:mod:`.charts`), there is no script, font, image or link off the page (a
browser test checks that it makes no request).

Everything that came from a file (a student's name from a roster, a path, a reason, a
misspelling, a label from a teacher's pack) is escaped with :func:`html.escape`; the
anchors are our own (``s1``, ``s2``...), never made from a name. The page is built as
lists of strings, joined and written a student at a time: a set of 1,000 drafts renders
in well under a second.
Like every renderer, it names no criterion (the cases' own is :data:`.columns.CASES`): it
loops over the picture's groups. On a two-case question a group whose items belong to
cases (the events) is shown by case: in the picture, each case chosen counted over the
drafts that chose it; in a student's section, only the cases the draft treats
(:func:`.columns.sections`, :func:`.columns.by_case`).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, TextIO

from .charts import mark_chart, share_chart, stack, tone
from .columns import CASES, Section, by_case, drafts, misspelt, sections, word_range

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ...classset.picture import ClassPicture, Common, Group
    from ...classset.report import ClassReport
    from ...classset.summary import DraftResult, ItemState

#: How a state reads in a sentence, where the criterion's own word is terse.
_STATE_WORDS = {
    "mentioned": "named without a view",
    "absent": "not used",
}
#: Groups of at most this many items sit side by side in a student's section.
_SMALL_GROUP = 3
#: The mark in front of an item in a student's section: the words say it too.
_MARKS = ("✓", "•", "✗")


def _word(state: str) -> str:
    return _STATE_WORDS.get(state, state)


#: :func:`html.escape` for the few texts every student's section repeats (headings,
#: states, the question): escaped once, not a thousand times.
_once = lru_cache(maxsize=256)(escape)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def render(report: ClassReport, out: TextIO, color: bool | None = None) -> None:
    """Write the page for ``report`` to ``out`` (``color`` is ignored: a page has its
    colours, and says everything in words as well), a student at a time: into a file,
    the page of a class of 1,000 (10 MB) is never held whole (:func:`page`)."""
    for chunk in _chunks(report):
        out.write(chunk)


def page(report: ClassReport) -> str:
    """The whole page, as one string."""
    return "".join(_chunks(report))


def _chunks(report: ClassReport) -> Iterator[str]:
    """The page in pieces: its head, the class picture and the class table, then each
    student's section, then its end."""
    pic = report.picture
    heading = report.question or report.rubric_title or report.rubric_id
    title = f"Class report: {report.prompt_id or report.rubric_id} — {heading}"
    ids = {id(row): f"s{i}" for i, row in enumerate(report.rows, 1)}
    parts: list[str] = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light">\n<meta name="generator" content="ibessay">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
        '<nav class="noprint" aria-label="Sections"><a href="#class">The class</a>'
        '<a href="#students">Students</a>',
        '<a href="#unchecked">Not checked</a>' if pic.failed else "",
        "</nav>\n<main>\n",
    ]
    _cover(parts, report, heading)
    _picture(parts, report, ids)
    _table(parts, report, ids)
    yield "".join(parts)
    labels = _labels(pic)
    for row in report.rows:
        parts = []
        _student(parts, row, ids[id(row)], report, pic, labels)
        yield "".join(parts)
    yield "</main>\n</body>\n</html>\n"


# -- the class picture -------------------------------------------------------------------


def _cover(parts: list[str], report: ClassReport, heading: str) -> None:
    pic = report.picture
    rubric = escape(report.rubric_title or report.rubric_id)
    if report.rubric_title and report.rubric_id:
        rubric += f' <span class="muted">({escape(report.rubric_id)})</span>'
    facts = [("Prompt", escape(report.prompt_id) if report.prompt_id else "none (a rubric)"),
             ("Rubric", rubric)]
    if report.word_range:
        facts.append(("Word range", word_range(report.word_range)))
    if report.made:
        facts.append(("Made", escape(report.made)))
    checked = f"{pic.checked:,} checked"
    if pic.failed:
        checked += (f', <a href="#unchecked" class="warn">{pic.failed:,} could not be '
                    "checked</a>")
    facts.append(("Drafts", f"{pic.drafts:,}: {checked}"))
    if report.without_drafts:
        missing = _plural(len(report.without_drafts), "student")
        facts.append(("Roster", f'<a href="#missing">{missing} without a draft</a>'))
    parts.append('<section class="picture" id="class" aria-labelledby="class-title">\n'
                 '<header class="cover"><p class="kicker">IB History · Paper 2 · class report'
                 f'</p><h1 id="class-title">{escape(heading)}</h1><dl class="facts">')
    parts += [f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in facts]
    parts.append("</dl></header>\n")


def _picture(parts: list[str], report: ClassReport, ids: dict[int, str]) -> None:
    pic = report.picture
    spread = pic.spread
    if spread is None:
        parts.append('<p class="notice">No draft could be checked, so there is no class '
                     "picture: see why below.</p>\n")
    else:
        tiles = [("Mean score", f"{spread.score_mean:.0f}", "/100"),
                 ("Median score", f"{spread.score_median:g}", "/100"),
                 ("Lowest – highest", f"{spread.score_min}–{spread.score_max}", ""),
                 ("Pass the rubric", f"{spread.passed:,}", f" of {pic.checked:,}")]
        parts.append('<div class="tiles">')
        parts += [f'<div class="tile"><span class="k">{k}</span><span class="v">{v}'
                  f'<small>{s}</small></span></div>' for k, v, s in tiles]
        parts.append("</div>\n<h2>Indicative marks</h2>\n<figure>")
        parts.append(mark_chart(spread.marks, spread.bands))
        parts.append('<figcaption>Drafts by indicative mark out of 15, with the mark bands '
                     "below. A rubric check sees coverage, not argument: an indication, "
                     "not a mark.</figcaption></figure>\n")
        _highlights(parts, pic)
        for group in pic.groups:
            _group(parts, group, pic.checked)
    _commons(parts, "Most common date errors", "date-errors", pic.date_errors, "Date",
             ids, report)
    _commons(parts, "Most common misspellings", "misspellings", pic.misspellings,
             "Written", ids, report)
    if pic.case_choices:
        parts.append('<h2 id="cases-chosen">Cases chosen</h2>\n<table class="data narrow">'
                     '<thead><tr><th scope="col">Cases treated</th>'
                     '<th scope="col" class="num">Drafts</th></tr></thead><tbody>')
        for cases, n in pic.case_choices:
            names = " + ".join(escape(c) for c in cases) or '<span class="muted">none</span>'
            parts.append(f'<tr><td>{names}</td><td class="num">{n:,}</td></tr>')
        parts.append("</tbody></table>\n")
    by_name = _by_student(report, ids)
    if pic.short or pic.long:
        span = f" ({word_range(report.word_range)} words)" if report.word_range else ""
        parts.append(f'<h2>Length{span}</h2>\n<dl class="lists">')
        if pic.short:
            parts.append(f"<div><dt>Under the word range ({len(pic.short):,})</dt>"
                         f"<dd>{_names(pic.short, by_name)}</dd></div>")
        if pic.long:
            parts.append(f"<div><dt>Over the word range ({len(pic.long):,})</dt>"
                         f"<dd>{_names(pic.long, by_name)}</dd></div>")
        parts.append("</dl>\n")
    if report.without_drafts:
        parts.append(f'<h2 id="missing">On the roster, without a draft '
                     f'({len(report.without_drafts):,})</h2>\n<p class="names">'
                     + " · ".join(escape(s) for s in report.without_drafts) + "</p>\n")
    failed = report.failed
    if failed:
        parts.append(f'<h2 id="unchecked" class="warn">Could not be checked '
                     f'({len(failed):,})</h2>\n<table class="data"><thead><tr>'
                     '<th scope="col">Student</th><th scope="col">File</th>'
                     '<th scope="col">Why</th></tr></thead><tbody>')
        for row in failed:
            parts.append(f'<tr><td><a href="#{ids[id(row)]}">{escape(row.student)}</a></td>'
                         f'<td class="path">{escape(row.path)}</td>'
                         f"<td>{escape(str(row.error))}</td></tr>")
        parts.append("</tbody></table>\n")
    parts.append("</section>\n")


def _highlights(parts: list[str], pic: ClassPicture) -> None:
    """What a teacher looks for first: items nobody managed, names dropped without a view."""
    notes = []
    for group in pic.groups:
        best = group.states[0]
        items = [item for part in sections(group, pic.checked) for item in part.items]
        nobody = [escape(item.label) for item in items if item.found == 0]
        if nobody and len(nobody) < len(items):
            chose = " that chose its case" if group.cases else ""
            notes.append(f"<li><strong>{escape(group.heading)} {escape(_word(best))} by no "
                         f"draft{chose}:</strong> {' · '.join(nobody)}</li>")
        elif nobody:
            notes.append(f"<li><strong>No draft has any of the {escape(group.heading.lower())}"
                         f" {escape(_word(best))}.</strong></li>")
        if len(group.states) > 2:
            middle = group.states[1]
            dropped = sorted(((dict(item.counts)[middle], item.label) for item in group.items
                              if dict(item.counts)[middle] > item.found),
                             key=lambda c: (-c[0], c[1]))
            if dropped:
                notes.append(
                    f"<li><strong>{escape(group.heading)} more often "
                    f"{escape(_word(middle))} than {escape(_word(best))}:</strong> "
                    + " · ".join(f"{escape(label)} ({_plural(n, 'draft')})"
                                 for n, label in dropped) + "</li>")
    if notes:
        parts.append('<aside class="highlights" aria-label="At a glance"><h2>At a glance</h2>'
                     f'<ul>{"".join(notes)}</ul></aside>\n')


def _group(parts: list[str], group: Group, checked: int) -> None:
    slug = escape(group.criterion.replace("_", "-"))
    heading = escape(group.heading)
    if any(item.share is not None for item in group.items):
        best = group.states[0]
        rows = [(item.label, item.share or 0.0,
                 f"{_word(best)} by {item.found:,} of {checked:,}",
                 2 * item.found >= checked) for item in group.items]
        parts.append(f'<h2 id="class-{slug}">{heading}</h2>\n<figure>')
        parts.append(share_chart(rows, f"chart-{slug}",
                                 f"{group.heading}: the average share of each draft"))
        parts.append(f"<figcaption>The average share of a draft spent on each, and how many "
                     f"of the {checked:,} drafts checked have it {escape(_word(best))}."
                     "</figcaption></figure>\n")
        return
    parts.append(f'<h2 id="class-{slug}">{heading}</h2>\n')
    if group.cases:
        parts.append(f'<p class="muted">{heading} by case, each counted over the drafts that '
                     "chose its case (the cases no draft chose are left out).</p>\n")
    for part in sections(group, checked):
        _tally(parts, group, part)


def _tally(parts: list[str], group: Group, part: Section) -> None:
    """A table of ``part``'s items, each with how many of its drafts are in each state;
    the items in their worst state in every draft listed under it."""
    if part.case is not None:
        parts.append(f'<h3 class="case">{escape(part.case)} <span class="count">chosen by '
                     f"{drafts(part.drafts)}</span></h3>\n")
    every = "every draft that chose it" if part.case else "every draft"
    n = len(group.states)
    parts.append(f'<table class="data tally"><thead><tr><th scope="col">'
                 f"{escape(group.heading)}</th>")
    parts += [f'<th scope="col" class="num"><span class="key {tone(i, n)}"></span>'
              f"{escape(_word(s)).capitalize()}</th>" for i, s in enumerate(group.states)]
    parts.append(f'<th scope="col" class="chartcol">of {part.drafts:,}</th></tr></thead>'
                 "<tbody>")
    unused = []
    for item in part.items:
        counts = [c for _, c in item.counts]
        if not any(counts[:-1]):  # in its worst state in every draft: listed below
            unused.append(escape(item.label))
            continue
        cls = ' class="none"' if item.found == 0 else ""
        parts.append(f"<tr{cls}><td>{escape(item.label)}</td>")
        parts += [f'<td class="num">{c:,}</td>' for c in counts]
        parts.append(f'<td class="chartcol">{stack(counts)}</td></tr>')
    parts.append("</tbody></table>\n")
    if unused:
        parts.append(f'<p class="unused"><strong>{escape(_word(group.states[-1])).capitalize()}'
                     f" in {every} ({len(unused):,}):</strong> "
                     + " · ".join(unused) + "</p>\n")


def _commons(parts: list[str], title: str, ident: str, commons: tuple[Common, ...],
             column: str, ids: dict[int, str], report: ClassReport) -> None:
    if not commons:
        return
    by_name = _by_student(report, ids)
    parts.append(f'<h2 id="{ident}">{title}</h2>\n<table class="data"><thead><tr>'
                 f'<th scope="col">{column}</th><th scope="col" class="num">Drafts</th>'
                 '<th scope="col">Who</th></tr></thead><tbody>')
    for c in commons:
        parts.append(f'<tr><td>{escape(c.what)}</td><td class="num">{c.drafts:,}</td>'
                     f'<td class="who">{_names(c.students, by_name)}</td></tr>')
    parts.append("</tbody></table>\n")


def _by_student(report: ClassReport, ids: dict[int, str]) -> dict[str, str]:
    """A student's section, by name (the first, should two drafts share a name)."""
    found: dict[str, str] = {}
    for row in report.rows:
        found.setdefault(row.student, ids[id(row)])
    return found


def _names(names: tuple[str, ...] | list[str], by_name: dict[str, str]) -> str:
    return " · ".join(f'<a href="#{by_name[n]}">{escape(n)}</a>' if n in by_name
                      else escape(n) for n in names)


# -- the class table ---------------------------------------------------------------------


def _table(parts: list[str], report: ClassReport, ids: dict[int, str]) -> None:
    headings = {g.criterion: g.heading for g in report.picture.groups}
    parts.append('<section class="roster" id="students" aria-labelledby="students-title">\n'
                 f'<h2 id="students-title">Students ({len(report.rows):,})</h2>\n'
                 '<table class="data classtable"><thead><tr>'
                 '<th scope="col" class="num">#</th><th scope="col">Student</th>'
                 '<th scope="col" class="num">Score</th><th scope="col" class="num">Mark</th>'
                 '<th scope="col">Band</th><th scope="col" class="num">Words</th>'
                 '<th scope="col">Rubric</th><th scope="col">To look at</th>'
                 "</tr></thead><tbody>")
    for i, row in enumerate(report.rows, 1):
        name = f'<a href="#{ids[id(row)]}">{escape(row.student)}</a>'
        if not row.checked:
            parts.append(f'<tr class="failed"><td class="num">{i}</td><td>{name}</td>'
                         '<td class="num">—</td><td class="num">—</td><td>—</td>'
                         '<td class="num">—</td><td><span class="pill bad">not checked</span>'
                         f'</td><td>{escape(str(row.error))}</td></tr>')
            continue
        verdict = ('<span class="pill good">✓ passes</span>' if row.passed
                   else '<span class="pill">not yet</span>')
        parts.append(f'<tr><td class="num">{i}</td><td>{name}</td>'
                     f'<td class="num">{row.score}</td><td class="num">{row.mark}</td>'
                     f"<td>{escape(row.band)}</td>"
                     f'<td class="num">{row.words:,}</td><td>{verdict}</td>'
                     f"<td>{_warnings(row, headings)}</td></tr>")
    parts.append("</tbody></table>\n</section>\n")


def _warnings(row: DraftResult, headings: dict[str, str]) -> str:
    notes = []
    if row.date_notes:
        notes.append(f'<span class="warn">{_plural(len(row.date_notes), "date error")}</span>')
    if row.misspellings:
        notes.append(_plural(len(misspelt(row)), "misspelling"))
    if row.length:
        notes.append(f'<span class="warn">{escape(row.length)}</span>')
    if row.unmet:
        notes.append('<span class="muted">not met: ' + ", ".join(
            escape(headings.get(c, c.replace("_", " ")).lower()) for c in row.unmet)
            + "</span>")
    return " · ".join(notes)


# -- a student's section -----------------------------------------------------------------


def _labels(pic: ClassPicture) -> dict[str, dict[str, str]]:
    """Every item's label, escaped once for the whole class: by criterion, then by id."""
    labels: dict[str, dict[str, str]] = {}
    for group in pic.groups:
        labels.setdefault(group.criterion, {}).update(
            (item.id, escape(item.label)) for item in group.items)
    return labels


def _student(parts: list[str], row: DraftResult, anchor: str, report: ClassReport,
             pic: ClassPicture, labels: dict[str, dict[str, str]]) -> None:
    name = escape(row.student)
    question = f'<p class="question">{_once(report.question)}</p>' if report.question else ""
    parts.append(f'<section class="student" id="{anchor}" aria-labelledby="{anchor}-name">\n'
                 f'<header><p class="kicker">{_once(report.prompt_id or report.rubric_id)}'
                 f'{" · " + _once(report.made) if report.made else ""}</p>'
                 f'<h2 id="{anchor}-name" class="name">{name}</h2>'
                 f'<p class="path">{escape(row.path)}</p>{question}</header>\n')
    if not row.checked:
        parts.append('<p class="notice bad"><strong>This draft could not be checked:</strong> '
                     f"{escape(str(row.error))}</p>\n")
        parts.append(_back())
        return
    verdict = ("passes the rubric" if row.passed else "does not pass the rubric yet")
    span = word_range(report.word_range)
    where = {"short": "under the range", "long": "over the range"}.get(
        row.length, "range" if span else "in the word range")
    parts.append(
        '<div class="tiles">'
        f'<div class="tile"><span class="k">Score</span><span class="v">{row.score}'
        f'<small>/100</small></span><span class="s">{verdict}</span></div>'
        f'<div class="tile"><span class="k">Indicative mark</span><span class="v">'
        f'{row.mark}<small>/15</small></span><span class="s">band {escape(row.band)}'
        "</span></div>"
        f'<div class="tile{" warn" if row.length else ""}"><span class="k">Words</span>'
        f'<span class="v">{row.words:,}</span><span class="s">{where} {span}</span></div></div>\n')
    if row.work_on:
        parts.append('<h3>What to work on</h3>\n<ol class="work">')
        for w in row.work_on:
            where = f'<span class="line">line {w.line}</span> ' if w.line else ""
            parts.append(f"<li>{where}{_once(w.message)}</li>")  # the same few hints
        parts.append("</ol>\n")
    else:
        parts.append('<h3>What to work on</h3>\n<p class="good">Nothing the rubric checks: '
                     "well done.</p>\n")
    if row.date_notes:
        parts.append('<h3>Dates to check</h3>\n<table class="data"><thead><tr>'
                     '<th scope="col" class="num">Line</th><th scope="col">You wrote</th>'
                     '<th scope="col">Why</th></tr></thead><tbody>')
        parts += [f'<tr><td class="num">{n.line}</td><td class="nowrap">{escape(n.text)}</td>'
                  f"<td>{escape(n.message)}</td></tr>" for n in row.date_notes]
        parts.append("</tbody></table>\n")
    if row.misspellings:
        parts.append('<h3>Spelling</h3>\n<table class="data narrow"><thead><tr>'
                     '<th scope="col">You wrote</th><th scope="col">Read as</th>'
                     '<th scope="col">Lines</th></tr></thead><tbody>')
        for wrote, read_as, lines, times in misspelt(row):
            often = f' <span class="muted">({times} times)</span>' if times > 1 else ""
            parts.append(f"<tr><td>{escape(wrote)}</td><td>{escape(read_as)}</td>"
                         f"<td>{', '.join(map(str, lines))}{often}</td></tr>")
        parts.append("</tbody></table>\n")
    lists: list[str] = []
    small: list[str] = []
    grouped = by_case(row)  # once, not once a group: a report of 1,000 students
    for group in pic.groups:
        if group.cases and not row.treated_cases() and not grouped.get(group.criterion):
            lists.append(f'<div class="group"><h3>{_once(group.heading)}</h3><p class="state">'
                         "This draft treats none of the cases the question accepts, so no "
                         f"{_once(group.heading.lower())} are listed.</p></div>")
            continue
        for case, items in grouped.get(group.criterion, []):
            heading = group.heading + (f": {case}" if case else "")
            if any(item.share is not None for item in items):
                best = group.states[0]
                chart_rows = [(item.label, item.share or 0.0,
                               ("✓ " if item.state == best else "✗ ") + _word(item.state),
                               item.state == best) for item in items]
                parts.append(f'<h3>{escape(heading)} <span class="count">the share of the '
                             "essay on each</span></h3>\n<figure>")
                parts.append(share_chart(chart_rows, f"{anchor}-{_once(group.criterion)}",
                                         f"{heading}: the share of the essay on each",
                                         compact=True))
                parts.append("</figure>\n")
                continue
            # The cases a draft does not treat are not its faults: only those it treats.
            html = _item_lists(group, heading, items, labels.get(group.criterion, {}),
                               worst=group.criterion != CASES)
            (lists if len(items) > _SMALL_GROUP else small).append(html)
    if lists:
        parts.append('<div class="groups">' + "".join(lists) + "</div>\n")
    if small:  # the command term's few signals, the structure's three: side by side
        parts.append('<div class="groups small">' + "".join(small) + "</div>\n")
    parts.append(_back())


def _item_lists(group: Group, heading: str, items: list[ItemState], labels: dict[str, str],
                worst: bool = True) -> str:
    """A group's items in one draft, by state, each by its escaped label in ``labels``
    (by id); those in the worst state listed only if ``worst``."""
    states = group.states
    by_state: dict[str, list[str]] = {}
    for item in items:  # once over the items: 52,000 of them in a class of 1,000
        by_state.setdefault(item.state, []).append(labels.get(item.id) or escape(item.label))
    found = len(by_state.get(states[0], ()))
    out = [f'<div class="group"><h3>{_once(heading)} <span class="count">'
           f"{found} of {len(items)} {_once(_word(states[0]))}</span></h3>"]
    for state, opening in _state_openings(states)[:None if worst else -1]:
        these = by_state.get(state)
        if these:
            out.append(f"{opening} ({len(these)}):</strong> {' · '.join(these)}</p>")
    out.append("</div>")
    return "".join(out)


@lru_cache(maxsize=64)
def _state_openings(states: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each state, and how its line opens in a student's list, up to its count: made
    once for a group's states, not for 4,000 lists (1,000 drafts: 6 ms)."""
    return tuple((state, f'<p class="state {tone(i, len(states))}"><span class="mark" '
                  f'aria-hidden="true">{_MARKS[0 if i == 0 else 2 if i == len(states) - 1 else 1]}'
                  f"</span><strong>{_once(_word(state)).capitalize()}")
                 for i, state in enumerate(states))


def _back() -> str:
    return ('<p class="back noprint"><a href="#students">↑ Back to the class table</a></p>\n'
            "</section>\n")


_STYLE = """
:root{--ink:#1d2530;--muted:#5b6675;--line:#dde2e8;--soft:#f4f6f8;--accent:#2c5d7a;
--good:#2f7457;--mid:#b7791f;--low:#c9d0d8;--warn:#9a4a14;--bad:#a3333a;
color-scheme:light}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
html{background:#e9edf1}
body{margin:0;color:var(--ink);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Noto Sans","Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
nav{position:sticky;top:0;z-index:1;display:flex;gap:1.5rem;justify-content:center;
padding:.55rem 1rem;background:rgba(255,255,255,.94);border-bottom:1px solid var(--line);
font-size:.9rem}
nav a{color:var(--accent);text-decoration:none;font-weight:600}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
section,h2{scroll-margin-top:3.5rem}
.nowrap{white-space:nowrap}
main>section{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(29,37,48,.08);
padding:2rem 2.4rem;margin:0 0 1.5rem}
h1,h2,h3{font-family:"Iowan Old Style","Palatino Linotype",Palatino,"Book Antiqua",Georgia,
"DejaVu Serif",serif;font-weight:600;line-height:1.25;color:#15202b}
h1{font-size:1.75rem;margin:.2rem 0 1rem;max-width:48rem;text-wrap:pretty}
h2{font-size:1.3rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.4rem 0 .4rem}
a{color:var(--accent)}
.kicker{margin:0;color:var(--muted);font-size:.78rem;letter-spacing:.08em;text-transform:uppercase}
.muted{color:var(--muted)}
.warn{color:var(--warn)}
.good{color:var(--good)}
.path{margin:0;color:var(--muted);font:.82rem/1.4 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,
monospace;word-break:break-all}
td.path{margin:0}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:.6rem 1.5rem;
margin:0;padding:.9rem 1.1rem;background:var(--soft);border-radius:8px}
.facts dt{font-size:.75rem;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
.facts dd{margin:0;font-weight:500}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.8rem;
margin:1.4rem 0}
.tile{border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:8px;
padding:.65rem .9rem;display:flex;flex-direction:column}
.tile.warn{border-left-color:var(--mid)}
.tile .k{font-size:.75rem;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
.tile .v{font-size:1.7rem;font-weight:650;line-height:1.2;color:#15202b}
.tile .v small{font-size:.9rem;font-weight:500;color:var(--muted)}
.tile .s{font-size:.85rem;color:var(--muted)}
figure{margin:.4rem 0 1rem}
figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem}
svg.chart{display:block;max-width:100%;height:auto;overflow:visible}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
font-size:12px;fill:var(--ink)}
svg .axis{fill:var(--muted);font-size:11px}
svg .value{font-weight:600}
svg .band{font-weight:600;fill:var(--accent)}
svg .label{font-size:13px}
svg .note{fill:var(--muted)}
svg .grid{stroke:#eef1f4;stroke-width:1}
svg .baseline{stroke:#9aa5b1;stroke-width:1}
svg .bracket{fill:none;stroke:#9aa5b1;stroke-width:1}
svg .bar{fill:var(--accent)}
svg .track{fill:var(--soft)}
.tone0{fill:var(--good);background:var(--good)}
.tone1{fill:var(--mid);background:var(--mid)}
.tone2{fill:var(--low);background:var(--low)}
svg.stack{display:block;border-radius:2px}
.highlights{margin:1.5rem 0;padding:.2rem 1.3rem .6rem;background:#fbf7ee;
border:1px solid #eadfc6;border-radius:8px}
.unused{font-size:.84rem;color:#3b4653;margin:-.3rem 0 1rem}
.highlights h2{border:0;margin:.8rem 0 .2rem;font-size:1.1rem}
.highlights ul{margin:.2rem 0;padding-left:1.1rem}
.highlights li{margin:.3rem 0}
table.data{width:100%;border-collapse:collapse;margin:.4rem 0 1rem;font-size:.9rem}
table.narrow{width:auto;min-width:50%}
.data th{text-align:left;font-weight:600;font-size:.78rem;color:var(--muted);
text-transform:uppercase;letter-spacing:.04em;border-bottom:2px solid var(--line);
padding:.4rem .6rem}
.data td{padding:.38rem .6rem;border-bottom:1px solid var(--line);vertical-align:top}
.data tbody tr:nth-child(even){background:#fafbfc}
.data .num{text-align:right;white-space:nowrap}
.data .chartcol{width:130px;vertical-align:middle;color:var(--muted);font-size:.75rem}
.tally td{vertical-align:middle}
.tally tr.none td:first-child::after{content:" · none";color:var(--warn);font-size:.8rem}
.key{display:inline-block;width:.7em;height:.7em;border-radius:2px;margin-right:.35em}
.data tr.failed td{background:#fdf3f2}
.classtable td:nth-child(2){font-weight:600;min-width:11rem}
.classtable td:nth-child(5){white-space:nowrap}
main>section>h2:first-child{margin-top:0}
.classtable a{text-decoration:none}
.pill{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;
border:1px solid var(--line);color:var(--muted);white-space:nowrap}
.pill.good{color:var(--good);border-color:#b9d6c8;background:#eef7f2}
.pill.bad{color:var(--bad);border-color:#e8c1c3;background:#fdf3f2}
.lists div{margin:.3rem 0}
.lists dt{font-weight:600}
.lists dd{margin:0 0 .4rem}
.notice{padding:.8rem 1rem;border-radius:8px;background:var(--soft);
border-left:4px solid var(--muted)}
.notice.bad{background:#fdf3f2;border-left-color:var(--bad)}
.student header{border-bottom:3px solid var(--accent);padding-bottom:.6rem}
.student .name{font-size:1.8rem;margin:.1rem 0 .2rem;border:0;padding:0}
.groups{display:grid;grid-template-columns:1fr;gap:.2rem}
.groups.small{grid-template-columns:repeat(auto-fit,minmax(13rem,1fr));gap:0 1.5rem}
.groups.small p.state .mark{margin-left:-1.2em}
.groups.small p.state{padding-left:1.2em}
h3 .count{font-family:system-ui,sans-serif;font-weight:500;font-size:.85rem;
color:var(--muted);margin-left:.4rem}
.group p.state{margin:.25rem 0;background:none;font-size:.9rem}
.group p.state .mark{display:inline-block;width:1.2em;font-weight:700}
.group p.tone0 .mark{color:var(--good)}
.group p.tone1 .mark{color:var(--mid)}
.group p.tone0{color:#3b4653;font-size:.84rem}
.student .question{margin:.5rem 0 0;font-style:italic;color:#3b4653}
.group p.tone2 .mark{color:var(--bad)}
ol.work{padding-left:1.4rem}
ol.work li{margin:.45rem 0;padding-left:.2rem}
ol.work .line{display:inline-block;font-size:.75rem;font-weight:600;color:var(--accent);
border:1px solid #c5d6e1;border-radius:4px;padding:0 .35rem;margin-right:.2rem}
.back{margin:1.5rem 0 0;font-size:.85rem}
.back a{text-decoration:none}
@media screen{.student{content-visibility:auto;contain-intrinsic-size:auto 1600px}}
@page{size:A4;margin:14mm 13mm 16mm;
@bottom-right{content:counter(page) " / " counter(pages);font:9pt system-ui,sans-serif;
color:#5b6675}}
@media print{
html{background:#fff}
body{font-size:9.5pt;line-height:1.45}
h2{margin:1.2rem 0 .4rem}
h3{margin:.9rem 0 .3rem}
.tiles{margin:.8rem 0;gap:.6rem}
.tile{padding:.4rem .7rem}
.tile .v{font-size:1.4rem}
.student figure{margin:.2rem 0 .4rem}
.student svg.chart{max-width:80%}
.student .name{font-size:1.5rem}
.group p.state{font-size:8.8pt}
.group p.tone0{font-size:8pt}
.data{font-size:8.8pt}
.data td{padding:.25rem .5rem}
.classtable td:nth-child(2){min-width:9rem}
ol.work li{margin:.25rem 0}
nav,.noprint{display:none!important}
main{max-width:none;padding:0}
main>section{box-shadow:none;border-radius:0;padding:0;margin:0}
.picture{break-after:page}
.roster{break-before:page}
.student{break-before:page}
h2,h3{break-after:avoid}
tr,figure,.tile,.group p,ol.work li{break-inside:avoid}
a{color:inherit;text-decoration:none}
}
"""
