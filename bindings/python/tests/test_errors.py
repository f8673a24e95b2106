"""Errors are `ChatError` exceptions with stable codes, never crashes."""

from typing import Callable

import pytest

import livechat_customer_sdk as lc
from livechat_customer_sdk.testing import Emulator

from conftest import Connected


def codes_of(call: Callable[[], object]) -> str:
    with pytest.raises(lc.ChatError) as caught:
        call()
    assert isinstance(caught.value, lc.ChatError.Failed)
    assert caught.value.reason
    return caught.value.code


def test_bad_config_and_arguments(emulator: Emulator, connected: Connected) -> None:
    assert codes_of(lambda: lc.ChatClient.init(emulator.config(client_id=""))) == "VALIDATION"
    assert codes_of(lambda: lc.ChatClient.init(emulator.config(region="mars"))) == "VALIDATION"
    assert codes_of(lambda: lc.ChatClient.init(emulator.config(api_origin_dal="ftp://x"))) == "VALIDATION"
    client, _ = connected
    assert codes_of(lambda: client.list_chats(limit=0)) == "VALIDATION"
    assert codes_of(lambda: client.get_chat("")) == "VALIDATION"
    # Free-form JSON that does not parse is rejected before anything is sent.
    assert codes_of(lambda: client.update_chat_properties("X", "{not json")) == "VALIDATION"
    assert codes_of(lambda: client.update_chat_properties("X", "[1, 2]")) == "VALIDATION"
    assert codes_of(lambda: client.send_raw("get_customer", "nope")) == "VALIDATION"


def test_documented_server_errors(connected: Connected, emulator: Emulator) -> None:
    client, _ = connected
    client.start_chat()
    assert codes_of(lambda: client.start_chat()) == "CHAT_LIMIT_REACHED"
    assert codes_of(lambda: client.cancel_greeting("unknown")) == "GREETING_NOT_FOUND"
    emulator.control("fail", {"action": "get_customer", "count": 1, "error": {"type": "service_unavailable", "message": "busy"}})
    assert codes_of(client.get_customer) == "SERVICE_UNAVAILABLE"
    assert client.get_customer().id == client.customer_id()


def test_error_codes_are_listed() -> None:
    codes = lc.error_codes()
    for code in ("CONNECTION_LOST", "REQUEST_TIMEOUT", "SDK_DESTROYED", "GROUP_OFFLINE", "UPLOAD_CANCELED"):
        assert code in codes


def test_error_code_enum_is_exhaustive_with_an_other_case(connected: Connected, emulator: Emulator) -> None:
    # Every listed code has its ErrorCode case; ChatError.error_code() gives it, so a `match` can be
    # exhaustive. NOT_FOUND (a server code of v3.3) is named too.
    assert "NOT_FOUND" in lc.error_codes()
    assert len(lc.error_codes()) == len(set(lc.error_codes()))
    client, _ = connected
    with pytest.raises(lc.ChatError) as caught:
        client.get_chat("")
    assert isinstance(caught.value.error_code(), lc.ErrorCode.VALIDATION)
    emulator.control("fail", {"action": "get_customer", "count": 1, "error": {"type": "not_found", "message": "gone"}})
    with pytest.raises(lc.ChatError) as caught:
        client.get_customer()
    assert caught.value.code == "NOT_FOUND"
    assert isinstance(caught.value.error_code(), lc.ErrorCode.NOT_FOUND)
    emulator.control("fail", {"action": "get_customer", "count": 1, "error": {"type": "brand_new", "message": "?"}})
    with pytest.raises(lc.ChatError) as caught:
        client.get_customer()
    assert caught.value.error_code() == lc.ErrorCode.OTHER(code="BRAND_NEW")


def test_get_form_with_a_bad_type_is_a_clean_error(connected: Connected) -> None:
    client, _ = connected
    with pytest.raises(Exception) as caught:
        client.get_form(0, "bogus")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert "backtrace" not in str(caught.value).lower() and ".rs:" not in str(caught.value)
