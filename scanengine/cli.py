"""The ``scanengine`` command: the same domain as the web app, used from a terminal.

Configured by ``SCANENGINE_DATABASE_URL`` (default: a SQLite file in the instance folder) and the other
``SCANENGINE_*`` variables of :mod:`scanengine.config`. Domain errors end the command with exit code 1 and a
one-line message; nothing is changed then (each command is one transaction).

It is longer than ~400 lines because it holds every subcommand of the one ``scanengine`` command, each a thin
call into the domain.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from sqlmodel import Session

from scanengine import __version__, accounts, db, definition, library, rounds
from scanengine.config import ConfigError, Settings, load_settings, secret_key


class Context:
    """What every command needs: settings, and a schema brought up to date once per process."""

    def __init__(self) -> None:
        self.settings: Settings = load_settings()
        self._migrated = False

    @property
    def url(self) -> str:
        return self.settings.database_url

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        if not self._migrated:
            db.upgrade(self.url)
            self._migrated = True
        with db.session_scope(self.url) as session:
            yield session


pass_ctx = click.make_pass_decorator(Context, ensure=True)


def domain_errors(fn):
    """Turn the domain's refusals into a clean ``Error: ...`` and exit code 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except rounds.RoundNotFound as exc:
            raise click.ClickException(f"{exc} {_which_database()}") from None
        except (
            rounds.RoundError,
            accounts.AccountError,
            ConfigError,
            definition.DefinitionError,
            library.LibraryError,
        ) as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def _which_database() -> str:
    """Where a command looked, for "no round 3": the database, and an old ``instance/`` it did not use."""
    settings = load_settings()
    where = f"in the database {_safe_url(settings.database_url)}"
    if os.environ.get("SCANENGINE_DATABASE_URL"):
        return where + " (SCANENGINE_DATABASE_URL)"
    where += " (the instance folder: SCANENGINE_INSTANCE_PATH, default the per-user data folder)"
    here = Path("instance") / "scanengine.sqlite"
    if here.is_file() and here.resolve().parent != settings.instance_path:
        where += f"; ./{here} exists too: set SCANENGINE_INSTANCE_PATH={here.parent.resolve()} to use it"
    return where


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scanengine")
def main() -> None:
    """Scanengine: trust scans and evaluation questionnaires for public-sector cooperation.

    Database: SCANENGINE_DATABASE_URL (default: SQLite in the instance folder: SCANENGINE_INSTANCE_PATH, else
    $XDG_DATA_HOME/scanengine or ~/.local/share/scanengine, wherever the command is run).
    """


# -- definitions --------------------------------------------------------------------------------------------------


@main.command()
@click.argument("refs", nargs=-1, metavar="[PATH_OR_ID]...")
def validate(refs: tuple[str, ...]) -> None:
    """Check questionnaire definitions (files, or ids of shipped ones; none given: every shipped definition).

    Exits 1 with one line per problem.
    """
    if not refs:
        refs = tuple(str(p) for p in definition.shipped().values())
        if not refs:
            raise click.ClickException(
                f"no definitions given, and none shipped in {definition.shipped_dir()}"
            )
    failed = 0
    for ref in refs:
        try:
            q = definition.resolve(ref)
        except definition.DefinitionError as exc:
            failed += 1
            for line in exc.lines():
                click.echo(line, err=True)
            continue
        click.echo(
            f"{ref}: ok ({q.id} {q.version}, {len(q.dimensions)} dimensions, {len(q.items)} statements, "
            f"sha256 {q.sha256[:12]})"
        )
    if failed:
        sys.exit(1)


def _account(session: Session, email: str | None):
    """The account of ``--owner EMAIL`` (None without one); a clear refusal for an unknown address."""
    if not email:
        return None
    found = accounts.get_by_email(session, email)
    if found is None:
        raise click.ClickException(f"no account {email!r}; create it with: scanengine user create")
    return found


@main.group("questionnaire")
def questionnaire_group() -> None:
    """Definitions kept in the database: list, import, export (the dashboard's editor changes them)."""


@questionnaire_group.command("list")
@pass_ctx
@domain_errors
def questionnaire_list(ctx: Context) -> None:
    """Every definition: shipped (read-only) and kept, with its latest version, owner and rounds."""
    with ctx.session() as session:
        for item in library.listing(session, None):
            where = "shipped" if item.origin == library.SHIPPED else "kept"
            number = "" if item.origin == library.SHIPPED else f" v{len(library.versions(session, item.id))}"
            owner = f", owner {item.owner}" if item.owner else ""
            title = item.title.get("nl") or next(iter(item.title.values()), "")
            click.echo(f"{item.id}{number} ({where}{owner}, {item.rounds} rounds): {title}")


@questionnaire_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--owner", "owner_email", help="E-mail of the facilitator who owns a new definition.")
@pass_ctx
@domain_errors
def questionnaire_import(ctx: Context, file: Path, owner_email: str | None) -> None:
    """Keep a definition file in the database: a new id is a new definition, a kept id its next content (a new
    version when a round uses the latest). Exits 1 with the validator's lines when the file is not valid."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{file}: cannot read file: {exc.strerror}") from None
    with ctx.session() as session:
        owner = _account(session, owner_email)
        try:
            done = library.import_definition(
                session, raw, str(file), owner=owner, editor=None, actor=library.CLI_ACTOR
            )
        except definition.DefinitionError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            sys.exit(1)
        q, saved = done.questionnaire, done.saved
        if saved is None:
            click.echo(f"{q.id}: the shipped definition, unchanged (nothing kept)")
        else:
            said = {
                library.CREATED: "kept as a new definition",
                library.REPLACED: "replaced (no round used it)",
                library.NEW_VERSION: "kept as a new version (a round uses the previous one)",
                library.UNCHANGED: "unchanged",
            }[saved.status]
            click.echo(f"{q.id} version {saved.number}: {said} (sha256 {q.sha256[:12]})")


@questionnaire_group.command("export")
@click.argument("qid", metavar="ID")
@click.option("--version", "number", type=int, help="A version of a kept definition (default: the latest).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@pass_ctx
@domain_errors
def questionnaire_export(ctx: Context, qid: str, number: int | None, output: Path | None) -> None:
    """Write a definition as a JSON file (importing it gives the same definition, byte for byte on export)."""
    with ctx.session() as session:
        text = library.export_text(library.load(session, qid, number))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"written to {output}", err=True)


# -- database ----------------------------------------------------------------------------------------------------


@main.group("db")
def db_group() -> None:
    """Schema management (Alembic)."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@pass_ctx
def db_upgrade(ctx: Context, revision: str) -> None:
    """Create or upgrade the schema (also done automatically by every command)."""
    db.upgrade(ctx.url, revision)
    click.echo(f"schema at revision {db.current_revision(ctx.url)} ({_safe_url(ctx.url)})")


def _safe_url(url: str) -> str:
    """The database URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_group.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def db_backup(ctx: Context, file: Path) -> None:
    """Consistent online backup of the SQLite database to FILE (PostgreSQL: use pg_dump)."""
    from scanengine import maintenance

    try:
        result = maintenance.backup_sqlite(ctx.url, file)
    except maintenance.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"backup written to {result.path} ({result.size} bytes, integrity ok)")


# -- users -------------------------------------------------------------------------------------------------------


@main.group()
def user() -> None:
    """Facilitator and admin accounts."""


@user.command("create")
@click.option("--email", required=True)
@click.option("--admin", is_flag=True, help="An admin sees and manages every round.")
@pass_ctx
@domain_errors
def user_create(ctx: Context, email: str, admin: bool) -> None:
    """Create an account; the password comes from SCANENGINE_PASSWORD or a prompt."""
    password = os.environ.get("SCANENGINE_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise click.ClickException(
                "no password: set SCANENGINE_PASSWORD or run in a terminal to be prompted"
            )
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with ctx.session() as session:
        u = accounts.create_user(session, email, password, admin=admin)
        click.echo(f"created {'admin' if u.is_admin else 'facilitator'} {u.email}")


# -- rounds ------------------------------------------------------------------------------------------------------


@main.group("round")
def round_group() -> None:
    """Create, open, close and inspect scan rounds."""


@round_group.command("create")
@click.option(
    "--questionnaire",
    "questionnaire",
    required=True,
    help="The id of a kept or shipped definition, or a file (imported first).",
)
@click.option("--name", required=True)
@click.option("--cooperation", required=True, help="The regional partnership; its rounds form the trend.")
@click.option(
    "--group",
    "groups",
    multiple=True,
    required=True,
    metavar="NAME[=SIZE]",
    help="Invitation group with its expected size (repeat).",
)
@click.option(
    "--min-group-size",
    "k",
    type=int,
    default=5,
    show_default=True,
    help="Groups below k respondents are never shown (at least 3).",
)
@click.option("--owner", "owner_email", help="E-mail of the facilitator who owns the round.")
@pass_ctx
@domain_errors
def round_create(
    ctx: Context,
    questionnaire: str,
    name: str,
    cooperation: str,
    groups: tuple[str, ...],
    k: int,
    owner_email: str | None,
) -> None:
    """Create a round (status draft); prints the round id as the last line.

    QUESTIONNAIRE is the id of a definition kept in the database (its latest version) or of a shipped one, or a
    file, which is imported first (a new version of a kept definition with its id)."""
    specs = [rounds.parse_group_spec(g) for g in groups]
    with ctx.session() as session:
        owner = _account(session, owner_email)
        try:
            q = library.resolve_for_round(session, questionnaire, owner=owner, actor=library.CLI_ACTOR)
        except definition.DefinitionError as exc:
            raise click.ClickException("\n".join(exc.lines())) from None
        rnd = rounds.create_round(
            session, q, name=name, cooperation=cooperation, groups=specs, min_group_size=k, owner=owner
        )
        click.echo(
            f"created round {rnd.id}: {rnd.name} ({q.id} {q.version}, {len(specs)} groups, k={k}), status draft"
        )
        click.echo(rnd.id)


@round_group.command("open")
@click.argument("round_id")
@pass_ctx
@domain_errors
def round_open(ctx: Context, round_id: str) -> None:
    """Open a draft round for responses."""
    with ctx.session() as session:
        rnd = rounds.open_round(session, rounds.get_round(session, round_id))
        click.echo(f"round {rnd.id} is open")


@round_group.command("close")
@click.argument("round_id")
@pass_ctx
@domain_errors
def round_close(ctx: Context, round_id: str) -> None:
    """Close an open round (final: no responses are accepted afterwards), keep its summary, write its PDF."""
    from scanengine import closing

    with ctx.session() as session:
        rnd = closing.close_round(
            session, rounds.get_round(session, round_id), secret=secret_key(ctx.settings)
        )
        status = rounds.round_status(session, rnd)
        click.echo(f"round {rnd.id} is closed with {status.responses} responses")
    # The close is committed above; what follows can fail without undoing it.
    with ctx.session() as session:
        done = closing.after_close(session, rounds.get_round(session, round_id), ctx.settings.reports_dir)
    if done.report:
        click.echo(f"report written to {done.report}")
    for problem in done.problems:
        click.echo(f"warning: {problem}", err=True)


@round_group.command("purge")
@click.argument("round_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation in a terminal.")
@pass_ctx
@domain_errors
def round_purge(ctx: Context, round_id: str, yes: bool) -> None:
    """Delete the raw answers and drafts of a closed round; aggregated results and the PDF are kept."""
    from scanengine import maintenance

    if not yes and sys.stdin.isatty():
        click.confirm(f"Permanently delete the raw answers of round {round_id}?", abort=True)
    with ctx.session() as session:
        result = maintenance.purge_round(session, rounds.get_round(session, round_id))
    click.echo(
        f"round {result.round_id} purged: {result.responses} responses and {result.drafts} drafts deleted; "
        "aggregated results and reports kept"
    )


@round_group.command("status")
@click.argument("round_id")
@pass_ctx
@domain_errors
def round_status(ctx: Context, round_id: str) -> None:
    """Response counts and rates per group."""
    with ctx.session() as session:
        st = rounds.round_status(session, rounds.get_round(session, round_id))
        rnd = st.round
        click.echo(
            f"round {rnd.id}: {rnd.name} — {rnd.cooperation} — {rnd.questionnaire_id} — {rnd.status} — k={rnd.min_group_size}"
        )
        width = max([5] + [len(g.name) for g in st.groups])
        click.echo(f"{'group':<{width}}  responses  expected  links  used   rate")
        for g in st.groups:
            click.echo(
                f"{g.name:<{width}}  {g.responses:>9}  {g.expected if g.expected is not None else '-':>8}  "
                f"{g.links:>5}  {g.links_used:>4}  {_pct(g.rate):>5}"
            )
        click.echo(
            f"{'total':<{width}}  {st.responses:>9}  {st.expected if st.expected is not None else '-':>8}  "
            f"{sum(g.links for g in st.groups):>5}  {sum(g.links_used for g in st.groups):>4}  {_pct(st.rate):>5}"
        )


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


# -- report ------------------------------------------------------------------------------------------------------


@main.command("report")
@click.argument("round_id")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: <SCANENGINE_REPORTS_DIR>/<cooperation>-<round id>-<lang>.<pdf|html>).",
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html"]),
    help="pdf (to print) or html (the accessible page to publish); default: from the output's suffix, else pdf.",
)
@pass_ctx
@domain_errors
def report_cmd(ctx: Context, round_id: str, output: Path | None, lang: str, fmt: str | None) -> None:
    """Write the report of a round as PDF or as an accessible HTML page; prints the path written."""
    from scanengine import report

    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    suffix = "html" if suffix == "htm" else suffix
    if fmt is None:
        fmt = suffix if suffix in report.FORMATS else "pdf"
    elif suffix in report.FORMATS and suffix != fmt:
        raise click.UsageError(f"--format {fmt} does not match the output file {output} (.{suffix})")
    with ctx.session() as session:
        rnd = rounds.get_round(session, round_id)
        target = output or report.default_path(rnd, lang, ctx.settings.reports_dir, fmt=fmt)
        try:
            path = report.write_report(session, rnd, target, lang, fmt=fmt)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            raise click.ClickException(f"cannot write {target}: {exc.strerror}") from None
    click.echo(path)


# -- links -------------------------------------------------------------------------------------------------------


@main.command()
@click.argument("round_id")
@click.option("--group", "group_name", required=True)
@click.option("--count", type=int, help="Number of personal (single-use) links.")
@click.option("--shared", is_flag=True, help="The reusable group link instead of personal links.")
@click.option("--rotate", is_flag=True, help="With --shared: replace an existing group link.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write 'group,link' rows (mail merge) instead of printing.",
)
@pass_ctx
@domain_errors
def links(
    ctx: Context,
    round_id: str,
    group_name: str,
    count: int | None,
    shared: bool,
    rotate: bool,
    csv_path: Path | None,
) -> None:
    """Issue participant links. They are shown once: only their hashes are stored."""
    if shared == (count is not None):
        raise click.ClickException("give either --count N (personal links) or --shared (the group link)")
    with ctx.session() as session:
        rnd = rounds.get_round(session, round_id)
        if count is None:  # --shared (exactly one of the two, checked above)
            urls = [rounds.issue_shared_link(session, rnd, group_name, ctx.settings.base_url, rotate=rotate)]
        else:
            urls = rounds.issue_links(session, rnd, group_name, count, ctx.settings.base_url)
        table = rounds.links_csv(group_name, urls)
        if csv_path:
            with open(csv_path, "w", newline="", encoding="utf-8") as fh:
                fh.write(table)
            click.echo(f"wrote {len(urls)} link(s) for group {group_name!r} to {csv_path}", err=True)
        else:
            click.echo(table, nl=False)


# -- invitations by e-mail (docs/architecture.md, "Invitations") ------------------------------------------------


def _mail_setup(ctx: Context):
    """The mail settings and the secret the personal links are derived from; one line when not configured."""
    from scanengine import mail
    from scanengine.config import secret_key

    try:
        return mail.settings_from_env(os.environ), secret_key(ctx.settings)
    except mail.MailConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _mail_run(ctx: Context, round_id: str, what: str, todo, send, skipped: int = 0) -> None:
    """Send with a progress bar and print the counts (never a link or an address).

    ``todo(session, rnd)`` is the number of messages to go, ``send(session, rnd, mailer, secret, progress)``
    sends them and returns the :class:`~scanengine.invitations.SendReport`."""
    from scanengine import invitations, mail

    settings, secret = _mail_setup(ctx)
    with ctx.session() as session:
        rnd = rounds.get_round(session, round_id)
        invitations.check_open(rnd)
        try:
            with (
                mail.Mailer(settings) as mailer,
                _progress(todo(session, rnd), f"{what}, round {rnd.id}") as step,
            ):
                report = send(session, rnd, mailer, secret, step)
        except mail.MailError as exc:
            raise click.ClickException(
                f"{exc}; what was sent is recorded: run the same command again later"
            ) from None
    click.echo(f"{what}: sent {report.sent}, refused {report.refused}, skipped {report.skipped + skipped}")
    for note in report.problems:
        click.echo(f"warning: {invitations.render(note, 'en')}", err=True)


@main.command()
@click.argument("round_id")
@click.option("--group", "group_name", required=True, help="The invitation group of these addresses.")
@click.option(
    "--emails",
    "emails_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with a header and an 'email' column (other columns are ignored).",
)
@pass_ctx
@domain_errors
def invite(ctx: Context, round_id: str, group_name: str, emails_path: Path) -> None:
    """Mail a personal link to every address of the file new to the round; prints counts, never links."""
    from scanengine import invitations

    _, secret = _mail_setup(ctx)  # refused before anything is read, stored or sent
    addresses = invitations.read_addresses(emails_path.read_bytes(), str(emails_path))
    with ctx.session() as session:
        added = invitations.add_invitations(
            session, rounds.get_round(session, round_id), group_name, addresses, secret=secret
        )
    _mail_run(
        ctx,
        round_id,
        "invitations",
        lambda session, rnd: len(invitations.waiting(session, rnd, group_name)),
        lambda session, rnd, mailer, secret, step: invitations.send_invitations(
            session,
            rnd,
            mailer,
            secret=secret,
            base_url=ctx.settings.base_url,
            group_name=group_name,
            progress=step,
        ),
        skipped=added.skipped,
    )


@main.command()
@click.argument("round_id")
@click.option("--group", "group_name", help="Only this invitation group.")
@pass_ctx
@domain_errors
def remind(ctx: Context, round_id: str, group_name: str | None) -> None:
    """Mail a reminder to every invited address whose link is unused, at most once a day; prints counts."""
    from scanengine import invitations

    _mail_run(
        ctx,
        round_id,
        "reminders",
        lambda session, rnd: len(invitations.due_reminders(session, rnd, group_name)[0]),
        lambda session, rnd, mailer, secret, step: invitations.send_reminders(
            session,
            rnd,
            mailer,
            secret=secret,
            base_url=ctx.settings.base_url,
            group_name=group_name,
            progress=step,
        ),
    )


# -- synthetic data, demo and development server -------------------------------------------------------------------


@contextlib.contextmanager
def _progress(length: int, label: str):
    """A progress bar on stderr (stdout stays parseable); yields a callback taking the number of steps done."""
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


@main.command()
@click.argument("round_id")
@click.option("--respondents", "n", type=int, required=True, help="Number of synthetic respondents.")
@click.option("--seed", type=int, help="Random seed; the same seed gives the same answers.")
@pass_ctx
@domain_errors
def simulate(ctx: Context, round_id: str, n: int, seed: int | None) -> None:
    """Add synthetic responses to a draft or open round (demo, load tests, benchmarks)."""
    import time

    from scanengine import simulate as sim

    started = time.perf_counter()
    with ctx.session() as session:
        rnd = rounds.get_round(session, round_id)
        with _progress(max(n, 0), f"round {rnd.id}") as step:
            result = sim.simulate_round(session, rnd, n, seed=seed, progress=step)
    seconds = time.perf_counter() - started
    click.echo(
        f"round {result.round_id}: {result.respondents} synthetic responses (seed {result.seed}) "
        f"in {seconds:.1f} s"
    )
    for name, count in result.per_group.items():
        click.echo(f"  {name}: {count}")


@main.command()
@click.option("--serve", "serve_after", is_flag=True, help="Start the web app after seeding.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5000, show_default=True)
@pass_ctx
@domain_errors
def demo(ctx: Context, serve_after: bool, host: str, port: int) -> None:
    """Seed a demo (regions, closed rounds, a trend, one open round), write a PDF and print what to open."""
    import time

    from scanengine import demo as demo_mod

    started = time.perf_counter()
    base_url = os.environ.get("SCANENGINE_BASE_URL") or f"http://{host}:{port}"
    try:
        summary = demo_mod.run_demo(
            ctx.url, base_url=base_url, reports_dir=ctx.settings.reports_dir, progress=_progress
        )
    except demo_mod.DemoError as exc:
        raise click.ClickException(str(exc)) from None
    for line in demo_mod.summary_lines(summary):
        click.echo(line)
    click.echo(f"(demo ready in {time.perf_counter() - started:.1f} s)", err=True)
    if serve_after:
        _run_server(host, port)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=5000, show_default=True)
def serve(host: str, port: int) -> None:
    """Run the web app with Flask's development server (production: see scanengine deploy systemd)."""
    _run_server(host, port)


def _run_server(host: str, port: int) -> None:
    from scanengine import create_app
    from scanengine.web.devserver import QuietRequestHandler

    try:
        app = create_app()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"development server on http://{host}:{port}/ (production: docs/deploy.md)", err=True)
    # no request line for participant paths (/s/, /j/): scanengine/logsafe.py
    app.run(host=host, port=port, debug=False, use_reloader=False, request_handler=QuietRequestHandler)


# -- exports and benchmark aggregates ----------------------------------------------------------------------------


def _write_output(text: str, output: Path | None, what: str) -> None:
    """Write to ``output`` (only after everything was computed) or to stdout."""
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    click.echo(f"wrote {what} to {output}", err=True)


@main.command("export")
@click.argument("round_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "sav"]),
    required=True,
    help="sav: the anonymous rows with variable and value labels (SPSS; read by R's haven and pandas).",
)
@click.option("--raw", is_flag=True, help="Anonymous rows in random order instead of aggregates (admin use).")
@click.option(
    "--include-open",
    "--open",
    "include_open",
    is_flag=True,
    help="With --raw or sav: add open answers (only of groups of at least k).",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Labels in the CSV and the .sav.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@pass_ctx
@domain_errors
def export_cmd(
    ctx: Context, round_id: str, fmt: str, raw: bool, include_open: bool, lang: str, output: Path | None
) -> None:
    """Export a round: aggregated figures with suppression applied, or (--raw, sav) anonymous rows."""
    from scanengine import analysis, export

    if include_open and not (raw or fmt == "sav"):
        raise click.ClickException("--include-open only applies to --raw and sav exports")
    if fmt == "sav":
        if output is None:
            raise click.ClickException("--format sav writes a file: give it with -o FILE.sav")
        with ctx.session() as session:
            rnd = rounds.get_round(session, round_id)
            n = export.write_sav(session, rnd, output, include_open=include_open, lang=lang)
        click.echo(f"wrote {n} anonymous rows of round {rnd.id} to {output}", err=True)
        return
    with ctx.session() as session:
        rnd = rounds.get_round(session, round_id)
        if raw:
            text = (export.raw_csv if fmt == "csv" else export.raw_json)(
                session, rnd, include_open=include_open
            )
        else:
            results = analysis.analyse(session, rnd)
            text = export.to_csv(results, lang) if fmt == "csv" else export.to_json(results)
    _write_output(text, output, f"{'raw' if raw else 'aggregated'} {fmt} export of round {rnd.id}")


@main.group("benchmark")
def benchmark_group() -> None:
    """Share aggregated figures between installations (no rows, no small groups)."""


@benchmark_group.command("export")
@click.argument("round_id")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@pass_ctx
@domain_errors
def benchmark_export(ctx: Context, round_id: str, output: Path) -> None:
    """Write the aggregate of a closed round (of at least k respondents) as JSON."""
    from scanengine import benchmark

    with ctx.session() as session:
        try:
            text = benchmark.export_json(session, rounds.get_round(session, round_id))
        except benchmark.BenchmarkError as exc:
            raise click.ClickException(str(exc)) from None
    _write_output(text, output, f"benchmark aggregate of round {round_id}")


@benchmark_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_ctx
@domain_errors
def benchmark_import(ctx: Context, file: Path) -> None:
    """Add an aggregate from another installation to the benchmark set (importing twice changes nothing)."""
    from scanengine import benchmark

    with ctx.session() as session:
        try:
            row, created = benchmark.import_aggregate(session, file.read_bytes(), str(file))
        except benchmark.BenchmarkError as exc:
            raise click.ClickException(str(exc)) from None
        if created:
            click.echo(f"imported {row.questionnaire_id} / {row.cooperation} / {row.round_name} (n={row.n})")
        else:
            click.echo(
                f"already imported: {row.questionnaire_id} / {row.cooperation} / {row.round_name}; nothing changed"
            )


# -- production (docs/deploy.md) ---------------------------------------------------------------------------------


@main.group("deploy")
def deploy_group() -> None:
    """Print the production files for this installation: the nginx site and the systemd unit."""


def _deploy_errors(make):
    from scanengine import deploy

    try:
        return make(deploy)
    except deploy.DeployError as exc:
        raise click.ClickException(str(exc)) from None


@deploy_group.command("nginx")
@click.option(
    "--server-name", "server_names", multiple=True, required=True, help="The host name (repeatable)."
)
@click.option("--certificate", required=True, help="Absolute path of the certificate (chain) file.")
@click.option("--key", required=True, help="Absolute path of the certificate's private key.")
@click.option(
    "--upstream", "upstreams", multiple=True, help="gunicorn's HOST:PORT [127.0.0.1:8000]; one per app host."
)
@click.option("--https-port", type=int, default=443, show_default=True)
@click.option("--http-port", type=int, default=80, show_default=True)
@click.option("--static", help="The package's static folder [this installation's].")
@click.option("--log-dir", default="/var/log/nginx", show_default=True, help="Where the site's logs go.")
@click.option("--ipv6/--no-ipv6", default=True, show_default=True, help="Listen on IPv6 too.")
def deploy_nginx(
    server_names: tuple[str, ...],
    certificate: str,
    key: str,
    upstreams: tuple[str, ...],
    https_port: int,
    http_port: int,
    static: str | None,
    log_dir: str,
    ipv6: bool,
) -> None:
    """Print the nginx site (TLS, HTTP to HTTPS, no log line for participant requests) for inside http {}."""

    def make(deploy):
        options = dict(
            server_names=server_names,
            certificate=certificate,
            key=key,
            https_port=https_port,
            http_port=http_port,
            log_dir=log_dir,
            ipv6=ipv6,
        )
        if upstreams:
            options["upstreams"] = upstreams
        if static:
            options["static"] = static
        site = deploy.NginxSite(**options)
        for warning in site.warnings():
            click.echo(f"warning: {warning}", err=True)
        return site.render()

    click.echo(_deploy_errors(make), nl=False)


@deploy_group.command("systemd")
@click.option(
    "--workers",
    type=int,
    default=2,
    show_default=True,
    help="gunicorn worker processes (about one per core).",
)
@click.option("--threads", type=int, default=8, show_default=True, help="Threads per worker.")
@click.option(
    "--bind", default="127.0.0.1:8000", show_default=True, help="Where gunicorn listens (nginx's --upstream)."
)
@click.option("--venv", help="The virtual environment Scanengine is installed in [this one].")
@click.option("--user", default="scanengine", show_default=True, help="The system user the service runs as.")
@click.option("--env-file", default="/etc/scanengine/scanengine.env", show_default=True)
def deploy_systemd(workers: int, threads: int, bind: str, venv: str | None, user: str, env_file: str) -> None:
    """Print the systemd unit that runs gunicorn (threaded workers, environment file, restart on failure)."""

    def make(deploy):
        options = dict(workers=workers, threads=threads, bind=bind, user=user, env_file=env_file)
        if venv:
            options["venv"] = venv
        return deploy.SystemdUnit(**options).render()

    click.echo(_deploy_errors(make), nl=False)


@main.command("check")
def check_cmd() -> None:
    """Is this instance ready for production? One line per setting; exit 1 naming each problem."""
    from scanengine import deploy_check

    findings = deploy_check.run()
    for f in findings:
        click.echo(f"{f.status:<8}{f.setting}: {f.text}")
    problems = [f.setting for f in findings if f.status == deploy_check.PROBLEM]
    if problems:
        raise click.ClickException(
            f"{len(problems)} problem{'s' if len(problems) > 1 else ''}: {', '.join(problems)}"
        )
    click.echo("ready for production")


if __name__ == "__main__":  # pragma: no cover
    main()
