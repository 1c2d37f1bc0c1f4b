"""Evaluations of development sessions: Kirkpatrick levels 1 (reaction), 2 (learning) and
3 (behaviour), and their aggregates."""
