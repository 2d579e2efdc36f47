"""Drop debug info and symbol tables from ELF libraries that ``strip`` cannot handle.

The wheels' vendored libraries (``numpy.libs``, ``pillow.libs``) and the
extension modules whose RUNPATH points there were edited by auditwheel's
patchelf, which appends a loadable segment at the end of the file. GNU
``strip`` rewrites such files into ones the loader refuses ("ELF load command
address/offset not page-aligned"), so they used to ship unstripped: Pillow's
``_imaging`` carries 2.6 MB of DWARF, OpenBLAS 1 MB of symbols, and patchelf
left a 2 MB gap of zeros in ``libXau``.

:func:`slim_elf` does the one safe thing instead: it never moves a byte
*inside* what the loader maps. It marks the non-allocated sections (debug
info, ``.symtab``, ``.strtab``, ``.comment``...) as empty, then cuts whole
4 KiB pages out of the holes between what is still used, shifting the file
offsets that follow. Virtual addresses do not change, and every loadable
segment keeps its offset congruent to its address modulo the page size (what
the loader checks), so the code and data are mapped exactly as before.
x86-64 and other 4 KiB-page, little-endian, 64-bit ELF files only.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

PAGE = 0x1000
SHF_ALLOC = 0x2
SHT_NULL, SHT_NOBITS = 0, 8
PT_LOAD = 1
_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_PHDR = struct.Struct("<IIQQQQQQ")
_SHDR = struct.Struct("<IIQQQQIIQQ")


class NotSlimmable(ValueError):
    """Not a little-endian 64-bit ELF file: left as it is."""


def _headers(data: bytearray) -> tuple[list, list[list[int]], list[list[int]]]:
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise NotSlimmable("not a little-endian 64-bit ELF file")
    ehdr = list(_EHDR.unpack_from(data, 0))
    phoff, shoff, phentsize, phnum, shentsize, shnum = (
        ehdr[5],
        ehdr[6],
        ehdr[9],
        ehdr[10],
        ehdr[11],
        ehdr[12],
    )
    if phentsize != _PHDR.size or (shnum and shentsize != _SHDR.size):
        raise NotSlimmable("unexpected header sizes")
    phdrs = [list(_PHDR.unpack_from(data, phoff + i * phentsize)) for i in range(phnum)]
    shdrs = [list(_SHDR.unpack_from(data, shoff + i * shentsize)) for i in range(shnum)]
    return ehdr, phdrs, shdrs


def _write_headers(data: bytearray, ehdr: list, phdrs: list, shdrs: list) -> None:
    _EHDR.pack_into(data, 0, *ehdr)
    for i, ph in enumerate(phdrs):
        _PHDR.pack_into(data, ehdr[5] + i * _PHDR.size, *ph)
    for i, sh in enumerate(shdrs):
        _SHDR.pack_into(data, ehdr[6] + i * _SHDR.size, *sh)


def _drop_unallocated_sections(data: bytearray) -> None:
    ehdr, phdrs, shdrs = _headers(data)
    shstrndx = ehdr[13]
    for index, sh in enumerate(shdrs):
        sh_type, flags = sh[1], sh[2]
        if index and index != shstrndx and not flags & SHF_ALLOC and sh_type != SHT_NOBITS:
            sh[1], sh[4], sh[5], sh[6], sh[7] = (
                SHT_NULL,
                0,
                0,
                0,
                0,
            )  # type, offset, size, link, info
    _write_headers(data, ehdr, phdrs, shdrs)


def _largest_hole(data: bytearray) -> tuple[int, int]:
    """The largest byte range nothing uses: (start, whole pages in it)."""
    ehdr, phdrs, shdrs = _headers(data)
    used = [(0, _EHDR.size), (ehdr[5], ehdr[5] + len(phdrs) * _PHDR.size)]
    used.append((ehdr[6], ehdr[6] + len(shdrs) * _SHDR.size))
    used += [(ph[2], ph[2] + ph[5]) for ph in phdrs if ph[5]]
    used += [(sh[4], sh[4] + sh[5]) for sh in shdrs if sh[1] not in (SHT_NULL, SHT_NOBITS)]
    used.sort()
    best, end = (0, 0), 0
    for start, stop in [*used, (len(data), len(data))]:
        if start > end and (start - end) // PAGE * PAGE > best[1]:
            best = (end, (start - end) // PAGE * PAGE)
        end = max(end, stop)
    return best


def _cut(data: bytearray, at: int, length: int) -> bytearray:
    """Remove ``data[at:at + length]`` (unused, whole pages) and shift the offsets after it."""
    ehdr, phdrs, shdrs = _headers(data)
    for ph in phdrs:
        if ph[2] >= at + length:
            ph[2] -= length
            if ph[0] == PT_LOAD and (ph[3] - ph[2]) % max(ph[7], 1):
                ph[7] = PAGE  # offset and address stay congruent modulo the page, as loaders need
        elif ph[2] + ph[5] > at:
            raise NotSlimmable("a segment spans the cut")
    for sh in shdrs:
        if sh[1] != SHT_NULL and sh[4] >= at + length:
            sh[4] -= length
    for field in (5, 6):  # e_phoff, e_shoff
        if ehdr[field] >= at + length:
            ehdr[field] -= length
    result = data[:at] + data[at + length :]
    _write_headers(result, ehdr, phdrs, shdrs)
    return result


def slim_elf(source: Path, target: Path) -> int:
    """Write ``source`` without debug info and symbol tables to ``target``; bytes saved."""
    data = bytearray(source.read_bytes())
    size = len(data)
    _drop_unallocated_sections(data)
    for _ in range(64):  # a few holes in practice; the bound only guards against a loop
        at, length = _largest_hole(data)
        if not length:
            break
        data = _cut(data, at, length)
    target.write_bytes(bytes(data))
    return size - len(data)


def main() -> int:
    """``python tools/slim_elf.py LIB...``: slim the files in place and say what was saved."""
    for name in sys.argv[1:]:
        path = Path(name)
        try:
            saved = slim_elf(path, path)
        except NotSlimmable as error:
            print(f"{path}: left as it is ({error})")
            continue
        print(f"{path}: {saved / 1e6:.2f} MB saved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
