"""``--format rich`` for a class set: the class table, then the class picture.

For a teacher at a terminal: the word range once in the header, a row per draft (a
draft that could not be checked shows why in place of its numbers), then what the class
did together — per rubric item how many drafts have it, with the items nobody used in
red (on a two-case question, the events under their case, counted over the drafts that
chose it); the most common date errors and
misspellings and who made them; cases chosen; who ran short or long; who on the roster
handed nothing in; the spread of marks — and last, the summary line, which is what a
terminal still shows when the rest has scrolled by.

Colour as in ``human``: none when the output is not a terminal or ``NO_COLOR`` is set.
Every text that came from a file (a roster's name, a path, a rubric's label, a reason
quoting a file name) is made one line (:func:`~.columns.one_line`) and escaped, so that
a student called ``[bold]x`` or ``:fire:`` is printed as written.

The table is laid out here, not by ``rich.table``: a failed draft's reason spans the
number columns, and a class of 1,000 lays out in a fraction of the time a Rich table
takes to measure 10,000 cells. Each line is cut at the terminal's width with an
ellipsis, never wrapped, so that the columns stay columns at 80 characters.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.control import strip_control_codes
from rich.markup import escape
from rich.padding import Padding
from rich.text import Text

from .columns import (
    Counts,
    Section,
    case_choosers,
    counts,
    drafts,
    one_line,
    sections,
    who,
    word_range,
)

if TYPE_CHECKING:
    from ...classset.picture import ClassPicture, Common, Group, ItemTally
    from ...classset.report import ClassReport
    from ...classset.summary import DraftResult

#: At most this many names after a line of the picture ("and 12 more").
NAMES = 8
_BAR = 10  # characters of a bar at 100 %


def _text(value: object) -> str:
    """A text from a file, safe as Rich markup on one line."""
    return escape(one_line(value))


def _fit(value: str, width: int) -> str:
    """``value`` on one line, padded or cut (with an ellipsis) to ``width`` cells: for a
    :class:`~rich.text.Text`, not markup."""
    value = one_line(value)
    if cell_len(value) > width:
        value = set_cell_size(value, max(width - 1, 0)) + "…"
    return set_cell_size(value, width)


def _bar(part: float, width: int = _BAR) -> str:
    full = max(0, min(width, round(part * width)))
    return "█" * full + "[dim]" + "░" * (width - full) + "[/dim]"


def render(report: ClassReport, out: TextIO, color: bool | None = None) -> None:
    plain = color is False or (color is None and bool(os.environ.get("NO_COLOR")))
    # As human.py: NO_COLOR (no-color.org) means plain text, no bold either; no emoji
    # codes, so a ":fire:" in a student's name is text.
    console = Console(file=out, highlight=False, emoji=False, soft_wrap=False,
                      force_terminal=False if plain else (True if color else None))

    def line(markup: str = "") -> None:  # a row: cut at the width, never wrapped
        console.print(markup, no_wrap=True, overflow="ellipsis", crop=True)

    picture = report.picture
    title = f"[bold]Class set: {picture.drafts} draft{'s' if picture.drafts != 1 else ''}"
    title += f" — prompt {_text(report.prompt_id)}[/bold]" if report.prompt_id else "[/bold]"
    line(title)
    if report.question:
        console.print(f"[italic]{_text(report.question)}[/italic]")
    about = [f"rubric {_text(report.rubric_id)}: {_text(report.rubric_title)}"]
    about += [f"words {word_range(report.word_range)}"] if report.word_range else []
    about += [_text(report.made)] if report.made else []
    for about_line in _joined(about, " · ", console.width):
        console.print(f"[dim]{about_line}[/dim]")
    line()
    _table(report.rows, console)
    line()
    _picture(report, console, line)
    line("[dim]" + "─" * min(console.width, 60) + "[/dim]")
    console.print(_summary(picture))


def _joined(parts: list[str], separator: str, width: int) -> list[str]:
    """``parts`` joined by ``separator`` into lines of at most ``width`` cells where they
    fit: at 80 columns a header broke between the date and the time of its timestamp."""
    lines = [parts[0]]
    for part in parts[1:]:
        if cell_len(Text.from_markup(lines[-1] + separator + part).plain) <= width:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return lines


# -- the class table -------------------------------------------------------------------

class _Column:
    __slots__ = ("heading", "cell", "width", "style", "left", "texts")

    def __init__(self, heading: str, cell: Callable[[DraftResult], str],
                 style: Callable[[DraftResult], str] | None = None, left: bool = False
                 ) -> None:
        self.heading = heading
        self.cell = cell  # the plain text of a checked row's cell
        self.style = style  # its style, or "" for none
        self.left = left  # aligned left (text), else right (numbers)
        self.width = len(heading)
        self.texts: dict[int, str] = {}  # each checked row's cell, by id(row)

    def pad(self, text: str) -> str:
        return text.ljust(self.width) if self.left else text.rjust(self.width)


def _columns(rows: Sequence[DraftResult]) -> list[_Column]:
    checked = [r for r in rows if r.checked]
    tallies = {id(r): counts(r) for r in checked}

    def n(row: DraftResult) -> Counts:
        return tallies[id(row)]

    columns = [
        _Column("Score", lambda r: str(r.score)),
        _Column("Mark", lambda r: str(r.mark)),
        _Column("Band", lambda r: r.band, left=True),
        _Column("Words", lambda r: f"{r.words:>4} {r.length}".rstrip(),
                lambda r: "yellow" if r.length else "", left=True),
    ]
    if any(n(r).periods for r in checked):
        columns.append(_Column("Periods", lambda r: f"{n(r).periods_covered}/{n(r).periods}",
                               lambda r: "" if n(r).periods_covered == n(r).periods
                               else "yellow"))
    cases = any(i.criterion == "cases" for r in checked[:1] for i in r.items)
    if cases:
        columns.append(_Column("Cases", lambda r: str(len(r.treated_cases())),
                               lambda r: "" if "cases" not in r.unmet else "yellow"))
    if any(n(r).events for r in checked):
        # Of the cases it treats, on a two-case question; a draft that treats none has none.
        columns.append(_Column("Events", lambda r: f"{n(r).events_found}/{n(r).events}"
                               if n(r).events else "–",
                               lambda r: "" if "events" not in r.unmet else "yellow"))
    if any(n(r).historians for r in checked):
        columns.append(_Column("Cited", lambda r: str(n(r).historians_cited),
                               lambda r: "" if "historians" not in r.unmet else "yellow"))
    columns += [
        _Column("Dates", lambda r: str(n(r).date_warnings),
                lambda r: "yellow" if n(r).date_warnings else ""),
        _Column("Spelling", lambda r: str(n(r).misspellings),
                lambda r: "yellow" if n(r).misspellings else ""),
        _Column("Pass", lambda r: "yes" if r.passed else "no",
                lambda r: "green" if r.passed else "yellow"),
    ]
    for column in columns:  # each cell made once: for its width, then to print
        column.texts = {id(row): column.cell(row) for row in checked}
        column.width = max(column.width, max(map(len, column.texts.values()), default=0))
    return columns


def _names(rows: Sequence[DraftResult]) -> list[tuple[str, str]]:
    """Each row's student, and " (its file's name)" where a student has two rows (a
    roster gives ``li.md`` and ``li.txt`` to Li), else "": the table has no file column
    to tell them apart."""
    twice = {name for name, n in Counter(r.student for r in rows).items() if n > 1}
    return [(r.student, f" ({PurePath(r.path).name})" if r.student in twice else "")
            for r in rows]


def _fit_name(student: str, file: str, width: int) -> str:
    """:func:`_fit` for a student and the file name that tells two of their rows apart
    (``file``, from :func:`_names`): the name is cut first, then the start of the file
    name, whose end ("v2.md)") tells the rows apart. Cut at its end as one text, both
    of a long name's rows read "Alexandra Konstanti…"."""
    if not file:
        return _fit(student, width)
    student, file = one_line(student), one_line(file)
    if cell_len(student + file) <= width:
        return set_cell_size(student + file, width)
    room = width - cell_len(file)
    if room >= 4:  # "Alex… (alexandra.md)"
        return set_cell_size(student, room - 1) + "…" + file
    tail = file  # the file name fills the cell: "…-draft-v2.md)"
    while cell_len(tail) > width - 1:
        tail = tail[1:]
    return set_cell_size("…" + tail, width)


def _table(rows: Sequence[DraftResult], console: Console) -> None:
    """The class table as one :class:`~rich.text.Text`, built from styled pieces (no
    markup to parse: a name is never read as markup) and printed at once, each line cut
    at the width."""
    if not rows:
        console.print("No drafts.")
        return
    width = console.width
    columns = _columns(rows)
    numbers = sum(c.width + 1 for c in columns)
    if width - numbers < 17:  # narrow: the band says what the mark would
        columns = [c for c in columns if c.heading != "Mark"]
        numbers = sum(c.width + 1 for c in columns)
    names = _names(rows)
    longest = max(cell_len(one_line(student + file)) for student, file in names)
    # The student gets what the numbers leave, at least 12 cells and at most 40.
    student = max(12, min(max(longest, len("Student")), 40, width - numbers - 1))

    heads = " ".join(c.pad(c.heading) for c in columns)
    pieces: list[tuple[str, str | None]] = [
        (f"{'Student'.ljust(student)} {heads}\n", "bold"),
        ("─" * min(width, student + numbers) + "\n", "dim")]
    reason_width = max(width - student - 1, 30)
    for row, (named, file) in zip(rows, names):
        name = _fit_name(named, file, student)
        if not row.checked:
            reason = textwrap.wrap(f"✗ could not be checked: {one_line(row.error)}",
                                   reason_width) or [""]
            pieces.append((f"{name} {reason[0]}\n", "red"))
            pieces += [(f"{' ' * student} {more}\n", "red") for more in reason[1:]]
            continue
        pieces.append((name, None))
        for c in columns:
            if c.style is None:
                pieces.append((" " + c.pad(c.texts[id(row)]), None))
            else:
                pieces += [(" ", None), (c.pad(c.texts[id(row)]), c.style(row) or None)]
        pieces.append(("\n", None))
    _print_lines(pieces, console)
    shown = {c.heading for c in columns}
    events = "events found (of the cases treated)" if "Cases" in shown else "events found"
    legend = [what for heading, what in (
        ("Periods", "periods covered"), ("Cases", "cases treated"),
        ("Events", events), ("Cited", "historians cited")) if heading in shown]
    said = f"{', '.join(legend)} of the rubric's; " if legend else ""
    said += "date warnings and misspelt names (places); short or long: outside the word range."
    console.print(f"[dim]{said[0].upper()}{said[1:]}[/dim]")


def _print_lines(pieces: list[tuple[str, str | None]], console: Console) -> None:
    """Print ``pieces`` of (text, style), without wrapping, each line cut at the width
    with an ellipsis, and without the whitespace at the end."""
    if console.color_system is None:
        plain = strip_control_codes("".join(text for text, _ in pieces)).rstrip()
        if not _LAID_OUT_OTHERWISE.search(plain):
            console.file.write("".join(_cut(line, console.width) + "\n"
                                       for line in plain.split("\n")))
            return
    table = _as_text(pieces, console)
    table.rstrip()
    console.print(table, no_wrap=True, overflow="ellipsis", crop=True)


#: What Rich lays out otherwise than a character after another: a tab, and the joiner
#: and selector of emoji sequences. A text with neither is :func:`_cut` by hand.
_LAID_OUT_OTHERWISE = re.compile("[\t\u200d\ufe0f]")
#: A character other than those that take one cell in any terminal (printable ASCII).
_NOT_ASCII = re.compile("[^\x20-\x7e]")


def _cut(line: str, width: int) -> str:
    """``line`` as Rich prints it in a :class:`~rich.text.Text` with no styles and
    ``overflow="ellipsis"`` (:func:`_as_text`): cut at ``width`` cells, with an
    ellipsis. Its cells are counted as Rich counts them (a tab or an emoji sequence
    aside: :data:`_LAID_OUT_OTHERWISE`), but only those of its few characters that are
    not ASCII: Rich measures each of the 1,000 lines of a class, and a band ("4–6")
    makes that a loop in Python over each character, which a fresh process pays in
    full (--format rich, 1,000 drafts, a first render: 130 -> 82 ms)."""
    others = _NOT_ASCII.findall(line)
    cells = len(line) - len(others) + cell_len("".join(others)) if others else len(line)
    return line if cells <= width else set_cell_size(line, width - 1) + "…"


def _as_text(pieces: list[tuple[str, str | None]], console: Console) -> Text:
    """``pieces`` of (text, style) as one :class:`~rich.text.Text`, to print without
    wrapping. On a console without colours (a file, a pipe, ``NO_COLOR``) a style writes
    nothing: the pieces are joined as plain text, a Text with no spans, which Rich lays
    out in half the time it takes over the ~15,000 spans of a class of 1,000 (the whole
    render, 1,000 drafts of public prose: 190 → 95 ms; bench/bench_classset.py)."""
    if console.color_system is None:
        return Text("".join(text for text, _ in pieces), no_wrap=True, overflow="ellipsis")
    text = Text(no_wrap=True, overflow="ellipsis")
    for piece, style in pieces:
        text.append(piece, style)
    return text


# -- the class picture -----------------------------------------------------------------

def _picture(report: ClassReport, console: Console, line: Callable[[str], None]) -> None:
    picture = report.picture
    if not picture.checked:
        line("[red]No draft could be checked: there is no class picture.[/red]")
        line("")
    for group in picture.groups:
        _group(group, picture.checked, console, line)
        line("")
    _commons("Most common date errors", picture.date_errors, console)
    _commons("Most common misspellings", picture.misspellings, console)
    choosers = case_choosers(report.rows)
    if choosers:
        _listing("Cases chosen", [
            (str(len(students)), f"{_text(' + '.join(cases) or 'none treated')}\n"
                                 f"[dim]{_text(who(students, NAMES))}[/dim]")
            for cases, students in sorted(choosers.items(), key=lambda c: (-len(c[1]), c[0]))],
            console)
    lists = [("Under the word range", picture.short, "yellow"),
             ("Over the word range", picture.long, "yellow"),
             ("Could not be checked", [r.student for r in report.failed], "red"),
             ("On the roster, no draft", report.without_drafts, "yellow")]
    rows = [(f"[bold]{heading}[/bold] [{style}]({len(students)})[/{style}]",
             _text(who(students, NAMES))) for heading, students, style in lists if students]
    if rows:
        _listing("", rows, console)
    if picture.spread is not None:
        _marks(picture, line)
        line("")


def _listing(heading: str, rows: Sequence[tuple[str, str]], console: Console) -> None:
    """Rows of (left, text), the text wrapping under itself, not under the left column;
    with a heading, the left column is a count."""
    from rich.table import Table

    if heading:
        console.print(f"[bold]{heading}[/bold]")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, justify="right" if heading else "left",
                    min_width=6 if heading else 0)
    grid.add_column(ratio=1)
    for left, text in rows:
        grid.add_row(left, text)
    console.print(grid)
    console.print()


def _group(group: Group, drafts_checked: int, console: Console,
           line: Callable[[str], None]) -> None:
    """A criterion's items across the class: a bar of the drafts in the best state (for
    periods, of the average share of the essay), the counts, the label; the items
    nobody used in red, and named more often than cited in yellow. On a two-case
    question, each case chosen has its items, counted over the drafts that chose it."""
    best = group.states[0]
    shares = any(item.share is not None for item in group.items)
    many = len(group.states) > 2
    if shares:
        about, heads = "average share of the essay; drafts", f"{'share':>25} {best:>9}"
    elif many:
        about = f"drafts in each state; {group.states[1]}: named, no view attributed"
        heads = f"{'':10} " + " ".join(f"{state:>{max(len(state), 4)}}"
                                       for state in group.states)
    else:
        about, heads = "drafts", f"{best:>20}"
    parts = sections(group, drafts_checked)
    of = "of the drafts on each case" if group.cases else f"of {drafts_checked}"
    line(f"[bold]{escape(group.heading)}[/bold] [dim]({about}, {of})[/dim]")
    line(f"[dim]  {heads}[/dim]")
    for part in parts:
        _section(part, best, shares, many, console, line)


def _section(part: Section, best: str, shares: bool, many: bool, console: Console,
             line: Callable[[str], None]) -> None:
    if part.case is not None:
        line(f"  [bold]{_text(part.case)}[/bold] [dim]— chosen by {drafts(part.drafts)}"
             "[/dim]")
    nobody, never = [], []
    for item in part.items:
        line(_item_line(item, part.drafts, shares, many))
        if item.found == 0 and (not many or item.counts[1][1] == 0):
            nobody.append(item.label)
        elif item.found == 0:
            never.append(item.label)
    if nobody:
        console.print(Padding(f"[red]Nobody {'named' if many else 'used'}: "
                              f"{_text('; '.join(nobody))}[/red]", (0, 0, 0, 2)))
    if never:
        console.print(Padding(f"[yellow]Named, never {best}: {_text('; '.join(never))}"
                              "[/yellow]", (0, 0, 0, 2)))


def _item_line(item: ItemTally, drafts: int, shares: bool, many: bool) -> str:
    found = item.found
    part = found / drafts if drafts else 0.0
    if shares:
        share = item.share or 0.0
        numbers = f"{_bar(share, 20)} {round(share * 100):>3}% {found:>5}/{drafts:<4}"
    elif many:
        numbers = f"{_bar(part)} " + " ".join(f"{count:>{max(len(state), 4)}}"
                                              for state, count in item.counts)
    else:
        numbers = f"{_bar(part)} {found:>5}/{drafts:<4}"
    label = _text(item.label)
    if found == 0 and (not many or item.counts[1][1] == 0):
        return f"  {numbers} [red]{label} ← nobody[/red]"
    if many and found < item.counts[1][1]:  # named without a view more than cited
        return f"  {numbers} [yellow]{label} ← named more than {item.counts[0][0]}[/yellow]"
    return f"  {numbers} {label}"


def _commons(heading: str, commons: Sequence[Common], console: Console) -> None:
    if commons:
        _listing(heading, [(str(c.drafts), f"[yellow]{_text(c.what)}[/yellow]\n"
                                           f"[dim]{_text(who(c.students, NAMES))}[/dim]")
                           for c in commons], console)


def _marks(picture: ClassPicture, line: Callable[[str], None]) -> None:
    spread = picture.spread
    assert spread is not None
    line("[bold]Marks[/bold] [dim](indicative band, drafts)[/dim]")
    top = max((n for _, n in spread.bands), default=0)
    width = max((len(band) for band, _ in spread.bands), default=0)
    for band, n in reversed(spread.bands):
        line(f"  {escape(band).rjust(width)}  {_bar(n / top if top else 0, 30)} {n}")


def _summary(picture: ClassPicture) -> str:
    spread = picture.spread
    drafts = f"{picture.drafts} draft{'s' if picture.drafts != 1 else ''}"
    failed = (f"[red]{picture.failed} could not be checked[/red]" if picture.failed
              else "0 could not be checked")
    if spread is None:
        return f"[bold]{drafts}[/bold] · {failed}"
    # Short enough for 80 columns: the range and the rest are in the picture above.
    return (f"[bold]{drafts}[/bold] · score mean [bold]{spread.score_mean:.1f}[/bold], "
            f"median {spread.score_median:g} · [green]{spread.passed} of {picture.checked} "
            f"pass[/green] · {failed}")
