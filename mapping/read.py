"""Read stage: turn input paths into raw documents, curated graphs or read errors.

Reading never stops at a bad file: each problem becomes a ``ReadError`` naming the file
(and line) so the build can report it and go on with the other documents. Nothing here
interprets the text beyond what the container states (front matter, JSON fields, sidecar).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias

import yaml

from conflictkg.mapping.model import CuratedGraph, RawDocument, ReadError

ReadItem: TypeAlias = RawDocument | CuratedGraph | ReadError
TextFormat: TypeAlias = Literal["txt", "md", "html"]

TEXT_FORMATS: Mapping[str, TextFormat] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
SIDECAR_SUFFIX = ".meta.yaml"
# Where scrapers put an article's body in a JSON line (ours and trafilatura "text",
# news-please "maintext", APIs "content"/"body"), first found wins; raw HTML fields are read
# as a page (main text and head metadata) when no text field is there.
JSONL_TEXT_FIELDS = ("text", "maintext", "content", "body", "article", "article_text", "full_text")
JSONL_HTML_FIELDS = ("html", "raw_html", "content_html", "body_html")
# Control characters that never occur in text files; their presence means binary content.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # controls, ESC allowed
_SNIFF = 8192
# Documents (and .jsonl lines) larger than this are refused: no news article is 20 MB, and a
# reader must not be made to hold an unbounded file in memory. Configurable per call.
DEFAULT_MAX_BYTES = 20_000_000


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: metadata never needs them, and a "billion laughs"
    document of nested aliases would otherwise expand into gigabytes downstream."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.YAMLError(f"YAML aliases are not allowed (line {mark.line + 1})")
        return super().compose_node(parent, index)


def load_yaml(text: str) -> Any:
    """Safe YAML for untrusted metadata: no custom tags, no aliases."""
    return yaml.load(text, Loader=_NoAliasLoader)


class _Unreadable(Exception):
    """Internal: a file's bytes cannot be taken as text."""


def iter_inputs(paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadItem]:
    """Yield every document under ``paths`` in a deterministic (sorted) order.

    A file (or a ``.jsonl`` line) over ``max_bytes`` is a ``ReadError``, not read.
    """
    for root in paths:
        root = Path(root)
        if root.is_dir():
            files = sorted(
                (p for p in root.rglob("*") if p.is_file() and not _hidden(p, root)),
                key=lambda p: p.relative_to(root).as_posix(),
            )
            present = {p.relative_to(root).as_posix() for p in files}
            for path in files:
                yield from _read_file(path, path.relative_to(root).as_posix(), present, max_bytes)
        elif root.exists():
            yield from _read_file(root, root.name, {root.name}, max_bytes)
        else:
            yield ReadError(root.name, root, f"{root}: no such file or directory")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _read_file(path: Path, key: str, present: set[str], max_bytes: int) -> Iterator[ReadItem]:
    if key.endswith(SIDECAR_SUFFIX):
        if key[: -len(SIDECAR_SUFFIX)] not in present:
            yield ReadError(key, path, f"{key}: metadata sidecar without a document beside it")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path, key, max_bytes)
        return
    if suffix not in TEXT_FORMATS and suffix not in (".ttl", ".json"):
        known = ", ".join([*sorted(TEXT_FORMATS), ".json", ".jsonl", ".ttl"])
        yield ReadError(key, path, f"{key}: unknown file type {suffix or '(none)'!r} ({known})")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(key, path, f"{key}: {size} bytes, over the size limit of {max_bytes}")
            return
        text = _decode(path.read_bytes())
    except OSError as exc:
        yield ReadError(key, path, f"{key}: cannot be read ({exc.strerror or exc})")
        return
    except _Unreadable as exc:
        yield ReadError(key, path, f"{key}: {exc}")
        return
    if suffix == ".ttl":
        yield CuratedGraph(key, path, text)
        return
    if suffix == ".json":
        yield from _read_json(path, key, text)
        return
    fmt = TEXT_FORMATS[suffix]
    fields: dict[str, Any] = {}
    if fmt != "html":
        text = _split_front_matter(text, fields)
    _merge_sidecar(path, fields)
    yield RawDocument(key=key, path=path, fmt=fmt, text=text, fields=fields)


def _read_jsonl(path: Path, key: str, max_bytes: int) -> Iterator[ReadItem]:
    """Stream a JSON-lines file: one article per line, never the whole file in memory."""
    sidecar: dict[str, Any] = {}
    _merge_sidecar(path, sidecar)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadError(key, path, f"{key}: cannot be read ({exc.strerror or exc})")
        return
    with handle:
        lineno = seen = 0
        while raw := handle.readline(max_bytes + 1):
            lineno += 1
            where = f"{key}#L{lineno}"
            if len(raw) > max_bytes:
                while raw and not raw.endswith(b"\n"):  # skip the rest of the line, bounded
                    raw = handle.readline(max_bytes + 1)
                yield ReadError(
                    where, path, f"{key}, line {lineno}: over the size limit of {max_bytes} bytes"
                )
                continue
            if not raw.strip():
                continue
            seen += 1
            try:
                obj = json.loads(_decode(raw))
            except _Unreadable as exc:
                yield ReadError(where, path, f"{key}, line {lineno}: {exc}")
                continue
            except json.JSONDecodeError as exc:
                yield ReadError(where, path, f"{key}, line {lineno}: not valid JSON ({exc.msg})")
                continue
            yield _article(obj, path, url_or=where, where=f"{key}, line {lineno}", extra=sidecar)
    if not seen:
        yield ReadError(key, path, f"{key}: no articles (the file has no non-empty line)")


def _read_json(path: Path, key: str, text: str) -> Iterator[ReadItem]:
    """A ``.json`` file: one article object (as news-please and trafilatura save them), keyed
    by the file's name, or a list of them, each keyed by its url else ``file#N``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadError(key, path, f"{key}: not valid JSON ({exc.msg}, line {exc.lineno})")
        return
    sidecar: dict[str, Any] = {}
    _merge_sidecar(path, sidecar)
    if not isinstance(data, list):
        yield _article(data, path, url_or=key, where=key, extra=sidecar, keyed_by_url=False)
        return
    for n, obj in enumerate(data, 1):
        yield _article(obj, path, url_or=f"{key}#{n}", where=f"{key}, item {n}", extra=sidecar)
    if not data:
        yield ReadError(key, path, f"{key}: no articles (the list is empty)")


def _article(
    obj: Any,
    path: Path,
    *,
    url_or: str,
    where: str,
    extra: Mapping[str, Any],
    keyed_by_url: bool = True,
) -> RawDocument | ReadError:
    """One JSON article: its body (see ``JSONL_TEXT_FIELDS``), the other fields as metadata,
    keyed by its url (when ``keyed_by_url``) else ``url_or``."""
    body = _jsonl_body(obj)
    if body is None:
        names = ", ".join((*JSONL_TEXT_FIELDS, *JSONL_HTML_FIELDS))
        return ReadError(
            url_or,
            path,
            f"{where}: expected a JSON object with the article's text in one of the fields {names}",
        )
    field, fmt = body
    bodies = (*JSONL_TEXT_FIELDS, *JSONL_HTML_FIELDS)
    fields: dict[str, Any] = {k: v for k, v in obj.items() if k not in bodies}
    fields.update(extra)
    url = obj.get("url")
    key = url if keyed_by_url and isinstance(url, str) and url.strip() else url_or
    return RawDocument(
        key=key, path=path, fmt=fmt, text=_normalise_newlines(obj[field]), fields=fields
    )


def _jsonl_body(obj: Any) -> tuple[str, Literal["jsonl", "html"]] | None:
    """The field holding a JSON line's article, and how to read it."""
    if not isinstance(obj, dict):
        return None
    for fields, fmt in ((JSONL_TEXT_FIELDS, "jsonl"), (JSONL_HTML_FIELDS, "html")):
        for field in fields:
            value = obj.get(field)
            if isinstance(value, str) and value.strip():
                return field, fmt  # type: ignore[return-value]
    return None


def _decode(data: bytes) -> str:
    """UTF-8 (BOM stripped), else cp1252; refuse binary content."""
    if _BINARY_BYTES.search(data, 0, _SNIFF) or b"\x00" in data:
        raise _Unreadable("looks like a binary file (control bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps them so decoding cannot fail.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str, fields: dict[str, Any]) -> str:
    """Move a leading ``---`` YAML block into ``fields``; return the text after it."""
    if not text.startswith("---\n"):
        return text
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4 : end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        return text
    block = text[4 : end + 1]
    body = text[end + 4 :].lstrip("\n")
    try:
        data = load_yaml(block)
    except yaml.YAMLError as exc:
        fields["front_matter_error"] = f"malformed YAML front matter: {_yaml_problem(exc)}"
        return body
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fields["front_matter_error"] = "front matter is not a mapping of keys to values"
        return body
    fields["front_matter"] = data
    return body


def _merge_sidecar(path: Path, fields: dict[str, Any]) -> None:
    """Attach ``FILE.meta.yaml`` (if any) under ``fields["sidecar"]``."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return
    try:
        data = load_yaml(_decode(sidecar.read_bytes()))
    except (OSError, _Unreadable) as exc:
        fields["sidecar_error"] = f"{sidecar.name}: cannot be read ({exc})"
        return
    except yaml.YAMLError as exc:
        fields["sidecar_error"] = f"{sidecar.name}: malformed YAML: {_yaml_problem(exc)}"
        return
    if isinstance(data, dict):
        fields["sidecar"] = data
    elif data is not None:
        fields["sidecar_error"] = f"{sidecar.name}: not a mapping of keys to values"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} (line {mark.line + 1})" if mark is not None else str(problem)
