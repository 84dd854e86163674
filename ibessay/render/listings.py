"""Rendering prompts for ``ibessay prompts`` and ``ibessay show``, and attempts for
``ibessay drafts``."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, TextIO

from ..content.library import CaseSummary
from ..content.model import TOPICS, Prompt, Rubric
from ..content.terms import COMMAND_TERM_DEMANDS, COMMAND_TERM_LABELS
from ..engine.criteria.cases import cases_of
from ..engine.criteria.events import events_of
from ..engine.criteria.historians import historians_of
from ..engine.criteria.length import word_range
from ..engine.criteria.periods import periods_of
from ..engine.dates import spans_label

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..content.library import Library


# --- what a prompt's rubric accepts: the one place listings ask the cases criterion ----

#: A rubric's top-level ``cases:`` key, as authors write it (docs/authoring.md).
_TOP_LEVEL_CASES = re.compile(r"""^["']?cases["']?[ \t]*:""", re.MULTILINE)


def rubric_cases(rubric: Rubric) -> CaseSummary | None:
    """The cases a rubric accepts (None: not a two-case question)."""
    part = cases_of(rubric)
    if part is None:
        return None
    return CaseSummary(part.required, part.different_regions,
                       tuple((c.id, c.name, c.region) for c in part.accepted))


def prompt_cases(library: Library, prompt: Prompt) -> CaseSummary | None:
    """The cases ``prompt``'s rubric accepts, read without compiling the rubric (a
    listing of the whole bank must not compile every rubric) and cached until the
    rubric or a case file changes.

    Raises:
        ContentError: the prompt's rubric is missing or invalid.
    """
    path = library.rubric_file_for(prompt)
    if path is None:
        from ..engine.compiled import rubric_for

        rubric_for(library, prompt)  # raises the error at the prompt's `rubric:` line
        return None  # pragma: no cover - rubric_for raised
    pack = library.pack_of(path)

    def build() -> tuple[Any, ...]:
        from ..engine.compiled import load_rubric

        if not _TOP_LEVEL_CASES.search(path.read_text(encoding="utf-8", errors="replace")):
            # Most rubrics are on one subject: no need to parse them (and a listing of
            # the bank does not fail on a rubric that `check` would report).
            return ("none",)
        found = rubric_cases(load_rubric(path, case_dirs=library.case_folders(pack)))
        return ("none",) if found is None else \
            ("cases", found.required, found.different_regions, found.accepted)

    # Stored as plain tuples; a stored None would read as "not cached".
    stored = library.cache.get("prompt-cases", [path, *library.case_files(pack)], build)
    if stored[0] != "cases":
        return None
    required, different, accepted = stored[1:]
    return CaseSummary(required, different, tuple(tuple(c) for c in accepted))


def cases_to_json(cases: CaseSummary) -> dict[str, object]:
    return {
        "required": cases.required,
        "different_regions": cases.different_regions,
        "accepted": [ident for ident, _, _ in cases.accepted],
        "regions": {ident: where for ident, _, where in cases.accepted},
    }


def prompt_to_json(prompt: Prompt, cases: CaseSummary | None = None) -> dict[str, object]:
    return {
        "id": prompt.id,
        "question": prompt.question,
        "command_term": prompt.command_term,
        "topic": prompt.topic,
        "topic_name": TOPICS[prompt.topic],
        "timeframe": None if prompt.timeframe is None
        else {"start": prompt.timeframe[0], "end": prompt.timeframe[1]},
        "rubric": prompt.rubric,
        "minutes": prompt.minutes,
        "mirrors": list(prompt.mirrors),
        "tags": list(prompt.tags),
        "cases": None if cases is None else cases_to_json(cases),
    }


def prompts_json(prompts: list[Prompt], out: TextIO,
                 cases: Callable[[Prompt], CaseSummary | None] | None = None) -> None:
    """The prompts as JSON (docs/report-format.md); with ``cases`` (say
    :func:`prompt_cases`), each two-case prompt's ``cases``."""
    json.dump([prompt_to_json(p, cases(p) if cases else None)
               for p in prompts], out, ensure_ascii=False, indent=2)
    out.write("\n")


# Every console here prints names from teachers' files and students' folders: markup in
# them is escaped, and emoji codes (":fire:") are left as text.


def prompt_table(prompts: list[Prompt], out: TextIO, emptied_by: str | None = None,
                 width: int | None = None) -> None:
    """The prompts by topic, one line each: id, command term, time frame, question.

    Plain aligned text rather than a Rich table: laying out a wrapped table of the whole
    bank took most of ``ibessay prompts`` (0.4 of 0.6 s for 43 prompts). ``width``: the
    terminal's, to cut questions to one line; None (piped) writes them whole.
    """
    if not prompts:
        said = emptied_by[:1].upper() + emptied_by[1:] if emptied_by else "No prompts match"
        out.write(f"{said}.\n")
        return
    id_width = max(len(p.id) for p in prompts)
    term_width = max(len(COMMAND_TERM_LABELS[p.command_term]) for p in prompts)
    lines = []
    for topic in sorted({p.topic for p in prompts}):
        lines.append(f"Topic {topic}: {TOPICS[topic]}")
        for p in sorted((p for p in prompts if p.topic == topic), key=lambda p: p.id):
            frame = "" if p.timeframe is None else f"{p.timeframe[0]}–{p.timeframe[1]}"
            head = (f"  {_printable(p.id):<{id_width}}  "
                    f"{COMMAND_TERM_LABELS[p.command_term]:<{term_width}}  {frame:<9}  ")
            question = _printable(" ".join(p.question.split()))
            if width is not None and len(head) + len(question) > width:
                question = question[:max(width - len(head) - 1, 10)] + "…"
            lines.append(head + question)
        lines.append("")
    lines.append(f"{len(prompts)} prompt(s). Details: ibessay show ID")
    out.write("\n".join(lines) + "\n")


def _printable(text: str) -> str:
    """``text`` with control characters (a terminal escape in a teacher's file) shown,
    not obeyed."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def prompt_details(prompt: Prompt, rubric: Rubric, out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(file=out, highlight=False, emoji=False)
    p = console.print
    p(f"[bold]{escape(prompt.question)}[/bold]")
    p()
    p(f"id            {escape(prompt.id)}")
    p(f"topic         {prompt.topic}: {escape(TOPICS[prompt.topic])}")
    p(f"command term  {COMMAND_TERM_LABELS[prompt.command_term]}: "
      f"{escape(COMMAND_TERM_DEMANDS[prompt.command_term])}")
    if prompt.timeframe:
        p(f"time frame    {prompt.timeframe[0]}–{prompt.timeframe[1]}")
    p(f"time          {prompt.minutes} minutes")
    if prompt.mirrors:
        p(f"mirrors       {escape('; '.join(prompt.mirrors))}")
    p()
    historians = historians_of(rubric)
    events = events_of(rubric)
    low, high = word_range(rubric)
    p(f"[bold]Rubric {escape(rubric.id)}[/bold]: cite at least {historians.cited} "
      f"historians; {low}–{high} words")
    cases = rubric_cases(rubric)
    if cases is None:  # a question on one subject: its periods and their key events
        for period in periods_of(rubric):
            p(f"  [bold]{period.start}–{period.end}[/bold] {escape(period.label)}")
            for event in events:
                if event.required and event.period == period.id:
                    p(f"    • {escape(event.name)} ({escape(spans_label(event.dates))})")
        optional = sum(not e.required for e in events)
        p(f"  [dim]+ {optional} optional events[/dim]")
    else:  # a two-case question: what it asks of each case, then the cases
        for theme in rubric.parts.get("themes", ()):
            p(f"  • {escape(theme.name)}" + (f" [dim]({escape(theme.hint)})[/dim]"
                                              if theme.hint else ""))
    if historians.known:
        p(f"  [dim]{len(historians.known)} historians known: "
          f"{escape(', '.join(h.name for h in historians.known))}[/dim]")
    if cases is not None:
        _cases_table(console, cases, rubric)


def _cases_table(console: Any, cases: CaseSummary, rubric: Rubric | None = None) -> None:
    """The cases a two-case question accepts, with the core events a case needs once it
    is treated, and the rule for choosing them."""
    from rich.markup import escape
    from rich.table import Table

    regions = sorted({where for _, _, where in cases.accepted})
    rule = "each from a different region" if cases.different_regions else "from any region"
    console.print()
    console.print(f"[bold]Cases[/bold]: treat {cases.required}, {rule} "
                  f"({len(cases.accepted)} accepted, from {', '.join(regions)})")
    table = Table(show_edge=False)
    table.add_column("case", no_wrap=True)
    table.add_column("region", no_wrap=True)
    table.add_column("name, • core events")
    loaded = {c.id: c for c in (rubric.cases.cases if rubric and rubric.cases else ())}
    for ident, name, where in sorted(cases.accepted, key=lambda c: (c[2], c[0])):
        case = loaded.get(ident)
        core = [f"{e.name} ({spans_label(e.dates)})"
                for e in (case.parts.get("events", ()) if case else ()) if e.required]
        table.add_row(escape(ident), where, escape(name) + "".join(
            f"\n[dim]• {escape(line)}[/dim]" for line in core))
    console.print(table)


def attempts_json(rows: list[dict[str, object]], out: TextIO) -> None:
    json.dump(rows, out, ensure_ascii=False, indent=2)
    out.write("\n")


def attempts_table(rows: list[dict[str, object]], root: object, out: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=out, highlight=False, emoji=False)
    if not rows:
        console.print(f"No attempts yet in {escape(str(root))}. Start one with "
                      "'ibessay practice' or 'ibessay outline PROMPT'.")
        return
    table = Table(show_edge=False)
    table.add_column("attempt", no_wrap=True)
    table.add_column("status")
    table.add_column("words", justify="right")
    table.add_column("score", justify="right")
    for row in rows:
        words = " + ".join("–" if w is None else str(w) for w in row["words"]) or "–"  # type: ignore[attr-defined]
        scores = " + ".join(str(s) for s in row["scores"]) or "–"  # type: ignore[attr-defined]
        status = str(row["status"]) + (" (overtime)" if row["overtime"] else "")
        table.add_row(escape(str(row["attempt"])), escape(status), words, scores)
    console.print(table)
    for row in rows:
        if row.get("problem"):
            console.print(f"[yellow]{escape(str(row['attempt']))}[/yellow]: "
                          f"{escape(str(row['problem']))}")
    console.print(f"[dim]{len(rows)} attempt(s) in {escape(str(root))}. Reopen one: "
                  "ibessay open ATTEMPT[/dim]")
