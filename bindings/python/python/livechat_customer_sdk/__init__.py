"""LiveChat Customer SDK for Python (Customer Chat API v3.3), a binding of the Rust SDK.

Everything the SDK exports is re-exported here from the UniFFI-generated module (``ChatClient``,
``ChatClientBuilder``, ``ChatConfig``, ``ChatEvent``, ``ChatError``, ...), with its type hints.
Every method exists twice: blocking (``client.send_event(...)``) and as a coroutine
(``await client.send_event_async(...)``). Errors are ``ChatError`` exceptions with a stable
``code`` (``"GROUP_OFFLINE"``...) and a human ``reason``.

Free-form JSON (properties, custom event content) is passed as JSON text: use ``json.dumps`` /
``json.loads``.

This package adds, over the generated module:

- ``ChatClient`` / ``ChatClientBuilder`` subclasses: ``with`` / ``async with`` teardown (destroy,
  then release the native object), and the ``_async`` twins of the methods that return at once.
- ``events(client)``: ``async for event in events(client)``, in delivery order.
- ``states(client)``: ``async for state in states(client)``: the connection state (status and
  customer id) at once, then every change.
- ``listener(fn)``, ``state_observer(fn)``, ``token_provider(get_token, invalidate=None)``,
  ``progress(fn)``, ``log_sink(fn)``: the SDK's callback interfaces from plain functions.
- ``set_callback_loop(loop)``: the asyncio loop that runs async host callbacks (``async def``
  methods of a ``TokenProvider``). By default a private background loop runs them, so they work
  in blocking programs too; pick your own loop if your provider awaits objects bound to it.
- ``repr()`` of records and enum variants shows their fields.
- ``livechat_customer_sdk.testing``: the local emulator for your own tests.

At interpreter exit the package stops every call from the SDK into Python first (``atexit``):
CPython would otherwise stop an SDK thread that calls a listener during finalisation, which
aborts the process.
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import ctypes
import inspect
import struct
import threading
import weakref
from types import TracebackType
from typing import (
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Deque,
    List,
    Optional,
    Set,
    Type,
    TypeVar,
    Union,
    cast,
)

# The generated API, name by name (tests/test_typing.py checks that every name the generated
# module exports is here). ChatClient, ChatClientBuilder, ChatError, NewEvent and FormAnswer are
# defined or re-typed below.
from ._livechat import livechat as _generated
from ._livechat.livechat import (  # noqa: F401 (re-exported)
    Access as Access,
    Availability as Availability,
    ButtonType as ButtonType,
    Chat as Chat,
    ChatClientBuilderProtocol as ChatClientBuilderProtocol,
    ChatClientProtocol as ChatClientProtocol,
    ChatConfig as ChatConfig,
    ChatEvent as ChatEvent,
    ChatHistory as ChatHistory,
    ChatHistoryProtocol as ChatHistoryProtocol,
    ChatListener as ChatListener,
    ChatListenerImpl as ChatListenerImpl,
    ChatSummary as ChatSummary,
    ChatThread as ChatThread,
    ConnectionState as ConnectionState,
    ConnectionStatus as ConnectionStatus,
    Customer as Customer,
    CustomerData as CustomerData,
    CustomerDataProvider as CustomerDataProvider,
    CustomerDataProviderImpl as CustomerDataProviderImpl,
    CustomerStatistics as CustomerStatistics,
    CustomerToken as CustomerToken,
    ErrorCode as ErrorCode,
    Event as Event,
    EventContent as EventContent,
    FilledFormField as FilledFormField,
    Form as Form,
    FormChoice as FormChoice,
    FormField as FormField,
    FormResult as FormResult,
    FormType as FormType,
    Greeting as Greeting,
    GreetingAgent as GreetingAgent,
    GroupStatus as GroupStatus,
    HistoryPage as HistoryPage,
    InitialThread as InitialThread,
    InternalError as InternalError,
    KeyValueStore as KeyValueStore,
    KeyValueStoreImpl as KeyValueStoreImpl,
    ListChatsResult as ListChatsResult,
    ListThreadsResult as ListThreadsResult,
    LogLevel as LogLevel,
    LogRecord as LogRecord,
    LogSink as LogSink,
    LogSinkImpl as LogSinkImpl,
    MessagePostback as MessagePostback,
    Postback as Postback,
    PredictedAgent as PredictedAgent,
    Queue as Queue,
    RichMessageButton as RichMessageButton,
    RichMessageElement as RichMessageElement,
    RichMessageImage as RichMessageImage,
    RichMessageTemplate as RichMessageTemplate,
    SessionField as SessionField,
    SortOrder as SortOrder,
    StateObserver as StateObserver,
    StateObserverImpl as StateObserverImpl,
    Subscription as Subscription,
    SubscriptionProtocol as SubscriptionProtocol,
    Thumbnail as Thumbnail,
    Thumbnails as Thumbnails,
    Ticket as Ticket,
    TokenProvider as TokenProvider,
    TokenProviderImpl as TokenProviderImpl,
    TransferredTo as TransferredTo,
    TypingIndicator as TypingIndicator,
    UploadHandle as UploadHandle,
    UploadHandleProtocol as UploadHandleProtocol,
    UploadProgressListener as UploadProgressListener,
    UploadProgressListenerImpl as UploadProgressListenerImpl,
    UploadedFile as UploadedFile,
    UrlInfo as UrlInfo,
    User as User,
    clear_log_sink as clear_log_sink,
    error_codes as error_codes,
    event_names as event_names,
    prepare_for_exit as prepare_for_exit,
    set_log_level as set_log_level,
    set_log_sink as set_log_sink,
)

# The generated glue's own internals, which this layer patches or calls (the buffer builder, the
# free function of a client): untyped and private to the glue, so typed here as what they are, Any.
_glue: Any = _generated

# Typed views of what the generated module declares loosely for type checkers (see _facades.pyi);
# at run time these are the generated classes themselves.
from ._facades import ChatError, FormAnswer, NewEvent

# Registered at import, so it runs after the app's own atexit hooks (LIFO) and before CPython
# finalises (when a thread calling into Python would be stopped by a forced unwind).
atexit.register(prepare_for_exit)

# ----- asyncio integration ------------------------------------------------------------------
#
# The generated glue takes one loop for two different jobs: awaiting Rust futures (must be the
# caller's running loop) and running async host callbacks that Rust calls from its own threads
# (those threads have no loop). `uniffi_set_event_loop` would force one loop for both, which breaks
# `await client.x_async()` from any other loop. So: the running loop when there is one, else the
# callback loop.

_callback_loop: Optional[asyncio.AbstractEventLoop] = None
_callback_lock = threading.Lock()


def _start_background_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="livechat-callbacks", daemon=True)
    thread.start()
    return loop


def _event_loop() -> asyncio.AbstractEventLoop:
    global _callback_loop
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    with _callback_lock:
        if _callback_loop is None or _callback_loop.is_closed():
            _callback_loop = _start_background_loop()
        return _callback_loop


def set_callback_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Runs async host callbacks (called from SDK threads) on ``loop`` instead of the private
    background loop. ``loop`` must keep running while the SDK is in use."""
    global _callback_loop
    with _callback_lock:
        _callback_loop = loop


setattr(_generated, "_uniffi_get_event_loop", _event_loop)

# ----- faster buffer writes --------------------------------------------------------------------
#
# The generated glue copies every str/bytes argument into the Rust buffer one byte at a time, in
# Python, holding the GIL (10 MiB took 1.4 s). One memmove does the same.


def _write_bytes(self: Any, value: bytes) -> None:  # self: the glue's _UniffiRustBufferBuilder
    with self._reserve(len(value)):
        base = ctypes.cast(self.rbuf.data, ctypes.c_void_p).value or 0
        ctypes.memmove(base + self.rbuf.len, bytes(value), len(value))


def _pack_into(self: Any, size: int, format: str, value: object) -> None:
    _write_bytes(self, struct.pack(format, value))


setattr(_glue._UniffiRustBufferBuilder, "write", _write_bytes)
setattr(_glue._UniffiRustBufferBuilder, "_pack_into", _pack_into)

# ----- repr() with fields ----------------------------------------------------------------------
#
# Generated records define only __str__ (unquoted values), and enum variants get the empty
# dataclass repr (`NewEvent.MESSAGE()`). Every generated class that takes its fields in __init__
# gets a repr listing them, so `print(repr(event))` and pytest's assertion diffs show the data.


def _fields_repr(cls: type, names: List[str]) -> Callable[[object], str]:
    def __repr__(self: object) -> str:
        fields = ", ".join(f"{name}={getattr(self, name, None)!r}" for name in names)
        return f"{type(self).__qualname__}({fields})"

    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    return __repr__


def _add_field_reprs() -> None:
    seen: Set[type] = set()
    pending: List[type] = [c for c in vars(_generated).values() if isinstance(c, type)]
    while pending:
        cls = pending.pop()
        if cls in seen or cls.__module__ != _generated.__name__:
            continue
        seen.add(cls)
        pending.extend(c for c in vars(cls).values() if isinstance(c, type))  # enum variants
        pending.extend(cls.__bases__)  # a variant's own class, under its `type(...)` subclass
        own = vars(cls)
        if "__str__" in own and "__init__" in own and BaseException not in cls.__mro__:
            parameters = inspect.signature(own["__init__"]).parameters
            names = [n for n, p in parameters.items() if n != "self" and p.kind != p.VAR_KEYWORD]
            setattr(cls, "__repr__", _fields_repr(cls, names))


_add_field_reprs()

# ----- one Python thread state per SDK thread --------------------------------------------------
#
# A callback from a thread Python did not create makes ctypes create a Python thread state for
# the call and destroy it after (PyGILState_Ensure / Release). The callbacks below take one
# extra PyGILState reference the first time they run on a thread, so that thread keeps its state
# (and its `threading.local` data) from one event to the next. Threads that end leave their state
# to the interpreter, which frees it at exit.

_PyGILState_Ensure = ctypes.pythonapi.PyGILState_Ensure
_PyGILState_Ensure.restype = ctypes.c_int
_PyGILState_Ensure.argtypes = []
_thread_state = threading.local()


def _keep_thread_state() -> None:
    if not getattr(_thread_state, "kept", False):
        _PyGILState_Ensure()
        _thread_state.kept = True


# ----- adapters from plain functions --------------------------------------------------------


class _FunctionListener(ChatListener):
    def __init__(self, fn: Callable[[ChatEvent], object]):
        self._fn = fn

    def on_event(self, event: ChatEvent) -> None:
        _keep_thread_state()
        self._fn(event)


def listener(fn: Callable[[ChatEvent], object]) -> ChatListener:
    """A ``ChatListener`` calling ``fn(event)`` (on an SDK thread)."""
    return _FunctionListener(fn)


TokenSource = Callable[[], Union[CustomerToken, Awaitable[CustomerToken]]]

_T = TypeVar("_T")


async def _in_own_thread(fn: Callable[[], _T]) -> _T:
    """Runs a blocking ``fn`` in a thread of its own (a daemon: it cannot hold up exit), so one
    provider that blocks cannot starve the others as a shared executor would."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def run() -> None:
        try:
            value = fn()
        except BaseException as error:  # noqa: BLE001 (handed to the awaiting coroutine)
            failure = error  # `error` is unbound when the except block ends
            loop.call_soon_threadsafe(settle, lambda: future.set_exception(failure))
        else:
            loop.call_soon_threadsafe(settle, lambda: future.set_result(value))

    threading.Thread(target=run, name="livechat-token-provider", daemon=True).start()
    return await future


class _FunctionTokenProvider(TokenProvider):
    def __init__(self, get_token: TokenSource, invalidate: Optional[Callable[[], object]]):
        self._get_token = get_token
        self._invalidate = invalidate

    async def get_token(self) -> CustomerToken:
        if inspect.iscoroutinefunction(self._get_token):
            token: CustomerToken = await self._get_token()
            return token
        # A blocking function (an HTTP call...) runs in a thread of its own, not on the loop.
        return await _in_own_thread(cast(Callable[[], CustomerToken], self._get_token))

    async def invalidate(self) -> None:
        if self._invalidate is None:
            return
        if inspect.iscoroutinefunction(self._invalidate):
            await self._invalidate()
        else:
            await _in_own_thread(self._invalidate)


def token_provider(
    get_token: TokenSource, invalidate: Optional[Callable[[], object]] = None
) -> TokenProvider:
    """A ``TokenProvider`` from a function returning a ``CustomerToken`` (plain or ``async``).
    Raise ``ChatError.Failed(code, reason)`` in it to fail a fetch with that code."""
    return _FunctionTokenProvider(get_token, invalidate)


class _FunctionProgress(UploadProgressListener):
    def __init__(self, fn: Callable[[float], object]):
        self._fn = fn

    def on_progress(self, progress: float) -> None:
        self._fn(progress)


def progress(fn: Callable[[float], object]) -> UploadProgressListener:
    """An ``UploadProgressListener`` calling ``fn(fraction)``."""
    return _FunctionProgress(fn)


class _FunctionLogSink(LogSink):
    def __init__(self, fn: Callable[[LogRecord], object]):
        self._fn = fn

    def log(self, record: LogRecord) -> None:
        self._fn(record)


def log_sink(fn: Callable[[LogRecord], object]) -> LogSink:
    """A ``LogSink`` calling ``fn(record)``, e.g. to forward to ``logging``."""
    return _FunctionLogSink(fn)


class _FunctionStateObserver(StateObserver):
    def __init__(self, fn: Callable[[ConnectionState], object]):
        self._fn = fn

    def on_state(self, state: ConnectionState) -> None:
        _keep_thread_state()
        self._fn(state)


def state_observer(fn: Callable[[ConnectionState], object]) -> StateObserver:
    """A ``StateObserver`` calling ``fn(state)`` (on an SDK thread) for
    ``client.observe_state(...)``: the current state at once, then every change."""
    return _FunctionStateObserver(fn)


# ----- the client: async twins and teardown ----------------------------------------------------

_handles = threading.Lock()  # a client's native handle is taken and released under it


class ChatClient(_generated.ChatClient):
    """The SDK instance (the docs' ``customerSDK``): ``ChatClient(config)``.

    Use it as a context manager, ``with ChatClient(config) as client:`` or ``async with``: leaving
    the block destroys the client (connections closed, listeners released, ``events()`` and
    ``states()`` iterations ended) and releases its native object; later calls fail with
    ``SDK_DESTROYED``. ``close()`` / ``aclose()`` do the same without a block."""

    @classmethod
    def init(cls, config: ChatConfig) -> ChatClient:
        """The docs' ``init(config)``: same as ``ChatClient(config)``."""
        client = super().init(config)
        assert isinstance(client, ChatClient)
        return client

    # -- teardown

    def _uniffi_clone_handle(self) -> int:
        with _handles:
            if getattr(self, "_handle", None) is None:
                raise ChatError.Failed("SDK_DESTROYED", "The client was closed (destroyed and released).")
            handle = cast(int, super()._uniffi_clone_handle())  # type: ignore[no-untyped-call]
            return handle

    def _release(self) -> None:
        with _handles:
            handle = self.__dict__.pop("_handle", None)
        if handle is not None:
            _glue._uniffi_rust_call(_glue._UniffiLib.uniffi_livechat_fn_free_chatclient, handle)

    def close(self) -> None:
        """Destroys the client, waits until its listeners are released, then releases the native
        object. Idempotent. What leaving ``with ChatClient(...)`` does."""
        if getattr(self, "_handle", None) is None:
            return
        try:
            self.destroy()
        except ChatError as error:  # already destroyed (by the server: identity_mismatch...)
            if error.code != "SDK_DESTROYED":
                raise
        self.flush_events()
        self._release()

    async def aclose(self) -> None:
        """``close()`` for coroutines (what leaving ``async with`` does)."""
        if getattr(self, "_handle", None) is None:
            return
        try:
            await self.destroy_async()
        except ChatError as error:
            if error.code != "SDK_DESTROYED":
                raise
        await self.flush_events_async()
        self._release()

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    async def __aenter__(self) -> ChatClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    # -- the async twins of the methods the export layer exports in one form only: they return
    # at once (flush_events waits for listeners, so its twin waits in a thread).

    async def on_async(self, event_name: str, listener: ChatListener) -> Subscription:
        """Async twin of ``on``."""
        return self.on(event_name, listener)

    async def once_async(self, event_name: str, listener: ChatListener) -> Subscription:
        """Async twin of ``once``."""
        return self.once(event_name, listener)

    async def off_async(self, subscription: Subscription) -> bool:
        """Async twin of ``off``."""
        return self.off(subscription)

    async def flush_events_async(self) -> None:
        """Async twin of ``flush_events``: waits (in a worker thread) until every event emitted
        so far has reached the listeners."""
        await asyncio.get_running_loop().run_in_executor(None, self.flush_events)

    async def status_async(self) -> ConnectionStatus:
        """Async twin of ``status``."""
        return self.status()

    async def observe_state_async(self, observer: StateObserver) -> Subscription:
        """Async twin of ``observe_state``."""
        return self.observe_state(observer)

    async def region_async(self) -> str:
        """Async twin of ``region``."""
        return self.region()

    async def customer_id_async(self) -> Optional[str]:
        """Async twin of ``customer_id``."""
        return self.customer_id()

    async def get_chat_history_async(self, chat_id: str) -> ChatHistory:
        """Async twin of ``get_chat_history`` (then ``await history.next_async()``)."""
        return self.get_chat_history(chat_id)

    async def set_sneak_peek_async(self, chat_id: str, sneak_peek_text: str) -> None:
        """Async twin of ``set_sneak_peek``."""
        self.set_sneak_peek(chat_id, sneak_peek_text)

    async def update_customer_page_async(
        self, url: Optional[str] = None, title: Optional[str] = None
    ) -> None:
        """Async twin of ``update_customer_page``."""
        self.update_customer_page(url=url, title=title)

    async def upload_file_async(
        self, data: bytes, name: str, content_type: Optional[str] = None
    ) -> UploadHandle:
        """Async twin of ``upload_file`` (then ``await upload.result_async()``)."""
        return self.upload_file(data, name, content_type=content_type)

    async def upload_file_with_progress_async(
        self,
        data: bytes,
        name: str,
        content_type: Optional[str],
        progress: UploadProgressListener,
    ) -> UploadHandle:
        """Async twin of ``upload_file_with_progress``."""
        return self.upload_file_with_progress(data, name, content_type, progress)


class ChatClientBuilder(_generated.ChatClientBuilder):
    """Builds a ``ChatClient`` with host plug-ins:
    ``ChatClientBuilder(config).token_provider(p).on("*", listener(fn)).build()``."""

    def token_provider(self, provider: TokenProvider) -> ChatClientBuilder:
        """Host-supplied tokens instead of the built-in cookie grant."""
        super().token_provider(provider)
        return self

    def customer_data_provider(self, provider: CustomerDataProvider) -> ChatClientBuilder:
        """The docs' ``customerDataProvider``."""
        super().customer_data_provider(provider)
        return self

    def key_value_store(self, store: KeyValueStore) -> ChatClientBuilder:
        """Persistent storage for token, cookies and side storage (default: memory only)."""
        super().key_value_store(store)
        return self

    def on(self, event_name: str, listener: ChatListener) -> ChatClientBuilder:
        """A listener in place before the instance starts: it sees every event from the first."""
        super().on(event_name, listener)
        return self

    def build(self) -> ChatClient:
        """Creates the instance (the docs' ``init``). The builder can be reused."""
        client = super().build()
        client.__class__ = ChatClient  # the same native object, with the additions above
        assert isinstance(client, ChatClient)
        return client


# ----- async iteration over events and state ---------------------------------------------------


class _Inbox:
    """Events handed over from SDK threads to one asyncio consumer, in delivery order."""

    def __init__(self) -> None:
        self.items: Deque[ChatEvent] = collections.deque()
        self.ended = False
        self.lock = threading.Lock()
        self.waiter: Optional[asyncio.Future[None]] = None

    def _wake(self) -> None:  # under self.lock
        waiter, self.waiter = self.waiter, None
        if waiter is not None:
            try:
                waiter.get_loop().call_soon_threadsafe(_resolve, waiter)
            except RuntimeError:  # the consumer's loop is closed: nobody is waiting any more
                pass

    def push(self, event: ChatEvent) -> None:
        with self.lock:
            self.items.append(event)
            self._wake()

    def end(self) -> None:
        with self.lock:
            self.ended = True
            self._wake()


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class EventStream(AsyncIterator[ChatEvent]):
    """``async for event in events(client)``: see ``events``."""

    def __init__(self, client: _generated.ChatClient, event_name: str = "*") -> None:
        inbox = _Inbox()
        self._inbox = inbox
        delivery = _FunctionListener(inbox.push)
        # The SDK releases its listener on cancel() and on destroy, after the last delivery.
        weakref.finalize(delivery, inbox.end)
        self._subscription = client.on(event_name, delivery)

    @property
    def subscription(self) -> Subscription:
        """The listener registration behind this stream."""
        return self._subscription

    def cancel(self) -> bool:
        """Stops the stream: events already received are still yielded, then it ends. True if it
        was still subscribed."""
        return self._subscription.cancel()

    def __aiter__(self) -> EventStream:
        return self

    async def __anext__(self) -> ChatEvent:
        inbox = self._inbox
        while True:
            with inbox.lock:
                if inbox.items:
                    return inbox.items.popleft()
                if inbox.ended:
                    raise StopAsyncIteration
                waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                inbox.waiter = waiter
            try:
                await waiter
            except asyncio.CancelledError:  # the consumer was cancelled: so is the stream
                self.cancel()
                raise

    async def aclose(self) -> None:
        """Cancels the stream (``contextlib.aclosing`` calls it)."""
        self.cancel()

    def __del__(self) -> None:  # the consumer left the `async for` and dropped the stream
        subscription = getattr(self, "_subscription", None)
        if subscription is not None:
            subscription.cancel()


def events(client: _generated.ChatClient, event_name: str = "*") -> EventStream:
    """``async for event in events(client)``: the client's events (``"*"``, or one event name),
    in delivery order.

    Subscribes at once, where it is called (so ``events(client)`` right after ``ChatClient(config)``
    misses nothing, as ``on("*")`` would not); events wait in the stream until the loop takes them.
    The iteration ends when the client is destroyed (after the events delivered before) or the
    stream is cancelled; it is cancelled when its consumer task is, or when the consumer drops it
    (leaving the ``async for`` with ``break``)."""
    return EventStream(client, event_name)


async def states(client: _generated.ChatClient) -> AsyncIterator[ConnectionState]:
    """``async for state in states(client)``: the current connection state at once, then every
    change (the latest when the loop is slower than the changes), ending after ``DESTROYED``.
    Leaving the loop cancels the observation."""
    loop = asyncio.get_running_loop()
    changes: asyncio.Queue[ConnectionState] = asyncio.Queue()
    subscription = client.observe_state(
        state_observer(lambda state: loop.call_soon_threadsafe(changes.put_nowait, state))
    )
    try:
        while True:
            state = await changes.get()
            while not changes.empty():  # conflate: only the latest matters
                state = changes.get_nowait()
            yield state
            if state.status == ConnectionStatus.DESTROYED:
                return
    finally:
        subscription.cancel()


__all__ = [
    "Access",
    "Availability",
    "ButtonType",
    "Chat",
    "ChatClient",
    "ChatClientBuilder",
    "ChatClientBuilderProtocol",
    "ChatClientProtocol",
    "ChatConfig",
    "ChatError",
    "ChatEvent",
    "ChatHistory",
    "ChatHistoryProtocol",
    "ChatListener",
    "ChatListenerImpl",
    "ChatSummary",
    "ChatThread",
    "ConnectionState",
    "ConnectionStatus",
    "Customer",
    "CustomerData",
    "CustomerDataProvider",
    "CustomerDataProviderImpl",
    "CustomerStatistics",
    "CustomerToken",
    "ErrorCode",
    "Event",
    "EventContent",
    "EventStream",
    "FilledFormField",
    "Form",
    "FormAnswer",
    "FormChoice",
    "FormField",
    "FormResult",
    "FormType",
    "Greeting",
    "GreetingAgent",
    "GroupStatus",
    "HistoryPage",
    "InitialThread",
    "InternalError",
    "KeyValueStore",
    "KeyValueStoreImpl",
    "ListChatsResult",
    "ListThreadsResult",
    "LogLevel",
    "LogRecord",
    "LogSink",
    "LogSinkImpl",
    "MessagePostback",
    "NewEvent",
    "Postback",
    "PredictedAgent",
    "Queue",
    "RichMessageButton",
    "RichMessageElement",
    "RichMessageImage",
    "RichMessageTemplate",
    "SessionField",
    "SortOrder",
    "StateObserver",
    "StateObserverImpl",
    "Subscription",
    "SubscriptionProtocol",
    "Thumbnail",
    "Thumbnails",
    "Ticket",
    "TokenProvider",
    "TokenProviderImpl",
    "TransferredTo",
    "TypingIndicator",
    "UploadHandle",
    "UploadHandleProtocol",
    "UploadProgressListener",
    "UploadProgressListenerImpl",
    "UploadedFile",
    "UrlInfo",
    "User",
    "clear_log_sink",
    "error_codes",
    "event_names",
    "events",
    "listener",
    "log_sink",
    "prepare_for_exit",
    "progress",
    "set_callback_loop",
    "set_log_level",
    "set_log_sink",
    "state_observer",
    "states",
    "token_provider",
]
