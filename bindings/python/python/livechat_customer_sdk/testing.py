"""The local LiveChat emulator for your own tests: ``from livechat_customer_sdk.testing import Emulator``.

``Emulator()`` starts the ``livechat-emulator`` binary on a free loopback port (one per instance,
so tests cannot disturb each other), reads its URL and its random agent and control tokens, and
wraps its control API (fault injection, pushes) and its Agent API (act as the agent). Point a
client at it with ``emulator.config()``. Use it as a context manager, or ``stop()`` it.

The binary comes with the ``livechat-emulator`` wheel (``pip install
"livechat-customer-sdk[testing]"``); it is looked up in this order: the ``binary`` argument, the
``LIVECHAT_EMULATOR`` environment variable, the scripts folder of the running Python (the
virtualenv's ``bin/``), next to this package, then ``PATH``.

With pytest, the ``livechat_emulator`` fixture (a fresh emulator per test) is available as soon as
this package is installed (a pytest plugin registered by the wheel).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Dict, List, Optional, Sequence, Type, cast

from ._livechat.livechat import ChatConfig

__all__ = ["Emulator", "EmulatorError", "find_emulator", "LICENSE_ID"]

#: The license every default emulator serves (region ``dal``; groups 0 and 1 online).
LICENSE_ID = 12345

_BINARY = "livechat-emulator"
_TIMEOUT = 20.0


class EmulatorError(RuntimeError):
    """The emulator could not be found or started, or its control API answered an error
    (``type`` and ``message`` as the emulator gives them)."""

    def __init__(self, message: str, type: str = "emulator") -> None:
        super().__init__(message)
        self.type = type


def find_emulator(binary: Optional[str] = None) -> str:
    """The path of the ``livechat-emulator`` binary (see the module's docs for the lookup)."""
    candidates: List[Optional[str]] = [binary, os.environ.get("LIVECHAT_EMULATOR")]
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent), str(Path(__file__).parent)):
        candidates.append(str(Path(folder) / _BINARY))
    candidates.append(shutil.which(_BINARY))
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    if binary or os.environ.get("LIVECHAT_EMULATOR"):
        raise EmulatorError(f"not an executable emulator binary: {binary or os.environ['LIVECHAT_EMULATOR']}")
    raise EmulatorError(
        "livechat-emulator not found: install the livechat-emulator wheel "
        '(pip install "livechat-customer-sdk[testing]"), or set LIVECHAT_EMULATOR to the binary'
    )


class Emulator:
    """One running emulator. ``url`` is its base URL (API origin of region dal, accounts origin and
    control API); ``agent_token`` / ``control_token`` authorise the Agent and control APIs."""

    url: str
    agent_token: str
    control_token: str

    def __init__(
        self,
        binary: Optional[str] = None,
        *,
        bot: bool = True,
        config_file: Optional[str] = None,
        extra_args: Sequence[str] = (),
    ) -> None:
        """Starts the emulator and waits until it accepts connections. ``bot=False`` turns the bot
        agent off (no automatic replies: exact event sequences). ``config_file``: the emulator's
        TOML/JSON configuration (licenses, groups, agents, forms, limits)."""
        command = [find_emulator(binary), "--listen", "127.0.0.1:0"]
        if not bot:
            command.append("--no-bot")
        if config_file:
            command += ["--config", config_file]
        command += list(extra_args)
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        stdout: IO[str] = self._process.stdout  # type: ignore[assignment]
        # `agent token: T` and `control token: T`, then `listening on URL` once it accepts.
        printed: Dict[str, str] = {}
        for line in stdout:
            line = line.strip()
            if line.startswith("listening on "):
                self.url = line[len("listening on ") :]
                break
            key, _, value = line.partition(": ")
            printed[key] = value
        else:
            self._process.kill()
            _, errors = self._process.communicate(timeout=_TIMEOUT)
            raise EmulatorError(f"the emulator did not start: {errors.strip() or printed!r}")
        self.agent_token = printed["agent token"]
        self.control_token = printed["control token"]
        # Keep reading its output, so that a chatty emulator never blocks on a full pipe.
        for stream in (stdout, self._process.stderr):
            threading.Thread(target=_drain, args=(stream,), daemon=True).start()

    # ----- lifecycle

    def stop(self) -> None:
        """Stops the emulator (every socket it serves is closed). Idempotent."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait(timeout=_TIMEOUT)

    def __enter__(self) -> Emulator:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Emulator(url={self.url!r}, running={self._process.poll() is None})"

    # ----- pointing a client at it

    def config(self, **overrides: Any) -> ChatConfig:
        """A ``ChatConfig`` for this emulator (license ``LICENSE_ID``, both regions and the
        accounts origin pointed here); keyword arguments override any field."""
        fields: Dict[str, Any] = dict(
            license_id=LICENSE_ID,
            client_id="livechat-tests",
            api_origin_dal=self.url,
            api_origin_fra=f"{self.url}/fra",
            accounts_origin=self.url,
        )
        fields.update(overrides)
        return ChatConfig(**fields)

    # ----- raw APIs

    def control(self, op: str, body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """``POST /emulator/<op>`` (the control API; see the emulator's README)."""
        return self._post(f"/emulator/{op}", self.control_token, body)

    def agent(self, action: str, body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """``POST /v3.3/agent/action/<action>``: the Agent API, as the default agent (Jane)."""
        return self._post(f"/v3.3/agent/action/{action}", self.agent_token, body)

    def _post(self, path: str, token: str, body: Optional[Dict[str, Any]]) -> Dict[str, Any]:
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(body or {}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT) as reply:
                answer: Any = json.loads(reply.read() or b"{}")
        except urllib.error.HTTPError as failure:
            try:
                error = json.loads(failure.read())["error"]
            except (ValueError, KeyError, TypeError):
                raise EmulatorError(f"{path}: HTTP {failure.code}") from None
            raise EmulatorError(f"{path}: {error.get('message', '')}", error.get("type", "")) from None
        if isinstance(answer, dict):
            return cast(Dict[str, Any], answer)
        return {"result": answer}

    # ----- control API: faults and pushes

    def fail(self, action: str, error_type: str, message: str = "injected", count: int = 1) -> None:
        """The next ``count`` requests of ``action`` (``"get_customer"``, ``"login"``,
        ``"agent/send_event"``...) fail with the server error ``error_type`` (``"internal"``,
        ``"service_unavailable"``...); ``count=0`` clears it."""
        self.control("fail", {"action": action, "count": count, "error": {"type": error_type, "message": message}})

    def delay(self, action: str, ms: int) -> None:
        """Delays replies to ``action`` by ``ms`` milliseconds (0 clears)."""
        self.control("delay", {"action": action, "ms": ms})

    def disconnect(self, customer_id: str, reason: str, data: Optional[Dict[str, Any]] = None) -> int:
        """Pushes ``customer_disconnected`` with ``reason`` to every connection of the customer,
        then closes them. Returns how many connections it closed."""
        body: Dict[str, Any] = {"customer_id": customer_id, "reason": reason}
        if data is not None:
            body["data"] = data
        return int(self.control("disconnect", body).get("connections", 0))

    def drop(self, customer_id: str) -> int:
        """Drops the customer's sockets without a close frame (a network failure)."""
        return int(self.control("drop", {"customer_id": customer_id}).get("connections", 0))

    def expire_token(self, customer_id: str) -> None:
        """Expires the customer's tokens (``access_token_expired``)."""
        self.control("expire_token", {"customer_id": customer_id})

    def token_lifetime(self, seconds: int) -> None:
        """Lifetime of the tokens issued from now on."""
        self.control("token_lifetime", {"seconds": seconds})

    def set_bot(self, enabled: bool) -> None:
        """Turns the bot agent (a typing indicator then a reply to every message) on or off."""
        self.control("bot", {"enabled": enabled})

    def greeting(self, customer_id: str, text: Optional[str] = None) -> Dict[str, Any]:
        """Pushes ``incoming_greeting``; returns ``{greeting_id, unique_id}``."""
        body: Dict[str, Any] = {"customer_id": customer_id}
        if text is not None:
            body["text"] = text
        return self.control("greetings", body)

    def group_status(self, group_id: int, status: str) -> None:
        """``"online"``, ``"offline"`` or ``"online_for_queue"``."""
        self.control("group_status", {"group_id": group_id, "status": status})

    def queue(self, chat_id: str, position: int, wait_time: int) -> None:
        """Puts the chat's active thread in the queue (``queue_position_updated``)."""
        self.control("queue", {"chat_id": chat_id, "position": position, "wait_time": wait_time})

    def state(self) -> Dict[str, Any]:
        """Counts and contents: customers, connections, chats, tickets..."""
        return self.control("state")

    def reset(self) -> None:
        """Clears every ``fail`` and ``delay``."""
        self.control("reset")

    # ----- Agent API shortcuts

    def send_agent_message(self, chat_id: str, text: str) -> Dict[str, Any]:
        """The agent (Jane) sends ``text`` in the chat."""
        return self.agent("send_event", {"chat_id": chat_id, "event": {"type": "message", "text": text}})


def _drain(stream: Optional[IO[str]]) -> None:
    if stream is None:
        return
    try:
        for _ in stream:
            pass
    except (OSError, ValueError):
        pass
