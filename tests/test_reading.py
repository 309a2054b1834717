"""Reading files of every supported format, and one-line errors for everything else."""

import codecs
import hashlib
import io
import os
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from fpdf import FPDF

from motesgraf.extraction.reading import (
    MAX_BYTES,
    READ_ERROR_KINDS,
    ReadError,
    SourceText,
    iter_document_paths,
    read_document,
)

SWEDISH = "Närvarande: Åsa Öberg, Härryda"


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _read_error(path: Path) -> ReadError:
    error = _read_error_raw(path)
    assert str(path) in str(error)
    assert error.kind in READ_ERROR_KINDS
    return error


def _read_error_raw(path: Path) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert len(str(caught.value).splitlines()) == 1
    assert caught.value.path == str(path)
    return caught.value


def _pdf_bytes(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        for line in text.split("\n"):
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --- plain text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SWEDISH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SWEDISH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + SWEDISH.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + SWEDISH.encode("utf-16-be"), "utf-16-be"),
        (SWEDISH.encode("utf-16-le"), "utf-16-le"),
        (SWEDISH.encode("utf-16-be"), "utf-16-be"),
        (SWEDISH.encode("cp1252"), "cp1252"),
        (SWEDISH.encode("latin-1"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252", "latin1"],
)
def test_plain_text_encodings_decode_exactly(tmp_path, data, encoding):
    path = _write(tmp_path / "notes.txt", data)
    source = read_document(path)
    assert source == SourceText(
        path=str(path),
        text=SWEDISH,
        format="txt",
        encoding=encoding,
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def test_cp1252_typography_and_longer_text(tmp_path):
    text = "Möte 12 maj – ”Förslag” från Göteborg…\nÄrende: budget för äldreomsorg € 5 000\n"
    path = _write(tmp_path / "notes.md", text.encode("cp1252"))
    source = read_document(path)
    assert (source.text, source.format, source.encoding) == (text, "md", "cp1252")


def test_mixed_utf8_and_cp1252_lines_decode_line_by_line(tmp_path):
    data = "Närvarande\r\nÅsa Öberg, Härryda\n".encode("utf-8") + "Göran Ärlig, Mölndal\n".encode("cp1252")
    source = read_document(_write(tmp_path / "mixed.txt", data))
    assert (source.text, source.encoding) == ("Närvarande\r\nÅsa Öberg, Härryda\nGöran Ärlig, Mölndal\n", "utf-8+cp1252")


def test_other_single_byte_encodings_fall_back_to_charset_normalizer(tmp_path):
    text = "Протокол заседания совета. Присутствовали: Иванов, Петров, Сидорова.\n" * 3
    path = _write(tmp_path / "notes.txt", text.encode("cp1251"))
    assert read_document(path).text == text


def test_line_endings_are_kept_as_read(tmp_path):
    path = _write(tmp_path / "notes.txt", "Rad ett\r\nRad två\rRad tre\n".encode())
    assert read_document(path).text == "Rad ett\r\nRad två\rRad tre\n"


@pytest.mark.parametrize("data", [b"", b"  \r\n\t\n ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")])
def test_empty_or_blank_text_is_an_empty_document(tmp_path, data):
    error = _read_error(_write(tmp_path / "blank.txt", data))
    assert error.reason == "empty document"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00\x5c\x72\xa8\x66",
        bytes(range(256)) * 4,
        b"\x00" * 64,
    ],
    ids=["png", "all-bytes", "zeros"],
)
def test_binary_content_is_rejected(tmp_path, data):
    error = _read_error(_write(tmp_path / "image.txt", data))
    assert error.reason.startswith("binary or undecodable content")


def test_bom_with_invalid_payload_is_undecodable(tmp_path):
    error = _read_error(_write(tmp_path / "bad.txt", codecs.BOM_UTF8 + b"ok \xff\xfe\xfa"))
    assert error.reason.startswith("binary or undecodable content")


# --- docx ---------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_body_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    for row, (name, place) in zip(table.rows, [("Anna Berg", "Umeå"), ("Per Öst", "")]):
        row.cells[0].text = name
        row.cells[1].text = place
    document.add_paragraph("§ 1 Mötets öppnande")
    path = tmp_path / "notes.docx"
    document.save(path)

    source = read_document(path)

    assert source.text == "Minnesanteckningar\n\nAnna Berg, Umeå\nPer Öst\n§ 1 Mötets öppnande"
    assert (source.format, source.encoding) == ("docx", None)


def test_docx_merged_cells_are_not_repeated(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Kommun"
    table.cell(0, 2).text = "Antal"
    table.cell(1, 0).text = "Umeå"
    table.cell(1, 1).text = "Luleå"
    table.cell(1, 2).text = "3"
    path = tmp_path / "merged.docx"
    document.save(path)

    assert read_document(path).text == "Kommun, Antal\nUmeå, Luleå, 3"


def test_docx_with_only_a_table(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Anna Berg"
    table.cell(0, 1).text = "Umeå"
    path = tmp_path / "table.docx"
    document.save(path)

    assert read_document(path).text == "Anna Berg, Umeå"


def test_docx_without_text_is_empty(tmp_path):
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    assert _read_error(path).reason == "empty document"


def test_zip_of_something_else_is_not_a_docx(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hej")
    error = _read_error(_write(tmp_path / "fake.docx", buffer.getvalue()))
    assert error.reason.startswith("not a valid .docx file (")


def test_text_named_docx_is_not_a_docx(tmp_path):
    error = _read_error(_write(tmp_path / "plain.docx", SWEDISH.encode()))
    assert error.reason.startswith("not a valid .docx file (")


# --- pdf ----------------------------------------------------------------------------------


def test_pdf_pages_are_joined_with_newlines(tmp_path):
    path = _write(tmp_path / "notes.pdf", _pdf_bytes([SWEDISH, "Sida två: Göteborg"]))
    source = read_document(path)
    assert source.text == f"{SWEDISH}\nSida två: Göteborg"
    assert (source.format, source.encoding) == ("pdf", None)


def _encrypted_pdf(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(_pdf_bytes([SWEDISH])))
    writer.encrypt(user_password, owner_password="ägare")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path):
    path = _write(tmp_path / "locked.pdf", _encrypted_pdf(""))
    assert read_document(path).text == SWEDISH


def test_pdf_encrypted_with_a_password_is_rejected(tmp_path):
    error = _read_error(_write(tmp_path / "secret.pdf", _encrypted_pdf("hemligt")))
    assert error.reason.startswith("encrypted PDF")


def test_pdf_without_text_layer(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    error = _read_error(_write(tmp_path / "scan.pdf", bytes(pdf.output())))
    assert error.reason == "no text layer (scanned PDF? run OCR first)"


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.9])
def test_truncated_pdf_fails_quietly_with_a_short_reason(tmp_path, capfd, caplog, cut):
    data = _pdf_bytes([SWEDISH] * 3)
    path = _write(tmp_path / "cut.pdf", data[: int(len(data) * cut)])
    try:
        source = read_document(path)
    except ReadError as error:
        assert "\n" not in str(error) and str(path) in str(error)
        assert error.reason.startswith(("not a readable PDF (", "no text layer"))
        assert len(error.reason) < 120
    else:
        assert source.text  # pypdf may recover part of a cut file; that is fine
    assert capfd.readouterr().err == ""
    assert not [record for record in caplog.records if record.name.startswith("pypdf")]


def test_non_pdf_named_pdf(tmp_path):
    error = _read_error(_write(tmp_path / "fake.pdf", b"hej hej, inte en pdf"))
    assert error.reason.startswith("not a readable PDF (")


# --- file system errors -------------------------------------------------------------------


def test_unknown_suffix(tmp_path):
    error = _read_error(_write(tmp_path / "notes.xyz", b"text"))
    assert error.reason == "unsupported file type '.xyz' (supported: .txt, .md, .docx, .pdf)"


def test_suffix_is_case_insensitive(tmp_path):
    path = _write(tmp_path / "NOTES.TXT", SWEDISH.encode())
    assert read_document(path).format == "txt"


def test_missing_file(tmp_path):
    error = _read_error(tmp_path / "gone.txt")
    assert error.reason == "cannot read file (No such file or directory)"


def test_directory(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert "directory" in _read_error(tmp_path / "folder.txt").reason


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may read anything")
def test_unreadable_file(tmp_path):
    path = _write(tmp_path / "locked.txt", SWEDISH.encode())
    path.chmod(0)
    try:
        assert _read_error(path).reason == "cannot read file (Permission denied)"
    finally:
        path.chmod(0o600)


def test_file_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as sparse:
        sparse.truncate(MAX_BYTES + 1)
    assert _read_error(path).reason == "file too large (50.0 MB > 50 MB)"


def test_read_error_survives_pickling():
    import pickle

    error = pickle.loads(pickle.dumps(ReadError("a.pdf", "encrypted PDF", "encrypted PDF")))
    assert (str(error), error.path, error.kind) == ("a.pdf: encrypted PDF", "a.pdf", "encrypted PDF")


# --- walking inputs -----------------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_hidden_and_lock_files(tmp_path):
    for name in [
        "b.txt", "a.md", "c.pdf", "d.docx", "e.xyz", ".hidden.txt", "~$d.docx",
        "sub/z.txt", "sub/a.TXT", ".git/config.txt", "aa/x.md",
    ]:
        _write(tmp_path / name, b"x")

    found = [path.relative_to(tmp_path).as_posix() for path in iter_document_paths([tmp_path])]

    assert found == ["a.md", "aa/x.md", "b.txt", "c.pdf", "d.docx", "sub/a.TXT", "sub/z.txt"]


def test_files_given_directly_are_yielded_as_is(tmp_path):
    directory = tmp_path / "dir"
    _write(directory / "a.txt", b"x")
    given = [tmp_path / "notes.xyz", tmp_path / "missing.txt", directory, str(directory / "a.txt")]
    assert list(iter_document_paths(given)) == [
        tmp_path / "notes.xyz",
        tmp_path / "missing.txt",
        directory / "a.txt",
        directory / "a.txt",
    ]


def test_symlink_loops_do_not_hang_and_dangling_or_looping_links_are_reported(tmp_path):
    _write(tmp_path / "notes" / "a.txt", b"x")
    (tmp_path / "notes" / "loop").symlink_to(tmp_path / "notes")  # a folder seen again: walked once, not reported
    (tmp_path / "notes" / "self.txt").symlink_to(tmp_path / "notes" / "self.txt")
    (tmp_path / "notes" / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    found = list(iter_document_paths([tmp_path / "notes"]))
    assert found == [tmp_path / "notes" / "a.txt", tmp_path / "notes" / "gone.txt", tmp_path / "notes" / "self.txt"]
    error = _read_error(found[1])
    assert (error.reason, error.kind) == ("cannot read file (No such file or directory)", "unreadable")
    error = _read_error(found[2])
    assert error.kind == "symlink loop" and "self.txt" in str(error)


def test_a_name_with_a_newline_stays_one_line(tmp_path):
    path = _write(tmp_path / "två\nrader\u2028.txt", b"")
    error = _read_error_raw(path)
    assert str(error) == f"{tmp_path}/två\\nrader\\u2028.txt: empty document"
    assert error.path == str(path)


def test_every_error_has_a_documented_kind(tmp_path):
    for name, data in [("e.txt", b""), ("b.txt", b"\x00" * 8), ("x.xyz", b"x"), ("p.pdf", b"nej"), ("d.docx", b"nej")]:
        assert _read_error(_write(tmp_path / name, data)).kind in READ_ERROR_KINDS
