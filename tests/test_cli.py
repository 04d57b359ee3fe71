"""The command line as a user runs it: exit codes, one-line errors, formats."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXE = str(Path(sys.executable).with_name("conflictkg"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300)


def test_query_formats(corpus_store: Path) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?e a ck:Event }"
    out = run("query", q, "--store", str(corpus_store))
    assert out.returncode == 0, out.stderr
    n = int(json.loads(out.stdout)["results"]["bindings"][0]["n"]["value"])
    assert n > 0
    csv = run("query", q, "--store", str(corpus_store), "--format", "csv")
    assert csv.stdout.split() == ["n", str(n)]
    ttl = run("query", "CONSTRUCT WHERE { ?s a ck:Country } LIMIT 1", "--store", str(corpus_store))
    assert ttl.returncode == 0 and "ck:Country" not in ttl.stdout and "Country>" in ttl.stdout


def test_user_errors_are_one_line_without_traceback(corpus_store: Path, tmp_path: Path) -> None:
    cases = [
        (("query", "SELEC nothing", "--store", str(corpus_store)), 2, "malformed query"),
        (
            ("query", "ASK { SERVICE <http://10.0.0.1/> {} }", "--store", str(corpus_store)),
            2,
            "SERVICE",
        ),
        (("query", "ASK {}", "--store", str(tmp_path / "none")), 2, "conflictkg build"),
        (
            ("build", str(tmp_path / "missing"), "--store", str(tmp_path / "s")),
            1,
            "nothing was built",
        ),
    ]
    for args, code, words in cases:
        out = run(*args)
        assert out.returncode == code, (args, out.stderr)
        assert words in out.stderr
        assert "Traceback" not in out.stderr


def test_validate_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(FIXTURES / "curated" / "good_units.ttl", good)
    assert run("validate", str(good)).returncode == 0
    shutil.copy(FIXTURES / "curated" / "bad_places.ttl", good)
    out = run("validate", str(good))
    assert out.returncode == 1
    assert "bad_places.ttl: REJECTED" in out.stdout and "at most one latitude" in out.stdout


def test_build_prints_progress_and_summary(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    src = Path(__file__).resolve().parent.parent / "corpus" / "001_a4a40a604d234d8d.txt"
    shutil.copy(src, docs)
    out = run("build", str(docs), "--store", str(tmp_path / "s"))
    assert out.returncode == 0, out.stderr
    assert "[1] 001_a4a40a604d234d8d.txt: ok" in out.stderr
    for words in ("documents read 1, built 1", "triples asserted", "time per stage: read"):
        assert words in out.stdout
    assert "not loaded 0;" in out.stdout  # no pointer to an empty quarantine
    shutil.copy(FIXTURES / "curated" / "bad_places.ttl", docs)
    out = run("build", str(docs), "--store", str(tmp_path / "s"))
    assert out.returncode == 1
    assert f"not loaded 1 (reports in {tmp_path / 's' / 'quarantine'});" in out.stdout


def test_every_setting_is_documented_in_the_readme() -> None:
    from conflictkg.settings import SETTINGS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme or s.env not in readme]
    assert not missing, f"settings missing from the README's table: {missing}"
