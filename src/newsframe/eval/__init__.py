"""Evaluation of extraction against gold data: CoNLL-2003 (actors), PLOVER (events), dates, corpus runs."""
