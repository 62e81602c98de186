"""Containers: ZIP archives (KMZ, zipped shapefiles) and gzip streams, checked before anything is unpacked.

The archive's end record and directory are checked first (entries, total size, ZIP64, parts); then
only the entries that are read are unpacked, each against its size limit and compression ratio, in
pieces, so that the bytes actually produced are counted, whatever the directory claims. An entry that
is never read (a KMZ's overlay image) is never unpacked and never refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from zipfile import ZipFile, ZipInfo

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer.limits import ZIP_MAX_DIRECTORY_BYTES, ZIP_RATIO_MIN_BYTES, ImportLimits, limit_mb, mb, quote

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,
)


@dataclass
class Archive:
    """A ZIP archive whose directory passed the checks; :meth:`read` unpacks one entry."""

    name: str
    zipfile: ZipFile
    entries: list[ZipInfo]
    limits: ImportLimits

    def files(self) -> list[str]:
        """The names of the files (not folders) in the archive, without operating-system litter (:func:`is_litter`).

        Returns
        -------
        list of str
            The entries' names as the archive writes them, in its order.
        """
        return [e.filename for e in self.entries if not e.is_dir() and not is_litter(e.filename)]

    def find(self, filename: str) -> ZipInfo | None:
        """The entry of that name (case-insensitive, without a leading ``./`` or ``/``), if any.

        Parameters
        ----------
        filename : str
            The name looked for (backslashes read as slashes).

        Returns
        -------
        zipfile.ZipInfo or None
            The first entry of that name, or ``None``.
        """
        wanted = filename.replace("\\", "/").lstrip("./").lower()
        return next((e for e in self.entries if e.filename.replace("\\", "/").lstrip("./").lower() == wanted), None)

    def read(self, entry: ZipInfo) -> bytes:
        """Unpack one entry, refusing a bomb by its ratio and its size, counted as it is inflated.

        Parameters
        ----------
        entry : zipfile.ZipInfo
            One of :attr:`entries`.

        Returns
        -------
        bytes
            The entry's content, at most ``limits.max_bytes``.

        Raises
        ------
        ControlFileError
            For an encrypted entry, an unknown compression, a ratio over the limit, or more bytes than allowed.
        """
        label = f"{self.name}: {quote(entry.filename)}"
        limits = self.limits
        if entry.flag_bits & 0x1:
            raise ControlFileError(f"{self.name} is encrypted; export it without a password")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ControlFileError(f"{label} uses compression method {entry.compress_type}; only deflate is read")
        if entry.file_size > ZIP_RATIO_MIN_BYTES and entry.file_size > limits.max_zip_ratio * max(entry.compress_size, 1):
            ratio = entry.file_size / max(entry.compress_size, 1)
            raise ControlFileError(
                f"{label} is compressed {ratio:,.0f}:1; more than {limits.max_zip_ratio:g}:1 is refused as a decompression bomb"
            )
        if entry.file_size > limits.max_bytes:
            raise ControlFileError(f"{label} unpacks to {mb(entry.file_size)}; the limit is {limit_mb(limits.max_bytes)}")
        pieces = []
        read = 0
        try:
            with self.zipfile.open(entry) as handle:
                while True:
                    piece = handle.read(1 << 20)
                    if not piece:
                        break
                    read += len(piece)
                    if read > entry.file_size:
                        raise ControlFileError(
                            f"{self.name} is a damaged ZIP archive: {quote(entry.filename)} is larger than its directory says"
                        )
                    pieces.append(piece)
        except ControlFileError:
            raise
        except _ZIP_ERRORS as exc:
            raise ControlFileError(f"{self.name} is a damaged ZIP archive: {_one_line(exc, 100)}") from None
        return b"".join(pieces)


#: Files operating systems add to archives: macOS Finder's ``__MACOSX/`` and AppleDouble ``._*`` entries,
#: ``.DS_Store``, Windows' ``Thumbs.db`` and ``desktop.ini``. Never read, never named.
LITTER_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "icon\r"})


def is_litter(filename: str) -> bool:
    """Whether an archive entry is operating-system litter, never a file the user put there.

    Parameters
    ----------
    filename : str
        The entry's name in the archive.

    Returns
    -------
    bool
        True for ``__MACOSX/`` folders, ``._`` resource forks and names in :data:`LITTER_NAMES` (``Thumbs.db``, ...).
    """
    path = filename.replace("\\", "/")
    base = path.rsplit("/", 1)[-1]
    return path.startswith("__MACOSX/") or "/__MACOSX/" in path or base.startswith("._") or base.lower() in LITTER_NAMES


def open_archive(data: bytes, name: str, limits: ImportLimits) -> Archive:
    """Check a ZIP archive from its end record and directory alone, before any entry is unpacked.

    Parameters
    ----------
    data : bytes
        The archive's content.
    name : str
        The file's name as shown in messages.
    limits : ImportLimits
        The limits on entries, directory size and unpacked bytes.

    Returns
    -------
    Archive
        The archive, its entries listed and none unpacked yet.

    Raises
    ------
    ControlFileError
        For a multi-part, ZIP64 or damaged archive, too many entries, a huge directory, or more
        than ``limits.max_zip_total_bytes`` unpacked in all.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) - end < 22:
        raise ControlFileError(f"{name} is a damaged ZIP archive: no central directory")
    disk, cd_disk, on_disk, total, cd_size, cd_offset, _comment = struct.unpack("<HHHHIIH", data[end + 4 : end + 22])
    if disk != 0 or cd_disk != 0 or on_disk != total:
        raise ControlFileError(f"{name} is part of a multi-part ZIP archive; send it as one file")
    if total == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF or data.rfind(b"PK\x06\x07", 0, end) >= 0:
        raise ControlFileError(f"{name} is a ZIP64 archive; a control file needs no ZIP64 and it is refused")
    if total > limits.max_zip_entries or on_disk > limits.max_zip_entries:
        raise ControlFileError(f"{name} holds {max(total, on_disk):,} files; a KMZ may hold at most {limits.max_zip_entries}")
    if cd_size > ZIP_MAX_DIRECTORY_BYTES:
        raise ControlFileError(f"{name} has a ZIP directory of {mb(cd_size)}, far more than {limits.max_zip_entries} files need")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise ControlFileError(f"{name} is a damaged ZIP archive: {_one_line(exc, 100)}") from None
    if len(entries) != total:
        raise ControlFileError(
            f"{name} is a damaged ZIP archive: its directory lists {len(entries)} files, its end record {total}"
        )
    unpacked = 0
    for entry in entries:
        unpacked += entry.file_size
        if unpacked > limits.max_zip_total_bytes:
            raise ControlFileError(
                f"{name} would unpack to more than {limit_mb(limits.max_zip_total_bytes)}, the limit for an archive"
            )
    return Archive(name, archive, entries, limits)


def gunzip(data: bytes, name: str, limits: ImportLimits) -> bytes:
    """The content of a gzip stream, inflated in pieces and refused once it passes the size limit or the ratio.

    Parameters
    ----------
    data : bytes
        The gzip stream.
    name : str
        The file's name as shown in messages.
    limits : ImportLimits
        The limits on unpacked bytes and compression ratio.

    Returns
    -------
    bytes
        The unpacked content.

    Raises
    ------
    ControlFileError
        For damaged data, more than ``limits.max_bytes`` unpacked, or a ratio over ``limits.max_zip_ratio``.
    """
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    pieces = []
    produced = 0
    cap = limits.max_bytes
    ratio_cap = max(ZIP_RATIO_MIN_BYTES, int(limits.max_zip_ratio * len(data)))
    try:
        pending = data
        while pending:
            piece = inflater.decompress(pending, 1 << 20)
            pending = inflater.unconsumed_tail
            produced += len(piece)
            if produced > ratio_cap:
                raise ControlFileError(
                    f"{name} unpacks at more than {limits.max_zip_ratio:g}:1; it is refused as a decompression bomb"
                )
            if produced > cap:
                raise ControlFileError(f"{name} unpacks to more than {limit_mb(cap)}; the limit is {limit_mb(cap)}")
            pieces.append(piece)
            if inflater.eof:
                break
            if not piece and not pending:
                break
        if not inflater.eof:
            raise ControlFileError(f"{name} is damaged gzip data: it ends early")
    except zlib.error as exc:
        raise ControlFileError(f"{name} is damaged gzip data: {_one_line(exc, 80)}") from None
    return b"".join(pieces)


def zip_of(entries: dict[str, bytes]) -> bytes:
    """A new, uncompressed ZIP of entries already unpacked and checked: what GDAL reads through ``/vsizip/``.

    Parameters
    ----------
    entries : dict of str to bytes
        Each entry's name in the new archive and its content.

    Returns
    -------
    bytes
        The ZIP archive's bytes, the entries stored (not compressed).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for filename, content in entries.items():
            archive.writestr(filename, content)
    return buffer.getvalue()
