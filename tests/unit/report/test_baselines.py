"""The proposal against the baselines in words: wins, ties under the threshold, losses, and a
conclusion when a baseline does as well; the same sentences in report.md and index.html."""

from __future__ import annotations

from typing import Any

from strangler.report.baselines import TIE, baseline_sentence, baselines_in_words, compare

# Ten metrics; each case below moves some of them away from these.
EVEN = {"services": 10, "modularity": 0.5, "icp": 0.3, "sm": 0.1, "ifn": 2.0, "ned": 0.2,
        "mq": 10.0, "cohesion": 0.5, "coupling": 0.3, "tx_purity": 0.9, "bcp": 1.0}


def _with(**changes: float) -> dict[str, float]:
    return {**EVEN, **changes}


def test_a_winning_proposal_names_its_wins_in_words_and_says_it_is_ahead() -> None:
    proposal = _with(icp=0.2, coupling=0.2, modularity=0.6, sm=0.2, cohesion=0.7, mq=12.0)
    sentence = baseline_sentence("packages", proposal, EVEN)
    assert sentence.startswith(
        "Against one service per package (10 services), the proposal (10 services) is "
        "clearly better on 6 of 10 metrics: denser inside services than across them "
        "(SM 0.2 vs 0.1), less dependency weight crossing services (coupling 0.2 vs 0.3), "
        "fewer dependencies crossing services (ICP 0.2 vs 0.3) and 3 more; "
        "within 5% (a tie) on 4: ")
    assert sentence.endswith(
        "worse on none. On balance the proposal is ahead of this baseline.")
    assert "consider starting" not in sentence


def test_small_gaps_are_ties_and_half_the_metrics_tied_is_a_conclusion() -> None:
    # 2% to 4% better on five metrics is no win: tied, the baseline is as good on half.
    proposal = _with(icp=0.29, coupling=0.29, modularity=0.51, sm=0.102, cohesion=0.52,
                     mq=12.0, ned=0.1, tx_purity=1.0, ifn=1.5, bcp=0.8)
    better, ties, worse = compare(proposal, EVEN)
    assert [k for _, k, _, _ in ties] == ["cohesion", "coupling", "icp", "modularity", "sm"]
    assert all(gap < TIE for gap, _, _, _ in ties) and not worse and len(better) == 5
    sentence = baseline_sentence("packages", proposal, EVEN)
    assert ("within 5% (a tie) on 5: weight each service keeps inside (cohesion), dependency "
            "weight crossing services (coupling), dependencies crossing services (ICP) and "
            "2 more; worse on none.") in sentence
    assert sentence.endswith(
        "The package baseline is as good or better on 5 of 10 metrics: consider starting from "
        "your packages as services, taking from the proposal only where it is clearly better.")


def test_a_losing_proposal_says_the_baseline_wins_and_what_to_do() -> None:
    proposal = _with(icp=0.5, coupling=0.45, ifn=4.0, bcp=2.0, ned=0.1)
    sentence = baseline_sentence("import_louvain", proposal, EVEN)
    assert ("clearly better on 1 of 10 metrics: fewer services too small or too big "
            "(NED 0.1 vs 0.2); within 5% (a tie) on 5: ") in sentence
    assert ("worse on 4: more business contexts per service (BCP 2 vs 1), more public symbols "
            "used from other services (IFN 4 vs 2), more dependencies crossing services "
            "(ICP 0.5 vs 0.3) and 1 more.") in sentence
    assert sentence.endswith(
        "Plain Louvain clustering of the import graph is clearly better on 4 of 10 metrics, "
        "the proposal on only 1: the proposal's extra signals (data, routes, history) add "
        "little here; check its services against the import graph before trusting them.")


def test_both_reports_show_the_same_sentences() -> None:
    from strangler.report.html import view_model
    from strangler.report.markdown import render_markdown
    from strangler.report.overview import overview
    from strangler.templating import markdown_escape
    from tests.unit.report.test_overview import _document

    document: dict[str, Any] = _document(3, 2)
    document["metrics"]["proposal"].update(icp=0.5, coupling=0.5)
    sentences = baselines_in_words(document["metrics"])
    assert len(sentences) == 2 and all("worse on 2" in s for s in sentences)
    assert view_model(document)["overview"]["baselines"] == sentences
    assert overview(document)["baselines"] == sentences
    markdown = render_markdown(document)
    assert all(f"- {markdown_escape(sentence)}" in markdown for sentence in sentences)
