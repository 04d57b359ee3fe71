"""Derive mapping/data/whosonfirst_index.tsv.gz from ALL of the Who's On First reference data.

    .venv/bin/python tools/derive_wof_index.py [--shared /work/shared/data]

Every named record of ``whosonfirst_iq.csv`` and ``whosonfirst_sy.csv`` becomes one row (no
subset cut to the corpus: other battles name other places). Columns, tab-separated:

    wof_id  country  placetype  current  lat  lon  region_id  county_id  locality_id  wd
    name  names (|-separated English names and variants)  keys (|-separated geo keys)

``keys`` are the spelling-insensitive keys of ``mapping.geocode.geo_key`` precomputed, so the
product loads the index without normalising 33,000 names. Rows are sorted by wof_id and the
gzip header carries no timestamp, so a re-run gives byte-identical output. The product reads
only this file, never /work/shared. Credit (kept in mapping/data/README.md): "Data from
Who's On First (https://whosonfirst.org/docs/licenses/), including GeoNames (CC-BY)."
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
from pathlib import Path

from conflictkg.mapping.geocode import COLUMNS, geo_key

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "mapping" / "data" / "whosonfirst_index.tsv.gz"


def _clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def rows(shared: Path) -> list[list[str]]:
    out: list[list[str]] = []
    for country in ("iq", "sy"):
        path = shared / f"whosonfirst_{country}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                name = _clean(row["name"])
                if not name or not row["placetype"]:
                    continue
                hierarchy = json.loads(row["hierarchy"] or "[]")
                first = hierarchy[0] if hierarchy else {}

                def anc(key: str, first: dict[str, object] = first) -> str:
                    value = first.get(f"{key}_id")
                    return str(value) if value and int(str(value)) > 0 else ""

                names = [name] + [_clean(n) for n in row["names_eng"].split("|")]
                names = list(dict.fromkeys(n for n in names if n))
                keys = sorted({k for n in names if (k := geo_key(n))})
                current = "0" if row["is_current"] == "0" or row["deprecated"] else "1"
                out.append(
                    [
                        row["wof_id"],
                        country,
                        row["placetype"],
                        current,
                        row["lat"],
                        row["lon"],
                        anc("region"),
                        anc("county"),
                        anc("locality"),
                        row["wd"],
                        name,
                        "|".join(names),
                        "|".join(keys),
                    ]
                )
    return sorted(out, key=lambda r: int(r[0]))


def write(table: list[list[str]], out: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
    writer.writerow(COLUMNS)
    writer.writerows(table)
    out.parent.mkdir(parents=True, exist_ok=True)
    with (
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    table = rows(args.shared)
    write(table, args.out)
    print(f"wrote {len(table)} Who's On First records to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
