"""The deck, judged by the real Anki engine: import, render, review, edit, import again."""

from __future__ import annotations

import zipfile
from pathlib import Path

import genanki
import pytest
from anki_engine import import_deck, new_collection, review, visible_text
from conftest import TINY_FACTS, TinyCorpus

from exampack.cloze import answers, plain
from exampack.pipeline import load_corpora

APKG = Path("dist/tiny/tiny.apkg")

HOSTILE_FACTS = TINY_FACTS + """\
  - id: d1-angle-brackets
    domain: d1
    text: Copy with aws s3 cp <source> <dest> using {{c1::--recursive}} for folders.
    source: notes
    refs: [s3-cp]
  - id: d1-script
    domain: d1
    text: "A <script>alert('x')</script> tag and <img src=x onerror=alert(1)> stay {{c1::text}}."
    source: notes
  - id: d1-double-colon
    domain: d1
    text: The CloudFormation type for a bucket is {{c1::AWS::S3::Bucket}}.
    source: notes
"""


@pytest.fixture
def built(tiny: TinyCorpus, run) -> TinyCorpus:
    tiny.write("facts/facts.yaml", HOSTILE_FACTS)
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    return tiny


def test_first_import_adds_every_note_and_no_empty_card(built: TinyCorpus, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    log = import_deck(col, APKG)
    # 6 facts + 1 command + 1 flag
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (8, 0, 0, 0)
    assert col.note_count() == 8
    assert col.card_count() == 6 + 1 + 2
    assert not col.get_empty_cards().notes
    for note_id in col.find_notes(""):
        assert col.get_note(note_id).fields_check() == 0  # NORMAL
    names = sorted(d.name for d in col.decks.all_names_and_ids())
    assert "Tiny::1 First" in names and "Tiny::2 Second" in names
    col.close()


def test_tags_carry_domain_task_kind_and_service(built: TinyCorpus, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    bucket = col.get_note(col.find_notes('"Text:*Amazon S3*"')[0])
    assert sorted(bucket.tags) == ["kind::cloze", "tiny::d1", "tiny::task-1-1"]
    flag = col.get_note(col.find_notes('"note:exampack CLI flag"')[0])
    assert sorted(flag.tags) == ["kind::cli", "svc::s3", "tiny::d1"]
    assert col.find_cards("tag:tiny::d2") and col.find_cards("deck:Tiny::2*")
    col.close()


def test_every_card_renders_and_shows_its_cloze_answer(built: TinyCorpus, tmp_path: Path) -> None:
    (corpus,) = load_corpora(Path("sources"))
    fact_of_guid = {genanki.guid_for("tiny", "fact", f.id): f for f in corpus.facts}
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    checked = 0
    for card_id in col.find_cards(""):
        card = col.get_card(card_id)
        question, answer = visible_text(card.question()), visible_text(card.answer())
        assert question and answer
        fact = fact_of_guid.get(card.note().guid)
        if fact is None:
            continue
        assert "[...]" in question
        for answer_text in answers(fact.text):
            assert answer_text not in question
            assert answer_text in answer
        assert plain(fact.text) in answer
        checked += 1
    assert checked == len(corpus.facts) == 6
    col.close()


def test_source_text_is_shown_never_run(built: TinyCorpus, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    note = col.get_note(col.find_notes("tag:kind::cloze script")[0])
    rendered = note.cards()[0].answer()
    assert "<script" not in rendered and "<img" not in rendered
    assert "<script>alert('x')</script>" in visible_text(rendered)
    assert "onerror=alert(1)" in visible_text(rendered)
    copy = col.get_note(col.find_notes("tag:kind::cloze source")[0]).cards()[0]
    assert "aws s3 cp <source> <dest>" in visible_text(copy.question())
    assert "<code>aws s3 cp</code>" in copy.question()
    col.close()


def test_double_colon_inside_an_answer_renders_whole(built: TinyCorpus, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    card = col.get_note(col.find_notes("Bucket")[0]).cards()[0]
    assert "S3::Bucket" not in visible_text(card.question())
    assert "The CloudFormation type for a bucket is AWS::S3::Bucket." in visible_text(card.answer())
    col.close()


def test_cli_cards_ask_both_ways(built: TinyCorpus, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    flag_cards = col.get_note(col.find_notes('"note:exampack CLI flag"')[0]).cards()
    texts = [(visible_text(c.question()), visible_text(c.answer())) for c in flag_cards]
    assert texts[0][0] == "What does this flag do? aws s3 cp --recursive"
    assert texts[0][1].endswith("copies subfolders too --recursive aws s3 cp ./data s3://bucket/ \\ --recursive "
                                "Tiny notes")
    assert texts[1][0] == "Which flag of aws s3 cp… copies subfolders too?"
    assert "<code>--recursive</code>" in flag_cards[1].answer()
    assert '<span class="own-flag">--recursive</span>' in flag_cards[1].answer()
    command = col.get_note(col.find_notes('"note:exampack CLI command"')[0]).cards()[0]
    assert visible_text(command.question()) == "What is this command for? aws s3 cp"
    assert "copy files to and from S3" in visible_text(command.answer())
    col.close()


def test_reimport_after_an_edit_updates_one_note_and_keeps_reviews(built: TinyCorpus, run, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    reviewed = review(col, "Tiny", 4)
    reviews_before = col.db.all("select id, cid, ease, ivl from revlog order by id")
    assert len(reviews_before) == 4
    note_types_before = sorted(m.name for m in col.models.all_names_and_ids())

    built.write("facts/facts.yaml", HOSTILE_FACTS.replace("Store raw data in", "Keep raw training data in"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    log = import_deck(col, APKG)

    # Anki logs notes it already holds unchanged as "duplicate": skipped, not added.
    assert (len(log.new), len(log.updated), len(log.duplicate), len(log.conflicting)) == (0, 1, 7, 0)
    assert col.note_count() == 8
    assert sorted(m.name for m in col.models.all_names_and_ids()) == note_types_before
    assert col.db.all("select id, cid, ease, ivl from revlog order by id") == reviews_before
    for card_id in reviewed:
        assert col.get_card(card_id).reps == 1
    edited = col.get_note(col.find_notes("Keep raw training data")[0]).cards()[0]
    assert "Keep raw training data in Amazon S3." in visible_text(edited.answer())
    col.close()


def test_unchanged_rebuild_is_byte_identical(built: TinyCorpus, run) -> None:
    first = APKG.read_bytes()
    lock = Path("sources/tiny/anki-notes.lock.json").read_bytes()
    assert run("--sources", "sources", "--out", "dist2", "-q").code == 0
    assert Path("dist2/tiny/tiny.apkg").read_bytes() == first
    assert Path("sources/tiny/anki-notes.lock.json").read_bytes() == lock


def test_zip_entries_carry_no_build_time(built: TinyCorpus) -> None:
    with zipfile.ZipFile(APKG) as archive:
        assert [(i.filename, i.date_time) for i in archive.infolist()] == [
            ("collection.anki2", (1980, 1, 1, 0, 0, 0)), ("media", (1980, 1, 1, 0, 0, 0))]


def test_untouched_notes_keep_their_times_in_the_lock(built: TinyCorpus, run, monkeypatch) -> None:
    import json
    lock_path = Path("sources/tiny/anki-notes.lock.json")
    before = json.loads(lock_path.read_text())["notes"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764999999")
    built.write("facts/facts.yaml", HOSTILE_FACTS.replace("Store raw data in", "Keep raw data in"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    after = json.loads(lock_path.read_text())["notes"]
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"fact:d1-bucket"}
    assert after["fact:d1-bucket"]["mod"] == 1764999999


def test_reimport_of_an_unchanged_build_changes_nothing(built: TinyCorpus, run, tmp_path: Path) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    log = import_deck(col, APKG)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 0)
    assert col.note_count() == 8
    col.close()


def test_changed_card_style_updates_the_note_type_in_place(built: TinyCorpus, run, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    review(col, "Tiny", 2)
    note_types = sorted((m.name, m.id) for m in col.models.all_names_and_ids())

    from exampack import fingerprint
    from exampack.render import anki
    original = anki.template_text

    def restyled(name: str) -> str:
        return original(name) + ("\n.card { letter-spacing: 0.01em; }\n" if name == "anki/card.css" else "")

    monkeypatch.setattr(anki, "template_text", restyled)
    monkeypatch.setattr(fingerprint, "template_text", restyled)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764100000")
    # --force: the style changes in memory here, not in templates/ where the up-to-date check looks.
    assert run("--sources", "sources", "--out", "dist", "--force", "-q").code == 0
    log = import_deck(col, APKG)

    assert (len(log.new), len(log.conflicting)) == (0, 0)
    assert sorted((m.name, m.id) for m in col.models.all_names_and_ids()) == note_types
    assert col.models.by_name("exampack Cloze")["css"].endswith("letter-spacing: 0.01em; }\n")
    assert col.db.scalar("select count() from revlog") == 2
    col.close()


def test_a_flag_studied_in_another_domain_is_filed_there(tiny: TinyCorpus, run, tmp_path: Path) -> None:
    from conftest import TINY_COMMANDS
    tiny.write("commands.yaml", TINY_COMMANDS.replace(
        "      - flag: --recursive\n", "      - flag: --recursive\n        domain: d2\n        task: \"2.1\"\n"))
    assert run("--sources", "sources", "--out", "dist", "-q").code == 0
    col = new_collection(tmp_path / "anki")
    import_deck(col, APKG)
    flag = col.get_note(col.find_notes('"note:exampack CLI flag"')[0])
    assert sorted(flag.tags) == ["kind::cli", "svc::s3", "tiny::d2", "tiny::task-2-1"]
    assert {col.decks.name(card.did) for card in flag.cards()} == {"Tiny::2 Second"}
    command = col.get_note(col.find_notes('"note:exampack CLI command"')[0])
    assert "tiny::d1" in command.tags
    col.close()
