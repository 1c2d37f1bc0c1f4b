"""Certificates (STTP): issued, numbered, printed, verified by anyone, exported as Open Badges."""
