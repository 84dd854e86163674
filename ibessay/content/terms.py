"""What each IB command term asks of an essay (paraphrased from the IB glossary and the
markscheme conventions summarised in research/ib-paper2.md section 4)."""

from __future__ import annotations

COMMAND_TERM_LABELS = {
    "analyse": "Analyse",
    "compare": "Compare",
    "contrast": "Contrast",
    "compare-and-contrast": "Compare and contrast",
    "discuss": "Discuss",
    "evaluate": "Evaluate",
    "examine": "Examine",
    "to-what-extent": "To what extent",
    "explain": "Explain",
}

COMMAND_TERM_DEMANDS = {
    "analyse": "Break the issue into its parts and show how they relate: organise by factors "
               "or themes, not by chronology.",
    "compare": "Set out the similarities between the cases, dealing with both throughout "
               "(point by point, not back-to-back narratives).",
    "contrast": "Set out the differences between the cases, dealing with both throughout.",
    "compare-and-contrast": "Set out both similarities and differences, with both cases in most "
                            "paragraphs, and judge the balance between them.",
    "discuss": "Review a range of arguments for and against the claim and end in a clear, "
               "supported judgement (agree, partly agree or disagree).",
    "evaluate": "Weigh strengths against limitations (or importance against other factors) "
                "with explicit criteria, and reach a judgement.",
    "examine": "Unpack the issue so that its assumptions and the links between factors come "
               "out, and conclude on how they interact.",
    "to-what-extent": "Weigh the evidence for and against the claim and state a clear degree "
                      "(e.g. \"largely but not wholly\") that the conclusion keeps to.",
    "explain": "Give a detailed account of reasons or causes, not just a description.",
}
