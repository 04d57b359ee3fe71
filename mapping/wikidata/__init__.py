"""Wikidata integration: coverage of verified ids, linking proposals, QuickStatements export.

A wrong QID is worse than none: every id the graph carries must be supported by the evidence
kept beside it in the gazetteer, and doubtful ids are reported, never linked.
"""
