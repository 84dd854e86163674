"""From findings to a score out of 100, an indicative markband, pass/fail and hints.

The score weighs what a rubric can see:

=========== ====== ===================================================================
part        points how
=========== ====== ===================================================================
events      40     share of required events found
periods     20     share of the time frame's periods covered
historians  20     historians cited (a view attributed), up to the rubric's minimum
dates       10     minus 2.5 for each possible date error
words       10     full inside the expected range; in proportion below it
=========== ====== ===================================================================

Below the minimum length the whole score is scaled by ``sqrt(words / minimum)``: a
250-word list of events is not an essay, however many names it drops.

A draft *passes* the rubric when it meets every requirement: all required events, all
periods covered, enough historians cited, no date issues, length in range. The mark out
of 15 is the score scaled, capped where the markbands need what a draft lacks:
historiography ("different perspectives") from 10-12 up, balance over the whole time
frame for 13-15.
"""

from __future__ import annotations

import math

from ..content.model import REQUIREMENTS, Prompt, Rubric
from .markbands import band_for
from .report import (
    DateIssue,
    EventResult,
    Hint,
    HistorianResult,
    PeriodResult,
    Report,
)

WEIGHTS = {"events": 40.0, "periods": 20.0, "historians": 20.0, "dates": 10.0, "words": 10.0}
_DATE_PENALTY = 2.5
_CAP_WITHOUT_HISTORIANS = 9  # "different perspectives" start at 10-12
_CAP_UNBALANCED = 12  # 13-15 needs a balanced answer over the whole question


def grade(
    *, draft: str, prompt: Prompt | None, rubric: Rubric, words: int,
    periods: tuple[PeriodResult, ...], events: tuple[EventResult, ...],
    historians: tuple[HistorianResult, ...], date_issues: tuple[DateIssue, ...],
    corrections: dict[str, str],
) -> Report:
    low, high = rubric.require.words
    needed = rubric.require.historians_cited
    required = [e for e in events if e.required]
    found_required = sum(e.found for e in required)
    covered = sum(p.covered for p in periods)
    cited = sum(h.status == "cited" for h in historians)

    parts = {
        "events": WEIGHTS["events"] * (found_required / len(required) if required else 1.0),
        "periods": WEIGHTS["periods"] * (covered / len(periods) if periods else 1.0),
        "historians": WEIGHTS["historians"] * (min(cited, needed) / needed if needed else 1.0),
        "dates": max(0.0, WEIGHTS["dates"] - _DATE_PENALTY * len(date_issues)),
        "words": WEIGHTS["words"] * (1.0 if words >= low else words / low if low else 1.0),
    }
    length_factor = math.sqrt(words / low) if low and words < low else 1.0
    score = round(sum(parts.values()) * length_factor)

    mark = round(score * 15 / 100)
    if needed and cited == 0:
        mark = min(mark, _CAP_WITHOUT_HISTORIANS)
    elif cited < needed or covered < len(periods):
        mark = min(mark, _CAP_UNBALANCED)

    met = {
        "events": found_required == len(required),
        "periods": covered == len(periods),
        "historians": cited >= needed,
        "dates": not date_issues,
        "words": low <= words <= high,
    }
    unmet = tuple(name for name in REQUIREMENTS if not met[name])

    return Report(
        draft=draft,
        prompt_id=prompt.id if prompt else None,
        question=prompt.question if prompt else None,
        rubric_id=rubric.id,
        rubric_title=rubric.title,
        words=words,
        word_range=(low, high),
        historians_required=needed,
        score=score,
        score_parts={k: round(v * length_factor, 1) for k, v in parts.items()},
        mark=mark,
        band=band_for(mark),
        passed=not unmet,
        unmet=unmet,
        periods=periods,
        events=events,
        historians=historians,
        date_issues=date_issues,
        hints=_hints(rubric, words, periods, events, historians),
        corrections=corrections,
    )


def _hints(
    rubric: Rubric, words: int, periods: tuple[PeriodResult, ...],
    events: tuple[EventResult, ...], historians: tuple[HistorianResult, ...],
) -> tuple[Hint, ...]:
    hints = []
    labels = {p.id: f"{p.label}, {p.start}–{p.end}" for p in periods}
    for period in periods:
        if not period.covered:
            names = [e.name for e in events if e.period == period.id and e.required]
            tail = f" Its key events: {'; '.join(names)}." if names else ""
            hints.append(Hint(
                "period", period.id,
                f"{period.label} ({period.start}–{period.end}) is barely discussed "
                f"({period.share:.0%} of your words).{tail}",
            ))
    by_id = {e.id: e for e in rubric.events}
    for result in events:
        if result.required and not result.found:
            event = by_id[result.id]
            where = f" — {labels[result.period]}" if result.period in labels else ""
            extra = f" {event.hint}" if event.hint else ""
            hints.append(Hint(
                "event", event.id, f"Missing: {event.name} ({result.date}){where}.{extra}",
            ))
    needed = rubric.require.historians_cited
    cited = sum(h.status == "cited" for h in historians)
    if cited < needed:
        mentioned = [h for h in historians if h.status == "mentioned"]
        for h in mentioned[: needed - cited]:
            surname = h.name.split()[-1]
            hints.append(Hint(
                "historian", h.id,
                f"You name {h.name} but attribute no view. Say what they argue, e.g. "
                f"\"{surname} argues that …\" ({h.view})",
            ))
        still = needed - cited - len(mentioned)
        if still > 0:
            options = [h for h in historians if h.status == "absent"][:3]
            suggestions = "; ".join(
                f"{h.name}{' (' + h.works[0] + ')' if h.works else ''}: {h.view}"
                for h in options
            )
            hints.append(Hint(
                "historian", None,
                f"Cite {still} more historian{'s' if still > 1 else ''} with a view. "
                f"For example: {suggestions}",
            ))
    low, high = rubric.require.words
    if words < low:
        hints.append(Hint(
            "words", None,
            f"{words} words is short of the expected {low}–{high}: develop each point "
            "with evidence and explain its significance.",
        ))
    elif words > high:
        hints.append(Hint(
            "words", None,
            f"{words} words is above the expected {low}–{high}: in 45 minutes, time is "
            "better spent on analysis than on length.",
        ))
    return tuple(hints)
