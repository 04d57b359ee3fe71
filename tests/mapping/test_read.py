"""The read stage: formats, keys, order, sidecars, front matter and readable errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictkg.mapping.clean import clean
from conflictkg.mapping.model import CuratedGraph, RawDocument, ReadError
from conflictkg.mapping.read import iter_inputs


def _write(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _docs(paths: list[Path]) -> list[RawDocument]:
    return [d for d in iter_inputs(paths) if isinstance(d, RawDocument)]


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    _write(tmp_path, "b.txt", "B")
    _write(tmp_path, "a/z.md", "Z")
    _write(tmp_path, "a/c.html", "<p>C</p>")
    _write(tmp_path, ".hidden.txt", "no")
    _write(tmp_path, ".git/x.txt", "no")
    keys = [d.key for d in iter_inputs([tmp_path])]
    assert keys == ["a/c.html", "a/z.md", "b.txt"]
    assert [d.key for d in iter_inputs([tmp_path])] == keys  # deterministic
    formats = {d.key: d.fmt for d in _docs([tmp_path])}
    assert formats == {"a/c.html": "html", "a/z.md": "md", "b.txt": "txt"}


def test_file_given_directly_is_keyed_by_its_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep/er/story.markdown", "Text")
    (doc,) = _docs([path])
    assert (doc.key, doc.fmt, doc.text) == ("story.markdown", "md", "Text")


def test_jsonl_is_keyed_by_url_else_line_and_bad_lines_do_not_stop_the_rest(
    tmp_path: Path,
) -> None:
    good = {
        "url": "https://example.org/a",
        "title": "A",
        "published": "2017-01-02",
        "publisher": "Example",
        "text": "First.",
    }
    lines = [json.dumps(good), "{not json", json.dumps({"title": "B", "text": "Second."}), ""]
    _write(tmp_path, "feed.jsonl", "\n".join(lines))
    items = list(iter_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadError", "RawDocument"]
    first, error, third = items
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument)
    assert first.key == "https://example.org/a" and first.fmt == "jsonl"
    assert first.text == "First." and first.fields["title"] == "A"
    assert "text" not in first.fields
    assert third.key == "feed.jsonl#L3"
    assert isinstance(error, ReadError)
    assert error.key == "feed.jsonl#L2" and "line 2" in error.message
    assert "feed.jsonl" in error.message


def test_jsonl_takes_the_body_where_scrapers_put_it(tmp_path: Path) -> None:
    """news-please writes "maintext", APIs "content"; a raw HTML field is read as a page."""
    page = (
        "<html><head><title>Army enters town | Example</title>"
        '<meta property="article:published_time" content="2016-03-24T08:00:00Z"></head>'
        "<body><nav><a href='/'>Home</a></nav><article><p>Iraqi forces entered the town of Hit"
        " from the south on Thursday, officers said, after a week of fighting.</p></article>"
        "</body></html>"
    )
    lines = [
        {
            "url": "https://a.example/1",
            "maintext": "Troops advanced.",
            "date_publish": "2016-03-24",
        },
        {"url": "https://a.example/2", "content": "Troops withdrew.", "description": "x"},
        {"url": "https://a.example/3", "html": page},
        {"url": "https://a.example/4", "title": "No body"},
    ]
    _write(tmp_path, "feed.jsonl", "\n".join(json.dumps(line) for line in lines))
    first, second, third, error = iter_inputs([tmp_path])
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert (first.fmt, first.text, first.fields["date_publish"]) == (
        "jsonl",
        "Troops advanced.",
        "2016-03-24",
    )
    assert "maintext" not in first.fields
    assert (second.text, second.fields["description"]) == ("Troops withdrew.", "x")
    assert isinstance(third, RawDocument) and third.fmt == "html"
    assert third.key == "https://a.example/3" and "html" not in third.fields
    cleaned = clean(third)
    assert "entered the town of Hit" in cleaned.text and "Home" not in cleaned.text
    assert cleaned.metadata.published == "2016-03-24T08:00:00+00:00"
    assert isinstance(error, ReadError)
    assert "line 4" in error.message and "maintext" in error.message


def test_json_file_is_one_article_or_a_list_of_them(tmp_path: Path) -> None:
    """news-please saves one article per .json file; an export may hold a list."""
    one = {"url": "https://a.example/1", "title": "T", "maintext": "Troops advanced."}
    _write(tmp_path, "np/article.json", json.dumps(one))
    many = [{"url": "https://a.example/2", "text": "A."}, {"text": "B."}, {"title": "none"}]
    _write(tmp_path, "export.json", json.dumps(many))
    _write(tmp_path, "broken.json", "{oops")
    items = list(iter_inputs([tmp_path]))
    by_key = {i.key: i for i in items}
    assert set(by_key) == {
        "broken.json",
        "np/article.json",
        "https://a.example/2",
        "export.json#2",
        "export.json#3",
    }
    article = by_key["np/article.json"]
    assert isinstance(article, RawDocument) and article.text == "Troops advanced."
    assert article.fields["url"] == "https://a.example/1"
    assert isinstance(by_key["export.json#2"], RawDocument)
    bad_item, broken = by_key["export.json#3"], by_key["broken.json"]
    assert isinstance(bad_item, ReadError) and "item 3" in bad_item.message
    assert isinstance(broken, ReadError) and "not valid JSON" in broken.message


def test_jsonl_is_streamed(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "big.jsonl", "\n".join(json.dumps({"text": f"Line {n}."}) for n in range(1, 4))
    )
    stream = iter_inputs([path])
    first = next(stream)
    assert isinstance(first, RawDocument) and first.text == "Line 1."
    # Lines appended after the first was read are still seen: the file is read lazily.
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps({"text": "Line 4."}))
    assert [d.text for d in stream if isinstance(d, RawDocument)][-1] == "Line 4."


def test_sidecar_is_merged_not_emitted(tmp_path: Path) -> None:
    _write(tmp_path, "story.txt", "Body text.")
    _write(
        tmp_path,
        "story.txt.meta.yaml",
        "url: https://example.org/s\npublisher: Example\npublished: 2016-11-01\n",
    )
    items = list(iter_inputs([tmp_path]))
    assert len(items) == 1
    (doc,) = items
    assert isinstance(doc, RawDocument)
    assert doc.fields["sidecar"]["publisher"] == "Example"
    assert str(doc.fields["sidecar"]["published"]) == "2016-11-01"


def test_orphan_sidecar_is_reported(tmp_path: Path) -> None:
    _write(tmp_path, "gone.txt.meta.yaml", "publisher: X\n")
    (item,) = iter_inputs([tmp_path])
    assert isinstance(item, ReadError) and "gone.txt.meta.yaml" in item.message


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("notes.docx", b"PK\x03\x04binary", "unknown file type"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unreadable_files_become_errors_and_others_go_on(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    _write(tmp_path, name, data)
    _write(tmp_path, "ok.txt", "Fine.")
    items = list(iter_inputs([tmp_path]))
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len(errors) == 1 and errors[0].key == name
    assert words in errors[0].message and name in errors[0].message
    assert [d.key for d in items if isinstance(d, RawDocument)] == ["ok.txt"]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    (item,) = iter_inputs([tmp_path / "nope"])
    assert isinstance(item, ReadError) and "no such file" in item.message


def test_bom_is_stripped_and_cp1252_is_the_fallback(tmp_path: Path) -> None:
    _write(tmp_path, "bom.txt", "\ufeffHello".encode())
    _write(tmp_path, "win.txt", "Caf\xe9 \x93quoted\x94\r\nnext".encode("latin-1"))
    docs = {d.key: d for d in _docs([tmp_path])}
    assert docs["bom.txt"].text == "Hello"
    assert docs["win.txt"].text == "Café “quoted”\nnext"
    assert docs["win.txt"].fields == {}


def test_front_matter_is_parsed_and_removed(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", "---\ntitle: Hello\npubDate: 2023-10-18 01:10\n---\n\nBody.\n")
    (doc,) = _docs([tmp_path])
    assert doc.fields["front_matter"] == {"title": "Hello", "pubDate": "2023-10-18 01:10"}
    assert doc.text == "Body.\n"


def test_malformed_front_matter_is_recorded_and_text_kept(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "---\ntitle: [unclosed\n---\nBody stays.\n")
    (doc,) = _docs([tmp_path])
    assert "front_matter" not in doc.fields
    assert "malformed" in doc.fields["front_matter_error"]
    assert doc.text == "Body stays.\n"


def test_text_without_front_matter_is_untouched(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Title\n---\nNot front matter.\n")
    (doc,) = _docs([tmp_path])
    assert doc.text == "Title\n---\nNot front matter.\n" and doc.fields == {}


def test_turtle_is_a_curated_graph(tmp_path: Path) -> None:
    ttl = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"
    _write(tmp_path, "units.ttl", ttl)
    (item,) = iter_inputs([tmp_path])
    assert isinstance(item, CuratedGraph) and item.key == "units.ttl" and item.turtle == ttl


def test_bundled_corpus_reads_as_five_text_documents(corpus_dir: Path) -> None:
    items = list(iter_inputs([corpus_dir]))
    assert all(isinstance(i, RawDocument) and i.fmt == "txt" for i in items)
    assert [i.key[:3] for i in items] == ["000", "001", "002", "003", "004"]
    first = items[0]
    assert isinstance(first, RawDocument)
    assert first.fields["front_matter"]["author"] == "Wikipedia"
    assert not first.text.startswith("---")
