"""Imported once by the forkserver that `--jobs` workers are forked from (``set_forkserver_preload``).

Importing spaCy and the pipeline and loading the shipped lexicons take seconds; done here once, every worker
forked afterwards starts with them in memory instead of paying them again. Nothing else imports this module.
"""

from motesgraf.extraction.pipeline import Extractor

# A tiny note also runs every stage once, so the lazily built parts (spaCy's Swedish data, patterns) are warm.
_NOTE = "Anteckningar 2024-01-15\n\nNärvarande:\nAnna Berg, Malmö stad\n\n1. Välkommen\nAnna hälsar välkommen.\n"

try:
    Extractor().extract_text(_NOTE)
except Exception:  # only a warm-up: each worker builds its own Extractor and reports any error itself
    pass
