"""The build side: documents -> cleaned text -> entities and events -> RDF -> store.

Never imports ``conflictkg.server``. Start reading at ``pipeline``.
"""
