"""Trim the ICU data Qt carries (``libicudata.so.73``, 32 MB, the largest file of the
bundle) to what Qt uses: ``python packaging/icu_data.py LIBRARY`` rewrites it in place.

Qt asks ICU for collation (QCollator), case mapping, time-zone names, break iterators and
text codecs; it keeps its own locale data (CLDR, compiled into QtCore). So the trees of
display names for languages, regions, currencies and units, the transliterators and the
rule-based number spell-outs go (12 MB). The library is rebuilt from the trimmed data with
ICU's own tools (``icupkg``, ``genccode``: Debian's icu-devtools) and a C compiler, under
its soname and data symbol, so libicuuc finds it as before.

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
UNUSED_TREES = ("unit/", "curr/", "lang/", "region/", "translit/", "rbnf/")
TOOLS = ("icupkg", "genccode", "cc", "nm", "readelf", "strip")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


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
        items = _run("icupkg", "-l", str(full)).split()
        unused = [item for item in items if item.startswith(UNUSED_TREES)]
        if not unused:
            return before, before
        removal_list = work / "unused.txt"
        removal_list.write_text("\n".join(unused) + "\n")
        trimmed = work / "trimmed" / package_name
        trimmed.parent.mkdir()
        _run("icupkg", "-r", str(removal_list), str(full), str(trimmed))
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
