"""Property-based tests: random and mutated documents never crash or hang a build.

The only outcomes allowed are: built, or a clear error naming the file. Under ``CI=true`` the
profile runs several hundred examples per target.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictkg.errors import UserError
from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.model import CuratedGraph, ReadError
from conflictkg.mapping.pipeline import StageTimer, check, curated_graph, process
from conflictkg.mapping.read import iter_inputs

settings.register_profile(
    "ci", max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI", "").lower() == "true" else "dev")

GAZ = Gazetteer.load()
SEED = (Path(__file__).resolve().parents[2] / "corpus" / "001_a4a40a604d234d8d.txt").read_bytes()
OUTCOMES = {"built", "rejected", "unreadable"}


WORK = Path(tempfile.mkdtemp(prefix="fuzz-"))
TIMER = StageTimer()


def run_one(name: str, data: bytes, *, max_bytes: int = 200_000) -> None:
    """Read, clean, extract and map one file; allowed: a graph, or a clear error naming it.

    (The SHACL gate is left out here: it sees only RDF we generate, and has its own tests.)
    """
    for old in WORK.iterdir():
        old.unlink()
    (WORK / name).write_bytes(data)
    items = list(iter_inputs([WORK], max_bytes=max_bytes))
    assert items, "every file gives an outcome"
    stem = name.split(".")[0]
    for item in items:
        if isinstance(item, ReadError):
            assert stem in item.message, item
        elif isinstance(item, CuratedGraph):
            try:
                curated_graph(item)
            except UserError as exc:
                assert stem in str(exc)
        else:
            _, graph = process(item, GAZ, TIMER)
            assert len(graph) > 0


def mutate(seed: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    data = bytearray(seed)
    for pos, junk in cuts:
        at = pos % (len(data) + 1)
        data[at : at + len(junk)] = junk
    return bytes(data)


MUTATIONS = st.lists(st.tuples(st.integers(0, 10_000), st.binary(max_size=40)), max_size=8)


@given(st.binary(max_size=4000))
def test_binary_junk_as_text(data: bytes) -> None:
    run_one("junk.txt", data)


@given(MUTATIONS)
def test_mutated_news_page(cuts: list[tuple[int, bytes]]) -> None:
    run_one("page.txt", mutate(SEED, cuts))


@given(st.integers(1, len(SEED)))
def test_truncated_utf8(cut: int) -> None:
    run_one("cut.md", SEED[:cut])


@given(st.text(max_size=600), st.text(max_size=400))
def test_markdown_with_random_front_matter(front: str, body: str) -> None:
    run_one("fm.md", f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass"))


HTML_TAG = st.sampled_from(["div", "p", "span", "nav", "aside", "article", "h2", "li", "ul", "a"])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    depth = draw(st.integers(0, 300))
    tags = [draw(HTML_TAG) for _ in range(min(depth, 20))] * (depth // 20 + 1)
    text = draw(st.text(max_size=200))
    opened = "".join(f"<{t}>" for t in tags[:depth])
    closed = "".join(f"</{t}>" for t in reversed(tags[:depth]))
    if draw(st.booleans()):
        closed = closed[: draw(st.integers(0, len(closed)))]  # unclosed tags
    return (
        f"<html><head><title>{text[:20]}</title></head><body>{opened}{text}{closed}</body></html>"
    )


@given(html_pages())
def test_deeply_nested_and_broken_html(page: str) -> None:
    run_one("page.html", page.encode("utf-8", "surrogatepass"))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.lists(JSON_VALUES, max_size=5), st.lists(st.text(max_size=60), max_size=3))
def test_jsonl_with_wrong_types(values: list[object], texts: list[str]) -> None:
    lines = [json.dumps(v) for v in values]
    lines += [
        json.dumps({"url": 7, "title": ["x"], "published": {"y": 1}, "text": t}) for t in texts
    ]
    run_one("feed.jsonl", "\n".join(lines).encode())


@given(st.text(max_size=500))
def test_random_turtle(text: str) -> None:
    run_one(
        "curated.ttl",
        ("@prefix ck: <https://w3id.org/conflictkg/ontology#> .\n" + text).encode(
            "utf-8", "surrogatepass"
        ),
    )


@given(st.text(max_size=300))
def test_random_sidecar(meta: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.txt").write_bytes(SEED)
        (Path(tmp) / "a.txt.meta.yaml").write_text(meta, encoding="utf-8", errors="replace")
        outcomes = check([Path(tmp)], gazetteer=GAZ)
    assert [o.key for o in outcomes] == ["a.txt"]
    assert outcomes[0].status in OUTCOMES


def test_yaml_bomb_in_front_matter_is_harmless() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=False):
        levels.append(f"{cur}: &{cur} [{', '.join([f'*{prev}'] * 9)}]")
    run_one("bomb.md", ("---\n" + "\n".join(levels) + "\n---\nThe army captured Mosul.\n").encode())


def test_zero_byte_file_and_size_limit() -> None:
    run_one("empty.txt", b"")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "big.txt").write_bytes(b"word " * 50_000)
        (Path(tmp) / "big.jsonl").write_bytes(json.dumps({"text": "w " * 60_000}).encode() + b"\n")
        outcomes = check([Path(tmp)], gazetteer=GAZ, max_bytes=100_000)
    by_key = {o.key: o for o in outcomes}
    assert by_key["big.txt"].status == "unreadable" and "size limit" in by_key["big.txt"].message
    assert by_key["big.jsonl#L1"].status == "unreadable"
    assert "size limit" in by_key["big.jsonl#L1"].message
