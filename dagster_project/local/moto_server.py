"""`python -m dagster_project.local.moto_server`: moto server, its SQS receive and send linear.

moto 5.2's ReceiveMessage checks each candidate message's retention period by computing *all*
the queue's attributes, which counts every message in the queue; so one 10-message receive at
a depth of 3,000 costs about 2 s of CPU (measured: docs/performance.md), and the local stack's
sensors spent their 20 s receive budget on about 100 messages. This launcher replaces that one
check with a read of the queue's retention period (the same rule, without the scan). Its
SendMessage has the same fault: it reads `ContentBasedDeduplication` from the full attributes,
counting the queue three times per message sent (a 2,000-event burst spent 45-50 s of moto's
CPU being enqueued); during a send those counts are skipped, as no send reads them. Then it
starts moto's own server with the given arguments. Only local mode, the tests and the
benchmarks use it; production talks to real SQS.

`--fd N` serves on a listening socket the parent bound and passed down (`listeners.py`), so
the port cannot be taken between choosing it and serving on it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from moto.core.utils import unix_time
from moto.sqs.models import Message, Queue, SQSBackend

from dagster_project.local.listeners import LOOPBACK

# moto's own rule, kept for comparison (tests) before `patch_moto` replaces it
MOTO_RULE = SQSBackend.is_message_valid_based_on_retention_period


def is_message_valid_based_on_retention_period(
    self: SQSBackend, queue_name: str, message: Message
) -> bool:
    """Moto's rule (sent time + retention period still ahead), reading one attribute."""
    retention_period = int(self.get_queue(queue_name).message_retention_period)  # type: ignore[attr-defined]
    return retention_period + message.sent_timestamp / 1000 > unix_time()  # type: ignore[operator]


# the queue counts SendMessage computes (through `Queue.attributes`) and never reads
COUNTS = (
    "approximate_number_of_messages",
    "approximate_number_of_messages_delayed",
    "approximate_number_of_messages_not_visible",
)
_sending = threading.local()


def _count_unless_sending(count: Callable[[Queue], int]) -> property:
    def value(queue: Queue) -> int:
        return 0 if getattr(_sending, "active", False) else count(queue)

    value.__wrapped__ = count  # type: ignore[attr-defined]
    return property(value)


def _send_without_counting(send: Callable[..., Message]) -> Callable[..., Message]:
    def send_message(self: SQSBackend, *args: Any, **kwargs: Any) -> Message:
        _sending.active = True
        try:
            return send(self, *args, **kwargs)
        finally:
            _sending.active = False

    send_message.__wrapped__ = send  # type: ignore[attr-defined]
    return send_message


def patch_moto() -> None:
    """Both fixes, once (a second call changes nothing)."""
    SQSBackend.is_message_valid_based_on_retention_period = (  # type: ignore[method-assign]
        is_message_valid_based_on_retention_period
    )
    if hasattr(SQSBackend.send_message, "__wrapped__"):
        return
    SQSBackend.send_message = _send_without_counting(SQSBackend.send_message)  # type: ignore[method-assign]
    for name in COUNTS:
        count = getattr(Queue, name).fget
        setattr(Queue, name, _count_unless_sending(count))


def serve_on(fd: int) -> None:
    """Moto's own application and request handler, on the inherited socket `fd`."""
    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(LOOPBACK, 0, app, threaded=True, request_handler=MotoRequestHandler, fd=fd)
    os.environ.setdefault("MOTO_PORT", str(server.port))  # as moto's own main does
    server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    patch_moto()
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--fd"]:
        serve_on(int(arguments[1]))
        return
    from moto.server import main as moto_main

    moto_main(arguments)


if __name__ == "__main__":
    main()
