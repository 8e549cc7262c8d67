"""The exact request the provider sends (shared/dynaspark-api.md sections 1, 3 and 4),
checked on the wire at the local fake server."""

from __future__ import annotations

import asyncio
import io

import aiohttp
import pytest
from PIL import Image

from dynaspark_desktop.core.errors import EmptyConversationError, NotAnImageError
from dynaspark_desktop.core.images import prepare_image, sniff_image_type
from dynaspark_desktop.providers.dynaspark import Dynaspark
from tests.core import image_factory as make
from tests.fakes.dynaspark_server import Behaviour, FakeDynaspark, echo_answer
from tests.providers.support import ask, ask_server, with_server

CONVERSATION = [
    {"role": "system", "content": "Be nice"},
    {"role": "user", "content": "Hi"},
    {"role": "assistant", "content": ""},
    {"role": "user", "content": "Again"},
]


# --- the provider's declared facts -----------------------------------------------------------


def test_provider_attributes_are_the_declared_ones():
    assert Dynaspark.url == "https://dynaspark.onrender.com"
    assert Dynaspark.login_url is None
    assert Dynaspark.api_endpoint == "https://dynaspark.onrender.com/generate_response"
    assert Dynaspark.working is True
    assert Dynaspark.needs_auth is False
    assert Dynaspark.use_nodriver is True
    assert Dynaspark.supports_stream is True
    assert Dynaspark.supports_system_message is False
    assert Dynaspark.supports_message_history is False
    assert Dynaspark.default_model == "gemini-1.5-flash"
    assert Dynaspark.default_vision_model == "gemini-1.5-flash"
    expected_models = [
        "gemini-1.5-flash",
        "gemini-1.5-flash-8b",
        "gemini-2.0-flash",
        "gemini-2.0-flash-lite",
    ]
    assert Dynaspark.models == expected_models
    assert Dynaspark.vision_models == expected_models
    assert Dynaspark.model_aliases == {
        "gemini-1.5-flash": "gemini-1.5-flash-8b",
        "gemini-2.0-flash": "gemini-2.0-flash-lite",
    }


def test_aliases_are_resolved_only_when_asked():
    assert Dynaspark.get_model("gemini-1.5-flash") == "gemini-1.5-flash-8b"
    assert Dynaspark.get_model("gemini-2.0-flash") == "gemini-2.0-flash-lite"
    assert Dynaspark.get_model("gemini-2.0-flash-lite") == "gemini-2.0-flash-lite"
    assert Dynaspark.get_model(None) == Dynaspark.default_model
    assert Dynaspark.get_model("") == Dynaspark.default_model


def test_time_out_allows_a_sleeping_server_to_wake():
    # The free host can take 30 to 60 s to wake (section 1).
    assert Dynaspark.timeout_seconds > 60


# --- method, path, headers, body encoding ----------------------------------------------------


def test_text_only_request_is_an_urlencoded_post_to_the_endpoint(monkeypatch):
    answer, server = ask_server(monkeypatch)
    [request] = server.requests
    assert request.method == "POST"
    assert request.path == "/generate_response"
    assert request.content_type == "application/x-www-form-urlencoded"
    assert request.fields == {"user_input": "Hi", "ai_model": "gemini-2.0-flash"}
    assert request.files == []
    # The whole answer arrives in one piece.
    assert answer == [echo_answer(request)]


def test_request_with_an_image_is_multipart(monkeypatch):
    _, server = ask_server(monkeypatch, media=[(make.png_with_alpha(), "cat.png")])
    [request] = server.requests
    assert request.method == "POST"
    assert request.path == "/generate_response"
    assert request.content_type == "multipart/form-data"
    assert request.fields == {"user_input": "Hi", "ai_model": "gemini-2.0-flash"}
    assert [file.field_name for file in request.files] == ["file"]


def test_required_headers_with_exact_values(monkeypatch):
    _, server = ask_server(monkeypatch)
    headers = server.requests[0].headers
    assert headers["accept"] == "*/*"
    assert headers["accept-language"] == "en-US,en;q=0.9"
    assert headers["origin"] == "https://dynaspark.onrender.com"
    assert headers["referer"] == "https://dynaspark.onrender.com/"
    assert headers["x-requested-with"] == "XMLHttpRequest"


def test_user_agent_is_a_desktop_browser(monkeypatch):
    _, server = ask_server(monkeypatch)
    agent = server.requests[0].headers["user-agent"]
    assert agent.startswith("Mozilla/5.0 (")
    assert any(platform in agent for platform in ("Windows NT", "Macintosh", "X11; Linux"))
    assert any(browser in agent for browser in ("Chrome/", "Firefox/", "Safari/"))
    assert "Mobile" not in agent
    assert "aiohttp" not in agent.lower()
    assert "python" not in agent.lower()


def test_headers_are_the_same_with_an_image(monkeypatch):
    _, server = ask_server(monkeypatch, media=[(make.webp(), "w.webp")])
    headers = server.requests[0].headers
    assert headers["x-requested-with"] == "XMLHttpRequest"
    assert headers["origin"] == "https://dynaspark.onrender.com"
    assert headers["user-agent"].startswith("Mozilla/5.0")


# --- user_input and ai_model ------------------------------------------------------------------


def test_one_message_is_sent_alone(monkeypatch):
    _, server = ask_server(monkeypatch, messages=[{"role": "user", "content": "Bonjour\nça va ?"}])
    assert server.requests[0].fields["user_input"] == "Bonjour\nça va ?"


def test_several_messages_with_a_system_message_are_flattened(monkeypatch):
    _, server = ask_server(monkeypatch, messages=CONVERSATION)
    expected = "System: Be nice\nUser: Hi\nUser: Again\nAssistant:"
    assert server.requests[0].fields["user_input"] == expected


def test_several_messages_without_a_system_message(monkeypatch):
    messages = [
        {"role": "user", "content": "2+2?"},
        {"role": "assistant", "content": "4"},
        {"role": "user", "content": [{"type": "text", "text": "and 3+3?"}]},
    ]
    _, server = ask_server(monkeypatch, messages=messages)
    expected = "User: 2+2?\nAssistant: 4\nUser: and 3+3?\nAssistant:"
    assert server.requests[0].fields["user_input"] == expected


@pytest.mark.parametrize(
    "model",
    [
        "gemini-1.5-flash",  # an alias source: must NOT become gemini-1.5-flash-8b
        "gemini-1.5-flash-8b",
        "gemini-2.0-flash",  # must NOT become gemini-2.0-flash-lite
        "gemini-2.0-flash-lite",
        "some-future-model",
    ],
)
def test_ai_model_is_sent_exactly_as_chosen(monkeypatch, model):
    _, server = ask_server(monkeypatch, model=model)
    assert server.requests[0].fields["ai_model"] == model


def test_the_answer_is_the_response_string(monkeypatch):
    answer, _ = ask_server(monkeypatch, Behaviour(answer="Hello **there** 👋\nsecond line"))
    assert answer == ["Hello **there** 👋\nsecond line"]


def test_unknown_options_are_ignored(monkeypatch):
    answer, server = ask_server(monkeypatch, Behaviour(answer="ok"), stream=True, temperature=0.3)
    assert answer == ["ok"]
    assert set(server.requests[0].fields) == {"user_input", "ai_model"}


def test_an_empty_conversation_sends_nothing(monkeypatch):
    async def scenario(server: FakeDynaspark) -> None:
        with pytest.raises(EmptyConversationError):
            await ask(messages=[])
        assert server.requests == []

    with_server(monkeypatch, scenario)


# --- the file field ------------------------------------------------------------------------


def sent_file(monkeypatch, media):
    _, server = ask_server(monkeypatch, media=media)
    [request] = server.requests
    assert len(request.files) == 1
    return request.files[0]


@pytest.mark.parametrize(
    ("factory", "name", "mime_type"),
    [
        (lambda: make.photo_jpeg(orientation=None), "photo.jpg", "image/jpeg"),
        (make.png_with_alpha, "cat.png", "image/png"),
        (make.animated_gif, "dance.gif", "image/gif"),
        (make.webp, "w.webp", "image/webp"),
    ],
)
def test_supported_bytes_are_sent_as_they_are(monkeypatch, factory, name, mime_type):
    data = factory()
    sent = sent_file(monkeypatch, [(data, name)])
    assert sent.field_name == "file"
    assert sent.filename == name
    assert sent.content_type == mime_type
    assert sent.data == data


def test_content_type_comes_from_the_bytes_not_the_name(monkeypatch):
    data = make.photo_jpeg(orientation=None)
    sent = sent_file(monkeypatch, [(data, "misnamed.png")])
    assert sent.content_type == "image/jpeg"
    assert sent.data == data
    # The name does not contradict the bytes either.
    assert sent.filename == "misnamed.jpg"


def test_a_jpeg_whose_name_says_jpeg_keeps_its_name(monkeypatch):
    sent = sent_file(monkeypatch, [(make.photo_jpeg(orientation=None), "IMG_0001.JPEG")])
    assert (sent.filename, sent.content_type) == ("IMG_0001.JPEG", "image/jpeg")


def test_unnamed_bytes_get_a_name_with_the_right_extension(monkeypatch):
    sent = sent_file(monkeypatch, [(make.webp(), None)])
    assert sent.content_type == "image/webp"
    assert sent.filename.endswith(".webp")


def test_a_path_is_read_and_sniffed(monkeypatch, tmp_path):
    path = tmp_path / "holiday.webp"
    data = make.webp()
    path.write_bytes(data)
    sent = sent_file(monkeypatch, [(path, None)])
    assert (sent.filename, sent.content_type, sent.data) == ("holiday.webp", "image/webp", data)


def test_a_path_as_str_with_an_explicit_name(monkeypatch, tmp_path):
    path = tmp_path / "x.png"
    path.write_bytes(make.png_with_alpha())
    sent = sent_file(monkeypatch, [(str(path), "shown-name.png")])
    assert (sent.filename, sent.content_type) == ("shown-name.png", "image/png")


def test_a_bmp_path_is_converted_before_sending(monkeypatch, tmp_path):
    path = tmp_path / "scan.bmp"
    path.write_bytes(make.bmp((40, 20)))
    sent = sent_file(monkeypatch, [(path, None)])
    assert sent.content_type == "image/jpeg"
    assert sniff_image_type(sent.data) == "image/jpeg"
    assert sent.filename == "scan.jpg"
    assert make.open_bytes(sent.data).size == (40, 20)


def test_bmp_bytes_are_converted_to_a_supported_type(monkeypatch):
    sent = sent_file(monkeypatch, [(make.bmp((40, 20)), "scan.bmp")])
    assert sent.content_type == "image/jpeg"
    assert sniff_image_type(sent.data) == "image/jpeg"
    assert sent.filename == "scan.jpg"
    output = make.open_bytes(sent.data)
    assert output.size == (40, 20)
    assert make.close_to(output.getpixel((5, 10)), make.RED)


def test_tiff_with_alpha_is_converted_to_png(monkeypatch):
    sent = sent_file(monkeypatch, [(make.tiff(mode="RGBA"), "logo.tiff")])
    assert (sent.content_type, sniff_image_type(sent.data)) == ("image/png", "image/png")
    assert sent.filename == "logo.png"


@pytest.mark.parametrize(("mode", "mime_type"), [("RGB", "image/jpeg"), ("RGBA", "image/png")])
def test_a_pil_image_is_encoded(monkeypatch, mode, mime_type):
    image = Image.new(mode, (32, 16), (10, 200, 30))
    sent = sent_file(monkeypatch, [(image, None)])
    assert sent.content_type == mime_type
    assert sniff_image_type(sent.data) == mime_type
    assert make.open_bytes(sent.data).size == (32, 16)
    assert sent.filename.endswith(".jpg" if mime_type == "image/jpeg" else ".png")


def test_an_opened_pil_image_keeps_its_format(monkeypatch):
    image = Image.open(io.BytesIO(make.webp((24, 12))))
    sent = sent_file(monkeypatch, [(image, "from-pillow.webp")])
    assert (sent.content_type, sent.filename) == ("image/webp", "from-pillow.webp")


def test_a_prepared_image_is_sent_as_prepared(monkeypatch):
    prepared = prepare_image(make.photo_jpeg((40, 20), 6), filename="photo.jpg")
    sent = sent_file(monkeypatch, [(prepared.data, prepared.filename)])
    assert (sent.filename, sent.content_type, sent.data) == (
        prepared.filename,
        prepared.mime_type,
        prepared.data,
    )


def test_only_the_first_of_several_images_is_sent(monkeypatch):
    first, second, third = make.png_with_alpha(), make.webp(), make.bmp()
    _, server = ask_server(
        monkeypatch, media=[(first, "first.png"), (second, "second.webp"), (third, "third.bmp")]
    )
    [request] = server.requests
    assert [(f.filename, f.data) for f in request.files] == [("first.png", first)]


def test_an_empty_media_list_sends_a_text_only_form(monkeypatch):
    _, server = ask_server(monkeypatch, media=[])
    assert server.requests[0].content_type == "application/x-www-form-urlencoded"


def test_an_unreadable_image_is_refused_before_sending(monkeypatch):
    async def scenario(server: FakeDynaspark) -> None:
        with pytest.raises(NotAnImageError) as caught:
            await ask(media=[(b"%PDF-1.7 not an image", "report.pdf")])
        assert "report.pdf" in str(caught.value)
        assert server.requests == []

    with_server(monkeypatch, scenario)


# --- sessions ----------------------------------------------------------------------------------


def test_a_session_given_by_the_caller_is_used_and_left_open(monkeypatch):
    async def scenario(server: FakeDynaspark) -> None:
        async with aiohttp.ClientSession() as session:
            assert await ask(session=session) == [echo_answer(server.requests[0])]
            assert not session.closed
            # Still usable for the next turn.
            await ask(messages=CONVERSATION, session=session)
            assert not session.closed
        assert len(server.requests) == 2

    with_server(monkeypatch, scenario)


def test_concurrent_requests_do_not_mix(monkeypatch):
    async def scenario(server: FakeDynaspark) -> list[list[str]]:
        return await asyncio.gather(
            *(ask(messages=[{"role": "user", "content": f"question {i}"}]) for i in range(5))
        )

    answers = with_server(monkeypatch, scenario)
    for i, answer in enumerate(answers):
        assert answer == [f"[gemini-2.0-flash] You said: question {i}"]
