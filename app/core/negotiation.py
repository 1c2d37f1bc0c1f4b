"""Content negotiation: which of two representations an ``Accept`` header prefers (RFC 9110
section 12.5.1: quality values, ``type/*`` and ``*/*`` ranges)."""

MAX_RANGES = 32  # an Accept header longer than this is read as far as that


def _qualities(accept: str) -> dict[str, float]:
    ranks: dict[str, float] = {}
    for part in accept.split(",")[:MAX_RANGES]:
        media, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranks[media.strip().lower()] = quality
    return ranks


def quality(accept: str, media: str) -> float:
    """The quality ``accept`` gives ``media`` (its own entry, else its type's range, else
    ``*/*``; 0 when none names it)."""
    ranks = _qualities(accept)
    kind = media.split("/", maxsplit=1)[0]
    return ranks.get(media, ranks.get(f"{kind}/*", ranks.get("*/*", 0.0)))


def prefers(accept: str, media: str, *, over: str) -> bool:
    """Whether ``accept`` ranks ``media`` above ``over`` (a tie, or no header: no)."""
    return quality(accept, media) > quality(accept, over)
