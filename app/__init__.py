"""Bangkom: competency development of civil servants (ASN)."""
