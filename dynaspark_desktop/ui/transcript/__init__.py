"""The virtualised transcript: ``transcript.Transcript`` is its face, the one module other
rooms import. Its parts: the turn column (``turn_column``, with ``turn_rows``,
``scroll_anchor`` and ``spare_widget``), the turn widgets (``turn_widget``: a
``question_bubble`` above an ``answer_block`` with its ``failure_notice``), answer views and
picture views. Imports only ui.base."""
