"""docs/dashboard.md lists every page registered in dashboard.py."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def registered_pages() -> list[str]:
    """The ``key`` of every PageSpec in dashboard.py's PAGES (read with ast: importing it runs the app)."""
    tree = ast.parse((ROOT / "dashboard.py").read_text(encoding="utf-8"))
    pages = next(
        node.value for node in ast.walk(tree) if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PAGES"
    )
    assert isinstance(pages, ast.List)
    return [ast.literal_eval(call.args[1]) for call in pages.elts if isinstance(call, ast.Call)]


def test_docs_list_every_page_with_its_key() -> None:
    """Issue 13, item 10: the page table stopped at Document coverage; four pages were missing."""
    docs = (ROOT / "docs/dashboard.md").read_text(encoding="utf-8")
    keys = registered_pages()
    assert len(keys) == 12
    missing = [key for key in keys if f"| `{key}` |" not in docs]
    assert missing == []
