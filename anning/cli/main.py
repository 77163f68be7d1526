"""Command-line interface: load, demo, rebuild (and the commands later issues add).

Every command takes ``--db PATH``; without it, ``ANNING_DB`` or ``data/anning.duckdb``.
User errors print a clear message and exit non-zero; they never print a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from anning.core import config
from anning.core.escape import visible_text

Handler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Handler, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(
    name: str, help_text: str
) -> Callable[[Callable[[argparse.ArgumentParser], None]], Callable[[Handler], Handler]]:
    """Register a subcommand: ``@command(name, help)(configure)(handler)``."""

    def with_args(configure: Callable[[argparse.ArgumentParser], None]) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            _COMMANDS[name] = (handler, configure, help_text)
            return handler

        return register

    return with_args


def quarter_missing(quarter: str, store_quarters: Sequence[str]) -> bool:
    """True, after printing the error, when the store has no data for ``quarter`` (the caller exits 2)."""
    if quarter in store_quarters:
        return False
    span = f"{store_quarters[0]}–{store_quarters[-1]}" if store_quarters else "no quarters"
    print(f"error: no data for {quarter} (the store has {span})", file=sys.stderr)
    return True


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive_float(value: str) -> float:
    try:
        f = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not f > 0 or f > 1000:
        raise argparse.ArgumentTypeError("must be a number above 0 and at most 1000")
    return f


# ------------------------------------------------------------------------- load


def _say(text: str, file: TextIO | None = None) -> None:
    """Print report text that quotes a file's own words (names, headers, values) as visible text, line by line.

    A terminal runs escape sequences (clear the screen, set the title, recolour what follows) and a
    right-to-left override reorders the line; a file name or header can carry either.
    """
    # sys.stdout looked up at the call, not bound at import: a test (or a caller) may have replaced it since.
    print("\n".join(visible_text(line) for line in str(text).split("\n")), file=file or sys.stdout)


def _load_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, help="CSV or XLSX files, loaded as one batch")
    p.add_argument("--kind", choices=["complaints", "takedowns", "enforcement"], help="skip kind detection")
    p.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    p.add_argument("--user", help="who is loading (default: the OS user)")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of messages")


@command("load", "validate files and load them as one all-or-nothing batch")(_load_args)
def _cmd_load(args: argparse.Namespace) -> int:
    from anning.i18n import t
    from anning.load import loader

    db = config.db_path(args.db)
    missing = [f for f in args.files if not f.is_file()]
    if missing:
        for f in missing:
            _say(f"{f}: no such file", sys.stderr)
        return 2
    bar = _progress_bar()
    try:
        report = loader.load(
            args.files, db, kind=args.kind, dry_run=args.dry_run, user=args.user, progress=bar.update if bar else None
        )
    finally:
        if bar:
            bar.close()
    lang = args.lang
    for f in report.files:
        if f.already_in_batch is not None:
            _say(t("load.skipped", lang, name=f.name, batch=f.already_in_batch))
        if f.dropped_columns:
            _say(f"{f.name}: " + t("data.dropped", lang, cols=", ".join(f.dropped_columns)))
    for line in report.lines(lang):
        _say(line, sys.stderr)
    for w in report.warnings[:20]:
        _say("warning: " + w.render(lang))
    if report.n_warnings > 20:
        print(f"warning: … {report.n_warnings - 20} more (recorded with the batch)")
    print(
        t(
            "load.summary",
            lang,
            errors=report.n_errors,
            warnings=report.n_warnings,
            files=len(report.files),
            rows=report.total_rows,
        )
    )
    if not report.ok:
        print(t("data.failed", lang, n=report.n_errors), file=sys.stderr)
        return 1
    if report.already_loaded:
        print(t("data.already", lang, batch=report.files[0].already_in_batch))
    elif report.batch_id is not None:
        print(t("data.loaded", lang, batch=report.batch_id, rows=report.total_rows, seconds=report.seconds))
        print(report.accounting(lang))
    return 0


class _Bar:
    """A tqdm bar fed by loader progress events (rows and rows per second)."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=100, unit="%", file=sys.stderr, leave=False, bar_format="{desc} {percentage:3.0f}%|{bar}| {postfix}"
        )

    def update(self, event: object) -> None:
        from anning.load.loader import Progress

        assert isinstance(event, Progress)
        self._bar.set_description_str(f"{event.step:<8} {visible_text(event.file)[:30]}")
        self._bar.set_postfix_str(f"{event.rows:,} rows, {event.rows_per_s:,.0f} rows/s")
        self._bar.n = int(event.fraction * 100)
        self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


def _progress_bar() -> _Bar | None:
    return _Bar() if sys.stderr.isatty() else None


# ------------------------------------------------------------------------- demo


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scale", type=_positive_float, default=1.0, help="complaint volume multiplier (22 ≈ 10M)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default fixed, so output is deterministic)")
    p.add_argument("--through", type=_date, default=None, help="last day of data (default 2026-11-15)")
    p.add_argument("--out", type=Path, required=True, help="directory to write the contract files to")
    p.add_argument("--load", action="store_true", help="also load the files into --db as demo data")


@command("demo", "write deterministic synthetic demo files (and optionally load them)")(_demo_args)
def _cmd_demo(args: argparse.Namespace) -> int:
    from anning.load import demo

    kwargs = {}
    if args.seed is not None:
        kwargs["seed"] = args.seed
    if args.through is not None:
        kwargs["through"] = args.through
    summary = demo.generate(args.out, scale=args.scale, progress=True, **kwargs)
    print(
        f"wrote {len(summary.files)} files to {summary.out}: {summary.complaints:,} complaints, "
        f"{summary.takedowns:,} takedowns, {summary.enforcement:,} enforcement actions "
        f"in {summary.seconds:.1f} s"
    )
    if args.load:
        from anning.load import bootstrap

        report = bootstrap.load_demo_files(summary.files, config.db_path(args.db))
        if not report.ok:
            for line in report.lines():
                print(line, file=sys.stderr)
            return 1
        print(f"loaded batch {report.batch_id}: {report.total_rows:,} rows in {report.seconds:.1f} s")
    return 0


# ------------------------------------------------------------------------- rebuild


@command("rebuild", "rebuild the store from the Parquet archive of its batches")(lambda p: None)
def _cmd_rebuild(args: argparse.Namespace) -> int:
    from anning.load import bootstrap

    db = config.existing_db(args.db)
    if db is None:
        return 2
    try:
        n = bootstrap.rebuild(db)
    except TimeoutError:
        print(f"error: {db.name}: another load or rebuild is still running; try again later", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a clear error, never a traceback; the store is unchanged
        print(f"error: rebuild stopped ({type(exc).__name__}); the store is unchanged", file=sys.stderr)
        return 1
    print(f"rebuilt {db} from {n} batches")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The parser with every registered subcommand."""
    _import_command_modules()
    parser = argparse.ArgumentParser(prog="python -m anning", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (handler, configure, help_text) in sorted(_COMMANDS.items()):
        # argparse %-formats help strings ("80% intervals" would break --help).
        p = sub.add_parser(name, help=help_text.replace("%", "%%"), description=help_text)
        p.add_argument("--db", help="store path (default: $ANNING_DB or data/anning.duckdb)")
        configure(p)
        p.set_defaults(handler=handler)
    return parser


def _import_command_modules() -> None:
    """Import every module of :mod:`anning.cli.main`: each feature registers its commands there with :func:`command`."""
    import importlib
    import pkgutil

    import anning.cli

    for mod in pkgutil.iter_modules(anning.cli.__path__):
        if mod.name != "main":
            importlib.import_module(f"anning.cli.{mod.name}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    config.private_files()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except (ValueError, FileNotFoundError, TimeoutError) as exc:
        _say(f"error: {exc}", sys.stderr)  # a message may quote the input's own text
        return 2
    except KeyboardInterrupt:
        return 130
