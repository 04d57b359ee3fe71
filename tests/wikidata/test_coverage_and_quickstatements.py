"""Coverage of verified ids and the QuickStatements export, on the bundled corpus."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.wikidata.coverage import coverage
from conflictkg.mapping.wikidata.evidence import supports
from conflictkg.mapping.wikidata.quickstatements import Policy, plan

EXE = str(Path(sys.executable).with_name("conflictkg"))

# QuickStatements V1: one command per line, tab-separated.
ITEM = r"(?:Q[1-9]\d*|LAST)"
VALUE = (
    r"(?:Q[1-9]\d*|\"[^\"\t]*\"|[a-z]{2,3}:\"[^\"\t]*\"|"
    r"\+\d{4}-\d{2}-\d{2}T00:00:00Z/(?:9|10|11)|@-?\d+(?:\.\d+)?/-?\d+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)"
)
STATEMENT = re.compile(rf"^{ITEM}\tP[1-9]\d*\t{VALUE}((\t[PS][1-9]\d*\t{VALUE})*)$")
TERM = re.compile(rf"^{ITEM}\t[LDA][a-z]{{2,3}}\t\"[^\"\t]*\"$")


def test_evidence_rule() -> None:
    assert supports("Q796", "data/856/321/91/85632191.geojson:1280 (wd:id Q796)")
    assert supports("Q35591", "located_in_or_next_to_body_of_water WD~Tigris,35591")
    assert not supports("Q7960", "wd:id Q796")
    assert not supports("Q796", "")


def test_coverage_has_no_unsupported_qid_and_reports_doubtful(corpus_store: Path) -> None:
    gazetteer = Gazetteer.load()
    report = coverage(corpus_store, gazetteer)
    assert report.unsupported == ()
    families = {f.family: f for f in report.families}
    assert set(families) == {"units", "locations", "operations", "sources"}
    assert families["locations"].linked > 10
    doubtful = {e.label for f in report.families for e in f.doubtful}
    assert doubtful and doubtful <= {"Sinjar", "Tel Keppe", "Hamdaniya District"}
    # a doubtful id is never linked: no owl:sameAs, no ck:qid in the graph
    linked_labels = {e.label for f in report.families for e in f.unlinked}
    assert not doubtful & linked_labels


def test_coverage_cli_json(corpus_store: Path) -> None:
    out = subprocess.run(
        [EXE, "wikidata", "coverage", "--store", str(corpus_store), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert '"unsupported": []' in out.stdout


def test_quickstatements_create_parses_and_every_statement_is_referenced(
    corpus_store: Path,
) -> None:
    result = plan(corpus_store, create=True, retrieved="2026-11-22")
    assert result.lines
    allowed = {e.qid for e in Gazetteer.load() if e.qid and not e.qid_doubtful} | {"Q52"}
    creates = 0
    for line in result.lines:
        if line == "CREATE":
            creates += 1
            continue
        assert STATEMENT.match(line) or TERM.match(line), f"not QuickStatements V1: {line!r}"
        if STATEMENT.match(line):
            fields = line.split("\t")
            refs = fields[3:]
            assert any(f.startswith("S") for f in refs[::2]), f"statement without reference: {line}"
            for qid in re.findall(r"\bQ[1-9]\d*\b", line):
                assert qid in allowed, f"{qid} has no supporting evidence"
    assert creates >= 10
    text = "\n".join(result.lines)
    assert "P276\tQ83317" in text  # events at Mosul
    assert "P585\t+2016-" in text or "P585\t+2017-" in text
    assert "\tP1120\t" in text  # deaths, where a claim in the same sentence supports them
    assert 'S854\t"https://en.wikipedia' not in text  # Wikipedia is an import source


def test_reliability_policy_and_dry_run_report(corpus_store: Path) -> None:
    strict = plan(corpus_store, create=True, retrieved="2026-11-22")
    everything = plan(corpus_store, create=True, retrieved="2026-11-22", policy=Policy(frozenset()))
    assert len(everything.lines) >= len(strict.lines)
    assert any(r.startswith("create ") for r in strict.report)
    assert any(r.startswith("left out ") for r in strict.report)
    assert any("P31" in r for r in strict.report)
