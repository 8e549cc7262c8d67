"""Image preparation (shared/dynaspark-api.md section 4) with real Pillow images."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PIL import Image

from dynaspark_desktop.core.errors import (
    BrokenImageError,
    ImageError,
    ImageTooLargeError,
    NotAnImageError,
    UserFacingError,
)
from dynaspark_desktop.core.image_decoding import MAX_PIXELS
from dynaspark_desktop.core.images import (
    DEFAULT_MAX_SIDE,
    MAX_FILE_BYTES,
    THUMBNAIL_SIDE,
    PreparedImage,
    default_pasted_filename,
    ensure_supported_bytes,
    prepare_image,
    read_image_file,
    sniff_image_type,
)
from tests.core import image_factory as make
from tests.core.image_factory import BLUE, GREEN, RED, close_to, open_bytes

EXTENSION_FOR = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
}


def assert_consistent(prepared: PreparedImage) -> Image.Image:
    """What every prepared image must be: bytes of the type it claims, a name that agrees,
    the size it claims, a small PNG thumbnail. Returns the decoded output."""
    assert sniff_image_type(prepared.data) == prepared.mime_type
    assert Path(prepared.filename).suffix == EXTENSION_FOR[prepared.mime_type]
    output = open_bytes(prepared.data)
    assert output.size == (prepared.width, prepared.height)
    assert sniff_image_type(prepared.thumbnail_png) == "image/png"
    thumbnail = open_bytes(prepared.thumbnail_png)
    assert max(thumbnail.size) <= THUMBNAIL_SIDE
    return output


# --- sniff_image_type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        (b"\xff\xd8\xff\xe1\x00\x10Exif\x00", "image/jpeg"),
        (b"\xff\xd8", "image/jpeg"),  # the contract accepts FF D8 alone
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"GIF87a\x01\x00", "image/gif"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),  # RIFF but not WEBP: a sound file
        (b"RIFF\x24\x00\x00\x00AVI LIST", None),
        (b"RIFF", None),
        (b"BM\x36\x00\x00\x00", None),  # BMP
        (b"II*\x00\x08\x00", None),  # TIFF
        (b"\x89PNG\r\n", None),  # a cut-off PNG signature
        (b"GIF88a", None),
        (b"\xff", None),
        (b"", None),
        (b"<html><body>not an image</body></html>", None),
    ],
)
def test_sniff_image_type_reads_leading_bytes(data, expected):
    assert sniff_image_type(data) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_sniff_image_type_recognises_what_pillow_writes(fmt, expected):
    assert sniff_image_type(make.encode(Image.new("RGB", (4, 4)), fmt)) == expected


@pytest.mark.parametrize("fmt", ["BMP", "TIFF", "PPM", "ICO", "TGA"])
def test_sniff_image_type_refuses_formats_the_service_does_not_take(fmt):
    assert sniff_image_type(make.encode(Image.new("RGB", (4, 4)), fmt)) is None


def test_sniff_ignores_the_file_name(tmp_path):
    path = tmp_path / "really-a-png.jpg"
    path.write_bytes(make.png_with_alpha())
    prepared = prepare_image(path)
    assert prepared.mime_type == "image/png"
    assert prepared.filename == "really-a-png.png"


# --- EXIF orientation and metadata --------------------------------------------------------


@pytest.mark.parametrize(
    ("orientation", "size", "first_half"),
    [
        # Stored 40x20, left half red. Where does the red half show once upright?
        (1, (40, 20), "left red"),
        (2, (40, 20), "left blue"),  # mirrored
        (3, (40, 20), "left blue"),  # rotated 180°
        (4, (40, 20), "left red"),  # flipped top to bottom
        (5, (20, 40), "top red"),  # transposed
        (6, (20, 40), "top red"),  # rotate 90° clockwise to display
        (7, (20, 40), "top blue"),  # transversed
        (8, (20, 40), "top blue"),  # rotate 90° anticlockwise to display
    ],
)
def test_exif_orientation_is_applied(orientation, size, first_half):
    prepared = prepare_image(make.photo_jpeg((40, 20), orientation), filename="photo.jpg")
    output = assert_consistent(prepared)
    assert (prepared.width, prepared.height) == size
    where, colour = first_half.split()
    if where == "left":
        first, second = output.getpixel((5, 10)), output.getpixel((35, 10))
    else:
        first, second = output.getpixel((10, 5)), output.getpixel((10, 35))
    expected_first, expected_second = (RED, BLUE) if colour == "red" else (BLUE, RED)
    assert close_to(first, expected_first), first
    assert close_to(second, expected_second), second
    # The original size is reported upright too, so a mere rotation is not "resized".
    assert (prepared.original_width, prepared.original_height) == size
    assert not prepared.was_resized


def test_orientation_6_turns_a_40x20_photo_into_20x40():
    prepared = prepare_image(make.photo_jpeg((40, 20), 6), filename="IMG_0001.JPG")
    assert (prepared.width, prepared.height) == (20, 40)
    assert prepared.mime_type == "image/jpeg"
    assert prepared.filename == "IMG_0001.jpg"


def assert_no_metadata(data: bytes) -> None:
    output = open_bytes(data)
    assert dict(output.getexif()) == {}
    assert "exif" not in output.info
    assert "xmp" not in output.info
    assert "XML:com.adobe.xmp" not in output.info
    assert make.CAMERA_MAKE.encode() not in data
    assert b"48,51.5N" not in data


def test_exif_gps_and_xmp_are_stripped_from_a_jpeg():
    source = make.photo_jpeg((40, 20), 6)
    # The source really carries what must go.
    original = open_bytes(source)
    assert original.getexif().get_ifd(make.GPS_IFD)
    assert "xmp" in original.info
    assert make.CAMERA_MAKE.encode() in source
    prepared = prepare_image(source, filename="holiday.jpg")
    assert_no_metadata(prepared.data)
    assert_no_metadata(prepared.thumbnail_png)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_is_stripped_from_png_and_webp(fmt):
    source = make.encode(make.two_colour_image((40, 20)), fmt, exif=make.exif_with_gps(6))
    assert open_bytes(source).getexif().get(make.ORIENTATION) == 6
    prepared = prepare_image(source, filename=f"x.{fmt.lower()}")
    assert (prepared.width, prepared.height) == (20, 40)  # orientation honoured here too
    assert_no_metadata(prepared.data)


def test_photo_without_orientation_keeps_its_shape_and_loses_its_gps():
    prepared = prepare_image(make.photo_jpeg((40, 20), None), filename="p.jpg")
    assert (prepared.width, prepared.height) == (40, 20)
    assert_no_metadata(prepared.data)


# --- size -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "max_side", "expected"),
    [
        ((300, 100), 90, (90, 30)),
        ((100, 300), 90, (30, 90)),
        ((200, 200), 50, (50, 50)),
        ((1000, 10), 100, (100, 1)),
    ],
)
def test_longest_side_is_capped_and_aspect_kept(size, max_side, expected):
    source = make.encode(make.two_colour_image(size), "PNG")
    prepared = prepare_image(source, filename="wide.png", max_side=max_side)
    assert_consistent(prepared)
    assert (prepared.width, prepared.height) == expected
    assert (prepared.original_width, prepared.original_height) == size
    assert prepared.was_resized


def test_big_jpeg_is_scaled_down_with_its_aspect_ratio():
    source = make.encode(make.two_colour_image((4000, 2000)), "JPEG", quality=80)
    prepared = prepare_image(source, filename="big.jpg", max_side=1000)
    output = assert_consistent(prepared)
    assert (prepared.width, prepared.height) == (1000, 500)
    assert close_to(output.getpixel((100, 250)), RED)
    assert close_to(output.getpixel((900, 250)), BLUE)


def test_rotated_big_photo_is_capped_on_its_upright_longest_side():
    source = make.encode(
        make.two_colour_image((3000, 1000)), "JPEG", exif=make.exif_with_gps(6), quality=80
    )
    prepared = prepare_image(source, filename="tall.jpg", max_side=600)
    assert (prepared.width, prepared.height) == (200, 600)
    assert (prepared.original_width, prepared.original_height) == (1000, 3000)


def test_default_cap_is_default_max_side():
    source = make.encode(Image.new("L", (DEFAULT_MAX_SIDE + 452, 50)), "PNG")
    prepared = prepare_image(source, filename="strip.png")
    assert prepared.width == DEFAULT_MAX_SIDE
    assert prepared.height == round(50 * DEFAULT_MAX_SIDE / (DEFAULT_MAX_SIDE + 452))


def test_small_images_are_never_enlarged():
    prepared = prepare_image(make.png_with_alpha((7, 3)), filename="tiny.png", max_side=1000)
    assert (prepared.width, prepared.height) == (7, 3)
    assert not prepared.was_resized
    assert open_bytes(prepared.thumbnail_png).size == (7, 3)


def test_thumbnail_is_small_and_keeps_the_aspect_ratio():
    source = make.encode(make.two_colour_image((1000, 500)), "PNG")
    prepared = prepare_image(source, filename="t.png")
    thumbnail = open_bytes(prepared.thumbnail_png)
    assert thumbnail.size == (THUMBNAIL_SIDE, THUMBNAIL_SIDE // 2)
    assert len(prepared.thumbnail_png) < len(prepared.data)
    assert close_to(thumbnail.convert("RGB").getpixel((10, 10)), RED)


def test_a_real_96_megapixel_photo_is_not_mistaken_for_a_bomb():
    # 12000x8000 is above Pillow's *warning* threshold (about 89 MP) but a genuine camera
    # size; it must be scaled down, not refused as a "decompression bomb".
    source = make.encode(Image.new("L", (12000, 8000), 200), "JPEG", quality=50)
    prepared = prepare_image(source, filename="medium-format.jpg")
    assert (prepared.width, prepared.height) == (2048, 1365)
    assert (prepared.original_width, prepared.original_height) == (12000, 8000)


def test_a_100_megapixel_png_is_accepted_and_scaled():
    source = make.encode(Image.new("1", (10000, 10000), 1), "PNG", compress_level=1)
    prepared = prepare_image(source, filename="scan.png", max_side=1000)
    assert (prepared.width, prepared.height) == (1000, 1000)


# --- formats ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data_factory", "name", "mime_type"),
    [
        (make.bmp, "scan.bmp", "image/jpeg"),  # opaque: JPEG
        (lambda: make.tiff(mode="RGB"), "fax.tiff", "image/jpeg"),
        (lambda: make.tiff(mode="RGBA"), "logo.tif", "image/png"),  # alpha: PNG
        (lambda: make.encode(Image.new("P", (20, 10)), "BMP"), "pal.bmp", "image/png"),
        (lambda: make.encode(Image.new("RGB", (20, 10), GREEN), "PPM"), "x.ppm", "image/jpeg"),
        (lambda: make.encode(Image.new("RGBA", (20, 10)), "TGA"), "x.tga", "image/png"),
        (lambda: make.encode(Image.new("CMYK", (20, 10)), "JPEG"), "cmyk.jpg", "image/jpeg"),
        (lambda: make.encode(Image.new("I;16", (20, 10)), "PNG"), "depth.png", "image/png"),
        (make.png_with_alpha, "alpha.png", "image/png"),
        (make.webp, "w.webp", "image/webp"),
        (lambda: make.photo_jpeg(orientation=None), "p.jpeg", "image/jpeg"),
        (lambda: make.encode(Image.new("RGB", (20, 10)), "GIF"), "still.gif", "image/png"),
    ],
)
def test_every_output_is_one_of_the_four_types_with_a_matching_name(data_factory, name, mime_type):
    prepared = prepare_image(data_factory(), filename=name)
    assert prepared.mime_type == mime_type
    assert_consistent(prepared)
    assert prepared.filename == Path(name).stem + EXTENSION_FOR[mime_type]
    assert prepared.notes == ()


def test_bmp_converted_to_jpeg_keeps_its_pixels():
    prepared = prepare_image(make.bmp((40, 20)), filename="scan.bmp")
    output = open_bytes(prepared.data)
    assert output.format == "JPEG"
    assert (prepared.width, prepared.height) == (40, 20)
    assert close_to(output.getpixel((5, 10)), RED)
    assert close_to(output.getpixel((35, 10)), BLUE)


def test_transparency_survives_as_png():
    prepared = prepare_image(make.png_with_alpha(), filename="alpha.png")
    output = open_bytes(prepared.data).convert("RGBA")
    assert output.getpixel((0, 0))[3] == 0
    assert output.getpixel((5, 5)) == (*GREEN, 255)


def test_tiff_with_alpha_becomes_png_with_alpha():
    prepared = prepare_image(make.tiff(mode="RGBA"), filename="logo.tiff")
    assert prepared.mime_type == "image/png"
    assert open_bytes(prepared.data).convert("RGBA").getpixel((3, 3))[3] == 128


def test_animated_gif_becomes_its_first_frame_with_a_note():
    prepared = prepare_image(make.animated_gif(), filename="dance.gif")
    output = assert_consistent(prepared)
    assert prepared.mime_type == "image/png"
    assert prepared.filename == "dance.png"
    assert getattr(output, "n_frames", 1) == 1
    assert close_to(output.convert("RGB").getpixel((5, 5)), RED, tolerance=0)
    assert len(prepared.notes) == 1
    assert "first frame" in prepared.notes[0]


def test_animated_webp_becomes_its_first_frame_with_a_note():
    frames = [Image.new("RGB", (20, 10), colour) for colour in (BLUE, RED)]
    source = make.encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    prepared = prepare_image(source, filename="loop.webp")
    output = assert_consistent(prepared)
    assert getattr(output, "n_frames", 1) == 1
    assert close_to(output.convert("RGB").getpixel((5, 5)), BLUE)
    assert any("first frame" in note for note in prepared.notes)


def test_a_multi_picture_jpeg_from_a_phone_is_a_plain_photo():
    # Phones and stereo cameras write MPO: a JPEG with extra pictures appended. It is a
    # photo, not an animation: no note, sent as JPEG, the first picture, upright, no EXIF.
    photo = make.two_colour_image((40, 20))
    depth_map = Image.new("RGB", (40, 20), GREEN)
    source = make.encode(
        photo, "MPO", save_all=True, append_images=[depth_map], exif=make.exif_with_gps(6)
    )
    assert open_bytes(source).format == "MPO"
    prepared = prepare_image(source, filename="PXL_20240101.jpg")
    output = assert_consistent(prepared)
    assert prepared.notes == ()
    assert (prepared.mime_type, prepared.filename) == ("image/jpeg", "PXL_20240101.jpg")
    assert (prepared.width, prepared.height) == (20, 40)
    assert close_to(output.getpixel((10, 5)), RED)
    assert_no_metadata(prepared.data)


@pytest.mark.parametrize(
    ("mode", "mime_type"), [("RGB", "image/jpeg"), ("RGBA", "image/png"), ("P", "image/png")]
)
def test_a_pil_image_is_accepted(mode, mime_type):
    image = Image.new(mode, (30, 10))
    prepared = prepare_image(image, filename="clip")
    assert prepared.mime_type == mime_type
    assert prepared.filename == "clip" + EXTENSION_FOR[mime_type]
    assert_consistent(prepared)


# --- deep images: 16-bit and float grey ----------------------------------------------------


def grey_levels(data: bytes, columns=(0, 10, 30, 60)) -> list[int]:
    image = open_bytes(data).convert("L")
    return [image.getpixel((x * image.width // 64, 0)) for x in columns]


def assert_levels_scaled(levels: list[int]) -> None:
    # Column x of the ramp is x/64 of full scale: 0, 10, 30 and 60 map to about 0, 40, 120
    # and 240 in 8 bits. Clipping instead of scaling would make all but the first 255.
    for level, expected in zip(levels, (0, 40, 120, 240), strict=True):
        assert abs(level - expected) <= 8, levels


def test_16_bit_tiff_is_scaled_to_8_bit_not_clipped_to_white():
    source = make.encode(make.grey_ramp("I;16", lambda x: x * 1024), "TIFF")
    prepared = prepare_image(source, filename="scan16.tiff")
    assert prepared.mime_type == "image/jpeg"
    assert_levels_scaled(grey_levels(prepared.data))
    assert_levels_scaled(grey_levels(prepared.thumbnail_png))


def test_16_bit_png_stays_16_bit_and_its_thumbnail_is_scaled():
    source = make.encode(make.grey_ramp("I;16", lambda x: x * 1024), "PNG")
    prepared = prepare_image(source, filename="depth.png")
    assert prepared.mime_type == "image/png"
    output = open_bytes(prepared.data)
    assert output.mode == "I;16"
    assert output.getpixel((10, 0)) == 10240
    assert_levels_scaled(grey_levels(prepared.thumbnail_png))


def test_16_bit_data_that_uses_only_8_bits_is_not_darkened():
    source = make.encode(make.grey_ramp("I;16", lambda x: x * 4), "TIFF")
    assert_levels_scaled(grey_levels(prepare_image(source, filename="low.tiff").data))


def test_float_tiff_from_0_to_1_is_scaled():
    source = make.encode(make.grey_ramp("F", lambda x: x / 64), "TIFF")
    prepared = prepare_image(source, filename="float.tif")
    assert_levels_scaled(grey_levels(prepared.data))


@pytest.mark.parametrize("mode", ["I", "I;16", "F"])
def test_deep_pil_images_are_encoded(mode):
    prepared = prepare_image(make.grey_ramp(mode, lambda x: x * 1024), filename="deep")
    assert_consistent(prepared)
    assert_levels_scaled(grey_levels(prepared.data))


# --- names ------------------------------------------------------------------------------


def test_a_path_gives_its_name_and_a_filename_argument_wins(tmp_path):
    path = tmp_path / "Scan 2024.bmp"
    path.write_bytes(make.bmp())
    assert prepare_image(path).filename == "Scan 2024.jpg"
    assert prepare_image(str(path)).filename == "Scan 2024.jpg"
    assert prepare_image(path, filename="renamed.png").filename == "renamed.jpg"


def test_unnamed_data_gets_a_distinct_descriptive_name():
    prepared = prepare_image(make.png_with_alpha())
    assert re.fullmatch(r"Pasted image \d{4}-\d\d-\d\d \d\d\.\d\d\.\d\d\.png", prepared.filename)


def test_default_pasted_filename():
    now = time.mktime((2024, 3, 9, 14, 5, 7, 0, 0, -1))
    assert default_pasted_filename("image/jpeg", now) == "Pasted image 2024-03-09 14.05.07.jpg"
    assert default_pasted_filename("image/webp", now + 1).endswith("14.05.08.webp")
    assert default_pasted_filename("image/png").endswith(".png")
    assert default_pasted_filename("image/gif").endswith(".gif")


# --- refusals ----------------------------------------------------------------------------


def assert_readable(error: ImageError, *must_contain: str) -> None:
    message = str(error)
    assert isinstance(error, UserFacingError)
    assert message == error.message
    assert "Traceback" not in message
    for text in must_contain:
        assert text in message, message


def test_truncated_jpeg_bytes(tmp_path):
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(make.truncated_jpeg(), filename="cut-short.jpg")
    assert_readable(caught.value, "cut-short.jpg", "damaged")


def test_truncated_jpeg_file(tmp_path):
    path = tmp_path / "half.jpg"
    path.write_bytes(make.truncated_jpeg())
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(path)
    assert_readable(caught.value, "half.jpg", "damaged")


def test_jpeg_signature_alone_is_not_an_image():
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(b"\xff\xd8", filename="stub.jpg")
    assert_readable(caught.value, "stub.jpg")


def test_zero_byte_file(tmp_path):
    path = tmp_path / "nothing.png"
    path.write_bytes(b"")
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(path)
    assert_readable(caught.value, "nothing.png", "empty")


def test_empty_bytes():
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(b"", filename="blank.png")
    assert_readable(caught.value, "blank.png", "empty")
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(b"")
    assert_readable(caught.value, "image", "empty")


def test_random_bytes_are_not_an_image(tmp_path):
    # Fixed "random" bytes: the test must not depend on luck.
    data = bytes((i * 7919 + 13) % 251 for i in range(4096))
    assert sniff_image_type(data) is None
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(data, filename="noise.png")
    assert_readable(caught.value, "noise.png", "not an image")
    path = tmp_path / "noise.bin"
    path.write_bytes(data)
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(path)
    assert_readable(caught.value, "noise.bin")


def test_a_text_file_named_like_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("just some notes\n")
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(path)
    assert_readable(caught.value, "notes.png")


def test_a_folder(tmp_path):
    folder = tmp_path / "Holiday photos"
    folder.mkdir()
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(folder)
    assert_readable(caught.value, "Holiday photos", "folder")


def test_a_missing_file(tmp_path):
    with pytest.raises(NotAnImageError) as caught:
        prepare_image(tmp_path / "gone.jpg")
    assert_readable(caught.value, "gone.jpg")


def test_decompression_bomb_header_is_refused_quickly():
    bomb = make.png_claiming_size(60000, 60000)
    assert len(bomb) < 200
    started = time.perf_counter()
    with pytest.raises(ImageTooLargeError) as caught:
        prepare_image(bomb, filename="bomb.png")
    assert time.perf_counter() - started < 1.0
    assert_readable(caught.value, "bomb.png", "too many pixels")


def test_decompression_bomb_file_is_refused(tmp_path):
    path = tmp_path / "innocent.png"
    path.write_bytes(make.png_claiming_size(60000, 60000))
    with pytest.raises(ImageTooLargeError) as caught:
        prepare_image(path)
    assert_readable(caught.value, "innocent.png")


def test_just_over_our_pixel_limit_is_refused_with_its_size():
    side = 13342  # 13342² = 178,008,964 pixels, just over MAX_PIXELS
    assert side * side > MAX_PIXELS > (side - 1) ** 2
    with pytest.raises(ImageTooLargeError) as caught:
        prepare_image(make.png_claiming_size(side, side), filename="huge.png")
    assert_readable(caught.value, "huge.png", f"{side}×{side}", "megapixels")


def test_a_header_claiming_a_big_but_allowed_size_with_no_data_is_broken():
    # 100 MP claimed, no pixel data behind it: not a bomb by our limit, but damaged.
    with pytest.raises(BrokenImageError) as caught:
        prepare_image(make.png_claiming_size(10000, 10000), filename="liar.png")
    assert_readable(caught.value, "liar.png")


def test_a_file_too_big_to_read_is_refused_before_reading(tmp_path):
    path = tmp_path / "enormous.tif"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(ImageTooLargeError) as caught:
        read_image_file(path)
    assert_readable(caught.value, "enormous.tif")
    # One byte past the cap reads as "over" it, not as the cap itself.
    assert "is over 200 MB; images up to 200 MB are accepted" in str(caught.value)


def test_every_refusal_is_an_image_error():
    for error_type in (NotAnImageError, BrokenImageError, ImageTooLargeError):
        assert issubclass(error_type, ImageError)


# --- reading and conversion helpers --------------------------------------------------------


def test_read_image_file_returns_the_bytes(tmp_path):
    data = make.png_with_alpha()
    path = tmp_path / "a.png"
    path.write_bytes(data)
    assert read_image_file(path) == data
    assert read_image_file(str(path)) == data


def test_ensure_supported_bytes_passes_supported_bytes_through_untouched():
    data = make.webp()
    assert ensure_supported_bytes(data) == (data, "image/webp")


def test_ensure_supported_bytes_converts_other_formats_without_shrinking():
    data, mime_type = ensure_supported_bytes(make.bmp((3000, 20)))
    assert mime_type == "image/jpeg"
    assert sniff_image_type(data) == mime_type
    assert open_bytes(data).size == (3000, 20)


def test_ensure_supported_bytes_encodes_a_pil_image():
    data, mime_type = ensure_supported_bytes(Image.new("RGBA", (5, 5)))
    assert (sniff_image_type(data), mime_type) == ("image/png", "image/png")


def test_the_quality_setting_decides_how_a_photo_is_encoded():
    """A noisy photo (detail JPEG must spend bytes on) cut down at two qualities: the lower
    one is smaller, and both open as JPEGs of the same size."""
    import random

    rng = random.Random(7)
    noisy = Image.frombytes("RGB", (600, 400), bytes(rng.randrange(256) for _ in range(720000)))
    data = make.encode(noisy, "JPEG", quality=95)
    low = prepare_image(data, filename="p.jpg", max_side=300, quality=50)
    high = prepare_image(data, filename="p.jpg", max_side=300, quality=100)
    assert low.mime_type == high.mime_type == "image/jpeg"
    assert (low.width, low.height) == (high.width, high.height) == (300, 200)
    assert len(low.data) < len(high.data) * 0.6
