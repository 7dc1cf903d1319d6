"""The command line: parse arguments, run the pipeline, turn errors into messages and exit codes."""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import BuildFailure, SourceErrors, UsageError
from .forms import assemble_forms
from .load import shown
from .pipeline import DEFAULT_SEED, Options, build, load_corpora

EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2

DESCRIPTION = """\
Build study material from an exam's fact corpus: an Anki deck, one-page cheat
sheets and mock-exam booklets, written to OUT/<exam-id>/ with a manifest.json.

Exit status: 0 success; 2 bad sources or usage (one path:line:col: error: line
per problem, nothing written); 1 an internal error (a bug: please report it).
"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sources", type=Path, default=Path("sources"), metavar="DIR",
                   help="folder holding one folder per exam (default: sources)")
    p.add_argument("--out", type=Path, default=Path("dist"), metavar="DIR",
                   help="where outputs go, one folder per exam (default: dist)")
    p.add_argument("--exam", metavar="ID", help="build only this exam (default: every exam found)")
    p.add_argument("--check", action="store_true",
                   help="validate the sources (and that the bank fills --forms) and write nothing")
    p.add_argument("--verify", action="store_true",
                   help="check every command, flag, API name and enum value against its tool's model: the AWS "
                        "CLI's for aws (offline; needs the test dependencies), or the exam's pinned reference "
                        "files; write nothing")
    p.add_argument("--paper", choices=("letter", "a4"), default="letter",
                   help="paper size of the PDFs (default: letter)")
    p.add_argument("--forms", type=_count, default=None, metavar="N",
                   help="mock-exam forms to assemble, sharing no question (default: the exam's forms in exam.yaml, "
                        "else 2; 0 for none)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"seed that picks and shuffles the forms' questions (default: {DEFAULT_SEED})")
    p.add_argument("--force", action="store_true",
                   help="render every output, even those whose inputs did not change")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.add_argument("--version", action="version", version=f"exampack {__version__}")
    return p


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _verify(sources: Path, exam: str | None, say: Callable[[str], None]) -> int:
    from .verify import AwsModels, verify

    models = AwsModels()
    problems = []
    for corpus in load_corpora(sources, exam):
        found = verify(corpus, models)
        problems += found.problems
        if not found.problems:
            say(f"verified {corpus.exam.id}: " + "; ".join(found.checked or ["nothing to check"]))
        for line in found.unverified:
            say(f"unverified {corpus.exam.id}: {line}")
    if problems:
        raise SourceErrors(problems)
    return EXIT_OK


def _check(sources: Path, exam: str | None, forms: int | None, seed: int, say: Callable[[str], None]) -> int:
    """Validate every exam, and that each bank fills its forms; every problem of every exam reported."""
    failures = []
    for corpus in load_corpora(sources, exam):
        try:
            assemble_forms(corpus, corpus.exam.default_forms if forms is None else forms, seed)
        except BuildFailure as failure:
            failures.append(str(failure))
            continue
        say(f"ok   {corpus.exam.id}: {len(corpus.facts)} facts, {len(corpus.commands)} commands, "
            f"{len(corpus.api)} API terms, {len(corpus.questions)} questions")
        if corpus.syllabus:
            items, services = len(corpus.syllabus.items), len(corpus.syllabus.services)
            say(f"     {corpus.exam.id} syllabus: {items}/{items} items taught by facts and tested by questions, "
                f"{services}/{services} services in facts")
    for failure in failures:
        print(f"build.py: error: {failure}", file=sys.stderr)
    return EXIT_INPUT if failures else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_INPUT if exit_.code not in (0, None) else EXIT_OK
    started = time.perf_counter()
    say = (lambda _line: None) if args.quiet else print
    try:
        if args.verify:
            return _verify(args.sources, args.exam, say)
        if args.check:
            return _check(args.sources, args.exam, args.forms, args.seed, say)
        result = build(args.sources, args.out, Options(paper=args.paper, forms=args.forms, seed=args.seed), args.exam,
                       on_wait=lambda: print(f"build.py: waiting for another build writing to {shown(args.out)}/",
                                             file=sys.stderr),
                       force=args.force)
    except SourceErrors as errors:
        for problem in errors.problems:
            print(problem, file=sys.stderr)
        print(f"{len(errors.problems)} error(s); nothing written", file=sys.stderr)
        return EXIT_INPUT
    except (UsageError, BuildFailure) as error:
        print(f"build.py: error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("build.py: interrupted; outputs already written are complete", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print("build.py: internal error (a bug in exampack, not in your sources)", file=sys.stderr)
        return EXIT_BUG
    for exam_build in result.built:
        folder = args.out / exam_build.corpus.exam.id
        for output in exam_build.outputs:
            counts = ", ".join(f"{k} {len(v) if isinstance(v, list) else v}" for k, v in output.info.items()
                               if isinstance(v, (int, str, list)))
            verb = "wrote" if output.rendered else "kept "
            say(f"{verb} {output.kind:<11} {shown(folder / output.path)} ({counts})")
        say(f"wrote manifest    {shown(folder / 'manifest.json')}")
    for name in result.current:
        say(f"{name} is up to date in {shown(args.out / name)}")
    say(f"done in {time.perf_counter() - started:.2f} s")
    return EXIT_OK
