"""Read page files of any common Chinese encoding into text, refusing bad input with a clear reason."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import chars

# Thresholds (docs/thresholds.md lists each with the test that pins it).
# One newspaper page is tens of kilobytes; a year of one paper as one file is still under this.
# Pinned by test_loading.py::test_missing_file_and_too_large_file.
MAX_FILE_BYTES = 32 * 1024 * 1024
# NUL bytes in the first 64 KiB tell binary and BOM-less UTF-16 from text (every UTF-16 line end
# has one).
NUL_SNIFF_BYTES = 65536
# GB18030 and Big5 readings are judged on this many characters: enough Han for a stable share.
# Not yet pinned by a test (docs/thresholds.md).
PLAUSIBILITY_SAMPLE_CHARS = 20000
# Traditional script needs at least this many traditional-only characters (and more than
# simplified-only ones): a quoted name or two in a simplified page is not enough.
MIN_TRADITIONAL_CHARS = 3
# Control characters are counted in this many characters of the text ...
CONTROL_SAMPLE_CHARS = 200_000
# ... and the file is binary beyond one in CONTROL_PER_CHARS of them, with at least
# MIN_CONTROL_CHARS allowed (a stray form feed or escape in a short page is still text).
CONTROL_PER_CHARS = 100
MIN_CONTROL_CHARS = 8

TEXT_SUFFIXES = {".txt", ".text", ""}
PDF_SUFFIX = ".pdf"
PAGE_SUFFIXES = TEXT_SUFFIXES | {PDF_SUFFIX}

_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
]

_HAN = re.compile(f"[{chars.HAN}]")
# Characters common in news text that exist only in one script: a cheap, dependency-free detector.
_TRADITIONAL_ONLY = set("國與們這個來時會說對為後從經發過還進動關開實現點學當樣應務區變體氣議長師風報電書東車頭問題機場島總統選舉處產業濟農鄉縣區級幣萬億網絡護環監測質態")
_SIMPLIFIED_ONLY = set("国与们这个来时会说对为后从经发过还进动关开实现点学当样应务区变体气议长师风报电书东车头问题机场岛总统选举处产业济农乡县区级币万亿网络护环监测质态")
_TRADITIONAL_ONLY -= _SIMPLIFIED_ONLY
_SIMPLIFIED_ONLY -= _TRADITIONAL_ONLY


class InputError(Exception):
    """A page file that cannot be used; the message names the file and the problem."""

    def __init__(self, path: os.PathLike | str, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")

    def __reduce__(self):  # so a worker process can hand the error back to the build
        return type(self), (self.path, self.problem)


@dataclass
class Document:
    doc_id: str
    path: Path
    text: str  # decoded, line ends normalised to \n; form feeds kept as page breaks
    encoding: str
    n_bytes: int
    script: str = field(default="simplified")
    styles: dict[int, str] | None = None  # line number -> layout style, for PDF input (pdf.py)
    sizes: dict[int, float] | None = None  # line number -> font size in points, for PDF input

    @property
    def pages(self) -> list[str]:
        return self.text.split("\f")


def decode(data: bytes, path: os.PathLike | str) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path), "utf-16"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, f"binary file ({what}), not text")
    if b"\x00" in data[:NUL_SNIFF_BYTES]:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return utf16
        raise InputError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            candidates.append((_plausibility(data.decode(encoding)), encoding))
        except UnicodeDecodeError:
            continue
    if candidates:
        # GB18030 decodes nearly any bytes, Big5 pages included, into rare characters: take the
        # reading whose characters are the common ones of Chinese text.
        _, encoding = max(candidates, key=lambda c: (c[0], c[1] == "gb18030"))
        return data.decode(encoding), encoding
    raise InputError(path, "text cannot be decoded as UTF-8, GB18030/GBK, Big5 or UTF-16")


# Characters written alike in both scripts and among the most frequent of any Chinese text.
_COMMON = set("的一是在不了有人中大上和我他也就要出可以而自子年生分之作地于下法都心主事方成公同如所能用行天外家多小"
              "日月工部本市省县村加新好高业力民者其后全并已此金水火土山石田人口手目正长百千万元亿名次第件项位")


def _plausibility(text: str) -> float:
    han = _HAN.findall(text[:PLAUSIBILITY_SAMPLE_CHARS])
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 with no byte-order mark, told by where its NUL bytes fall: ASCII characters (line
    ends, digits) have their zero byte second in little-endian text and first in big-endian."""
    sample = data[: NUL_SNIFF_BYTES - NUL_SNIFF_BYTES % 2]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    for encoding, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros and not other and len(data) % 2 == 0:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if _HAN.search(text) else None
    return None


def _strict(data: bytes, encoding: str, path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"invalid {encoding} at byte {exc.start}") from None


def normalise_line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_TRAD_RE = re.compile("[" + "".join(sorted(_TRADITIONAL_ONLY)) + "]")
_SIMP_RE = re.compile("[" + "".join(sorted(_SIMPLIFIED_ONLY)) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def detect_script(text: str) -> str:
    trad = len(_TRAD_RE.findall(text))
    simp = len(_SIMP_RE.findall(text))
    return "traditional" if trad > simp and trad >= MIN_TRADITIONAL_CHARS else "simplified"


def check_text(text: str, path) -> None:
    if not text.strip():
        raise InputError(path, "file holds only whitespace" if text else "file is empty")
    sample = text[:CONTROL_SAMPLE_CHARS]
    controls = len(_CONTROL.findall(sample))
    if controls > max(MIN_CONTROL_CHARS, len(sample) // CONTROL_PER_CHARS):
        raise InputError(path, "binary file (control characters throughout), not text")
    if not _HAN.search(text):
        raise InputError(path, "no Chinese characters in the text")


def doc_id_for(path: Path) -> str:
    return re.sub(r"\s+", "_", path.stem) or "document"


def load_document(path: os.PathLike | str, doc_id: str | None = None) -> Document:
    """Read one page file. Raises InputError, never anything else for a bad file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(path, "not a regular file")
        if size > MAX_FILE_BYTES:
            raise InputError(
                path,
                f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MiB limit for one "
                "file; split it into page files",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:  # a symlink loop, a device that cannot be read, …
        raise InputError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if not data:
        raise InputError(path, "file is empty")
    if data.startswith(b"%PDF"):
        return _load_pdf(path, doc_id, len(data))
    if path.suffix.lower() == PDF_SUFFIX:
        raise InputError(path, "not a PDF file (no %PDF header): damaged, or text saved as .pdf")
    text, encoding = decode(data, path)
    text = normalise_line_ends(text).lstrip("\ufeff")
    check_text(text, path)
    return Document(
        doc_id=doc_id or doc_id_for(path),
        path=path,
        text=text,
        encoding=encoding,
        n_bytes=len(data),
        script=detect_script(text),
    )


def _load_pdf(path: Path, doc_id: str | None, n_bytes: int) -> Document:
    """A PDF read page by page with its layout (pdf.py); `encoding` says `pdf`."""
    from .pdf import pdf_text, read_pdf

    layout = pdf_text(read_pdf(path))
    check_text(layout.text, path)
    return Document(
        doc_id=doc_id or doc_id_for(path),
        path=path,
        text=layout.text,
        encoding="pdf",
        n_bytes=n_bytes,
        script=detect_script(layout.text),
        styles=layout.styles,
        sizes=layout.sizes,
    )


def seed_files(folder: os.PathLike | str) -> list[Path]:
    """The page files of a folder, sorted by name: regular files, hidden files and sub-folders skipped."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "seeds folder does not exist")
    try:
        entries = list(folder.iterdir())
    except OSError as exc:
        raise InputError(folder, f"cannot read the folder ({exc.strerror or exc})") from None
    return sorted(
        p for p in entries
        if not p.name.startswith(".") and p.suffix.lower() in PAGE_SUFFIXES and _is_file(p)
    )


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a symlink loop: listed, so that loading it names the problem
        return True


def expand_inputs(inputs: list[os.PathLike | str]) -> list[Path]:
    """Files given on a command line: folders expand to their page files."""
    out: list[Path] = []
    for item in inputs:
        p = Path(item)
        out.extend(seed_files(p) if p.is_dir() else [p])
    return out


def unique_doc_ids(paths_: list[Path]) -> list[str]:
    """A document id per file: its name without extension, numbered when two files share one."""
    seen: dict[str, int] = {}
    ids = []
    for path in paths_:
        base = doc_id_for(Path(path))
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def load_documents(paths_: list[Path]) -> tuple[list[Document], list[InputError]]:
    """Load every file; bad ones are collected, not raised, so the rest of a batch goes on."""
    docs: list[Document] = []
    errors: list[InputError] = []
    for path, doc_id in zip(paths_, unique_doc_ids(paths_)):
        try:
            docs.append(load_document(path, doc_id))
        except InputError as err:
            errors.append(err)
    return docs, errors
