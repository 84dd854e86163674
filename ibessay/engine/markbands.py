"""The Paper 2 markbands (2017 syllabus), paraphrased, and the indicative band of a score.

Source: ``research/ib-paper2.md`` section 2 (IB external markbands for Paper 2, SL and
HL, as reproduced by teachers' sites; paraphrased, never quoted). A rubric check sees
coverage, not argument, so every band it reports is *indicative*: it says which band an
essay with this coverage could reach, not what an examiner would award.
"""

# No "from __future__ import annotations": NamedTuple would compile every field's
# annotation string at import, doubling the cost of defining the classes on start-up.

from typing import NamedTuple


class Band(NamedTuple):
    low: int
    high: int
    descriptor: str

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"


BANDS = (
    Band(0, 0, "Does not reach the standard described by the 1–3 band."),
    Band(1, 3, "Little understanding of the question; little knowledge; mostly "
               "generalisation and unsupported assertion."),
    Band(4, 6, "Some understanding of the question and some knowledge, lacking accuracy "
               "and relevance; mainly narrative or descriptive."),
    Band(7, 9, "The demands are understood but only partly addressed; knowledge partly "
               "accurate and relevant; some analysis, not sustained."),
    Band(10, 12, "The demands are understood and addressed; mostly accurate knowledge in "
                 "context; clear analysis with most points supported; some awareness and "
                 "evaluation of different perspectives."),
    Band(13, 15, "Clearly focused and well structured; accurate knowledge in context; clear "
                 "critical analysis with nearly all points supported; evaluation of "
                 "different perspectives integrated effectively."),
)


def band_for(mark: int) -> Band:
    """The band a mark out of 15 falls in."""
    return next(b for b in BANDS if b.low <= mark <= b.high)
