"""Shared helpers for the CLI scenario tests.

Each test file is a unittest module run by meson with DOSSIER_BIN (the built
binary), DOSSIER_SOURCE_ROOT, DOSSIER_SHARED and DOSSIER_SCHEMA in the
environment. Tests work in fresh temporary directories and run the real
binary, checking exit codes, output, JSON and XML (validated with xmllint
against the Akoma Ntoso schema, offline).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BIN = os.environ.get("DOSSIER_BIN", "dossier")
SRC = os.environ.get("DOSSIER_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("DOSSIER_SHARED", os.path.join(SRC, "..", "shared"))
SCHEMA = os.environ.get("DOSSIER_SCHEMA", os.path.join(SHARED, "schemas", "akomantoso30.xsd"))
WORKFLOWS = os.path.join(SRC, "workflows")
TEMPLATES = os.path.join(SRC, "templates")
FIXTURES = os.path.join(SRC, "tests", "fixtures")
CORPUS = os.path.join(SHARED, "corpus")


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return "exit %d\n--- stdout\n%s--- stderr\n%s" % (self.code, self.out, self.err)


def run(*args, cwd=None, env=None, input=None):
    """Run the dossier binary with args; never raises on a non-zero exit."""
    e = dict(os.environ)
    e.setdefault("NO_COLOR", "1")
    for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW", "DOSSIER_SIGNING_KEY", "DOSSIER_LANG", "LANGUAGE"):
        e.pop(k, None)
    if env:
        e.update(env)
    proc = subprocess.run([BIN] + [str(a) for a in args], cwd=cwd, env=e, input=input,
                          capture_output=True, text=True, timeout=120)
    return Result(proc)


def xmllint_valid(path):
    """(ok, messages) of validating the file against the AKN 3.0 schema."""
    proc = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", SCHEMA, str(path)],
                          capture_output=True, text=True)
    return proc.returncode == 0, proc.stderr


class TestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="dossier-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, name, text):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def assertExit(self, res, code):
        self.assertEqual(res.code, code, repr(res))

    def assertValidAkn(self, path):
        ok, msg = xmllint_valid(path)
        self.assertTrue(ok, "%s does not validate:\n%s" % (path, msg))


def main():
    unittest.main(argv=[sys.argv[0], "-v"])
