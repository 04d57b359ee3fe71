"""Which country a document is about ("iq" or "sy"), for the units read by country.

"Kurdish forces", "government forces", "army units" name a different force in Iraq and in
Syria (``lexicons/units.yaml``): the country is the one most of the document's named places
lie in, then the one whose home forces it names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from conflictkg.mapping.gazetteer import Gazetteer
from conflictkg.mapping.geocode import wof_index
from conflictkg.mapping.model import Entity, Mention
from conflictkg.mapping.units import UnitLexicon, load_unit_lexicon


def document_country(
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    new_entities: Mapping[str, Entity] | None = None,
    lex: UnitLexicon | None = None,
) -> str | None:
    """ "iq" or "sy": the country most of the document's named places lie in. A place the
    gazetteer lacks counts by the Who's On First record it was geocoded to ("Palmyra"), so a
    report on a battle the gazetteer does not cover still reads "Kurdish forces" rightly."""
    counts = {"iq": 0, "sy": 0}
    for m in mentions:
        chain = [m.entity_id, *gazetteer.ancestors(m.entity_id)]
        if "place/iraq" in chain:
            counts["iq"] += 1
        elif "place/syria" in chain:
            counts["sy"] += 1
        elif (found := _wof_country((new_entities or {}).get(m.entity_id))) in counts:
            counts[found] += 1
    if counts["iq"] == counts["sy"]:
        # No place decides ("the Palmyra citadel" only): the forces that fight at home do.
        home = (lex or load_unit_lexicon()).home_forces
        for m in mentions:
            for eid in (m.entity_id, *gazetteer.ancestors(m.entity_id)):
                if eid in home:
                    counts[home[eid]] += 1
                    break
    if counts["iq"] == counts["sy"]:
        return None
    return "iq" if counts["iq"] > counts["sy"] else "sy"


def _wof_country(entity: Entity | None) -> str | None:
    """The country code of the Who's On First record a new place was geocoded to."""
    if entity is None or entity.kind != "place" or not entity.source.startswith("whosonfirst:"):
        return None
    record = wof_index().get(entity.source.split(":", 1)[1])
    return record.country.lower() if record is not None else None
