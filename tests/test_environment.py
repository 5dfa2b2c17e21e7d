"""The conda file and the pip pins name the same packages at the same versions."""
import re

from helpers import paths


def _pins(lines):
    pins = {}
    for line in lines:
        m = re.match(r"^\s*(?:-\s+)?([A-Za-z0-9_.\-]+)==([^\s#]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    return pins


def test_environment_yml_matches_requirements():
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    env_lines = (paths.ROOT / "environment.yml").read_text().splitlines()
    env = _pins(env_lines)
    assert req, "requirements.txt pins nothing"
    assert env == req
    for name in ["jupyterlab", "pandas", "jieba", "matplotlib", "wordcloud", "nbval"]:
        assert name in req, f"design-card package {name} missing"


def test_every_environment_line_says_why():
    for line in (paths.ROOT / "environment.yml").read_text().splitlines():
        if "==" in line:
            assert "#" in line, f"no reason given: {line.strip()}"
    assert "- -e ." in (paths.ROOT / "environment.yml").read_text()


def test_optional_dask_extra_has_the_pinned_versions():
    import tomllib

    extra = (tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dask"])
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    assert sorted(_pins(extra).items()) == sorted((name, req[name]) for name in ("dask", "distributed"))
    for name in ("pyarrow", "openpyxl"):  # Parquet tables and the xlsx export
        assert name in req, name


def test_lock_file_agrees_with_direct_pins():
    req = _pins((paths.ROOT / "requirements.txt").read_text().splitlines())
    lock = _pins((paths.ROOT / "requirements-lock.txt").read_text().splitlines())
    for name, version in req.items():
        assert lock.get(name) == version, name


def test_paths_do_not_depend_on_working_directory(tmp_path):
    """paths imported fresh in another working directory (a new process) find the same places."""
    import subprocess
    import sys

    code = "from helpers import paths; print(paths.ROOT); print(paths.SEEDS); print(paths.corpus_dir(None))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [str(paths.ROOT), str(paths.ROOT / "seeds"), str(paths.ROOT / "corpus")]
