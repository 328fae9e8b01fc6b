"""The Vietnamese catalog: every entry translated, placeholders kept, and the committed .mo compiled from it."""

import gettext
import io
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale" / "vi" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"$')
CONTINUATION = re.compile(r'^"(.*)"$')
EMPTY_MO = struct.pack("<7I", 0x950412DE, 0, 0, 28, 28, 0, 28)  # a valid .mo with no entries
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self):
        return self.msgid == "" and self.msgctxt is None

    def __str__(self):
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"msgid {self.msgid!r}{context} at line {self.line}"


def unescape(text, number):
    def replace(match):
        if match.group(1) not in ESCAPES:
            raise ValueError(f"line {number}: unknown escape \\{match.group(1)}")
        return ESCAPES[match.group(1)]

    return re.sub(r"\\(.)", replace, text)


def parse_po(text):
    """The live entries of a .po file, in order; obsolete (#~) entries are skipped."""
    entries, entry, key = [], None, None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        starts_entry = line.startswith("#") or line.startswith(("msgctxt ", "msgid "))
        if starts_entry and (entry is None or entry.msgstr):
            entry, key = Entry(line=number), None
            entries.append(entry)
        if line.startswith("#"):
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if keyword := KEYWORD.match(line):
            name, index, value = keyword.groups()
            key = ("msgstr", int(index or 0)) if name.startswith("msgstr") else (name, None)
        elif (continuation := CONTINUATION.match(line)) and key is not None:
            value = continuation.group(1)
        else:
            raise ValueError(f"line {number}: cannot parse {raw!r}")
        name, index = key
        value = unescape(value, number)
        if name == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        else:
            setattr(entry, name, (getattr(entry, name) or "") + value)
    return entries


def untranslated(entries):
    return [
        str(entry) for entry in entries if not entry.is_header and (not entry.msgstr or not all(entry.msgstr.values()))
    ]


def fuzzy(entries):
    return [str(entry) for entry in entries if "fuzzy" in entry.flags]


def placeholder_mismatches(entries):
    mismatches = []
    for entry in entries:
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for index, text in sorted(entry.msgstr.items()):
            found = set(PLACEHOLDER.findall(text))
            if text and found != expected:
                mismatches.append(f"{entry}: msgstr[{index}] has {sorted(found)}, expected {sorted(expected)}")
    return mismatches


def stale_in_mo(entries, translations):
    stale = []
    for entry in entries:
        if entry.is_header:
            continue
        if entry.msgid_plural is None:
            if entry.msgctxt is None:
                served = translations.gettext(entry.msgid)
            else:
                served = translations.pgettext(entry.msgctxt, entry.msgid)
            checks = [(served, entry.msgstr.get(0))]
        else:
            checks = []
            for n in (1, 2, 5):
                if entry.msgctxt is None:
                    served = translations.ngettext(entry.msgid, entry.msgid_plural, n)
                else:
                    served = translations.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                checks.append((served, entry.msgstr.get(translations.plural(n))))
        stale.extend(
            f"{entry}: the .mo gives {served!r}, the .po {expected!r}"
            for served, expected in checks
            if served != expected
        )
    return stale


@pytest.fixture(scope="module")
def entries():
    return parse_po(PO_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compiled():
    with MO_PATH.open("rb") as mo:
        return gettext.GNUTranslations(mo)


def test_the_catalog_parses_into_a_header_and_its_entries(entries):
    assert entries[0].is_header
    assert "Plural-Forms: nplurals=1; plural=0;" in entries[0].msgstr[0]
    assert len(entries) > 100


def test_every_entry_but_the_header_is_translated(entries):
    missing = untranslated(entries)
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_no_entry_is_fuzzy(entries):
    marked = fuzzy(entries)
    assert not marked, "fuzzy:\n" + "\n".join(marked)


def test_translations_keep_every_placeholder_of_the_english(entries):
    mismatches = placeholder_mismatches(entries)
    assert not mismatches, "placeholders differ:\n" + "\n".join(mismatches)


def test_the_committed_mo_is_compiled_from_the_po(entries, compiled):
    stale = stale_in_mo(entries, compiled)
    assert not stale, "recompile with msgfmt; the .mo is stale:\n" + "\n".join(stale)


SAMPLE = r"""
msgid ""
msgstr ""
"Language: vi\n"
"Plural-Forms: nplurals=1; plural=0;\n"

#: somewhere.py:1
#, python-format
msgid ""
"Line one\n"
"with a \"quote\" and %(count)d."
msgstr "Dòng một\nvới “trích dẫn” và %(count)d."

msgctxt "month"
msgid "May"
msgstr ""

#, fuzzy, python-format
#| msgid "Old %(name)s"
msgid "New %(name)s"
msgid_plural "New %(name)s (%(counter)s)"
msgstr[0] "Mới (%(counter)s)"

#~ msgid "Gone"
#~ msgstr ""
"""


def test_the_parser_reads_multiline_strings_escapes_contexts_and_plurals_and_skips_obsolete_entries():
    header, multiline, in_context, plural = parse_po(SAMPLE)
    assert header.is_header and header.msgstr[0] == "Language: vi\nPlural-Forms: nplurals=1; plural=0;\n"
    assert multiline.msgid == 'Line one\nwith a "quote" and %(count)d.'
    assert multiline.msgstr == {0: "Dòng một\nvới “trích dẫn” và %(count)d."}
    assert (in_context.msgctxt, in_context.msgid, in_context.msgstr) == ("month", "May", {0: ""})
    assert plural.msgid_plural == "New %(name)s (%(counter)s)" and plural.msgstr == {0: "Mới (%(counter)s)"}
    assert {"fuzzy", "python-format"} <= plural.flags


def test_the_checks_name_blank_fuzzy_and_placeholder_dropping_entries():
    entries = parse_po(SAMPLE)
    assert untranslated(entries) == ["msgid 'May' (context 'month') at line 14"]
    assert fuzzy(entries) == ["msgid 'New %(name)s' at line 18"]
    assert placeholder_mismatches(entries) == [
        "msgid 'New %(name)s' at line 18: msgstr[0] has ['%(counter)s'], expected ['%(counter)s', '%(name)s']"
    ]


def test_the_mo_check_names_an_entry_the_mo_translates_differently(compiled):
    entries = parse_po('msgid ""\nmsgstr ""\n\nmsgid "Sources"\nmsgstr "Nguồn tin"\n')
    assert stale_in_mo(entries, compiled) == ["msgid 'Sources' at line 4: the .mo gives 'Nguồn', the .po 'Nguồn tin'"]


def test_the_mo_check_names_an_entry_missing_from_the_mo():
    empty = gettext.GNUTranslations(io.BytesIO(EMPTY_MO))
    entries = parse_po('msgid ""\nmsgstr ""\n\nmsgid "Sources"\nmsgstr "Nguồn"\n')
    assert stale_in_mo(entries, empty) == ["msgid 'Sources' at line 4: the .mo gives 'Sources', the .po 'Nguồn'"]
