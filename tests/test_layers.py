"""The analytic libraries must stay free of Django (DESIGN.md, Architecture)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "rukun"


@pytest.mark.parametrize("layer", ["core", "nlp", "detect"])
def test_it_has_no_django_import_in_source(layer):
    offenders = []
    for path in (PACKAGE / layer).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}:{node.lineno}"
                for n in names
                if n.split(".")[0] in {"django", "ninja"} or n.startswith("rukun.web")
            ]
    assert offenders == []


@pytest.mark.parametrize("layer", ["rukun.core", "rukun.nlp", "rukun.detect"])
def test_it_loads_without_django(layer):
    code = (
        f"import sys, {layer}; import {layer}.cli"
        if layer != "rukun.core"
        else f"import sys, {layer}"
    )
    code += "; bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja') or m.startswith('rukun.web')]; print(bad); assert not bad"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
