"""A CSV file as a table: decoded, its separator found, its records with the line each starts
on, and the problems of its lines gathered into one InvalidInput (see grade_csv.py)."""

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lti_tool.domain.errors import InvalidInput

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_PROBLEMS_SHOWN = 20

# Moodle's plain-text export offers these separators; a comma wins a tie.
_DELIMITERS = (",", "\t", ";", ":")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Problems:
    """The problems of a file, each with its line, raised together as one InvalidInput."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.messages.append(f"Line {line}: {message}")

    def raise_any(self) -> None:
        if not self.messages:
            return
        shown = self.messages[:MAX_PROBLEMS_SHOWN]
        hidden = len(self.messages) - len(shown)
        if hidden:
            shown.append(f"… and {hidden} more {'problem' if hidden == 1 else 'problems'}.")
        raise InvalidInput(
            "The file was not imported; correct it and upload it again.\n" + "\n".join(shown)
        )


@dataclass(frozen=True)
class Table:
    """A file's header and its non-blank rows, each with the line it starts on."""

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]

    @classmethod
    def read(cls, data: bytes) -> "Table":
        text = _text(data)
        records = _records(text, _delimiter(text))
        lines = ((line, cells) for line, cells in records if any(cell.strip() for cell in cells))
        _, header = next(lines)
        rows = []
        for line, cells in lines:
            rows.append((line, tuple(cells)))
            if len(rows) > MAX_ROWS:
                raise InvalidInput(
                    f"The file has more than {MAX_ROWS:,} rows; split it into smaller files."
                )
        if not rows:
            raise InvalidInput("The file has a header but no learners' rows.")
        return cls(tuple(name.strip() for name in header), tuple(rows))


def _text(data: bytes) -> str:
    """The file as text; raises InvalidInput for a file too large, empty, or not text."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    is_utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    encoding = "utf-16" if is_utf16 else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, errors="replace").count("\n") + 1
        raise InvalidInput(
            f'Line {line}: the file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.'
        ) from error
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise InvalidInput(f"Line {line}: the file is not text; upload a CSV file.")
    if not text.strip():
        raise InvalidInput("The file is empty.")
    return text


def _delimiter(text: str) -> str:
    """The separator that splits the first line into the most fields, read strictly (so that
    a separator inside quotes does not count)."""
    first_line = next(line for line in text.splitlines() if line.strip())

    def fields(delimiter: str) -> int:
        try:
            return len(next(csv.reader([first_line], delimiter=delimiter, strict=True)))
        except csv.Error:
            return 0

    return max(_DELIMITERS, key=fields)


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted value may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            yield line, next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InvalidInput(
                f"Line {line}: the line cannot be read as CSV; check its quotation marks."
            ) from error
