"""The limits untrusted image files are opened under: formats that start no other program,
memory estimated before decoding, a time limit and a way to stop, and names made safe."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PIL import Image

from dynaspark_desktop.core.errors import BrokenImageError, ImageTooLargeError, NotAnImageError
from dynaspark_desktop.core.file_names import MAX_FILENAME_CHARS, clean_filename
from dynaspark_desktop.core.image_decoding import (
    MAX_DECODE_BYTES,
    DecodeGuard,
    ImageTookTooLongError,
    PreparationCancelled,
)
from dynaspark_desktop.core.images import prepare_image, read_image_file
from tests.core import image_factory as make
from tests.core.test_images import assert_consistent, assert_readable

# An EPS file whose PostScript never ends: Ghostscript would run it at full CPU for ever.
LOOPING_EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n"
    b"%%BoundingBox: 0 0 100 100\n"
    b"%%EndComments\n"
    b"{ } loop\n"
    b"showpage\n"
    b"%%EOF\n"
)


def test_the_fake_ghostscript_is_what_pillow_would_run(tmp_path, fake_ghostscript):
    # The control for the test below: Pillow left to itself runs "gs" on a disguised EPS.
    path = tmp_path / "holiday.jpg"
    path.write_bytes(LOOPING_EPS)
    with Image.open(path) as image, pytest.raises(Exception):  # noqa: B017, PT011 - any failure
        image.load()  # the fake draws nothing
    assert fake_ghostscript.exists()


@pytest.mark.parametrize("as_path", [True, False])
def test_an_eps_named_jpg_is_refused_and_runs_no_program(tmp_path, fake_ghostscript, as_path):
    path = tmp_path / "holiday.jpg"
    path.write_bytes(LOOPING_EPS)
    source = path if as_path else LOOPING_EPS
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(source, filename="holiday.jpg")
    assert_readable(caught.value, "holiday.jpg", "PostScript, EPS or PDF")
    assert not fake_ghostscript.exists()


def test_an_eps_with_a_binary_header_or_leading_blank_lines_is_refused(fake_ghostscript):
    binary_header = b"\xc5\xd0\xd3\xc6" + b"\x1e\x00\x00\x00" + b"\x00" * 22 + LOOPING_EPS
    for data in (binary_header, b"\n\n" + LOOPING_EPS, b"%PDF-1.7\n%\xe2\xe3\n"):
        with pytest.raises(NotAnImageError) as caught:
            prepare_image(data, filename="scan.png")
        assert_readable(caught.value, "scan.png")
    assert not fake_ghostscript.exists()


@pytest.mark.parametrize("fmt", ["ICO", "ICNS", "PCX", "XBM", "SGI"])
def test_formats_outside_the_allow_list_are_not_opened(fmt):
    image = Image.new("RGB", (16, 16)) if fmt != "XBM" else Image.new("1", (16, 16))
    data = make.encode(image, fmt)
    assert Image.open(make.io.BytesIO(data)).format == fmt  # Pillow alone would open it
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(data, filename=f"picture.{fmt.lower()}")
    assert_readable(caught.value, "not an image this app can read")


def test_every_allowed_format_is_one_this_pillow_knows_or_is_left_out():
    from dynaspark_desktop.core.image_decoding import OPENABLE_FORMATS, openable_formats

    Image.init()
    available = openable_formats()
    assert set(available) <= set(Image.OPEN)
    assert set(available) == set(OPENABLE_FORMATS) & set(Image.OPEN)
    assert {"JPEG", "PNG", "GIF", "WEBP"} <= set(available)
    assert not {"EPS", "PDF"} & set(available)


def test_an_avif_photo_is_prepared_as_a_jpeg():
    if "AVIF" not in Image.SAVE:
        pytest.skip("this Pillow has no AVIF support")
    source = make.encode(make.two_colour_image((3000, 1000)), "AVIF")
    prepared = prepare_image(source, filename="phone.avif")
    output = assert_consistent(prepared).convert("RGB")
    assert (prepared.mime_type, prepared.filename) == ("image/jpeg", "phone.jpg")
    assert (prepared.width, prepared.height) == (2048, 683)
    assert make.close_to(output.getpixel((100, 300)), make.RED)


# --- memory, estimated from the header ----------------------------------------------------


@pytest.mark.parametrize("mode", ["RGBA", "RGB"])
def test_a_13000_square_image_is_refused_before_decoding(mode):
    data = make.png_claiming_size(13_000, 13_000, mode=mode)
    with pytest.raises(ImageTooLargeError) as caught:
        prepare_image(data, filename="poster.png")
    assert_readable(caught.value, "poster.png", "13000×13000", "longest side")
    # 13,000² pixels of 4 bytes (Pillow keeps RGB as 4 too) against the 512 MB budget.
    assert "about 645 MB of memory, more than the 512 MB allowed" in str(caught.value)


def _png_with_pixels(side: int, rows: int, chunk_bytes: int = 1024) -> bytes:
    """A ``side`` × ``side`` RGBA PNG whose first ``rows`` rows are real pixel data, spread
    over many small IDAT chunks (each one a separate read for Pillow)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    row = b"\x00" + os.urandom(side * 4)
    compressed = zlib.compress(row * rows, 1)
    parts = [compressed[i : i + chunk_bytes] for i in range(0, len(compressed), chunk_bytes)]
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + b"".join(chunk(b"IDAT", part) for part in parts)
        + chunk(b"IEND", b"")
    )


class CountsChecks(DecodeGuard):
    def __init__(self) -> None:
        super().__init__(time_limit=None)
        self.checks = 0

    def check(self, label: str) -> None:
        self.checks += 1
        super().check(label)


def test_a_pixel_bomb_with_real_pixels_is_refused_before_its_pixels_are_read():
    data = _png_with_pixels(13_000, rows=40)  # about 2 MB of pixel data in ~2,000 chunks
    guard = CountsChecks()
    with pytest.raises(ImageTooLargeError) as caught:
        prepare_image(data, filename="poster.png", guard=guard)
    assert_readable(caught.value, "MB of memory")
    assert guard.checks < 10  # the header and a few chunk headers, not the ~2,000 chunks
    # The same kind of file within the budget (by its size) is read block after block.
    counting = CountsChecks()
    prepare_image(_png_with_pixels(4_000, rows=40), filename="ok.png", guard=counting)
    assert counting.checks > 30


def test_the_same_size_in_grey_fits_the_memory_budget():
    # One byte a pixel: 169 MB, within the budget, so it is decoded (and found to be empty).
    assert MAX_DECODE_BYTES > 13_000 * 13_000
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(make.png_claiming_size(13_000, 13_000, mode="L"), filename="grey.png")
    assert "memory" not in str(caught.value)
    assert "damaged" in str(caught.value)


def test_a_huge_jpeg_is_judged_at_the_size_it_is_decoded_at():
    # 14000 × 10000 RGB would need 534 MB at full size; libjpeg decodes it at 1/4 scale.
    assert MAX_DECODE_BYTES < 14_000 * 10_000 * 4
    source = make.encode(Image.new("RGB", (14_000, 10_000), (90, 140, 200)), "JPEG", quality=30)
    prepared = prepare_image(source, filename="panorama.jpg")
    assert_consistent(prepared)
    assert (prepared.width, prepared.height) == (2048, 1463)
    assert (prepared.original_width, prepared.original_height) == (14_000, 10_000)


def test_a_big_rotated_photo_is_still_turned_upright_after_reduction():
    source = make.encode(
        make.two_colour_image((6000, 3000)), "JPEG", exif=make.exif_with_gps(6), quality=70
    )
    prepared = prepare_image(source, filename="phone.jpg")
    output = assert_consistent(prepared).convert("RGB")
    assert (prepared.width, prepared.height) == (1024, 2048)
    assert (prepared.original_width, prepared.original_height) == (3000, 6000)
    # Orientation 6 turns the photo clockwise: its red left half ends up on top.
    assert make.close_to(output.getpixel((512, 100)), make.RED)
    assert make.close_to(output.getpixel((512, 1948)), make.BLUE)


def test_a_pil_image_given_by_the_caller_is_not_changed():
    image = Image.new("RGB", (3000, 1000), make.GREEN)
    prepared = prepare_image(image, filename="mine.png")
    assert image.size == (3000, 1000)
    assert prepared.width == 2048


# --- stopping: cancel and time limit ------------------------------------------------------


class CancelsAfter(DecodeGuard):
    """A guard whose owner cancels it once the decode has checked it ``count`` times."""

    def __init__(self, count: int) -> None:
        super().__init__(time_limit=None)
        self.count = count
        self.checks = 0

    def check(self, label: str) -> None:
        self.checks += 1
        if self.checks == self.count:
            self.cancel()
        super().check(label)


def _noisy_png(side: int) -> bytes:
    return make.encode(Image.effect_noise((side, side), 60).convert("RGB"), "PNG")


def test_a_cancelled_decode_stops_in_the_middle_of_the_pixels():
    data = _noisy_png(1500)  # about 3 MB: dozens of 64 KB reads
    guard = CancelsAfter(count=8)
    with pytest.raises(PreparationCancelled):
        prepare_image(data, filename="noise.png", guard=guard)
    # Stopped at the check that saw the cancel (Pillow may read once more as it gives up).
    assert guard.checks <= 10
    # The same bytes prepare fine without a cancel, and check the guard many more times.
    counting = CancelsAfter(count=10**9)
    prepare_image(data, filename="noise.png", guard=counting)
    assert counting.checks > 20


def test_cancel_from_another_thread_stops_the_preparation():
    guard = DecodeGuard(time_limit=None)
    outcome: list[BaseException | object] = []

    def work() -> None:
        try:
            outcome.append(prepare_image(_noisy_png(400), filename="noise.png", guard=guard))
        except BaseException as error:
            outcome.append(error)

    guard.cancel()
    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert isinstance(outcome[0], PreparationCancelled)


def test_a_preparation_past_its_time_limit_is_stopped_with_a_message():
    with pytest.raises(ImageTookTooLongError) as caught:
        prepare_image(_noisy_png(400), filename="slow.png", guard=DecodeGuard(time_limit=0))
    assert_readable(caught.value, "slow.png", "took longer than 0 seconds", "stopped")


# --- files that cannot be read --------------------------------------------------------------


def test_a_file_even_root_may_not_read_is_explained():
    # A write-only kernel attribute: opening it for reading fails for every user, root too.
    path = Path("/sys/bus/pci/rescan")
    if not path.exists():
        pytest.skip("no write-only sysfs attribute on this system")
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(path)
    assert_readable(caught.value, "rescan", "not allowed to open it")


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    path = tmp_path / "photo.jpg"
    os.mkfifo(path)
    with pytest.raises(NotAnImageError) as caught:
        read_image_file(path)  # reading a pipe nobody writes to would block for ever
    assert_readable(caught.value, "photo.jpg", "not a file")


# --- file names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("holiday.jpg", "holiday.jpg"),
        ("_DSC1234.JPG", "_DSC1234.JPG"),
        ("Été à Paris.png", "Été à Paris.png"),
        ("two\nlines.jpg", "two lines.jpg"),
        ("cr\r\nlf\ttab.png", "cr lf tab.png"),
        ('say "cheese".jpg', "say _cheese_.jpg"),
        ("it's.png", "it_s.png"),
        ("../../etc/passwd", "_.._etc_passwd"),
        ("C:\\Users\\me\\photo.jpg", "C_Users_me_photo.jpg"),
        ("bell\x07\x00null.gif", "bellnull.gif"),
        ("right\u202eto-left.jpg", "rightto-left.jpg"),
        ("zero\u200bwidth.jpg", "zerowidth.jpg"),
        ("bad\udcffbytes.jpg", "badbytes.jpg"),
        ("  .hidden.png  ", "hidden.png"),
        ("trailing dots...", "trailing dots"),
        ("", "image"),
        (None, "image"),
        ("\n\n", "image"),
        ("...", "image"),
    ],
)
def test_clean_filename(name, expected):
    assert clean_filename(name) == expected


def test_an_overlong_name_is_shortened_and_keeps_its_extension():
    cleaned = clean_filename("a" * 5000 + ".jpeg")
    assert len(cleaned) <= MAX_FILENAME_CHARS
    assert cleaned.endswith("….jpeg")
    assert len(clean_filename("b" * 5000)) <= MAX_FILENAME_CHARS


def test_a_cleaned_name_is_a_valid_multipart_filename():
    import aiohttp

    for name in ("two\nlines.jpg", 'quote".png', "bad\udcffbytes.jpg", "x" * 4000):
        form = aiohttp.FormData()
        form.add_field("file", b"data", filename=clean_filename(name), content_type="image/png")
        form()  # builds the multipart body; a bad name raises here


def test_prepare_image_cleans_the_name_it_is_given(tmp_path):
    prepared = prepare_image(make.photo_jpeg(), filename="evil\r\nX-Injected: 1.jpg")
    assert prepared.filename == "evil X-Injected_ 1.jpg"
    path = tmp_path / "line\nbreak.png"
    path.write_bytes(make.encode(Image.new("RGB", (8, 8)), "PNG"))
    assert prepare_image(path).filename == "line break.png"


def test_a_generated_picture_claiming_13000_square_is_refused_before_decoding():
    from dynaspark_desktop.core.generated_images import check_generated_image, display_bytes

    data = make.png_claiming_size(13_000, 13_000, mode="RGBA")
    with pytest.raises(ImageTooLargeError) as caught:
        check_generated_image(
            data,
            prompt="a poster",
            model="dynaspark-api:flux",
            seed=1,
            filename="poster.png",
            max_bytes=32 * 1024 * 1024,
        )
    assert "13000×13000" in str(caught.value)
    assert "not kept" in str(caught.value)
    # Already in a history (an import says it is 64 px): the file's own header decides.
    with pytest.raises(ImageTooLargeError):
        display_bytes(data, 64, 64)


@pytest.mark.parametrize(
    ("size", "shown"),
    [(3 * 1024 * 1024, "is 3 MB;"), (2 * 1024 * 1024 + 1, "is over 2 MB;")],
)
def test_a_generated_picture_past_its_size_cap_says_both_sizes(size, shown):
    from dynaspark_desktop.core.generated_images import check_generated_image

    data = make.png_with_alpha()
    data += b"\0" * (size - len(data))  # a real PNG, then bytes past its end
    with pytest.raises(ImageTooLargeError) as caught:
        check_generated_image(
            data, prompt="p", model="m", seed=1, filename="a.png", max_bytes=2 * 1024 * 1024
        )
    message = str(caught.value)
    assert shown in message
    assert "pictures up to 2 MB are accepted, so it was not kept" in message
