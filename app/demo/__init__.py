"""Seeded, deterministic demo data for Kota Solok (``python -m app.demo``)."""

from app.demo.generator import generate

__all__ = ["generate"]
