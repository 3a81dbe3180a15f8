"""Two identical requests at the same moment (a double submit) answered as if one had come
after the other."""

import functools

from django.db import IntegrityError


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the constraint the database refused an insert for (PostgreSQL names it;
    SQLite does not, and never runs two writers at once anyway)."""
    diagnosis = getattr(error.__cause__, "diag", None)
    return getattr(diagnosis, "constraint_name", None)


def again_after_duplicate(*constraints: str):
    """Run an atomic service once more when its insert lost a race on one of `constraints`.

    For a value unique across the county (an ID number, a document number) there is no row
    to lock first: both requests pass the service's check before either has saved, and the
    database refuses the second insert once the first has committed. The failed attempt is
    rolled back whole (the service is atomic, a savepoint inside a request); run again, the
    service finds the committed row through its ordinary check and refuses with the same
    Chinese message a sequential duplicate gets. Any other integrity error is not ours to
    explain and goes on up.
    """

    def decorate(service):
        @functools.wraps(service)
        def run(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except IntegrityError as error:
                if violated_constraint(error) not in constraints:
                    raise
            return service(*args, **kwargs)

        return run

    return decorate
