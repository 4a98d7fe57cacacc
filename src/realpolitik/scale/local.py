"""The worker processes of a ``LocalCluster``: they die with the process that started it.

Imported only when a local cluster starts, as it needs ``distributed``.
"""

from __future__ import annotations

import os
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from realpolitik.coding.batches import die_with_parent


class DieWithParent(WorkerPlugin):  # type: ignore[misc]
    """Have the kernel kill each worker process, restarted ones included, when the process
    that started the local cluster dies, however it dies (SIGKILL included): the worker's
    own watch of its parent can keep it alive for many seconds after."""

    name = "realpolitik-die-with-parent"

    def __init__(self) -> None:
        self.parent = os.getpid()

    def setup(self, worker: Any) -> None:
        if os.getppid() == self.parent:  # a process of this machine's cluster
            die_with_parent(self.parent)


__all__ = ["DieWithParent"]
