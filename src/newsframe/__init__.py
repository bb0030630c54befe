"""newsframe: news documents to a validated relational event dataset.

The package turns news documents into the v1 tables (documents, sentences,
mentions, actors, events, topics, document_topics, rejects), and validates any
such tables, ours or another extractor's, against ODCS data contracts compiled
to Pandera and Great Expectations plus factual-consistency checks.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
