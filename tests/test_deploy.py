"""``scanengine deploy`` and the files in ``deploy/``: the shipped example is the command's output, nginx and
systemd accept what it prints, bad options are refused, and the environment file's template names every setting
the code reads (and nothing else)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scanengine import deploy

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SETTING = re.compile(r"\bSCANENGINE_[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def _command_of(path: Path) -> list[str]:
    """The command a generated file says it came from (its header line ``#   scanengine deploy ...``)."""
    line = next(ln for ln in path.read_text().splitlines() if ln.startswith("#   scanengine deploy "))
    words = shlex.split(line[1:])
    assert words[:2] == ["scanengine", "deploy"]
    return words[1:]


@pytest.mark.parametrize("name", ["nginx/scanengine.conf", "systemd/scanengine.service"])
def test_the_shipped_example_is_what_the_command_prints(cli, name):
    shipped = DEPLOY / name
    printed = cli(*_command_of(shipped)).stdout
    assert printed == shipped.read_text(), (
        f"deploy/{name} is stale: regenerate it with the command in its header"
    )


def test_the_example_is_the_one_docs_deploy_md_documents():
    docs = (ROOT / "docs" / "deploy.md").read_text()
    for name in ("nginx/scanengine.conf", "systemd/scanengine.service"):
        assert shlex.join(["scanengine", *_command_of(DEPLOY / name)]) in docs.replace("\\\n    ", ""), name


def test_nginx_accepts_the_site(tmp_path):
    """``nginx -t`` on the site inside a minimal nginx.conf, with a certificate made for the test."""
    if NGINX is None or shutil.which("openssl") is None:
        if os.environ.get("SCANENGINE_REQUIRE_NGINX", "") not in ("", "0"):
            pytest.fail("SCANENGINE_REQUIRE_NGINX is set but nginx or openssl is not installed")
        pytest.skip("nginx or openssl is not installed (SCANENGINE_REQUIRE_NGINX=1 makes this a failure)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=scan.example.nl", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = deploy.NginxSite(
        server_names=("scan.example.nl", "www.scan.example.nl"),
        certificate=str(cert),
        key=str(key),
        upstreams=("10.0.0.11:8000", "10.0.0.12:8000"),
        log_dir=str(tmp_path),
        https_port=8443,
        http_port=8080,
        ipv6=False,
    ).render()
    (tmp_path / "site.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    include {tmp_path}/site.conf;\n}}\n"
    )
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "startup.log")],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "warn" not in checked.stderr, checked.stderr
    assert "server 10.0.0.12:8000;" in site and "return 301 https://scan.example.nl:8443$request_uri;" in site


def test_systemd_accepts_the_unit(tmp_path):
    """``systemd-analyze verify`` on the unit for this virtual environment; the control: a misspelt key is found."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    unit = deploy.SystemdUnit(workers=2, venv=sys.prefix).render()
    good, bad = tmp_path / "scanengine.service", tmp_path / "broken.service"
    good.write_text(unit)
    bad.write_text(unit.replace("UMask=0077", "UMsak=0077"))
    for path, clean in ((good, True), (bad, False)):
        checked = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True)
        problems = [ln for ln in checked.stderr.splitlines() if str(path.name) in ln or "Unknown key" in ln]
        if clean:
            assert checked.returncode == 0 and not problems, checked.stderr
        else:
            assert any("Unknown key" in ln for ln in problems), checked.stderr


def test_the_unit_runs_the_app_from_the_package():
    unit = deploy.SystemdUnit(workers=3, threads=6, bind="127.0.0.1:9000", venv="/opt/se/venv").render()
    exec_start = unit.split("ExecStart=", 1)[1].split("\nExecReload", 1)[0].replace("\\\n", " ")
    words = shlex.split(exec_start)
    assert words[0] == "/opt/se/venv/bin/gunicorn" and words[-1] == "scanengine.wsgi:app"
    assert words[1:-1] == deploy.gunicorn_args(3, 6, "127.0.0.1:9000")[:-1]
    for line in ("EnvironmentFile=/etc/scanengine/scanengine.env", "Restart=on-failure", "User=scanengine"):
        assert line in unit.splitlines()


@pytest.mark.parametrize(
    "options, message",
    [
        ({"server_names": ()}, "give the server's name"),
        ({"server_names": ("scan example",)}, "is not a host name"),
        ({"server_names": ("x;y",)}, "is not a host name"),
        ({"certificate": "cert.pem"}, "--certificate must be an absolute path"),
        ({"key": "/etc/ssl/a key.pem"}, "--key '/etc/ssl/a key.pem' holds a space"),
        ({"key": "/etc/ssl/k;include /x"}, "holds a space"),
        ({"upstreams": ("localhost",)}, "--upstream must be HOST:PORT"),
        ({"https_port": 70000}, "--https-port must be a port"),
        ({"https_port": 8080, "http_port": 8080}, "must differ"),
    ],
)
def test_bad_nginx_options_are_refused(options, message):
    base = {"server_names": ("scan.example.nl",), "certificate": "/c.pem", "key": "/k.pem"}
    with pytest.raises(deploy.DeployError, match=re.escape(message)):
        deploy.NginxSite(**{**base, **options})


def test_cli_refuses_bad_options_with_one_line(cli):
    result = cli("deploy", "nginx", "--server-name", "x y", "--certificate", "/c", "--key", "/k", code=1)
    assert result.output.strip() == "Error: --server-name 'x y' is not a host name"
    result = cli("deploy", "systemd", "--workers", "0", code=1)
    assert "--workers must be between 1 and 64" in result.output


def test_cli_warns_about_files_missing_here(cli, tmp_path):
    result = cli("deploy", "nginx", "--server-name", "scan.example.nl", "--certificate", str(tmp_path / "c.pem"),
                 "--key", str(tmp_path / "k.pem"), "--static", str(tmp_path))  # fmt: skip
    assert "ssl_certificate " in result.stdout
    assert "warning: --static" in result.stderr and "warning: --certificate" in result.stderr


# -- the environment file's template ------------------------------------------------------------------------------


def _read_by_code() -> set[str]:
    """Every SCANENGINE_* name in the package's code and the deploy scripts (comments and docstrings included:
    config.py's docstring lists the Flask settings read as SCANENGINE_<NAME>)."""
    names: set[str] = set()
    files = [*(ROOT / "scanengine").rglob("*.py"), *(DEPLOY / "bin").iterdir()]
    for path in files:
        names.update(SETTING.findall(path.read_text(encoding="utf-8")))
    return names


def _in_template() -> dict[str, str]:
    found = {}
    for line in (DEPLOY / "scanengine.env").read_text().splitlines():
        m = re.match(r"^#?\s?(SCANENGINE_[A-Z0-9_]+)=(.*)$", line)
        if m:
            assert m.group(1) not in found, f"{m.group(1)} twice in the template"
            found[m.group(1)] = m.group(2)
    return found


def test_the_environment_template_names_every_setting_the_code_reads():
    read, template = _read_by_code(), _in_template()
    assert len(read) >= 20, sorted(read)  # the grep finds the settings: the comparison is not vacuous
    assert read - set(template) == set(), "settings read by the code but missing from deploy/scanengine.env"
    assert set(template) - read == set(), "deploy/scanengine.env names settings no code reads"


def test_the_environment_template_has_no_secret_and_production_values():
    template = _in_template()
    assert template["SCANENGINE_SECRET_KEY"] == "" and template["SCANENGINE_ENV"] == "production"
    assert template["SCANENGINE_BASE_URL"].startswith("https://") and template["SCANENGINE_PROXIES"] == "1"


def test_the_readme_configuration_table_lists_every_setting():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `(SCANENGINE_[A-Z0-9_]+)`", table, re.MULTILINE))
    assert listed == set(_in_template()), set(_in_template()) ^ listed
