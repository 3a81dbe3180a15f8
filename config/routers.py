"""Reads that may be a moment behind go to a read replica, where one is configured.

A city (a dozen counties) or a province puts its dashboards and large exports on a
PostgreSQL streaming replica (`REPLICA_DATABASE_URL`), so they do not slow the writes of
the base. Only reads made inside `replica_reads()` go there, and it wraps only work that
writes nothing (the dashboard, an export job): a page that writes and then reads its own
write never reads from the replica. Without a replica (READ_REPLICA off) everything stays
on "default".
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    """Reads in this block go to the replica when there is one."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and settings.READ_REPLICA:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
