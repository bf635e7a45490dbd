"""Tables: gig pools from CSV and Excel files (read_gigs), plans to CSV and JSON."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import pytest
from checker import assert_plan_is_feasible
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from problem_errors import assert_names, error_of

import stacker
from stacker import Gig, ProblemError, read_gigs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# A valid pool: a fixed gig, a flexible one; tests change one cell of row 3 (the gig 'g2').
HEADER = ["id", "title", "pay_rate", "weekly_pay", "relevance", "mentor", "sessions", "hours", "windows",
          "min_block", "grid", "min_hours", "max_hours", "fields"]  # fmt: skip
ROWS = [
    {"id": "g1", "title": "Calculus tutor", "pay_rate": "22", "relevance": "0.5", "mentor": "yes",
     "sessions": "Tue,Thu 18:00-20:00", "fields": "tutoring;math"},
    {"id": "g2", "title": "Social media", "pay_rate": "18", "relevance": "0.3", "mentor": "no", "hours": "6",
     "windows": "Mon-Fri 09:00-17:00; Sat 10:00-14:00", "min_block": "60", "grid": "30"},
]  # fmt: skip


def write(path: Path, rows: list[dict], header: list[str] = HEADER, *, blank_rows_before: int = 0) -> Path:
    """``rows`` (cells as text) as a CSV or an Excel file, by the suffix of ``path``."""
    frame = pd.DataFrame([[row.get(name, "") for name in header] for row in rows], columns=header, dtype=object)
    if path.suffix == ".xlsx":
        frame.to_excel(path, index=False, startrow=blank_rows_before)
    else:
        path.write_text("\n" * blank_rows_before + frame.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    return path


def errors_of(*args, **kwargs) -> list[str]:
    with pytest.raises(ProblemError) as info:
        read_gigs(*args, **kwargs)
    return info.value.errors


@pytest.fixture(params=["csv", "xlsx"])
def suffix(request) -> str:
    return request.param


# ---------------------------------------------------------------- reading good files


def test_example_gigs_csv_is_a_realistic_pool():
    gigs = read_gigs(EXAMPLES / "gigs.csv")
    assert len(gigs) >= 40
    assert all(isinstance(g, Gig) for g in gigs)
    assert len({g.id for g in gigs}) == len(gigs)
    fixed = [g for g in gigs if g.is_fixed]
    flexible = [g for g in gigs if not g.is_fixed]
    assert len(fixed) >= 10 and len(flexible) >= 10
    assert any(g.hours is not None for g in flexible) and any(g.min_hours is not None for g in flexible)
    assert any(g.windows for g in flexible) and any(not g.windows for g in flexible)
    assert all(g.title for g in gigs)
    assert any(g.weekly_pay for g in gigs) and any(g.pay_rate for g in gigs)
    assert any(g.mentor for g in gigs) and any(not g.mentor for g in gigs)
    assert any(len(g.fields) > 1 for g in gigs)
    assert any(len(g.sessions) > 1 for g in fixed)  # several sessions in one cell, split on ';'
    tutor = next(g for g in gigs if g.id == "tutor-calc")
    assert tutor.sessions == ("Tue,Thu 18:00-20:00",) and tutor.fields == ("tutoring", "math")
    assert tutor.pay_rate == 22 and tutor.mentor is False


def test_example_folder_files_solve_together():
    """gigs.csv and limits.toml with the example week's commitments: a plan the checker accepts."""
    settings_ = stacker.problem_from_dict(tomllib.loads((EXAMPLES / "limits.toml").read_text()))
    assert settings_.limits == stacker.Limits(max_hours=40, max_work_hours=20, max_day_hours=10)
    week = stacker.load(EXAMPLES / "week.json")
    problem = stacker.Problem(week.commitments, read_gigs(EXAMPLES / "gigs.csv"), settings_.limits, settings_.weights)
    plan = stacker.solve(problem, time_limit=20)
    assert plan.status in (stacker.Status.OPTIMAL, stacker.Status.FEASIBLE)
    assert plan.gigs
    assert_plan_is_feasible(problem, plan)


def test_csv_and_excel_give_the_same_gigs(tmp_path):
    typed = pd.read_csv(EXAMPLES / "gigs.csv")  # numbers as numbers, mentor as text, empty cells NaN
    typed["mentor"] = typed["mentor"] == "yes"  # Excel booleans
    typed.to_excel(tmp_path / "gigs.xlsx", index=False, sheet_name="Pool")
    assert read_gigs(tmp_path / "gigs.xlsx") == read_gigs(EXAMPLES / "gigs.csv")
    assert read_gigs(tmp_path / "gigs.xlsx", sheet="Pool") == read_gigs(tmp_path / "gigs.xlsx", sheet=0)


def test_values_are_read_by_field_type(tmp_path, suffix):
    gigs = read_gigs(write(tmp_path / f"gigs.{suffix}", ROWS))
    g1, g2 = gigs
    assert g1 == Gig("g1", pay_rate=22, relevance=0.5, mentor=True, title="Calculus tutor",
                     fields=("tutoring", "math"), sessions=("Tue,Thu 18:00-20:00",))  # fmt: skip
    assert g2.windows == ("Mon-Fri 09:00-17:00", "Sat 10:00-14:00")
    assert (g2.hours, g2.min_block, g2.grid) == (6, 60, 30)
    assert type(g2.min_block) is int and type(g2.grid) is int


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("yes", True), ("no", False), ("TRUE", True), ("False", False), ("y", True), ("N", False), ("1", True),
     ("0", False), ("", False), ("WAHR", True), ("FALSCH", False), ("VRAI", True), ("faux", False),
     ("Verdadero", True), ("FALSO", False), ("WAAR", True), ("ONWAAR", False)],
)  # fmt: skip
def test_mentor_spellings(tmp_path, cell, expected):
    (gig,) = read_gigs(write(tmp_path / "gigs.csv", [{**ROWS[0], "mentor": cell}]))
    assert gig.mentor is expected


def test_ids_are_read_as_text(tmp_path, suffix):
    rows = [
        {**ROWS[0], "id": "007"},
        {**ROWS[1], "id": "12345678901234567890"},
        {**ROWS[1], "id": "1e3"},
        {**ROWS[1], "id": "  padded  "},
        {**ROWS[1], "id": "3.50"},
    ]
    gigs = read_gigs(write(tmp_path / f"gigs.{suffix}", rows))
    assert [g.id for g in gigs] == ["007", "12345678901234567890", "1e3", "padded", "3.50"]
    assert all(type(g.id) is str for g in gigs)


def test_numeric_id_column_in_excel_stays_exact(tmp_path):
    frame = pd.DataFrame({"id": [7, 1001, 2**40], "pay_rate": [20, 21.5, 22], "hours": [2, 3, 4]})
    frame.to_excel(tmp_path / "gigs.xlsx", index=False)
    gigs = read_gigs(tmp_path / "gigs.xlsx")
    assert [g.id for g in gigs] == ["7", "1001", str(2**40)]
    assert [g.pay_rate for g in gigs] == [20, 21.5, 22]


def test_only_id_is_required_and_blank_rows_are_skipped(tmp_path, suffix):
    rows = [{"id": "a", "weekly_pay": "50", "hours": "2"}, {}, {"id": "b", "pay_rate": "10", "hours": "1"}]
    gigs = read_gigs(write(tmp_path / f"gigs.{suffix}", rows, ["id", "weekly_pay", "pay_rate", "hours"]))
    assert [g.id for g in gigs] == ["a", "b"]


def test_header_only_gives_no_gigs(tmp_path, suffix):
    assert read_gigs(write(tmp_path / f"gigs.{suffix}", [])) == ()


def test_column_mapping(tmp_path, suffix):
    header = ["Gig ID", "Role", "Pay/hour", "Mentor?", "When", "Tags"]
    rows = [{"Gig ID": "007", "Role": "Lab TA", "Pay/hour": "20", "Mentor?": "yes", "When": "Tue 16:00-18:00",
             "Tags": "teaching; python"}]  # fmt: skip
    path = write(tmp_path / f"gigs.{suffix}", rows, header)
    columns = {"Gig ID": "id", "Role": "title", "Pay/hour": "pay_rate", "Mentor?": "mentor", "When": "sessions",
               "Tags": "fields"}  # fmt: skip
    (gig,) = read_gigs(path, columns=columns)
    assert gig == Gig("007", pay_rate=20, mentor=True, title="Lab TA", fields=("teaching", "python"),
                      sessions=("Tue 16:00-18:00",))  # fmt: skip
    # an unmapped column is still an error, and the message says how to map it
    messages = errors_of(path, columns={k: v for k, v in columns.items() if k != "Role"})
    known = ", ".join(stacker.readers.spreadsheet.FIELDS)
    assert messages == [f"{path}: column 'Role': unknown field; known fields: {known} (or map it with columns=)"]


def test_column_mapping_errors(tmp_path):
    path = write(tmp_path / "gigs.csv", ROWS)
    assert errors_of(path, columns={"pay_rate": "pay_rat"}) == [
        "columns: 'pay_rate': 'pay_rat' is not a gig field; did you mean 'pay_rate'?"
    ]
    assert errors_of(path, columns={"Rate": "pay_rate"})[0].startswith(
        f"{path}: columns: 'Rate' is not a column of the file; its columns are 'id', 'title',"
    )
    assert errors_of(path, columns={"title": "id"}) == [
        f"{path}: column 'title' (mapped to 'id'): a second column for 'id' (columns 1 and 2)"
    ]
    for bad in (["id"], {"a": 1}, "id"):
        (message,) = errors_of(path, columns=bad)
        assert message.startswith("The 'columns' parameter of read_gigs must be a mapping")


# ---------------------------------------------------------------- bad cells

# (column, cell, message after "gig 'g2': "); each in row 3 of the file.
BAD_CELLS = [
    ("pay_rate", "-3", "pay_rate: must be >= 0, got -3"),
    ("pay_rate", "abc", "pay_rate: must be a number, got 'abc'"),
    ("pay_rate", "nan", "pay_rate: must be a number, got 'nan'"),
    ("weekly_pay", "-1.5", "weekly_pay: must be >= 0, got -1.5"),
    ("relevance", "1.5", "relevance: must be <= 1, got 1.5"),
    ("relevance", "-0.1", "relevance: must be >= 0, got -0.1"),
    ("relevance", "inf", "relevance: must be a finite number, got inf"),
    ("mentor", "maybe", "mentor: must be true or false, got 'maybe'"),
    ("hours", "-1", "hours: must be >= 0, got -1"),
    ("hours", "lots", "hours: must be a number, got 'lots'"),
    ("hours", "0", "hours: must be more than 0"),
    ("grid", "7", "grid: must be a whole number of minutes that divides a day (e.g. 15, 30, 60), got 7"),
    ("grid", "2.5", "grid: must be a whole number of minutes that divides a day (e.g. 15, 30, 60), got 2.5"),
    ("min_block", "45", "min_block: must be a multiple of grid (30 min), got 45"),
    ("windows", "Funday 09:00-17:00", "window 'Funday 09:00-17:00': unknown day 'Funday'; use Mon, Tue, Wed, Thu, Fri, Sat, Sun"),
    ("windows", "Mon 25:00-26:00", "window 'Mon 25:00-26:00': hour must be 0-24"),
    ("windows", "mornings", "window 'mornings': must look like 'Mon 09:00-10:00' (days, a space, start-end)"),
    ("min_hours", "2", "hours: give hours or min_hours and max_hours, not both"),
    ("sessions", "Mon 09:00-10:00", "hours: only flexible gigs (without sessions) take it; this gig has sessions"),
]  # fmt: skip


@pytest.mark.parametrize(("column", "cell", "message"), BAD_CELLS, ids=[f"{c}={v}" for c, v, _ in BAD_CELLS])
def test_bad_cell_names_file_row_gig_and_field(tmp_path, suffix, column, cell, message):
    path = write(tmp_path / f"gigs.{suffix}", [ROWS[0], {**ROWS[1], column: cell}])
    messages = errors_of(path)
    assert f"{path}: row 3: gig 'g2': {message}" in messages, messages


def test_issue_example_message(tmp_path):
    rows = [{**ROWS[1], "id": f"g{i}"} for i in range(1, 17)] + [{**ROWS[1], "id": "g17", "pay_rate": "-3"}]
    path = write(tmp_path / "gigs.csv", rows)
    assert errors_of(path) == [f"{path}: row 18: gig 'g17': pay_rate: must be >= 0, got -3"]


def test_fixed_gig_problems(tmp_path, suffix):
    rows = [
        {**ROWS[0], "sessions": "Mon 25:00-26:00"},
        {**ROWS[0], "id": "g3", "sessions": "Mon 09:00-11:00; Mon 10:00-12:00"},
        {"id": "g4", "relevance": "0.2", "sessions": "Mon 09:00-10:00"},
        {"id": "g5", "pay_rate": "20"},
        {"pay_rate": "20", "hours": "2"},
    ]
    path = write(tmp_path / f"gigs.{suffix}", rows)
    assert errors_of(path) == [
        f"{path}: row 2: gig 'g1': session 'Mon 25:00-26:00': hour must be 0-24",
        f"{path}: row 3: gig 'g3': sessions: Mon 09:00-11:00 overlaps Mon 10:00-12:00",
        f"{path}: row 4: gig 'g4': pay_rate: give pay_rate (per hour) and/or weekly_pay (per week)",
        f"{path}: row 5: gig 'g5': hours: a gig needs sessions (fixed) or hours / min_hours and max_hours (flexible)",
        f"{path}: row 6: gig: id: missing; it is required",
    ]


def test_every_problem_at_once_and_duplicates(tmp_path, suffix):
    rows = [ROWS[0], {**ROWS[1], "pay_rate": "-1", "relevance": "2"}, {**ROWS[1], "id": "g1"}, {**ROWS[1], "id": "g1"}]
    path = write(tmp_path / f"gigs.{suffix}", rows)
    assert errors_of(path) == [
        f"{path}: row 3: gig 'g2': pay_rate: must be >= 0, got -1",
        f"{path}: row 3: gig 'g2': relevance: must be <= 1, got 2",
        f"{path}: row 4: gig 'g1': id: duplicate; row 2 has the same id",
        f"{path}: row 5: gig 'g1': id: duplicate; row 2 has the same id",
    ]


def test_rows_are_numbered_as_in_the_file(tmp_path, suffix):
    """Blank rows before the header and between gigs count, as a spreadsheet program numbers them."""
    rows = [ROWS[0], {}, {**ROWS[1], "pay_rate": "-3"}]
    path = write(tmp_path / f"gigs.{suffix}", rows, blank_rows_before=2)
    assert errors_of(path) == [f"{path}: row 6: gig 'g2': pay_rate: must be >= 0, got -3"]


def test_csv_rows_are_numbered_after_a_byte_order_mark_and_non_ascii_blank_lines(tmp_path):
    """The reader finds where the table starts in the bytes: a BOM, blank lines and a no-break-space line."""
    path = tmp_path / "gigs.csv"
    text = "\ufeff\n  \n\u00a0\nid,pay_rate,sessions\nβé,3,Mon 09:00-10:00\nc,-1.5,Mon 09:00-10:00\n"
    path.write_text(text, encoding="utf-8")
    assert errors_of(path) == [f"{path}: row 6: gig 'c': pay_rate: must be >= 0, got -1.5"]
    path.write_text(text.replace("-1.5", "1"), encoding="utf-8")
    assert [gig.id for gig in read_gigs(path)] == ["βé", "c"]


# ---------------------------------------------------------------- bad columns


def test_unknown_columns_are_errors_with_a_hint(tmp_path, suffix):
    header = ["id", "pay_rte", "Mentor", "hours", "colour"]
    path = write(tmp_path / f"gigs.{suffix}", [{"id": "a", "pay_rte": "2", "hours": "1"}], header)
    known = ", ".join(stacker.readers.spreadsheet.FIELDS)
    assert errors_of(path) == [
        f"{path}: column 'pay_rte': unknown field; did you mean 'pay_rate'? (or map it with columns=)",
        f"{path}: column 'Mentor': unknown field; did you mean 'mentor'? (or map it with columns=)",
        f"{path}: column 'colour': unknown field; known fields: {known} (or map it with columns=)",
    ]


def test_missing_id_column_and_duplicate_columns(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text("pay_rate,hours,hours\n20,1,2\n")
    assert errors_of(path) == [
        f"{path}: column 'hours': a second column for 'hours' (columns 2 and 3)",
        f"{path}: column 'id': missing; every gig needs an id",
    ]


def test_unnamed_columns(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text("id,pay_rate,hours,,\ng1,20,1,,\n")  # trailing commas: empty unnamed columns are fine
    assert [g.id for g in read_gigs(path)] == ["g1"]
    path.write_text("id,pay_rate,hours,\ng1,20,1,oops\n")
    assert errors_of(path) == [f"{path}: column 4: has values but no name in the header row"]


# What spreadsheet programs save as CSV where the decimal mark is a comma (German, French, ... locales):
# ';' between cells, decimal commas, and quotes only where a cell needs them. Excel's "CSV UTF-8" starts with
# a byte order mark and ends lines with CRLF; LibreOffice quotes every text cell when asked to.
EXCEL_DE = (
    "\ufeffid;pay_rate;relevance;mentor;sessions;hours;windows\r\n"
    "tutor;22,5;0,9;WAHR;Mon,Wed 09:00-10:00;;\r\n"
    'social;15,5;0,6;FALSCH;;4;"Mon-Fri 09:00-17:00;Sat 10:00-12:00"\r\n'
)
LIBREOFFICE_FR = (
    '"id";"pay_rate";"relevance";"mentor";"sessions";"hours";"windows"\n'
    '"tutor";22,5;0,9;"true";"Mon,Wed 09:00-10:00";;\n'
    '"social";15,5;0,6;"false";;4;"Mon-Fri 09:00-17:00;Sat 10:00-12:00"\n'
)


@pytest.mark.parametrize("text", [EXCEL_DE, LIBREOFFICE_FR.replace('"true"', "VRAI").replace('"false"', "FAUX")])
def test_csv_saved_in_a_decimal_comma_locale_is_read(tmp_path, text):
    path = tmp_path / "gigs.csv"
    path.write_bytes(text.encode("utf-8"))
    tutor, social = read_gigs(path)
    assert (tutor.pay_rate, tutor.relevance, tutor.mentor, tutor.sessions) == (
        22.5,
        0.9,
        True,
        ("Mon,Wed 09:00-10:00",),
    )
    assert (social.pay_rate, social.relevance, social.hours) == (15.5, 0.6, 4)
    assert social.windows == ("Mon-Fri 09:00-17:00", "Sat 10:00-12:00")


def test_csv_with_a_decimal_comma_never_misreads_a_grouped_number(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text("id;pay_rate;hours\ng1;1.500;2\ng2;1.5;2\n")  # 1.500: fifteen hundred, or one and a half?
    assert_names(error_of(lambda: read_gigs(path)), "row 2", "gig 'g1'", "pay_rate", "must be a number", "'1.500'")
    path.write_text("id;pay_rate;hours\ng2;1.5;2\n")
    assert read_gigs(path)[0].pay_rate == 1.5


def test_a_decimal_comma_in_a_comma_separated_file_is_an_error(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text('id,pay_rate,hours\ng1,"15,5",2\n')
    assert_names(error_of(lambda: read_gigs(path)), "row 2", "pay_rate", "must be a number", "'15,5'")


def test_tab_separated_file_is_read(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text("id\tpay_rate\tsessions\ng1\t20\tMon,Wed 09:00-10:00\n")
    assert read_gigs(path)[0].sessions == ("Mon,Wed 09:00-10:00",)


# ---------------------------------------------------------------- files that are not tables


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("gigs.csv", b"", "no header row"),
        ("gigs.csv", b"\n\n  \n", "no header row"),
        ("gigs.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a readable CSV table: it is a binary file"),
        ("gigs.csv", "id,title\ng1,Caf\xe9\n".encode("latin-1"), "not UTF-8 text (byte 0xe9 in line 2)"),
        ("gigs.csv", b"id,pay_rate\ng1,2,3,4\n", "not a readable CSV table: Error tokenizing data"),
        ("gigs.csv", b'id,pay_rate\n"g1,2\n', "not a readable CSV table"),
        ("gigs.xlsx", b"id,pay_rate\ng1,2\n", "not a readable Excel (.xlsx) file"),
        ("gigs.xlsx", b"PK\x03\x04 truncated zip", "not a readable Excel (.xlsx) file"),
        ("gigs.json", b"{}", "unknown file type '.json'; use .csv or .xlsx"),
        ("gigs.xls", b"", "unknown file type '.xls'; use .csv or .xlsx"),
    ],
)
def test_unreadable_files_are_problem_errors_naming_the_file(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    (message,) = errors_of(path)
    assert message.startswith(f"{path}: ") and expected in message, message


def test_missing_file_folder_and_sheets(tmp_path):
    assert errors_of(tmp_path / "nope.csv")[0].startswith(f"{tmp_path / 'nope.csv'}: cannot read the file")
    assert errors_of(tmp_path / "nope.xlsx")[0].startswith(f"{tmp_path / 'nope.xlsx'}: cannot read the file")
    assert errors_of(tmp_path) == [f"{tmp_path}: is a folder; give a .csv or .xlsx file"]
    csv = write(tmp_path / "gigs.csv", ROWS)
    assert errors_of(csv, sheet="Gigs")[0].startswith("The 'sheet' parameter of read_gigs is only for Excel files")
    xlsx = write(tmp_path / "gigs.xlsx", ROWS)
    assert errors_of(xlsx, sheet="Gigs") == [f"{xlsx}: sheet 'Gigs' not found; the sheets are 'Sheet1'"]
    assert errors_of(xlsx, sheet=3) == [f"{xlsx}: sheet 3 not found; the sheets are 'Sheet1'"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_give_gigs_or_a_problem_error(tmp_path, content, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(content)
    try:
        gigs = read_gigs(path)
    except ProblemError as error:
        assert error.errors and all(message.startswith(f"{path}: ") for message in error.errors)
    else:
        assert all(isinstance(g, Gig) for g in gigs)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cells=st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12), min_size=4, max_size=4)
)
def test_any_text_cells_give_gigs_or_row_messages(tmp_path, cells):
    header = ["id", "pay_rate", "hours", "sessions"]
    path = write(tmp_path / "fuzz.csv", [dict(zip(header, cells))], header)
    try:
        read_gigs(path)
    except ProblemError as error:
        assert all(message.startswith(f"{path}: ") for message in error.errors)


# ---------------------------------------------------------------- plans to CSV and JSON


def _workbook(path, rows, *, errors=(), saved=()):
    """A real .xlsx with these rows; ``errors``: cells written as error values; ``saved``: (old, new) XML edits."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Gigs"
    for row in rows:
        sheet.append(row)
    for where in errors:
        sheet[where].data_type = "e"
    book.save(path)
    if saved:  # what Excel saves and openpyxl does not write: a formula with its computed value
        with zipfile.ZipFile(path) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        for old, new in saved:
            assert old in xml
            xml = xml.replace(old, new)
        parts["xl/worksheets/sheet1.xml"] = xml.encode()
        with zipfile.ZipFile(path, "w") as target:
            for name, data in parts.items():
                target.writestr(name, data)
    return path


HEADER = ["id", "pay_rate", "relevance", "sessions"]


def test_error_cells_and_unsaved_formulas_are_errors_naming_the_cell(tmp_path):
    path = _workbook(
        tmp_path / "gigs.xlsx",
        [HEADER, ["a", 20, "#N/A", "Mon 10:00-12:00"], ["b", "=B2*2", 0.5, "Tue 10:00-12:00"]],
        errors=["C2"],
    )
    error = error_of(lambda: read_gigs(path))
    assert_names(error, str(path), "sheet 'Gigs'", "cell C2", "#N/A")
    assert_names(error, str(path), "sheet 'Gigs'", "cell B3", "=B2*2", "no saved value")
    assert len(error.errors) == 2


def test_formulas_with_saved_values_are_read_and_saved_errors_named(tmp_path):
    rows = [HEADER, ["a", "=10+10", 0.5, "Mon 10:00-12:00"], ["b", 10, "=1/0", "Tue 10:00-12:00"]]
    value = ("<f>10+10</f><v /></c>", "<f>10+10</f><v>20</v></c>")
    path = _workbook(tmp_path / "ok.xlsx", rows[:2], saved=[value])
    assert read_gigs(path)[0].pay_rate == 20
    failing = ('<c r="C3"><f>1/0</f><v /></c>', '<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    path = _workbook(tmp_path / "bad.xlsx", rows, saved=[value, failing])
    error = error_of(lambda: read_gigs(path))
    assert_names(error, str(path), "cell C3", "#DIV/0!")
    assert len(error.errors) == 1


def test_a_far_cell_costs_that_cell_not_the_grid(tmp_path):
    import time

    import openpyxl

    path = _workbook(tmp_path / "far.xlsx", [HEADER, ["a", 20, 0.5, "Mon 10:00-12:00"]])
    book = openpyxl.load_workbook(path)
    book.active["XFD1048576"] = "x"
    book.save(path)
    start = time.perf_counter()
    assert_names(error_of(lambda: read_gigs(path)), str(path), "column 16384", "no name")
    book.active["XFD1048576"] = None
    book.active["A1048576"] = "z"
    book.save(path)
    assert_names(error_of(lambda: read_gigs(path)), str(path), "row 1048576", "gig 'z'", "pay_rate")
    assert time.perf_counter() - start < 2


def test_numbers_beyond_floats_in_csv_cells_are_errors(tmp_path):
    path = tmp_path / "gigs.csv"
    big = "1" + "0" * 400
    path.write_text(f"id,pay_rate,hours,grid\na,{big},2,30\nb,10,{big},30\nc,10,2,{big}\n")
    error = error_of(lambda: read_gigs(path))
    assert_names(error, "row 2", "gig 'a'", "pay_rate", "finite", "(401 digits)")
    assert_names(error, "row 3", "gig 'b'", "hours", "finite", "(401 digits)")
    assert_names(error, "row 4", "gig 'c'", "grid", "(401 digits)")


def test_an_unknown_column_does_not_hide_bad_rows(tmp_path):
    path = tmp_path / "gigs.csv"
    path.write_text("id,pay_rte,sesions,relevance\na,10,Mon 10:00-11:00,0.5\nb,x,Tue 10:00-11:00,5\n")
    assert errors_of(path) == [
        f"{path}: column 'pay_rte': unknown field; did you mean 'pay_rate'? (or map it with columns=)",
        f"{path}: column 'sesions': unknown field; did you mean 'sessions'? (or map it with columns=)",
        f"{path}: row 3: gig 'b': relevance: must be <= 1, got 5",  # the misnamed columns' fields: said once above
    ]


GOOD_NUMBERS = st.sampled_from(["", "0", "0.25", "1e-1", "1_0", " 0.5 ", "1", ".5"])
NUMBER_CELLS = st.one_of(GOOD_NUMBERS, st.sampled_from(["-3", "nan", "inf", "1e400", "9" * 400, "abc", "7"]))
MENTOR_CELLS = st.one_of(st.sampled_from(["", "yes", "No", "T", "0", "1", "FALSE"]), st.just("maybe"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(NUMBER_CELLS, NUMBER_CELLS, MENTOR_CELLS),
        min_size=1,
        max_size=6,
    )
)
def test_number_and_mentor_columns_read_as_gig_reads_each_cell(tmp_path, rows):
    """Whole columns read at once (as arrays when every cell parses) give exactly the gigs, or the messages, of
    the cells read one by one and given to ``Gig``."""
    from stacker.readers._cells import GIG_KINDS, typed

    header = ["id", "pay_rate", "relevance", "mentor", "sessions"]
    table = [dict(zip(header, (f"g{i}", *cells, "Mon 09:00-10:00"))) for i, cells in enumerate(rows)]
    gigs, messages = [], []
    for i, row in enumerate(table):
        values = {name: typed(GIG_KINDS[name], cell.strip()) for name, cell in row.items()}
        try:
            gigs.append(Gig(**{name: value for name, value in values.items() if value is not None}))
        except ProblemError as error:
            messages += [f"row {i + 2}: {message}" for message in error.errors]
    path = write(tmp_path / "cells.csv", table, header)
    if messages:
        assert [message.split(": ", 1)[1] for message in errors_of(path)] == messages
    else:
        assert read_gigs(path) == tuple(gigs)
