"""The benchmark's own error."""


class BenchError(RuntimeError):
    """The benchmark cannot go on (a failed request, a mismatch, a server that died)."""
