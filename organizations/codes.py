"""A short list of choice codes kept in one text column ("political,commitment").

Used where a record carries several values of a small fixed vocabulary and they must be
counted in SQL and kept in history as they were.
"""


def split_codes(value: str) -> list[str]:
    return [code for code in (value or "").split(",") if code]


def join_codes(codes, choices) -> str:
    """The chosen codes in the vocabulary's own order."""
    return ",".join(code for code in choices.values if code in set(codes))


def code_labels(value: str, choices) -> list[str]:
    return [str(choices(code).label) for code in split_codes(value)]
