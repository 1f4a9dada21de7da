"""The Debian package (debian/): built with dpkg-buildpackage from a copy
of the source (DEB_BUILD_OPTIONS=nocheck, in parallel), lintian-clean of
errors, installed on this machine, the seed scenario (scripts/demo.sh) run
from the installed command, the library built against through pkg-config,
the systemd unit verified, then everything removed. Runs as root (dpkg);
one at a time on a machine (a lock)."""
import fcntl
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SRC = os.environ.get("DOSSIER_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PACKAGES = ["dossier", "libdossier0", "libdossier-dev"]


def sh(*args, cwd=None, env=None, check=True, timeout=600):
    e = dict(os.environ)
    for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW", "DOSSIER_SIGNING_KEY", "DOSSIER_TEMPLATES",
              "DOSSIER_XML_MODULE", "DOSSIER_WEB_MODULE"):
        e.pop(k, None)
    if env:
        e.update(env)
    p = subprocess.run(list(args), cwd=cwd, env=e, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError("%s: exit %d\n--- stdout\n%s\n--- stderr\n%s" %
                             (" ".join(args), p.returncode, p.stdout[-4000:], p.stderr[-4000:]))
    return p


T0 = [time.monotonic()]


def step(name):
    """Say how long the step that ends here took (for CI's budget; not checked)."""
    now = time.monotonic()
    sys.stderr.write("pkg: %-40s %6.1f s\n" % (name, now - T0[0]))
    T0[0] = now


def copy_source(dst):
    """The files of the checkout (tracked, and new ones not ignored)."""
    files = sh("git", "-C", SRC, "ls-files", "-co", "--exclude-standard", "-z").stdout.split("\0")
    for f in files:
        if not f or not os.path.lexists(os.path.join(SRC, f)):
            continue
        os.makedirs(os.path.join(dst, os.path.dirname(f)), exist_ok=True)
        shutil.copy2(os.path.join(SRC, f), os.path.join(dst, f), follow_symlinks=False)


def installed(pkg):
    p = sh("dpkg-query", "-W", "-f=${Status}", pkg, check=False)
    return "install ok installed" in p.stdout


class DebianPackage(unittest.TestCase):
    def test_build_install_run_remove(self):
        self.assertEqual(os.getuid(), 0, "the package test installs with dpkg: run it as root")
        tmp = tempfile.mkdtemp(prefix="dossier-deb-")
        lock = open(os.path.join(tempfile.gettempdir(), "dossier-deb-test.lock"), "w")
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            self.run_in(tmp)
        finally:
            sh("dpkg", "--purge", *PACKAGES, check=False)
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()
            shutil.rmtree(tmp, ignore_errors=True)

    def run_in(self, tmp):
        src = os.path.join(tmp, "src")
        copy_source(src)
        jobs = os.cpu_count() or 2
        sh("dpkg-buildpackage", "-us", "-uc", "-b", cwd=src,
           env={"DEB_BUILD_OPTIONS": "nocheck noautodbgsym parallel=%d" % jobs}, timeout=1200)
        step("dpkg-buildpackage")
        debs = sorted(glob.glob(os.path.join(tmp, "*.deb")))
        names = sorted(os.path.basename(d).split("_")[0] for d in debs)
        self.assertEqual(names, sorted(PACKAGES))

        # lintian: no error (warnings are reported, not failed on)
        changes = glob.glob(os.path.join(tmp, "*.changes"))
        lin = sh("lintian", "--fail-on", "error", *changes, check=False, timeout=600)
        self.assertEqual(lin.returncode, 0, lin.stdout + lin.stderr)
        sys.stderr.write(lin.stdout)
        step("lintian")

        contents = {}
        for d in debs:
            contents[os.path.basename(d).split("_")[0]] = sh("dpkg-deb", "-c", d).stdout
        for path in ("./usr/bin/dossier", "./usr/share/man/man1/dossier.1.gz",
                     "./usr/share/man/man1/dossier-comment.1.gz", "./usr/share/man/man5/dossier-workflow.5.gz",
                     "./usr/share/man/man8/dossier-serve.8.gz", "./usr/share/bash-completion/completions/dossier",
                     "./usr/share/zsh/vendor-completions/_dossier", "./lib/systemd/system/dossier-serve@.service",
                     "./usr/lib/sysusers.d/dossier.conf", "./usr/share/dossier/workflows/decree-simplified.yaml"):
            self.assertIn(path, contents["dossier"])
        # the message catalogues of po/ (meson's i18n module)
        linguas = os.path.join(SRC, "po", "LINGUAS")
        if os.path.exists(linguas):
            with open(linguas) as f:
                for lang in f.read().split():
                    if not lang.startswith("#"):
                        self.assertIn("./usr/share/locale/%s/LC_MESSAGES/dossier.mo" % lang, contents["dossier"])
        self.assertRegex(contents["libdossier0"], r"libdossier\.so\.0")
        # the engine's second object, in its private libdir (docs/architecture.md)
        self.assertRegex(contents["libdossier0"], r"/dossier/dossier-xml\.so")
        self.assertIn("/pkgconfig/dossier.pc", contents["libdossier-dev"])
        self.assertIn("./usr/include/dossier/dossier.h", contents["libdossier-dev"])

        # the installed command must not find the data of the tree it was built in
        shutil.rmtree(src)
        sh("dpkg", "--purge", *PACKAGES, check=False)
        sh("dpkg", "-i", *debs, timeout=300)
        step("dpkg -i")
        for p in PACKAGES:
            self.assertTrue(installed(p), p)

        # the seed scenario, from the installed command and its data
        out = os.path.join(tmp, "out")
        demo = sh("bash", os.path.join(SRC, "scripts", "demo.sh"), out,
                  env={"DOSSIER_BIN": "/usr/bin/dossier", "NO_COLOR": "1"}, timeout=600)
        self.assertIn("consolidated", demo.stdout)
        for f in ("consolidated-v2.xml", "report.html", "report.csv", "compare-v1-v2.docx"):
            self.assertTrue(os.path.getsize(os.path.join(out, f)) > 0, f)
        self.assertEqual(sh("/usr/bin/dossier", "-C", os.path.join(out, "dossier"), "verify").returncode, 0)
        step("the seed scenario (scripts/demo.sh)")

        # man finds the pages, help shows them, bash-completion finds the script
        self.assertIn("dossier-comment.1", sh("man", "-w", "dossier-comment").stdout)
        self.assertIn("DOSSIER-RESPOND(1)", sh("dossier", "help", "respond").stdout)
        bc = sh("pkg-config", "--variable=completionsdir", "bash-completion").stdout.strip()
        self.assertTrue(os.path.isfile(os.path.join(bc, "dossier")))

        # the library, through pkg-config
        prog = os.path.join(tmp, "v.c")
        with open(prog, "w") as f:
            f.write('#include <stdio.h>\n#include <dossier/dossier.h>\n'
                    'int main(void) { puts(dossier_version()); return 0; }\n')
        flags = sh("pkg-config", "--cflags", "--libs", "dossier").stdout.split()
        sh("cc", "-Wall", "-Werror", "-o", os.path.join(tmp, "v"), prog, *flags)
        self.assertEqual(sh(os.path.join(tmp, "v")).stdout.strip(),
                         sh("dossier", "--version").stdout.split()[1])

        # the unit, and the user it runs as
        self.assertEqual(sh("getent", "passwd", "dossier").returncode, 0)
        if shutil.which("systemd-analyze"):
            unit = os.path.join(tmp, "dossier-serve@demo.service")
            shutil.copy("/lib/systemd/system/dossier-serve@.service", unit)
            v = sh("systemd-analyze", "verify", unit, check=False)
            self.assertEqual((v.returncode, v.stderr.strip()), (0, ""), v.stdout)

        step("man, completion, pkg-config, the unit")
        sh("dpkg", "--purge", *PACKAGES)
        step("dpkg --purge")
        self.assertFalse(os.path.exists("/usr/bin/dossier"))
        self.assertFalse(os.path.exists("/usr/share/man/man1/dossier-comment.1.gz"))


if __name__ == "__main__":
    unittest.main()
