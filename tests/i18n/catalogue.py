"""The message catalogue is complete (docs/i18n.md).

Run by meson with the paths of xgettext, msgcmp and msgfmt, the source
root, then xgettext's arguments (the keywords of po/meson.build). Fails
when
  - a source file of engine/, cli/ or web/ is not listed in po/POTFILES
    (its messages would never reach the catalogue), or POTFILES lists a
    file that is gone;
  - a message marked in the sources has no translation in po/vi.po, or
    only a fuzzy one (msgcmp against a fresh template);
  - po/vi.po has an untranslated or fuzzy entry, or a translation whose
    format (%s, %zu, …) differs from its msgid's (msgfmt -c --statistics).
"""
import os
import subprocess
import sys
import tempfile

xgettext, msgcmp, msgfmt, src = sys.argv[1:5]
xgettext_args = sys.argv[5:]
po_dir = os.path.join(src, "po")
HOWTO = ("add the translations: ninja -C build dossier-pot dossier-update-po, "
         "then translate the new entries of po/vi.po (docs/i18n.md, \"Adding a message\")")
failed = False


def fail(msg):
    global failed
    failed = True
    print("FAIL: " + msg)


with open(os.path.join(po_dir, "POTFILES"), encoding="utf-8") as f:
    listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
sources = []
for top in ("engine", "cli", "web"):
    for dirpath, dirnames, files in os.walk(os.path.join(src, top)):
        for name in files:
            if name.endswith((".c", ".h")):
                sources.append(os.path.relpath(os.path.join(dirpath, name), src))
for s in sorted(set(sources) - set(listed)):
    fail("%s is not in po/POTFILES: add it (one path a line, sorted)" % s)
for s in sorted(set(listed) - set(sources)):
    fail("po/POTFILES lists %s, which is not a source file any more" % s)

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "dossier.pot")
    files = [s for s in listed if os.path.exists(os.path.join(src, s))]
    r = subprocess.run([xgettext, "--output=" + pot, "--directory=" + src] + xgettext_args + files,
                       capture_output=True, text=True)
    if r.returncode != 0:
        fail("xgettext failed:\n" + r.stderr)
    else:
        r = subprocess.run([msgcmp, os.path.join(po_dir, "vi.po"), pot], capture_output=True, text=True)
        if r.returncode != 0:
            fail("messages without a Vietnamese translation in po/vi.po:\n" + r.stderr + HOWTO)

r = subprocess.run([msgfmt, "--check", "--statistics", "-o", os.devnull, os.path.join(po_dir, "vi.po")],
                   capture_output=True, text=True)
print(r.stderr.strip())
if r.returncode != 0:
    fail("msgfmt --check refuses po/vi.po:\n" + r.stderr)
elif "untranslated" in r.stderr or "fuzzy" in r.stderr:
    fail("po/vi.po has untranslated or fuzzy entries: " + r.stderr.strip() + "\n" + HOWTO)

sys.exit(1 if failed else 0)
