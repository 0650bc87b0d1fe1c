"""`scanengine validate`: files, ids of shipped definitions, or (no argument) every shipped definition."""

from __future__ import annotations

from scanengine import definition, rounds


def test_validate_without_arguments_checks_every_shipped_definition(cli):
    out = cli("validate").output
    shipped = definition.shipped()
    assert shipped and out.count(": ok (") == len(shipped)
    assert all(f"{path}: ok ({qid} " in out for qid, path in shipped.items())


def test_validate_by_id_and_unknown_id(cli, mini_path):
    assert "vertrouwensscan: ok (vertrouwensscan " in cli("validate", "vertrouwensscan").output
    result = cli("validate", "vertrouwensscan", "no-such-scan", mini_path, code=1)
    assert (
        "no such file or shipped questionnaire (shipped: businesscase, evaluatie, grip, rechtsvorm, regionale_agenda, vertrouwensscan)"
        in result.output
    )
    assert "mini.json: ok (mini " in result.output


def test_validate_refuses_when_nothing_is_given_or_shipped(cli, tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    out = cli("validate", code=1, env={"SCANENGINE_QUESTIONNAIRES": str(empty)}).output
    assert f"no definitions given, and none shipped in {empty}" in out


def test_links_csv_is_the_same_table_in_the_cli_file_and_on_stdout(cli, mini_path, tmp_path):
    rid = cli(
        "round", "create", "--questionnaire", mini_path, "--name", "R", "--cooperation", "C", "--group", "A"
    )
    rid = rid.output.strip().splitlines()[-1]
    target = tmp_path / "links.csv"
    cli("links", rid, "--group", "A", "--count", "2", "--csv", target)
    data = target.read_bytes().decode("utf-8")
    urls = [line.split(",", 1)[1] for line in data.splitlines()[1:]]
    assert (
        data == rounds.links_csv("A", urls) and data.startswith("group,link\r\n") and data.count("\r\n") == 3
    )
    shown = cli("links", rid, "--group", "A", "--shared").stdout_bytes.decode("utf-8")  # .output folds \r\n
    assert shown.startswith("group,link\r\n") and shown.count("\r\n") == 2
    assert (
        rounds.links_csv('Gemeente "Oost", Noord', ["u"]) == 'group,link\r\n"Gemeente ""Oost"", Noord",u\r\n'
    )
