"""Internships (magang) at partners: placement under an agreement, the logbook, evaluation,
completion crediting JP."""
