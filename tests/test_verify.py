"""The verifier: commands, flags, API names and enum values checked against their tool's model."""

from __future__ import annotations

from conftest import REAL_SOURCES, TINY_API, TINY_COMMANDS, TINY_FACTS, TinyCorpus

from exampack.cli import main

COMMANDS = "sources/tiny/commands.yaml"
ENDPOINT_COMMAND = """\
  - id: sagemaker-create-endpoint
    domain: d1
    program: aws
    command: sagemaker create-endpoint
    purpose: create an endpoint
    example: aws sagemaker create-endpoint --endpoint-name x --endpoint-config-name y
    source: notes
    flags:
      - flag: --endpoint-name
        does: names the endpoint
"""


def verify(run) -> tuple[int, list[str]]:
    result = run("--verify", "--sources", "sources")
    return result.code, result.err.splitlines()


def test_the_real_corpus_verifies_clean(run) -> None:
    result = run("--verify", "--sources", str(REAL_SOURCES))
    assert result.code == 0, result.err
    assert result.out.startswith("verified mla-c01: ")
    assert "against AWS CLI 1.46.3" in result.out


def test_tiny_corpus_verifies_clean(tiny: TinyCorpus, run) -> None:
    assert verify(run) == (0, [])


def test_misspelt_command_is_reported_with_a_suggestion(tiny: TinyCorpus, run) -> None:
    tiny.write("commands.yaml", TINY_COMMANDS.replace("command: s3 cp", "command: s3 cpp"))
    assert verify(run) == (2, [f"{COMMANDS}:5:14: error: aws s3 cpp: no such command; did you mean cp?",
                               "sources/tiny/facts/facts.yaml:9:11: error: fact d1-copy: aws s3 cp is named but not "
                               "in refs; add its commands.yaml entry to refs",
                               "2 error(s); nothing written"])


def test_misspelt_service_is_reported_with_a_suggestion(tiny: TinyCorpus, run) -> None:
    tiny.write("commands.yaml", TINY_COMMANDS.replace("command: s3 cp", "command: s4 cp"))
    code, lines = verify(run)
    assert (code, lines[0]) == (2, f"{COMMANDS}:5:14: error: aws s4: no such AWS CLI service; did you mean s3?")


def test_misspelt_flag_is_reported_with_the_nearest_flag(tiny: TinyCorpus, run) -> None:
    tiny.write("commands.yaml", TINY_COMMANDS.replace("--recursive", "--recursiv"))
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("--recursive", "--recursiv"))
    assert verify(run) == (2, [f"{COMMANDS}:11:9: error: aws s3 cp has no flag --recursiv; did you mean --recursive?",
                               "1 error(s); nothing written"])


def test_flag_of_another_command_is_reported(tiny: TinyCorpus, run) -> None:
    tiny.write("commands.yaml", TINY_COMMANDS + ENDPOINT_COMMAND.replace(
        "--endpoint-name", "--enable-network-isolation"))
    assert verify(run) == (2, [f"{COMMANDS}:21:9: error: aws sagemaker create-endpoint has no flag "
                               "--enable-network-isolation",
                               "1 error(s); nothing written"])


def test_wrong_enum_value_is_reported_with_the_allowed_one(tiny: TinyCorpus, run) -> None:
    tiny.write("api.yaml", TINY_API.replace("value: Minimize", "value: Minimise"))
    tiny.write("facts/facts.yaml", TINY_FACTS.replace("{{c1::Minimize}}", "{{c1::Minimise}}"))
    assert verify(run) == (2, ["sources/tiny/api.yaml:10:9: error: HyperParameterTuningJobObjective.Type has no "
                               "value 'Minimise'; did you mean Minimize?",
                               "1 error(s); nothing written"])


def test_unknown_member_is_reported(tiny: TinyCorpus, run) -> None:
    tiny.write("api.yaml", TINY_API.replace("member: Type", "member: Kind"))
    code, lines = verify(run)
    assert (code, lines[0]) == (2, "sources/tiny/api.yaml:7:13: error: HyperParameterTuningJobObjective has no "
                                   "member Kind")


def test_bare_api_term_in_prose_is_flagged(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/facts.yaml", TINY_FACTS.replace(
        "Store raw data in {{c1::Amazon S3}}.", "Shard training data across instances with ShardedByS3Key in {{c1::Amazon S3}}."))
    assert verify(run) == (2, ["sources/tiny/facts/facts.yaml:5:11: error: fact d1-bucket: API name ShardedByS3Key is "
                               "not in refs; add the api.yaml entry that names it",
                               "1 error(s); nothing written"])


def test_command_in_prose_must_be_referenced(tiny: TinyCorpus, run) -> None:
    tiny.write("facts/facts.yaml", TINY_FACTS.replace(
        "Store raw data in", "After aws s3 ls, store raw data in"))
    code, lines = verify(run)
    assert (code, lines[0]) == (2, "sources/tiny/facts/facts.yaml:5:11: error: fact d1-bucket: aws s3 ls is named but "
                                   "not in refs; add its commands.yaml entry to refs")


def test_verify_writes_nothing(tiny: TinyCorpus, run) -> None:
    assert main(["--verify", "--sources", "sources", "--out", "dist", "-q"]) == 0
    assert not (tiny.root / "dist").exists()
