"""The pre-commit hook, for real: a throwaway catalog repository installs the `listing-lint` hook from a
snapshot of this checkout with the real `pre-commit` tool, and `git commit` is blocked by a bad catalog and
goes through with a clean one; the repository's configuration and baseline are honoured.

Slow-ish: the first run builds the hook's environment (pip install of this package from the snapshot).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")

CLEAN = {"id": "c1", "shop_id": "shop-a", "title": "家用电饭煲3L智能预约 一级能效",
         "detail": "3L容量, 适合2-4人使用。24小时预约, 一键煮饭。内胆不粘涂层, 易清洗。",
         "category": "家用电器/厨房电器/电饭煲", "brand": "美的", "price": 299.0, "freight": 0,
         "images": ["https://img.example.com/c1.jpg"], "skus": [{"name": "3L 白色", "price": 299.0, "stock": 40}]}
# Other goods of the same shop (not duplicates of CLEAN), each with a platform claim it is not enrolled in.
BAD = {"id": "b1", "shop_id": "shop-a", "title": "【百亿补贴】316不锈钢保温杯 500ml 男女学生水杯",
       "detail": "316不锈钢内胆, 保温12小时, 保冷24小时。杯盖密封防漏, 可单手开合。",
       "category": "家居日用/水杯/保温杯", "brand": "象印", "price": 129.0, "freight": 0,
       "images": ["https://img.example.com/b1.jpg"], "skus": [{"name": "500ml 黑色", "price": 129.0, "stock": 33}]}
WORSE = {"id": "b2", "shop_id": "shop-a", "title": "佰亿补帖 纯棉短袖T恤男 夏季宽松圆领",
         "detail": "100%纯棉面料, 亲肤透气。尺码 S/M/L/XL, 请参考尺码表选购。",
         "category": "服饰内衣/男装/T恤", "brand": "无印良品", "price": 59.0, "freight": 0,
         "images": ["https://img.example.com/b2.jpg"], "skus": [{"name": "白色 M", "price": 59.0, "stock": 120}]}


def git(*args, cwd: Path, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([GIT, *args], cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=120)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    if GIT is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit", reason="pre-commit (the [test] extra) is not installed")
    home = tmp_path_factory.mktemp("home")
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    return {
        **os.environ,
        # Isolated from the machine's git configuration (a global core.hooksPath would bypass the hook).
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-cache")),
        "NO_COLOR": "1", "PRE_COMMIT_COLOR": "never",
    }


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory, env) -> tuple[Path, str]:
    """This checkout's working tree (tracked and new files), committed into a throwaway repository:
    pre-commit installs hooks from a commit, and the tree under test may not be committed yet."""
    listed = subprocess.run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            env=env, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"{ROOT} is not a git checkout")
    snapshot = tmp_path_factory.mktemp("listing-lint-snapshot")
    for name in filter(None, listed.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = snapshot / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=snapshot, env=env)
    git("add", "-A", cwd=snapshot, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=snapshot, env=env)
    rev = git("rev-parse", "HEAD", cwd=snapshot, env=env).stdout.strip()
    return snapshot, rev


@pytest.fixture
def catalog_repo(tmp_path, env, hook_repo) -> Path:
    """A merchant's catalog repository with the hook installed as the README says."""
    repo = tmp_path / "catalog-repo"
    repo.mkdir()
    snapshot, rev = hook_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: listing-lint\n",
        encoding="utf-8")
    git("init", "-q", cwd=repo, env=env)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True,
                   capture_output=True, timeout=120)
    git("add", ".pre-commit-config.yaml", cwd=repo, env=env)
    commit = git("commit", "-q", "-m", "hook", cwd=repo, env=env, check=False)  # no catalog yet: nothing to check
    assert commit.returncode == 0, commit.stdout + commit.stderr
    return repo


def write_jsonl(path: Path, records) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def commit(repo: Path, env: dict, *paths: str) -> subprocess.CompletedProcess:
    git("add", *paths, cwd=repo, env=env)
    return git("commit", "-m", "catalog", cwd=repo, env=env, check=False)


def committed(repo: Path, env: dict, path: str) -> bool:
    return git("cat-file", "-e", f"HEAD:{path}", cwd=repo, env=env, check=False).returncode == 0


def test_a_bad_catalog_blocks_the_commit_and_a_clean_one_passes(catalog_repo, env):
    write_jsonl(catalog_repo / "catalog" / "products.jsonl", [CLEAN, BAD])
    blocked = commit(catalog_repo, env, "catalog/products.jsonl")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "listing-lint" in output and "fake-platform-claim" in output and "百亿补贴" in output
    assert not committed(catalog_repo, env, "catalog/products.jsonl")

    write_jsonl(catalog_repo / "catalog" / "products.jsonl", [CLEAN])
    passed = commit(catalog_repo, env, "catalog/products.jsonl")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert committed(catalog_repo, env, "catalog/products.jsonl")


def test_try_repo_runs_the_hook_on_given_files(catalog_repo, env, hook_repo):
    snapshot, _ = hook_repo
    write_jsonl(catalog_repo / "bad.ndjson", [BAD])
    write_jsonl(catalog_repo / "good.jsonl", [CLEAN])
    git("add", "bad.ndjson", "good.jsonl", cwd=catalog_repo, env=env)

    # try-repo builds a fresh hook environment on each call: one call, both files.
    result = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(snapshot), "listing-lint",
                             "--files", "bad.ndjson", "good.jsonl"], cwd=catalog_repo, env=env,
                            capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "bad.ndjson:1" in output and "good.jsonl" not in output.split("- exit code:")[-1]
    assert "共检查 2 条商品" in output


def test_the_repository_configuration_is_honoured(catalog_repo, env):
    (catalog_repo / "pyproject.toml").write_text(
        '[project]\nname = "my-shop-catalog"\nversion = "0"\n\n'
        '[tool.listing-lint]\nignore = ["fake-platform-claim"]\n', encoding="utf-8")
    write_jsonl(catalog_repo / "products.jsonl", [BAD])
    result = commit(catalog_repo, env, "pyproject.toml", "products.jsonl")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_baseline_lets_old_findings_through_and_blocks_new_ones(catalog_repo, env):
    write_jsonl(catalog_repo / "products.jsonl", [CLEAN, BAD])
    # The catalog adopts the linter late: today's findings go into a baseline (README's command).
    baseline = subprocess.run([sys.executable, "-m", "listing_lint.cli", "check", "products.jsonl",
                               "--write-baseline", "listing-lint-baseline.json"], cwd=catalog_repo, env=env,
                              capture_output=True, text=True, timeout=120)
    assert baseline.returncode == 0, baseline.stderr
    (catalog_repo / "listing-lint.toml").write_text('baseline = "listing-lint-baseline.json"\n', encoding="utf-8")
    old = commit(catalog_repo, env, "listing-lint.toml", "listing-lint-baseline.json", "products.jsonl")
    assert old.returncode == 0, old.stdout + old.stderr

    write_jsonl(catalog_repo / "products.jsonl", [CLEAN, BAD, WORSE])
    new = commit(catalog_repo, env, "products.jsonl")
    output = new.stdout + new.stderr
    assert new.returncode != 0, output
    assert "佰亿补帖" in output and "【百亿补贴】" not in output


def test_xlsx_catalogs_are_checked(catalog_repo, env):
    openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is needed to write the test workbook")
    columns = ["id", "shop_id", "title", "detail", "category", "brand", "price", "freight", "images", "skus"]

    def workbook(path: Path, records) -> None:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(columns)
        for record in records:
            sheet.append([json.dumps(record[c], ensure_ascii=False) if isinstance(record[c], (list, dict))
                          else record[c] for c in columns])
        book.save(path)

    workbook(catalog_repo / "上架商品.XLSX", [CLEAN, BAD])
    blocked = commit(catalog_repo, env, "上架商品.XLSX")
    assert blocked.returncode != 0 and "fake-platform-claim" in blocked.stdout + blocked.stderr
    workbook(catalog_repo / "上架商品.XLSX", [CLEAN])
    passed = commit(catalog_repo, env, "上架商品.XLSX")
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_other_files_do_not_run_the_hook(catalog_repo, env):
    (catalog_repo / "README.md").write_text("百亿补贴\n", encoding="utf-8")
    result = commit(catalog_repo, env, "README.md")
    assert result.returncode == 0, result.stdout + result.stderr
