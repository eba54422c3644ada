"""metrics/ is plain Python: no Streamlit import anywhere in it, so every computation is testable alone."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def test_metrics_never_imports_streamlit() -> None:
    offenders = []
    for path in (ROOT / "metrics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            offenders += [f"{path.name}:{node.lineno}" for n in names if n.split(".")[0] == "streamlit"]
    assert offenders == []


def test_yaml_is_only_loaded_through_the_safe_loader() -> None:
    for path in (ROOT / "metrics").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "yaml.load(" not in text and "yaml.unsafe_load" not in text and "FullLoader" not in text, path
