"""`letter` and `letter-sender` on the command line, as the README shows them: the officer
writes to the person in their language; what cannot be written says which field and why,
and writes no file."""

from __future__ import annotations

import json
from pathlib import Path

from nyanland.services import letters
from nyanland.services.cases import CaseService
from nyanland.services.records import CaseQuery
from tests.conftest import PASSWORD, Team
from tests.reports.pdf_checks import extracted_text
from tests.test_cli import OFFICER, case_line, nyanland, signed_in


def test_the_officer_writes_a_letter_in_the_persons_language(team: Team, tmp_path: Path) -> None:
    line = json.loads(case_line("811218-9876"))
    line["person"]["languages"] = ["ar", "ti"]
    (tmp_path / "c.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    db = ("--db", str(team.path))
    assert nyanland(*db, "import-cases", tmp_path / "c.jsonl", env=OFFICER).returncode == 0
    service = CaseService(team.officer)
    (row,) = service.search(CaseQuery()).rows
    case_id = row.id
    record = service.get(case_id)
    out = tmp_path / "valkommen.pdf"
    args = (*db, "letter", record.case_number, "welcome", "--lang", "ti", "--output", out)

    refused = nyanland(*args, env=OFFICER)  # no municipality's name yet
    assert refused.returncode == 1 and "municipality: the letters need" in refused.stderr
    admin = signed_in("siv.admin", PASSWORD)
    given = nyanland(*db, "letter-sender", "--municipality", "Sala kommun", env=admin)
    assert given.returncode == 0 and "municipality: Sala kommun" in given.stdout

    written = nyanland(*args, "--signed-by", "Anna Berg", env=OFFICER)
    assert written.returncode == 0, written.stderr
    assert "wrote the welcome letter" in written.stdout
    assert "the ti wording is a draft" in written.stdout
    text = extracted_text(out.read_bytes())
    assert "እንቋዕ ናብ Sala kommun ብደሓን መጻእኩም" in text and "Välkommen till Sala kommun" in text
    assert [s.language for s in letters.sent(team.officer, case_id)] == ["ti"]

    for extra, said in (
        (("--lang", "so"), "lang: so is not one of this person's letter languages: ar, ti, en, sv"),
        (("--lang", "ar", "--date", "2027-01-10"), "meeting: a meeting invitation needs"),
    ):
        bad = tmp_path / "bad.pdf"
        kind = "meeting" if "--date" in extra else "housing"
        result = nyanland(
            *db, "letter", record.case_number, kind, *extra, "--output", bad, env=OFFICER
        )
        assert result.returncode == 1 and said in result.stderr, result.stderr
        assert not bad.exists()
    assert len(letters.sent(team.officer, case_id)) == 1
