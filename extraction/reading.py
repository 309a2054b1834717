"""Reading meeting-note files: bytes on disk become one decoded text, or a one-line ReadError."""

from __future__ import annotations

import codecs
import errno
import hashlib
import io
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdf
from charset_normalizer import from_bytes
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_BYTES = 50 * 1024 * 1024
# spaCy's tokenizer refuses longer texts (Language.max_length); a long meeting note has ~50,000.
MAX_CHARACTERS = 1_000_000


_BOM_ENCODINGS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# High-byte characters that Swedish notes saved as cp1252/latin-1 actually contain. If every
# non-ASCII byte decodes to one of these we trust cp1252 over charset-normalizer, which
# misjudges short Swedish texts (e.g. as cp1250 or mac_roman).
_SWEDISH_CP1252_CHARS = frozenset(
    "åäöÅÄÖéÉèÈüÜáÁàÀæÆøØçÇñÑ" "\u00a0–—‘’‚“”„•…€§°«»´·½×£©®™"
)
_MAX_REASON_CHARS = 80
# Unicode's control characters (Cc) and line and paragraph separators (Zl, Zp): all that may break a line.
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class ReadError(Exception):
    """A file could not be read. str(err) is ONE line that names the file, e.g.
    "notes/x.pdf: encrypted PDF (no password support)"; ``kind`` is the short reason class a summary
    counts, e.g. "encrypted PDF" (one of READ_ERROR_KINDS)."""

    def __init__(self, path: str | Path, reason: str, kind: str = "unreadable") -> None:
        super().__init__(str(path), reason, kind)
        self.path = str(path)
        # The message must stay one line: exception texts from libraries may span several.
        self.reason = " ".join(reason.split())
        self.kind = kind

    def __str__(self) -> str:
        return f"{one_line(self.path)}: {self.reason}"

    def line(self) -> FailureLine:
        return FailureLine(str(self), self.kind)


READ_ERROR_KINDS = (
    "empty", "binary", "unsupported type", "too large", "too long", "unreadable", "symlink loop", "not a file",
    "not a PDF", "encrypted PDF", "no text layer", "not a DOCX",
)


class FailureLine(str):
    """A one-line failure message naming the file that also carries its ``kind``, so a summary can
    count reasons while the message travels as a plain string (between processes, in reports)."""

    kind: str

    def __new__(cls, message: str, kind: str) -> FailureLine:
        line = super().__new__(cls, one_line(message))
        line.kind = kind
        return line

    def __reduce__(self):
        return (FailureLine, (str(self), self.kind))


def one_line(text: str) -> str:
    """``text`` with every character that could break a line (newline, other controls, U+2028 …)
    written as a Python escape, so a file name with a newline still gives a one-line message."""
    return _LINE_BREAKING.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str  # ALL character offsets in motesgraf refer to this string
    format: str  # "txt" | "md" | "docx" | "pdf"
    encoding: str | None  # detected encoding for txt/md, None otherwise
    content_hash: str  # sha256 hex of the raw bytes


def read_document(path: str | Path) -> SourceText:
    """Read one supported file into its decoded text; any failure is a ReadError."""
    path = Path(path)
    raw = _read_bytes(path)
    if not raw:  # before any parser: an empty .pdf or .docx is empty, not broken
        raise ReadError(path, "empty document", "empty")
    suffix = path.suffix.lower()
    encoding = None
    if suffix in (".txt", ".md"):
        text, encoding = _decode_plain_text(path, raw)
    elif suffix == ".docx":
        text = _docx_text(path, raw)
    else:
        text = _pdf_text(path, raw)
    if not text.strip():
        raise ReadError(path, "empty document", "empty")
    if len(text) > MAX_CHARACTERS:
        raise ReadError(path, f"text too long ({len(text):,} characters > {MAX_CHARACTERS:,}; split the file)",
                        "too long")
    return SourceText(
        path=str(path),
        text=text,
        format=suffix[1:],
        encoding=encoding,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def iter_document_paths(inputs: Iterable[str | Path]) -> Iterator[Path]:
    """Yield files given directly as-is and supported files found in given directories.

    Directories are walked recursively in name order; hidden entries and Office lock files are
    skipped, and each real directory is visited once so symlink loops end. A folder that cannot be
    listed and a supported name that leads nowhere (dangling symlink) are yielded too, so that
    read_document reports them like any other unreadable file instead of them vanishing.
    """
    visited: set[tuple[int, int]] = set()
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            yield from _walk(given, visited)
        else:
            yield given


def _walk(top: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    # An explicit stack, not recursion: folders may nest deeper than Python's recursion limit.
    stack = [iter([top])]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
        elif (identity := _directory_identity(entry)) is not None:
            if identity in visited:  # a folder reached again through a symlink
                continue
            visited.add(identity)
            try:
                children = sorted(entry.iterdir(), key=lambda child: child.name)
            except OSError:
                yield entry
                continue
            stack.append(child for child in children if not child.name.startswith((".", "~$")))
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES and _file_or_dangling_link(entry):
            yield entry


def _file_or_dangling_link(path: Path) -> bool:
    """A regular file, or a symlink that leads nowhere or in a loop (read_document reports those, so a user
    learns why a note with a document's name was not read)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return path.is_symlink()


def _directory_identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the folder ``path`` leads to; None when it is not a folder."""
    try:
        status = path.stat()
    except OSError:  # a dangling or looping symlink is no folder
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISDIR(status.st_mode) else None


def _read_bytes(path: Path) -> bytes:
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            _refuse_directory(path)
        if not stat.S_ISREG(status.st_mode):
            raise ReadError(path, "not a regular file (device, pipe or socket)", "not a file")
        _check_suffix(path)
        if status.st_size > MAX_BYTES:
            size_mb = status.st_size / 2**20
            raise ReadError(path, f"file too large ({size_mb:.1f} MB > {MAX_BYTES // 2**20} MB)", "too large")
        return path.read_bytes()
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ReadError(path, "symlink loop (the link leads back to itself)", "symlink loop") from err
        raise ReadError(path, f"cannot read file ({err.strerror or err})") from err


def _refuse_directory(path: Path) -> None:
    # iter_document_paths yields a folder only when it cannot be listed; say why.
    try:
        os.listdir(path)
    except OSError as err:
        raise ReadError(path, f"cannot read folder ({err.strerror or err})") from err
    raise ReadError(path, "is a directory, not a file", "not a file")


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        raise ReadError(
            path, f"unsupported file type '{shown}' (supported: {', '.join(SUPPORTED_SUFFIXES)})",
            "unsupported type",
        )


def _short_reason(err: Exception) -> str:
    lines = str(err).strip().splitlines()
    reason = lines[0] if lines else type(err).__name__
    if len(reason) > _MAX_REASON_CHARS:
        reason = reason[: _MAX_REASON_CHARS - 1] + "…"
    return reason


# --- .txt / .md ---------------------------------------------------------------------------


def _decode_plain_text(path: Path, raw: bytes) -> tuple[str, str]:
    unicode_encoding, payload = _unicode_encoding_with_payload(raw)
    if unicode_encoding:
        text = _decode_strict(path, payload, unicode_encoding)
        if "\x00" in text:
            raise ReadError(path, "binary or undecodable content", "binary")
        return text, unicode_encoding
    if b"\x00" in raw:
        raise ReadError(path, "binary or undecodable content", "binary")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_like_swedish_cp1252(raw):
        return raw.decode("cp1252"), "cp1252"
    mixed = _utf8_and_cp1252_lines(raw)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    best = from_bytes(raw).best()
    if best is None:
        raise ReadError(path, "binary or undecodable content", "binary")
    return str(best), best.encoding


def _unicode_encoding_with_payload(raw: bytes) -> tuple[str | None, bytes]:
    """The BOM-announced (or evidently BOM-less UTF-16) encoding and the bytes after any BOM."""
    for bom, encoding in _BOM_ENCODINGS:
        if raw.startswith(bom):
            return encoding, raw[len(bom) :]
    return _bomless_utf16_encoding(raw), raw


def _bomless_utf16_encoding(raw: bytes) -> str | None:
    # Latin-script text in UTF-16 has a NUL high byte in most code units, all on one side.
    units = len(raw) // 2
    if units < 2 or len(raw) % 2:
        return None
    even_nuls = raw[0::2].count(0)
    odd_nuls = raw[1::2].count(0)
    if odd_nuls >= units * 0.3 and even_nuls <= units * 0.05:
        return "utf-16-le"
    if even_nuls >= units * 0.3 and odd_nuls <= units * 0.05:
        return "utf-16-be"
    return None


def _decode_strict(path: Path, payload: bytes, encoding: str) -> str:
    try:
        return payload.decode(encoding)
    except UnicodeDecodeError as err:
        raise ReadError(path, f"binary or undecodable content (not valid {encoding})", "binary") from err


def _utf8_and_cp1252_lines(raw: bytes) -> str | None:
    """Notes pasted together from UTF-8 and cp1252 files: each line decoded as UTF-8 when it is valid, else
    as cp1252 when its high bytes are Swedish letters; None when some line is neither."""
    lines = []
    for line in raw.splitlines(keepends=True):  # keeps \r\n, so the text is exactly as long as read
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            if not _looks_like_swedish_cp1252(line):
                return None
            lines.append(line.decode("cp1252"))
    return "".join(lines)


def _looks_like_swedish_cp1252(raw: bytes) -> bool:
    high_bytes = bytes(sorted(set(raw.translate(None, delete=bytes(range(128))))))
    try:
        decoded = high_bytes.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(char in _SWEDISH_CP1252_CHARS for char in decoded)


# --- .docx --------------------------------------------------------------------------------


def _docx_text(path: Path, raw: bytes) -> str:
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as err:  # python-docx raises many unrelated types on broken packages
        raise ReadError(path, f"not a valid .docx file ({_short_reason(err)})", "not a DOCX") from err
    return "\n".join(_body_lines(document.element.body, document))


def _body_lines(container, document) -> Iterator[str]:
    """Lines of paragraphs and table rows in document order, entering content controls."""
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, document).text
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, document))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_lines(content, document)


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        seen_cells = []
        texts = []
        for cell in row.cells:
            # python-docx repeats a merged cell once per grid column it spans.
            if any(cell._tc is seen for seen in seen_cells):
                continue
            seen_cells.append(cell._tc)
            text = ", ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text:
                texts.append(text)
        yield ", ".join(texts)


# --- .pdf ---------------------------------------------------------------------------------


def _pdf_text(path: Path, raw: bytes) -> str:
    with _quiet_pypdf():
        try:
            reader = pypdf.PdfReader(io.BytesIO(raw))
            _unlock(path, reader)
            page_texts = [page.extract_text() or "" for page in reader.pages]
        except ReadError:
            raise
        except Exception as err:  # pypdf signals broken files with many exception types
            raise ReadError(path, f"not a readable PDF ({_short_reason(err)})", "not a PDF") from err
    if not any(text.strip() for text in page_texts):
        raise ReadError(path, "no text layer (scanned PDF? run OCR first)", "no text layer")
    return "\n".join(page_texts)


def _unlock(path: Path, reader: pypdf.PdfReader) -> None:
    # Many PDFs are "encrypted" only against editing, with an empty user password.
    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("") != pypdf.PasswordType.NOT_DECRYPTED
    except Exception as err:  # e.g. AES without the optional crypto dependency
        raise ReadError(path, f"encrypted PDF ({_short_reason(err)})", "encrypted PDF") from err
    if not unlocked:
        raise ReadError(path, "encrypted PDF (no password support)", "encrypted PDF")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's per-object warnings on broken files; the ReadError says enough."""
    logger = logging.getLogger("pypdf")
    previous_level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(previous_level)
