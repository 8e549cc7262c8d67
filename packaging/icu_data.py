"""Trim the ICU data Qt carries (``libicudata.so.73``, 32 MB, the largest file of the
bundle) to what Qt uses: ``python packaging/icu_data.py LIBRARY`` rewrites it in place.

QtCore calls ICU for four things only (its imported ICU symbols say so): collation
(``ucol_*``, QCollator), case mapping (``u_strToUpper``/``u_strToLower``), time-zone names
(``ucal_*``) and text codecs (``ucnv_*``); it keeps its own locale data (CLDR, compiled into
QtCore) and its own text boundaries. So what no such call reads goes:

- the trees of display names for languages, regions, currencies and units, the
  transliterators and the rule-based number spell-outs (12 MB);
- the break iterators' rules and dictionaries (3 MB), StringPrep profiles, IDNA and NFKC
  normalisation, spoof checks, character names, emoji and layout properties;
- the main locale bundles (``de.res``...: number and date formats, 3 MB), but those whose
  default numbering system a time-zone name in a GMT format still reads (``غرينتش+١`` in
  Arabic): the locales with native digits, and those that set Latin digits again under one.

The library is rebuilt from the trimmed data with ICU's own tools (``icupkg``, ``genccode``,
``derb``: Debian's icu-devtools) and a C compiler, under its soname and data symbol, so
libicuuc finds it as before.

Checked by comparing what Qt answers with the full and the trimmed data
(``tests/packaging/test_icu_data.py``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Item trees of the ICU data package Qt never reads.
UNUSED_TREES = ("unit/", "curr/", "lang/", "region/", "translit/", "rbnf/", "brkitr/")
# Single items for ICU services Qt never calls.
UNUSED_ITEMS = re.compile(
    r"^(.*\.spp|uts46\.nrm|nfkc(_cf)?\.nrm|confusables\.cfu|unames\.icu|uemoji\.icu"
    r"|ulayout\.icu)$"
)
# A main locale bundle (ar.res, ar_EG.res, yue_Hant.res); not root.res, pool.res, ...
_LOCALE_BUNDLE = re.compile(r"^[a-z]{2,3}(_\w+)?\.res$")
TOOLS = ("icupkg", "genccode", "derb", "cc", "nm", "readelf", "strip")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*command: str, cwd: Path | None = None) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, cwd=cwd).stdout


def _numbering_defaults(package: Path, locale_items: list[str], work: Path) -> dict[str, str]:
    """Locale (``ar_EG``) -> the default numbering system its own bundle sets (``arab``),
    for the bundles that set one, read from ``derb``'s text dump of each."""
    extracted, dumped = work / "locales", work / "dumped"
    extracted.mkdir()
    dumped.mkdir()
    wanted = work / "locales.txt"
    wanted.write_text("\n".join([*locale_items, "pool.res"]) + "\n")
    _run("icupkg", "-x", str(wanted), "-d", str(extracted), str(package))
    _run("derb", "-d", str(dumped), "-i", ".", *locale_items, cwd=extracted)
    defaults = {}
    for dump in dumped.glob("*.txt"):
        table = None
        for line in dump.read_text(encoding="utf-8-sig").splitlines():
            top_level = re.match(r"^    (\S+?)\s*\{", line)
            if top_level:
                table = top_level.group(1)
            default = re.match(r'^        default\s*\{\s*"(\w+)"', line)
            if table == "NumberElements" and default:
                defaults[dump.stem] = default.group(1)
                break
    return defaults


def locales_to_keep(defaults: dict[str, str]) -> set[str]:
    """The main locale bundles a trimmed package keeps: a bundle left out falls back to its
    parent (``ar_EG`` -> ``ar`` -> root), so each that sets digits other than its parent's
    would stay. Root's are Latin."""
    kept: set[str] = set()

    def inherited(locale: str) -> str:
        while "_" in locale:
            locale = locale.rsplit("_", 1)[0]
            if locale in kept:
                return defaults[locale]
        return "latn"

    # Parents first (ar before ar_EG), so a child that repeats its parent's digits goes.
    for locale in sorted(defaults, key=lambda name: (name.count("_"), name)):
        if defaults[locale] != inherited(locale):
            kept.add(locale)
    # A bundle's parents stay with it (icupkg refuses a package with a dangling parent).
    for locale in list(kept):
        while "_" in locale:
            locale = locale.rsplit("_", 1)[0]
            kept.add(locale)
    return kept


def unused_items(package: Path, work: Path) -> list[str]:
    """The items of the ICU data ``package`` that Qt never reads."""
    items = _run("icupkg", "-l", str(package)).split()
    locale_items = [item for item in items if _LOCALE_BUNDLE.match(item)]
    kept_locales = locales_to_keep(_numbering_defaults(package, locale_items, work))
    return [
        item
        for item in items
        if item.startswith(UNUSED_TREES)
        or UNUSED_ITEMS.match(item)
        or (item in locale_items and item.removesuffix(".res") not in kept_locales)
    ]


def _data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol (``icudt73_dat``), its offset in the file and its size."""
    for line in _run("nm", "-D", "-S", str(library)).splitlines():
        parts = line.split()
        if len(parts) == 4 and re.fullmatch(r"icudt\d+_dat", parts[3]):
            address, size, name = int(parts[0], 16), int(parts[1], 16), parts[3]
            break
    else:
        raise ValueError(f"no ICU data symbol in {library}")
    for line in _run("readelf", "-S", "-W", str(library)).splitlines():
        match = re.search(r"\]\s+\.rodata\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            section_address, section_offset = int(match.group(1), 16), int(match.group(2), 16)
            return name, address - section_address + section_offset, size
    raise ValueError(f"no .rodata section in {library}")


def _remove_items(package: Path, unused: list[str], target: Path, removal_list: Path) -> None:
    """Write ``package`` less ``unused`` to ``target``, but for items another one kept
    depends on (a locale's parent named by its ``%%Parent``): icupkg names them, they stay."""
    for _ in range(20):
        removal_list.write_text("\n".join(unused) + "\n")
        result = subprocess.run(
            ["icupkg", "-r", str(removal_list), str(package), str(target)],
            capture_output=True,
            text=True,
        )
        needed = set(re.findall(r"depends on missing item (\S+)", result.stderr))
        if result.returncode == 0 or not needed:
            result.check_returncode()
            return
        unused = [item for item in unused if item not in needed]
    raise RuntimeError(f"icupkg: {result.stderr.strip()}")


def trim(library: Path) -> tuple[int, int]:
    """Rewrite ``library`` without the unused trees; returns its size before and after."""
    before = library.stat().st_size
    symbol, offset, size = _data_symbol(library)
    entry = symbol.removesuffix("_dat")  # icudt73
    with tempfile.TemporaryDirectory(prefix="icu-trim-") as folder:
        work = Path(folder)
        # icupkg names the items by the package's file name: keep ICU's (icudt73l).
        package_name = f"{entry}{'l' if sys.byteorder == 'little' else 'b'}.dat"
        full = work / "full" / package_name
        full.parent.mkdir()
        with library.open("rb") as source:
            source.seek(offset)
            full.write_bytes(source.read(size))
        unused = unused_items(full, work)
        if not unused:
            return before, before
        trimmed = work / "trimmed" / package_name
        trimmed.parent.mkdir()
        _remove_items(full, unused, trimmed, work / "unused.txt")
        _run("genccode", "-a", "gcc", "-e", entry, "-d", str(work), str(trimmed))
        assembly = next(work.glob("*.S"))
        rebuilt = work / library.name
        soname = re.sub(r"(\.so\.\d+).*$", r"\1", library.name)
        _run(
            "cc", "-shared", "-nostdlib", "-o", str(rebuilt), f"-Wl,-soname,{soname}", str(assembly)
        )
        _run("strip", str(rebuilt))
        rebuilt.chmod(library.stat().st_mode)
        shutil.copyfile(rebuilt, library)
    return before, library.stat().st_size


def main() -> None:
    library = Path(sys.argv[1])
    before, after = trim(library)
    print(f"ICU data: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
