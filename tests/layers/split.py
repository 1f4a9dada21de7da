#!/usr/bin/env python3
"""split.py NM CORE_SO CORE_A XML_SO XML_STUBS_C DOSSIER WEB_SO WEB_STUBS_C GEN: the two objects of
docs/architecture.md ("Two objects") stay split.

1. libdossier.so and the `dossier` program need (NEEDED, through ldd) none
   of the libraries of the second object or of the web front end: libxml2,
   libxslt, ICU, libstdc++, libzip, libmicrohttpd, GnuTLS.
2. Every public function dossier-xml.so defines that the core does not is
   in the stub list of engine/facade/xml_stubs.c (XML_FUNCTIONS), and the
   list names nothing else: a new XML entry point without its stub fails
   here. The same for dossier-web.so and cli/web_module.c (WEB_FUNCTIONS).
3. The core keeps no zero-initialised static (nm: no b/B/C symbol), which
   the second object's copy of the core would duplicate.
4. Without the object, `dossier revise` fails with the loader's error and
   its place (the object's path).
5. `dossier comment` and `dossier status` do not load them (LD_DEBUG=libs
   of the real program on a small dossier); `dossier revise`, which reads
   and writes Akoma Ntoso, does load dossier-xml.so (so that 5 can fail).
6. Run from a build tree that was not installed, with neither object named
   in the environment (scripts/demo.sh, the README's `build/cli/dossier
   serve`), the program finds both beside itself: `outline` and `account
   list` work.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HEAVY = re.compile(r'lib(xml2|xslt|exslt|icu[a-z]*|stdc\+\+|zip|microhttpd|gnutls)\.so')
# In a sanitizer build the runtimes (libasan, libubsan) bring libstdc++
# themselves, and ASan adds its own ODR indicators as zero-initialised
# symbols: neither is the engine's.
SANITIZER = re.compile(r'lib(asan|ubsan|tsan|lsan)\.so')
SANITIZER_SYMBOL = re.compile(r'^__(odr_asan|asan|ubsan|sancov)')


def sh(*args, env=None):
    return subprocess.run(list(args), capture_output=True, text=True, check=True, env=env).stdout


def exported(nm, so):
    out = sh(nm, '-D', '--defined-only', so)
    return {l.split()[-1] for l in out.splitlines() if len(l.split()) == 3 and l.split()[1] in 'TW'}


def defined(nm, archive):
    out = sh(nm, '--defined-only', '-g', archive)
    return {l.split()[-1] for l in out.splitlines() if len(l.split()) == 3 and l.split()[1] == 'T'}


def stub_list(path, macro):
    with open(path) as f:
        src = f.read()
    m = re.search(r'#define %s\(F\)((?:.*\\\n)*.*\n)' % macro, src)
    return set(re.findall(r'F\((\w+)\)', m.group(1)))


def loaded(cmd, env):
    e = dict(env, LD_DEBUG='libs')
    p = subprocess.run(cmd, capture_output=True, text=True, env=e)
    if p.returncode != 0:
        raise AssertionError('%s: exit %d\n%s' % (' '.join(cmd), p.returncode, p.stderr[-3000:]))
    return set(re.findall(r'calling init: (\S+)', p.stderr))


def main():
    nm, core_so, core_a, xml_so, stubs_c, dossier, web_so, web_stubs_c, gen = sys.argv[1:10]
    bad = []

    sanitized = bool(SANITIZER.search(sh('ldd', dossier)))
    heavy_re = re.compile(HEAVY.pattern.replace(r'stdc\+\+|', '')) if sanitized else HEAVY
    for obj in (core_so, dossier):
        heavy = [l.split()[0] for l in sh('ldd', obj).splitlines() if heavy_re.search(l)]
        if heavy:
            bad.append('%s needs %s' % (os.path.basename(obj), ', '.join(heavy)))

    # The second object carries its own copy of the core functions it calls:
    # sound only while the core keeps no mutable global state, which would
    # then exist twice. No zero-initialised static in the core's archive.
    for l in sh(nm, '-A', core_a).splitlines():
        f = l.split()
        if len(f) >= 3 and f[-2] in ('b', 'B', 'C') and not SANITIZER_SYMBOL.match(f[-1].split('.')[0]):
            bad.append('%s: a mutable static in the core, which dossier-xml.so would hold a second '
                       'copy of (docs/architecture.md, "Two objects")' % f[0] + ' ' + f[-1])
    core_own = defined(nm, core_a)
    need = {s for s in exported(nm, xml_so) if s.startswith('dossier_')} - core_own
    stubs = stub_list(stubs_c, 'XML_FUNCTIONS')
    for s in sorted(need - stubs):
        bad.append('dossier-xml.so exports %s, which has no stub in xml_stubs.c' % s)
    for s in sorted(stubs - need):
        bad.append('xml_stubs.c stubs %s, which dossier-xml.so does not define (or the core does)' % s)
    web_h = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(web_stubs_c))), 'web', 'web.h')
    with open(web_h) as f:
        declared = set(re.findall(r'\b(web_\w+)\s*\(', f.read()))
    web_need = {s for s in exported(nm, web_so) if s.startswith('web_')} & declared
    web_stubs = stub_list(web_stubs_c, 'WEB_FUNCTIONS')
    for s in sorted(web_need - web_stubs):
        bad.append('dossier-web.so exports %s of web.h, which has no stub in web_module.c' % s)
    for s in sorted(web_stubs - web_need):
        bad.append('web_module.c stubs %s, which dossier-web.so does not export from web.h' % s)

    tmp = tempfile.mkdtemp(prefix='dossier-split-')
    try:
        env = dict(os.environ, LC_ALL='C.UTF-8', NO_COLOR='1')
        for k in ('DOSSIER_DIR', 'DOSSIER_AS', 'DOSSIER_NOW', 'DOSSIER_SIGNING_KEY'):
            env.pop(k, None)
        wf, decree, d = os.path.join(tmp, 'wf.yaml'), os.path.join(tmp, 'd.txt'), os.path.join(tmp, 'd')
        sh(sys.executable, gen, 'workflow', '--members', '2', '-o', wf)
        sh(sys.executable, gen, 'decree', '--articles', '3', '-o', decree)
        sh(dossier, '--as', 'moc', '--now', '2025-06-20T09:00:00', 'init', d, '--workflow', wf, env=env)
        # Without the second object, a clear error with its place, not a crash.
        p = subprocess.run([dossier, '-C', d, '--as', 'moc', '--now', '2025-06-21T09:00:00', 'revise', decree],
                           capture_output=True, text=True, env=dict(env, DOSSIER_XML_MODULE=tmp + '/none.so'))
        if p.returncode == 0 or (tmp + "/none.so: error: cannot load the engine's XML module") not in p.stderr:
            bad.append('revise without dossier-xml.so: exit %d, %r' % (p.returncode, p.stderr[-500:]))
        revise = loaded([dossier, '-C', d, '--as', 'moc', '--now', '2025-06-21T09:00:00', 'revise', decree], env)
        if not any(p.endswith('/dossier-xml.so') for p in revise):
            bad.append('dossier revise did not load dossier-xml.so: the check below cannot see a load')
        bare = {k: v for k, v in env.items() if k not in ('DOSSIER_XML_MODULE', 'DOSSIER_WEB_MODULE')}
        for name, cmd in (('outline', [dossier, 'outline', decree]),
                          ('account list', [dossier, '-C', d, 'account', 'list'])):
            p = subprocess.run(cmd, capture_output=True, text=True, env=bare)
            if p.returncode != 0:
                bad.append('dossier %s with no module named in the environment: exit %d, %r'
                           % (name, p.returncode, p.stderr[-500:]))
        sh(dossier, '-C', d, '--as', 'moc', '--now', '2025-06-22T09:00:00', 'advance', 'consultation', env=env)
        for name, cmd in (
                ('comment', [dossier, '-C', d, '--as', 'm1', '--now', '2025-06-23T09:00:00', 'comment',
                             '--on', 'art_1', '--text', 'a comment']),
                ('status', [dossier, '-C', d, 'status'])):
            for p in sorted(loaded(cmd, env)):
                if heavy_re.search(p) or p.endswith('/dossier-xml.so') or p.endswith('/dossier-web.so'):
                    bad.append('dossier %s loads %s' % (name, p))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    for b in bad:
        print(b)
    if not bad:
        print('split: %d XML entry points and %d of the web, each with its stub; comment and status '
              'load neither object' % (len(need), len(web_need)))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
