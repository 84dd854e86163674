"""The files a student starts from: a planning outline, a draft, a 2028 answer sheet.

Notes for the student are HTML comments, which the check ignores (so a fresh draft has
no words), while headings and bullets are plain Markdown in any editor.
"""

from __future__ import annotations

import re

from ..content.model import REGIONS, Prompt, Rubric
from ..content.terms import COMMAND_TERM_DEMANDS, COMMAND_TERM_LABELS
from ..engine.criteria.periods import periods_of
from .timing import PAPER_2028

#: The four key concepts of the 2028 Section A (research/ib-paper2.md section 1.3).
CONCEPTS_2028 = ("cause and consequence", "continuity and change", "perspectives",
                 "significance")


def outline(prompt: Prompt, rubric: Rubric, plan_minutes: float | None = None) -> str:
    """A planning template: the question, what its command term demands, a thesis and a
    counter-argument, and one section per period of the rubric with slots for evidence
    and historians' views."""
    term = prompt.command_term
    lines = [
        f"# Outline: {prompt.question}",
        "",
        f"<!-- ibessay outline for '{prompt.id}'"
        + (f": plan for about {_duration(plan_minutes)}" if plan_minutes else "")
        + ". Notes in comments like this one are not counted. -->",
        "",
        f"- **Question:** {prompt.question}",
        f"- **Command term:** {COMMAND_TERM_LABELS[term]}: {COMMAND_TERM_DEMANDS[term]}",
    ]
    if prompt.timeframe:
        lines.append(f"- **Time frame:** {prompt.timeframe[0]}–{prompt.timeframe[1]}: "
                     "cover all of it, the start and the end included")
    lines += [
        "",
        "## Thesis",
        "- My answer in one sentence:",
        "",
        "## Counter-argument",
        "- The strongest case against my thesis:",
        "- How I answer or qualify it:",
        "",
    ]
    if rubric.cases is not None:
        lines += _case_sections(rubric)
    for period in periods_of(rubric):
        lines += [
            f"## {period.start}–{period.end}: {period.label}",
            "- Point:",
            "- Evidence (events, with dates):",
            "- Historians' views (who argues what, in which work):",
            "",
        ]
    lines += [
        "## Conclusion",
        f"- My judgement, answering \"{COMMAND_TERM_LABELS[term].lower()}\":",
        "",
    ]
    return "\n".join(lines)


def _case_sections(rubric: Rubric) -> list[str]:
    """For a two-case question: the cases to choose from, by region, and a section per
    case with a line for each theme the question asks about."""
    cases = rubric.cases
    assert cases is not None
    by_region: dict[str, list[str]] = {}
    for case in cases.cases:
        by_region.setdefault(case.region, []).append(case.name)
    rule = f"choose {cases.required}" + (", each from a different region"
                                         if cases.different_regions else "")
    lines = [f"## Cases ({rule})", "<!-- The cases this question is checked against:"]
    lines += [f"     {REGIONS[region][0].upper()}{REGIONS[region][1:]}: {'; '.join(names)}"
              for region, names in by_region.items()]
    lines += ["     Other cases are fine in the exam, but the check cannot see them. -->", ""]
    themes = rubric.parts.get("themes", ())
    for n in range(1, cases.required + 1):
        lines.append(f"## Case {n}:")
        lines += [f"- {theme.name}:" for theme in themes] or ["- Point:"]
        lines += ["- Evidence (events, with dates):",
                  "- Historians' views (who argues what, in which work):", ""]
    return lines


def draft(prompt: Prompt, outline_text: str | None = None) -> str:
    """A new draft: the question and, if the student planned, the outline kept above
    the essay in comments (visible while writing, not counted: a title that repeats the
    question's dates would otherwise count as covering its periods)."""
    lines = [f"<!-- Question: {_inert(prompt.question)} -->", ""]
    if outline_text and outline_text.strip():
        plan = re.sub(r"(?s)<!--.*?-->\n*", "", outline_text).strip()
        lines += ["<!-- Your outline (not counted; delete it when you like):", "",
                  _inert(plan), "", "-->", ""]
    lines += ["<!-- Write your essay below. -->", "", ""]
    return "\n".join(lines)


def paper_2028(prompt: Prompt, concept: str, scale: float = 1.0) -> str:
    """An answer sheet for the 2028 structured paper, built around ``prompt``.

    Official 2028 questions are not yet published: Section A and part (a) are
    rehearsal tasks on the prompt's topic, part (b) is the prompt's own question. The
    headings are in comments too, as everything the sheet says: headings are not the
    student's words, and an untouched sheet counted 8 of them and scored 1/100.
    """
    span = (f" between {prompt.timeframe[0]} and {prompt.timeframe[1]}"
            if prompt.timeframe else "")
    tasks = (
        f"analyse one example from this topic{span} through the concept of {concept}",
        "set out briefly two examples, from two different regions, that bear on the "
        "question in part (b)",
        _inert(prompt.question),
    )
    headings = ("Section A", "Section B (a)", "Section B (b)")
    lines = [
        f"<!-- Paper 2 (2028 format): {_inert(prompt.question)}",
        "",
        "Rehearsal of the structured paper first examined in May 2028. Section A and "
        "part (a) of Section B are practice tasks built from this prompt; official "
        "questions are not yet published. -->",
        "",
    ]
    for heading, task, (_, label, marks, minutes) in zip(headings, tasks, PAPER_2028):
        lines += [f"<!-- ## {heading} -->",
                  f"<!-- {label}: {marks} marks, about {_duration(minutes * scale)}. "
                  f"Task: {task.rstrip('.')}. -->", "", ""]
    return "\n".join(lines)


def _duration(minutes: float) -> str:
    if minutes >= 1:
        return f"{minutes:.0f} minutes"
    return f"{minutes * 60:.0f} seconds"


def _inert(text: str) -> str:
    """Text safe inside an HTML comment: a "-->" in it would end the comment early."""
    return text.replace("-->", "-- >").replace("<!--", "< !--")
