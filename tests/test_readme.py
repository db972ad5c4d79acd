"""The README's quick start is what CI runs: two commands, the test one verbatim in .ci/run."""

import re

from harness import ROOT


def quick_start_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", section, re.S)


def test_quick_start_has_exactly_two_commands_serve_and_test():
    serve, test = quick_start_commands()
    assert "mkdocs serve" in serve and "pip install -e ." in serve
    assert "pytest" in test and "'.[test]'" in test


def test_ci_runs_the_readme_test_command_verbatim():
    _, test = quick_start_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()
    for line in ci.splitlines():
        if "mkdocs" in line and not line.lstrip().startswith("#"):
            assert not re.search(r"\s-(q|v)\b|--quiet|--verbose", line), line
