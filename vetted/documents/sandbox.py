"""Run a document review in a child process with memory and CPU caps and a wall-clock limit.

A hostile file may still find a path the reader's own limits miss (a decompression bug, a
pathological PDF); in a child process that costs the child, never the worker.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vetted.review import DocumentError, Limits, review_bytes

MEMORY_CAP_BYTES = 1024 * 1024 * 1024  # 1 GiB of address space for the child
GRACE_SECONDS = 10.0  # the reader checks its own deadline; this catches a hang inside a library


@dataclass(frozen=True)
class SandboxOutcome:
    result: dict[str, Any] | None = None
    sentences: list[dict[str, Any]] | None = None
    error_code: str = ""
    error_message: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


def _child(
    conn: Any, data: bytes, filename: str, requirements: Sequence[Any], state: str | None, limits: Limits
) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
        # CPU seconds: the kernel stops a child that spins past the reader's own deadline.
        cpu = int(limits.max_seconds + GRACE_SECONDS) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        try:
            result = review_bytes(
                data, filename, requirements=requirements, district_state=state, limits=limits
            )
        except DocumentError as exc:
            conn.send(SandboxOutcome(error_code=exc.code, error_message=exc.message))
            return
        sentences = [
            {"text": s.text, "page": s.page, "section": s.section} for s in result.document.sentences
        ]
        conn.send(SandboxOutcome(result=result.to_dict(), sentences=sentences))
    except MemoryError:
        conn.send(
            SandboxOutcome(
                error_code="too_large", error_message="Reading this document needed too much memory."
            )
        )
    except Exception:  # noqa: BLE001 — anything else is a document we cannot read
        conn.send(SandboxOutcome(error_code="corrupt", error_message="The document could not be read."))
    finally:
        conn.close()


def review_in_child(
    data: bytes,
    filename: str,
    *,
    requirements: Sequence[Any] = (),
    state: str | None = None,
    limits: Limits | None = None,
) -> SandboxOutcome:
    limits = limits or Limits()
    context = multiprocessing.get_context("fork")
    parent_conn, child_conn = context.Pipe(duplex=False)
    process = context.Process(
        target=_child, args=(child_conn, data, filename, list(requirements), state, limits), daemon=True
    )
    process.start()
    child_conn.close()
    grace = limits.max_seconds + GRACE_SECONDS
    outcome: SandboxOutcome | None = None
    if parent_conn.poll(grace):
        try:
            outcome = parent_conn.recv()
        except EOFError:
            outcome = None
    if process.is_alive():
        process.kill()
    process.join(5)
    parent_conn.close()
    if outcome is None:
        if process.exitcode is None or process.exitcode < 0:
            return SandboxOutcome(
                error_code="timeout", error_message="Reading this document took too long or failed."
            )
        return SandboxOutcome(error_code="corrupt", error_message="The document could not be read.")
    return outcome
