"""`python -m checker …`: every step of the desk for scripts and pipelines.

This module only parses arguments and turns library errors into one-line messages
(exit code 2); the work is done in the library so the UI does exactly the same. With
`--json`, stdout carries one JSON document (or JSON lines) and nothing else; progress
and logs go to stderr.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from checker import __version__
from checker.errors import CheckerError, InputError
from checker.settings import Settings, default_db_path


class _DatabaseParam(click.ParamType):
    """A database file (as click.Path checks it: not a folder) or a `postgresql://…`
    URL, kept whole (a Path would fold its `//`)."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from checker.database_url import DatabaseUrl, is_database_url

        if isinstance(value, DatabaseUrl):
            return value
        if not is_database_url(value):
            return click.Path(dir_okay=False, path_type=Path).convert(value, param, ctx)
        return DatabaseUrl(value)


def _db_option(command: Callable) -> Callable:
    return click.option(
        "--db",
        "db_path",
        type=_DatabaseParam(),
        default=None,
        help="Database file or postgresql:// URL (default: $FACTCHECK_DB or ./factcheck.db).",
    )(command)


def _model_option(command: Callable) -> Callable:
    return click.option(
        "--model",
        default=None,
        help="sentence-transformers model name or path (default: $FACTCHECK_MODEL or multilingual-e5-small).",
    )(command)


def _user_errors(command: Callable) -> Callable:
    """User mistakes become `Error: …` on stderr with exit code 2, never a traceback.

    The claims package (and spaCy behind it) is imported only by the commands that
    read articles, so `verdict` and `export` start fast; an ArticleError can only
    come from a command that imported it.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except CheckerError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)
        except ValueError as e:
            claims_errors = sys.modules.get("claims.errors")
            if claims_errors is None or not isinstance(e, claims_errors.ArticleError):
                raise
            click.echo(f"Error: {e}", err=True)
            sys.exit(2)

    return wrapper


def _db_origin(db_path: Path | None) -> str:
    """Where the database path came from, for a message about it."""
    if db_path is not None:
        return "--db"
    return (
        "$FACTCHECK_DB" if os.environ.get("FACTCHECK_DB") else "the default ./factcheck.db (set --db or $FACTCHECK_DB)"
    )


def _open_store(db_path: Path | None, *, create: bool = True):
    """The database; `create=False` for a command with nothing to write: a missing file
    (a misspelt path or variable) is refused, naming where the path came from, instead
    of an empty report from a database made for the occasion."""
    from checker.store.database import Store

    path = db_path or default_db_path()
    if not create and not path.exists():
        raise InputError(f"{path}: no such database (the path comes from {_db_origin(db_path)}); nothing was created")
    return Store(path, create=create, scale=_asked_scale())


def _asked_scale():
    """The scale `--scale` names (before the command), None when not given: the store
    then takes `$FACTCHECK_SCALE`, the database's own, or the default."""
    from checker.scale import named_scale

    ctx = click.get_current_context(silent=True)
    choice = ctx.find_root().params.get("scale") if ctx is not None else None
    return named_scale(choice) if choice else None


def _writes_corpus(corpora: tuple[str, ...]) -> bool:
    """Whether a --corpus value is a file to import (which may create the database)."""
    return any(Path(value).is_file() for value in corpora)


def _embedder(model: str | None):
    from checker.model.encoder import load_embedder

    return load_embedder(model)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date: {value!r} is not a date like 2024-10-09") from None


def _print_json(document: Any) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@click.group(help="Fact-checking review desk: claims, evidence, verdicts, reports.")
@click.version_option(__version__, prog_name="checker")
@click.option(
    "--scale",
    default=None,
    help="Rating scale of a new database: a preset (fr-six, three) or a scale file (.json/.toml);"
    " default $FACTCHECK_SCALE, else fr-six. A database keeps its own: another one is refused.",
)
def cli(scale: str | None) -> None:
    pass


@cli.command(help="Split an article into checkable claims.")
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True)
@click.option("--date", "article_date", default=None, help="The article's date (YYYY-MM-DD) for relative dates.")
@click.option("--title", default=None, help="The article's title, if its first line is not.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON document of the contract.")
@_user_errors
def extract(article: Path, lang: str, article_date: str | None, title: str | None, as_json: bool) -> None:
    from claims import extract as extract_claims
    from claims import read_article

    document = extract_claims(read_article(article), lang=lang, article_date=_parse_date(article_date), title=title)
    result = document.to_json()
    if as_json:
        _print_json(result)
        return
    click.echo(f"{result['article']['title']} ({result['article']['lang']}, {len(result['claims'])} claims)")
    for c in result["claims"]:
        flag = "*" if c["checkworthy"] else " "
        click.echo(f"{flag} {c['score']:.2f} {c['id']}  {c['text']}")


@cli.command(help="Add reference passages (jsonl, csv, md, txt) to the database and embed them.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--corpus",
    default=None,
    help="Corpus name (default: each file's name without extension, refused if another file already filled it);"
    " naming an existing corpus adds the files to it.",
)
@click.option("--no-embed", is_flag=True, help="Store the passages without encoding them now.")
@click.option(
    "--replace",
    is_flag=True,
    help="Mirror the files: passages of the corpus that are no longer in them are removed"
    " (verdicts keep their snapshot of the evidence).",
)
@_db_option
@_model_option
@_user_errors
def ingest(
    files: tuple[Path, ...], corpus: str | None, no_embed: bool, replace: bool, db_path: Path | None, model: str | None
) -> None:
    from checker.review.steps import check_corpus_sources, store_corpus_files
    from checker.store.corpus_files import read_corpus_files

    read = read_corpus_files(files, corpus=corpus)  # bad files refused before the database is opened
    store = _open_store(db_path)
    check_corpus_sources(store, read)  # and a name clash before the model loads
    counts = store_corpus_files(store, None if no_embed else _embedder(model), read, show_progress=True)
    removed = ""
    if replace:  # after the new rows are in: a crash in between loses nothing, a re-run finishes it
        kept: dict[str, list[str]] = {}
        for f in read:
            kept.setdefault(f.corpus, []).extend(p.id for p in f.passages)
        gone = [row for name, ids in kept.items() for row in store.remove_passages(ids, corpus=name, keep=True)]
        removed = f", {len(gone)} removed"
    click.echo(
        f"{counts['added']} added, {counts['updated']} updated, {counts['unchanged']} unchanged,"
        f" {counts['embedded']} embedded{removed}",
        err=True,
    )


@cli.group("corpus", help="Manage the reference passages already in the database.")
def corpus_group() -> None:
    pass


@corpus_group.command("remove", help="Remove passages by id (verdicts keep their snapshot of the evidence).")
@click.argument("passage_ids", nargs=-1, required=True)
@click.option("--corpus", default=None, help="The corpus the ids are in (needed when an id is in several).")
@_db_option
@_user_errors
def corpus_remove(passage_ids: tuple[str, ...], corpus: str | None, db_path: Path | None) -> None:
    store = _open_store(db_path, create=False)
    gone = store.remove_passages(list(passage_ids), corpus=corpus)
    click.echo(f"{len(gone)} removed: " + ", ".join(f"{r['corpus']}/{r['id']}" for r in gone), err=True)


@cli.command(help="Find evidence for a query (or one query per line of --queries).")
@click.argument("query", required=False)
@click.option("--corpus", "corpora", multiple=True, required=True, help="Corpus file or name; repeatable.")
@click.option("--queries", "queries_file", type=click.Path(path_type=Path), default=None)
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="JSON (JSON lines with --queries) on stdout.")
@_db_option
@_model_option
@_user_errors
def search(
    query: str | None,
    corpora: tuple[str, ...],
    queries_file: Path | None,
    top_k: int,
    as_json: bool,
    db_path: Path | None,
    model: str | None,
) -> None:
    from checker.retrieval.evaluation import read_queries
    from checker.review.steps import match_texts, public_match, resolve_corpora, verdict_fields

    if bool(query) == bool(queries_file):
        raise InputError("search: give either a QUERY or --queries FILE")
    queries: list[str] = read_queries(queries_file) if queries_file else [query or ""]
    if any(not q.strip() for q in queries):
        raise InputError("search: the query is empty")
    store = _open_store(db_path, create=_writes_corpus(corpora))
    embedder = _embedder(model)
    names = resolve_corpora(store, embedder, corpora)
    results = match_texts(store, embedder, queries, names, top_k=top_k)
    for q, r in zip(queries, results):
        doc = {
            "query": q,
            "matches": [public_match(m) for m in r["matches"]],
            "suggestion": r["suggestion"],
            "signals": r["signals"],
            **verdict_fields(r),
        }
        if as_json:
            click.echo(json.dumps(doc, ensure_ascii=False))
        else:
            click.echo(f"{q}\n  suggestion: {r['suggestion']}")
            for m in doc["matches"]:
                click.echo(f"  {m['score']:.3f} {m['passage_id']}  {m['text'][:100]}")


@cli.command(help="Extract an article's claims, match each against the corpus, store everything.")
@click.argument("article", type=click.Path(path_type=Path))
@click.option("--corpus", "corpora", multiple=True, required=True, help="Corpus file or name; repeatable.")
@click.option("--top-k", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--lang", type=click.Choice(["auto", "fr", "en"]), default="auto", show_default=True)
@click.option("--date", "article_date", default=None, help="The article's date (YYYY-MM-DD).")
@click.option("--title", default=None)
@click.option("--url", default="", help="Where the article was published (used in ClaimReview).")
@click.option("--json", "as_json", is_flag=True)
@_db_option
@_model_option
@_user_errors
def check(
    article: Path,
    corpora: tuple[str, ...],
    top_k: int,
    lang: str,
    article_date: str | None,
    title: str | None,
    url: str,
    as_json: bool,
    db_path: Path | None,
    model: str | None,
) -> None:
    from checker.review.steps import check_article, resolve_corpora
    from claims import read_article

    text = read_article(article)
    when = _parse_date(article_date)
    # corpus names alone cannot be in a database that does not exist yet: refused, not created
    store = _open_store(db_path, create=_writes_corpus(corpora))
    embedder = _embedder(model)
    names = resolve_corpora(store, embedder, corpora)
    document = check_article(
        store,
        embedder,
        text,
        corpora=names,
        title=title,
        lang=lang,
        source=article.name,
        url=url,
        article_date=when,
        top_k=top_k,
    )
    if as_json:
        _print_json(document)
        return
    click.echo(f"article {document['article']['id']}: {document['article']['title']}")
    for c in document["claims"]:
        best = c["matches"][0]["passage_id"] if c["matches"] else "-"
        click.echo(f"{c['id']}  [{c['suggestion']}] {best}  {c['text']}")


@cli.command(
    help="Record a reviewer's verdict on a claim, exactly as the UI does. VERDICT is a code of the"
    " database's scale (fr-six: true, mostly_true, misleading, missing_context, false, unclear)."
)
@click.argument("claim_id")
@click.argument("verdict")
@click.option("--note", default="", help="Why; kept with the verdict.")
@click.option("--evidence", multiple=True, help="Passage id used as evidence; repeatable.")
@click.option("--reviewer", default="", help="Who gives the verdict.")
@click.option("--json", "as_json", is_flag=True)
@_db_option
@_user_errors
def verdict(
    claim_id: str,
    verdict: str,
    note: str,
    evidence: tuple[str, ...],
    reviewer: str,
    as_json: bool,
    db_path: Path | None,
) -> None:
    from checker.review.accounts import require_reviewer

    store = _open_store(db_path, create=False)
    require_reviewer(store, reviewer)  # on a desk with accounts, only an account signs a verdict
    row = store.record_verdict(claim_id, verdict, note=note, evidence=list(evidence), reviewer=reviewer)
    if as_json:
        _print_json(row)
    else:
        click.echo(f"verdict {row['id']}: {claim_id} is {verdict}", err=True)


@cli.command(
    "claim-reviewed",
    help="Set the claimReviewed text ClaimReview publishes for a claim (under 75"
    " characters, never cut); an empty TEXT goes back to the claim's own text, shortened.",
)
@click.argument("claim_id")
@click.argument("text")
@click.option("--reviewer", default="", help="Who wrote it.")
@_db_option
@_user_errors
def claim_reviewed(claim_id: str, text: str, reviewer: str, db_path: Path | None) -> None:
    store = _open_store(db_path, create=False)
    kept = store.set_claim_reviewed(claim_id, text, reviewer=reviewer)
    click.echo(f"claimReviewed of {claim_id}: {kept or '(the claim text)'}", err=True)


def _formats() -> list[str]:
    from checker.report.formats import RENDERERS

    return list(RENDERERS)


@cli.command(help="Write the fact-check report of one article (or all) in one format.")
@click.option("--article", "article_id", default=None, help="Article id (default: every article).")
@click.option("--format", "fmt", required=True, type=click.Choice(_formats()))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--include-disputed",
    is_flag=True,
    help="ClaimReview only: also publish claims whose reviewers disagree (rated by name only).",
)
@click.option(
    "--include-unreviewed",
    is_flag=True,
    help="ClaimReview only: also publish claims nobody has reviewed (rated by name only).",
)
@click.option(
    "--review-url",
    default=None,
    help="ClaimReview: the url of the fact-check page it is published on (default $FACTCHECK_REVIEW_URL; required).",
)
@_db_option
@_user_errors
def export(
    article_id: str | None,
    fmt: str,
    output: Path | None,
    include_disputed: bool,
    include_unreviewed: bool,
    review_url: str | None,
    db_path: Path | None,
) -> None:
    from checker.report.contents import build_report
    from checker.report.formats import RENDERERS, claimreview_left_out, to_claimreview

    if fmt != "claimreview" and (include_disputed or include_unreviewed):
        flag = "--include-disputed" if include_disputed else "--include-unreviewed"
        raise InputError(f"{flag}: only for --format claimreview (every other format lists every claim)")
    if review_url is not None and fmt != "claimreview":
        raise InputError("--review-url: only for --format claimreview")
    store = _open_store(db_path, create=False)
    settings = Settings() if review_url is None else Settings(review_url=review_url)
    report = build_report(store, article_id, settings=settings)
    if fmt == "claimreview":
        options = {"include_disputed": include_disputed, "include_unreviewed": include_unreviewed}
        text = to_claimreview(report, **options)
        left = claimreview_left_out(report, **options)
        click.echo(
            f"claimreview: left out {left['disputed']} disputed and {left['unreviewed']} unreviewed claim(s)"
            + (" (--include-disputed / --include-unreviewed publish them)" if any(left.values()) else ""),
            err=True,
        )
    else:
        text = RENDERERS[fmt](report)
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        from checker.store.atomic_write import write_text

        write_text(output, text)  # a temporary file renamed: a failure leaves the old report as it was
        click.echo(f"wrote {output}", err=True)


@cli.command("eval", help="Retrieval quality (R@1/5/10, MRR@10, MAP@5) on query → gold passage pairs.")
@click.option("--pairs", "pairs_file", required=True, type=click.Path(path_type=Path))
@click.option("--corpus", "corpora", multiple=True, required=True, help="Corpus file or name; repeatable.")
@click.option("--top-k", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--method",
    "methods",
    multiple=True,
    type=click.Choice(["hybrid", "dense", "bm25"]),
    help="Ranking to score; repeatable, all from one search (default: hybrid).",
)
@click.option("--baseline", is_flag=True, help="Also score BM25 alone and dense alone in the same run.")
@click.option("--json", "as_json", is_flag=True, help="One JSON document (a list under 'methods' for several).")
@_db_option
@_model_option
@_user_errors
def evaluate(
    pairs_file: Path,
    corpora: tuple[str, ...],
    top_k: int,
    methods: tuple[str, ...],
    baseline: bool,
    as_json: bool,
    db_path: Path | None,
    model: str | None,
) -> None:
    from checker.retrieval.evaluation import evaluate_retrieval, format_figures, load_pairs
    from checker.review.steps import resolve_corpora

    pairs = load_pairs(pairs_file)
    chosen = list(dict.fromkeys(methods or ("hybrid",)))
    if baseline:
        chosen += [m for m in ("bm25", "dense") if m not in chosen]
    store = _open_store(db_path, create=_writes_corpus(corpora))
    embedder = _embedder(model)
    names = resolve_corpora(store, embedder, corpora)
    results = evaluate_retrieval(store, embedder, pairs, names, methods=chosen, top_k=top_k)
    if as_json:
        _print_json(results[0] if len(results) == 1 else {"methods": results})
        return
    for figures in results:
        click.echo(format_figures(figures))


@cli.group("users", help="Reviewer accounts: once one exists, the app asks each reviewer to sign in.")
def users_group() -> None:
    pass


def _operator() -> str:
    """Who made an account change from the command line, for the change log."""
    import getpass

    try:
        return "cli:" + getpass.getuser()
    except (OSError, KeyError):
        return "cli"


@users_group.command("add", help="Add an account (the password is asked twice, or read from stdin).")
@click.argument("name")
@click.option("--role", type=click.Choice(["reviewer", "editor", "admin"]), default="reviewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@_db_option
@_user_errors
def users_add(name: str, role: str, password_stdin: bool, db_path: Path | None) -> None:
    from checker.review.accounts import add_user, check_name, check_password

    check_name(name)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    check_password(password)  # before the database is opened: a refusal creates nothing
    store = _open_store(db_path)
    user = add_user(store, name, password, role, by=_operator())
    click.echo(f"added {user['role']} {user['name']!r}", err=True)


def _set_active(name: str, active: bool, db_path: Path | None) -> None:
    from checker.review.accounts import set_active

    user = set_active(_open_store(db_path, create=False), name, active, by=_operator())
    click.echo(f"{'enabled' if active else 'disabled'} {user['name']!r}", err=True)


@users_group.command("disable", help="Stop an account from signing in; its verdicts stay.")
@click.argument("name")
@_db_option
@_user_errors
def users_disable(name: str, db_path: Path | None) -> None:
    _set_active(name, False, db_path)


@users_group.command("enable", help="Let a disabled account sign in again.")
@click.argument("name")
@_db_option
@_user_errors
def users_enable(name: str, db_path: Path | None) -> None:
    _set_active(name, True, db_path)


@users_group.command("list", help="Every account with its role and whether it is active.")
@click.option("--json", "as_json", is_flag=True)
@_db_option
@_user_errors
def users_list(as_json: bool, db_path: Path | None) -> None:
    rows = _open_store(db_path, create=False).users()
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        click.echo(f"{row['name']}\t{row['role']}\t{'active' if row['active'] else 'disabled'}")


@cli.command(help="Assign an article to a first reviewer and, optionally, a blind second reviewer.")
@click.argument("article_id")
@click.option("--first", default=None, help="The first reviewer's account ('' takes the slot back).")
@click.option("--second", default=None, help="The blind second reviewer's account ('' takes it back).")
@click.option("--by", "by", required=True, help="The editor making the assignment (an editor or admin account).")
@_db_option
@_user_errors
def assign(article_id: str, first: str | None, second: str | None, by: str, db_path: Path | None) -> None:
    from checker.review.assignments import assign as assign_article

    if first is None and second is None:
        raise InputError("assign: give --first, --second or both")
    now = assign_article(_open_store(db_path, create=False), article_id, first=first, second=second, by=by)
    click.echo(f"{article_id}: first {now.get('first') or '-'}, blind second {now.get('second') or '-'}", err=True)


@cli.command(help="Build (once) and load the embedding model; print its id and size.")
@_model_option
@_user_errors
def model(model: str | None) -> None:
    embedder = _embedder(model)
    click.echo(f"{embedder.model_id} dim {embedder.dim}")


@cli.command("migrate", help="Copy a SQLite desk (every table) into an empty PostgreSQL database and verify it.")
@click.option("--to", "target_url", required=True, help="postgresql://… URL of an empty database on the server.")
@click.option("--json", "as_json", is_flag=True, help="The copied row counts and hashes as one JSON document.")
@_db_option
@_user_errors
def migrate(target_url: str, as_json: bool, db_path: Path | None) -> None:
    from checker.database_url import DatabaseUrl, is_database_url
    from checker.store.database import Store
    from checker.store.migration import migrate as copy_desk

    if not is_database_url(target_url):
        raise InputError(f"--to: {target_url!r} is not a postgresql:// URL")
    source_path = db_path or default_db_path()
    if isinstance(source_path, DatabaseUrl):
        raise InputError(f"--db: {source_path} is already a server's database; migrate copies a SQLite desk file")
    source = _open_store(db_path, create=False)
    target = Store(DatabaseUrl(target_url))
    try:
        copied = copy_desk(source, target)
    finally:
        target.close()
        source.close()
    if as_json:
        click.echo(json.dumps({"to": str(DatabaseUrl(target_url)), "tables": copied}, ensure_ascii=False, indent=2))
    click.echo(
        "copied: " + ", ".join(f"{v['rows']} {t}" for t, v in copied.items()) + "; every count and hash matches",
        err=True,
    )


# ---------------------------------------------------------------- claims as reviewers shape them


@cli.group("claim", help="Edit, split, merge, dismiss, restore or add claims; every change kept in the history.")
def claim_group() -> None:
    pass


def _claim_options(command: Callable) -> Callable:
    """--reviewer, --json, --no-match and --db, as every `claim` subcommand takes them."""
    command = click.option("--reviewer", default="", help="Who makes the change (kept in the history).")(command)
    command = click.option("--json", "as_json", is_flag=True, help="The changed claims as JSON on stdout.")(command)
    command = click.option(
        "--no-match",
        is_flag=True,
        help="Do not search evidence for the new words now (no model loaded); `check` searches it later.",
    )(command)
    return _db_option(_model_option(command))


def _claim_done(store: Any, claims: list[dict], *, as_json: bool, no_match: bool, model: str | None, what: str) -> None:
    """Search evidence for the changed claims' words, then say what changed."""
    from checker.review.steps import rematch

    fresh = [c["id"] for c in claims if c["state"] == "active"]
    if fresh and not no_match:
        rematch(store, _embedder(model), fresh)
    if as_json:
        _print_json([store.claim(c["id"]) for c in claims])
        return
    for c in claims:
        click.echo(f"{what}: {c['id']} [{c['state']}] {c['text']}", err=True)


def _claim_command(
    name: str, help: str, *, what: str, matches: bool = True, before: Callable[..., None] | None = None
) -> Callable[[Callable[..., list[dict]]], click.Command]:
    """A `claim …` subcommand from the change it makes: `change(store, reviewer=…, **its
    own arguments)` returns the claims it changed. The shared part is here once: the
    common options, user errors as one line, the database opened for an existing desk
    only, then `_claim_done` (evidence searched again unless `matches` is False, as for
    a change that leaves no new words, and the changed claims said). `before` checks the
    arguments before the database is opened. The change's own arguments and options
    come first in `--help`, as they are declared on it."""

    def register(change: Callable[..., list[dict]]) -> click.Command:
        own = list(getattr(change, "__click_params__", []))

        def command(
            *, reviewer: str, as_json: bool, no_match: bool, db_path: Path | None, model: str | None, **args: Any
        ) -> None:
            if before is not None:
                before(**args)
            store = _open_store(db_path, create=False)
            claims = change(store, reviewer=reviewer, **args)
            _claim_done(store, claims, as_json=as_json, no_match=no_match or not matches, model=model, what=what)

        command.__name__ = change.__name__
        command.__doc__ = change.__doc__
        wrapped = _claim_options(_user_errors(command))
        wrapped.__click_params__.extend(own)  # type: ignore[attr-defined]  # click's list, read in reverse
        return claim_group.command(name, help=help)(wrapped)

    return register


@_claim_command("edit", "Give a claim new words (its original text and offsets are kept).", what="edited")
@click.argument("claim_id")
@click.argument("text")
def claim_edit(store: Any, *, claim_id: str, text: str, reviewer: str) -> list[dict]:
    from checker.store.claim_edits import edit_claim

    return [edit_claim(store, claim_id, text, reviewer=reviewer)]


@_claim_command("split", "Replace a claim by two or more (its verdicts stay on it, in the history).", what="new")
@click.argument("claim_id")
@click.argument("parts", nargs=-1, required=True)
def claim_split(store: Any, *, claim_id: str, parts: tuple[str, ...], reviewer: str) -> list[dict]:
    from checker.store.claim_edits import split_claim

    return split_claim(store, claim_id, list(parts), reviewer=reviewer)


@_claim_command("merge", "Replace several claims of one article by one.", what="merged")
@click.argument("claim_ids", nargs=-1, required=True)
@click.option("--text", default=None, help="The merged claim's words (default: theirs joined).")
def claim_merge(store: Any, *, claim_ids: tuple[str, ...], text: str | None, reviewer: str) -> list[dict]:
    from checker.store.claim_edits import merge_claims

    return [merge_claims(store, list(claim_ids), text=text, reviewer=reviewer)]


@_claim_command(
    "dismiss",
    'Take a claim out of the review: "pas une affirmation", with the reason.',
    what="dismissed",
    matches=False,
)
@click.argument("claim_id")
@click.option("--reason", required=True, help="Why it is not a claim (kept in the history).")
def claim_dismiss(store: Any, *, claim_id: str, reason: str, reviewer: str) -> list[dict]:
    from checker.store.claim_edits import dismiss_claim

    return [dismiss_claim(store, claim_id, reason, reviewer=reviewer)]


@_claim_command("restore", "Bring a dismissed claim back into the review.", what="restored", matches=False)
@click.argument("claim_id")
def claim_restore(store: Any, *, claim_id: str, reviewer: str) -> list[dict]:
    from checker.store.claim_edits import restore_claim

    return [restore_claim(store, claim_id, reviewer=reviewer)]


def _one_place(*, text: str | None, start: int | None, end: int | None, **_: Any) -> None:
    """`claim add` takes the claim's words or its offsets, not both, not neither."""
    if (text is None) == (start is None and end is None):
        raise InputError("claim add: give either --text or --start and --end")


@_claim_command(
    "add",
    "Add a claim from the article: --start/--end offsets, or --text found in it.",
    what="added",
    before=_one_place,
)
@click.argument("article_id")
@click.option("--text", default=None, help="Words of the article (found in it, spaces and case aside).")
@click.option("--start", type=int, default=None, help="Character offset where the claim starts.")
@click.option("--end", type=int, default=None, help="Character offset where the claim ends.")
def claim_add(
    store: Any, *, article_id: str, text: str | None, start: int | None, end: int | None, reviewer: str
) -> list[dict]:
    from checker.store.claim_edits import add_claim

    return [add_claim(store, article_id, text=text, start=start, end=end, reviewer=reviewer)]


@claim_group.command("history", help="Every change to a claim (who, when, what), oldest first.")
@click.argument("claim_id")
@click.option("--json", "as_json", is_flag=True)
@_db_option
@_user_errors
def claim_history_command(claim_id: str, as_json: bool, db_path: Path | None) -> None:
    from checker.store.claim_edits import claim_history

    store = _open_store(db_path, create=False)
    rows = claim_history(store, claim_id)
    if as_json:
        _print_json(rows)
        return
    for r in rows:
        extra = r["text"] or r["reason"] or ", ".join(r["related"])
        click.echo(f"{r['created_at'][:19]}  {r['reviewer'] or '-'}  {r['action']}  {extra}")


@claim_group.command("groups", help="Near-duplicate claims of an article (the same fact said twice), one group a line.")
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@_db_option
@_model_option
@_user_errors
def claim_groups_command(article_id: str, as_json: bool, db_path: Path | None, model: str | None) -> None:
    from checker.verify.duplicates import article_groups

    store = _open_store(db_path, create=False)
    store.article(article_id)
    groups = article_groups(store, article_id, lambda: _embedder(model))
    if as_json:
        _print_json([[store.claim(cid) for cid in g] for g in groups])
        return
    for g in groups:
        click.echo(" = ".join(f"{cid} {store.claim(cid)['text'][:60]}" for cid in g))


@claim_group.command("apply-group", help="Give a reviewer's verdict on a claim to its whole group (linked rows).")
@click.argument("claim_id")
@click.option("--reviewer", default="", help="Whose verdict is given to the group.")
@_db_option
@_model_option
@_user_errors
def claim_apply_group(claim_id: str, reviewer: str, db_path: Path | None, model: str | None) -> None:
    from checker.verify.duplicates import apply_to_group, group_of

    store = _open_store(db_path, create=False)
    rows = apply_to_group(store, claim_id, group_of(store, claim_id, lambda: _embedder(model)), reviewer=reviewer)
    click.echo(f"{len(rows)} verdict(s) given to the group: " + ", ".join(r["claim_id"] for r in rows), err=True)
