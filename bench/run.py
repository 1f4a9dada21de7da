#!/usr/bin/env python3
"""The benchmarks of issue 8 (and of issues 16 and 20: serve, HTTPS), against git as the baseline,
measured in the same run.

  bench/run.py [--build DIR] [--only NAME,...] [--repeat N] [--keep]
  bench/run.py --smoke [--build DIR] [--no-build]     every benchmark at tiny size; judges nothing

Builds what it needs (meson setup DIR when it is not set up yet, then
meson compile -C DIR dossier:executable dossier-xml dossier-web floor api_comment web_load), makes
the data with bench/gen.py (fixed seed), runs each benchmark (warm-up runs,
then repeated runs), and prints for each the median and spread of wall time
and of CPU time (user + system, of the child process: on a shared machine it
is the more telling figure), the baseline measured in the same run, the
ratio, and whether the target is met. Each benchmark writes
bench/results/<name>.json (with --smoke: into the work directory only).
Peak memory is read with /usr/bin/time -v (Debian package `time`).
Reference and latest figures: bench/README.md.
"""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN = os.path.join(HERE, "gen.py")

FULL = dict(articles=300, comments=100000, members=50, small=100, diff_articles=1000, events=10000,
            repeat=15, warmup=2, slow_repeat=3, api_calls=200, serve_members=64, serve_comments=10000)
SMOKE = dict(articles=5, comments=20, members=5, small=10, diff_articles=5, events=20,
             repeat=2, warmup=1, slow_repeat=1, api_calls=5, serve_members=4, serve_comments=40)

NOW_SETUP = "2025-06-20T09:00:00"
NOW_REVISE = "2025-06-21T09:00:00"
NOW_OPEN = "2025-06-22T09:00:00"
NOW_IMPORT = "2025-07-26T09:00:00"
NOW_COMMENT = "2025-07-27T09:00:00"

TEXT = ("Đề nghị làm rõ trách nhiệm của cơ quan chủ trì trong việc xây dựng nền tảng dữ liệu đô thị, "
        "bảo đảm kết nối và chia sẻ dữ liệu giữa các bộ, ngành và địa phương theo quy định của pháp luật.")


class Failure(Exception):
    pass


def sh(argv, cwd=None, env=None, stdin=None, stdout=subprocess.DEVNULL):
    """Run a command; raise with its output when it fails."""
    p = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, stdin=stdin, stdout=stdout,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise Failure("%s: exit %d\n%s" % (" ".join(map(str, argv)), p.returncode,
                                           p.stderr.decode(errors="replace")[-2000:]))
    return p


def timed(argv, cwd=None, env=None, stdin_path=None):
    """(wall seconds, cpu seconds, peak RSS in KB) of one child process."""
    fin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen([str(a) for a in argv], cwd=cwd, env=env, stdin=fin,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdin_path:
        fin.close()
    if p.returncode != 0:
        raise Failure("%s: exit %d\n%s" % (" ".join(map(str, argv)), p.returncode,
                                           err.decode(errors="replace")[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def peak_rss(argv, cwd=None):
    """Peak resident memory in MB by /usr/bin/time -v, else by getrusage."""
    if os.path.exists("/usr/bin/time"):
        p = sh(["/usr/bin/time", "-v"] + list(argv), cwd=cwd)
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr.decode(errors="replace"))
        if m:
            return int(m.group(1)) / 1024.0
    return timed(argv, cwd=cwd)[2] / 1024.0


def stats(xs):
    xs = sorted(xs)
    q = statistics.quantiles(xs, n=4) if len(xs) >= 2 else [xs[0]] * 3
    return {"median": statistics.median(xs), "min": xs[0], "max": xs[-1], "p25": q[0], "p75": q[2],
            "runs": len(xs)}


def measure(make_argv, n, warmup, cwd=None, env=None, before=None, stdin_path=None):
    """Run make_argv(i) warmup + n times (before(i) untimed first, if given)."""
    walls, cpus, rss = [], [], []
    for i in range(warmup + n):
        if before:
            before(i)
        w, c, r = timed(make_argv(i), cwd=cwd, env=env, stdin_path=stdin_path)
        if i >= warmup:
            walls.append(w)
            cpus.append(c)
            rss.append(r)
    return {"wall": stats(walls), "cpu": stats(cpus), "peak_rss_mb": max(rss) / 1024.0}


def machine():
    info = {"nproc": os.cpu_count(), "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            info["cpu"] = m.group(1).strip() if m else "?"
        with open("/proc/meminfo") as f:
            info["mem_gb"] = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["load"] = os.getloadavg()
    return info


class Bench:
    def __init__(self, args):
        self.a = args
        self.p = SMOKE if args.smoke else FULL
        if args.repeat:
            self.p = dict(self.p, repeat=args.repeat)
        self.build = os.path.abspath(args.build)
        self.bin = os.path.join(self.build, "cli", "dossier")
        self.floor = os.path.join(self.build, "bench", "floor")
        self.api = os.path.join(self.build, "bench", "api_comment")
        self.web_load = os.path.join(self.build, "bench", "web_load")
        self.work = args.work or tempfile.mkdtemp(prefix="dossier-bench-")
        os.makedirs(self.work, exist_ok=True)
        self.results_dir = os.path.join(self.work, "results") if args.smoke else os.path.join(HERE, "results")
        os.makedirs(self.results_dir, exist_ok=True)
        self.env = dict(os.environ, LC_ALL="C.UTF-8", NO_COLOR="1", GIT_CONFIG_NOSYSTEM="1")
        for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW", "DOSSIER_SIGNING_KEY"):
            self.env.pop(k, None)
        # The engine's second object in this build tree (the build's own
        # path, as the suite's: docs/architecture.md, "Two objects").
        self.env["DOSSIER_XML_MODULE"] = os.path.join(self.build, "engine", "dossier-xml.so")
        self.env["DOSSIER_WEB_MODULE"] = os.path.join(self.build, "web", "dossier-web.so")
        self.results = []

    def w(self, *parts):
        return os.path.join(self.work, *parts)

    def gen(self, *args, out):
        sh([sys.executable, GEN] + [str(a) for a in args] + ["-o", out])
        return out

    def d(self, repo, *args, who="moc", now=None):
        pre = [self.bin, "-C", repo, "--as", who]
        if now:
            pre += ["--now", now]
        return pre + list(args)

    # ---- data -------------------------------------------------------------

    def setup(self):
        p = self.p
        self.wf = self.gen("workflow", "--members", p["members"], out=self.w("workflow.yaml"))
        self.decree = self.gen("decree", "--articles", p["articles"], out=self.w("decree.txt"))
        self.jsonl = self.gen("comments", "--articles", p["articles"], "--comments", p["comments"],
                              "--members", p["members"], out=self.w("comments.jsonl"))
        self.small_jsonl = self.gen("comments", "--articles", p["articles"], "--comments", p["small"],
                                    "--members", p["members"], out=self.w("comments-small.jsonl"))
        self.eids = sh([sys.executable, GEN, "eids", "--articles", p["articles"]],
                       stdout=subprocess.PIPE).stdout.decode().split()
        print("data: %d articles, %d comments (%.1f MB of JSON Lines), %d members" % (
            p["articles"], p["comments"], os.path.getsize(self.jsonl) / 1e6, p["members"]), flush=True)

    def new_dossier(self, path, bare=False, decree=None, workflow=None):
        if os.path.exists(path):
            shutil.rmtree(path)
        sh([self.bin, "--as", "moc", "--now", NOW_SETUP, "init", path, "--workflow", workflow or self.wf] +
           (["--bare"] if bare else []), env=self.env)
        sh(self.d(path, "revise", decree or self.decree, now=NOW_REVISE), env=self.env)
        sh(self.d(path, "advance", "consultation", now=NOW_OPEN), env=self.env)
        return path

    def big(self):
        """The dossier of M comments with a working tree (what `dossier init` makes), a bare one,
        a small one, and a plain git copy of the big one for the git baselines."""
        if getattr(self, "_big", None):
            return
        ready = self.w("big.ready")
        self.big_wt, self.big_bare = self.w("big"), self.w("big.git")
        self.small_wt, self.small_bare = self.w("small"), self.w("small.git")
        self.gitcopy, self.floor_repo = self.w("gitcopy"), self.w("floor.git")
        if os.path.exists(ready):   # --work DIR of an earlier run: the dossiers are there
            with open(ready) as f:
                self.import_wt = tuple(json.load(f))
            self._big = True
            return
        t0 = time.perf_counter()
        self.big_wt = self.new_dossier(self.w("big"))
        self.import_wt = timed(self.d(self.big_wt, "import", self.jsonl, now=NOW_IMPORT), env=self.env)
        self.big_bare = self.new_dossier(self.w("big.git"), bare=True)
        sh(self.d(self.big_bare, "import", self.jsonl, now=NOW_IMPORT), env=self.env)
        self.small_wt = self.new_dossier(self.w("small"))
        sh(self.d(self.small_wt, "import", self.small_jsonl, now=NOW_IMPORT), env=self.env)
        self.small_bare = self.new_dossier(self.w("small.git"), bare=True)
        sh(self.d(self.small_bare, "import", self.small_jsonl, now=NOW_IMPORT), env=self.env)
        self.gitcopy = self.w("gitcopy")
        if os.path.exists(self.gitcopy):
            shutil.rmtree(self.gitcopy)
        shutil.copytree(self.big_wt, self.gitcopy, symlinks=True)
        # git's baseline is git on every file: the dossier's working tree shows
        # only the draft and the state (docs/git-store.md), git's shows all
        sh(["git", "-C", self.gitcopy, "sparse-checkout", "disable"])
        sh(["git", "-C", self.gitcopy, "config", "user.name", "Bench"])
        sh(["git", "-C", self.gitcopy, "config", "user.email", "bench@example.org"])
        sh(["git", "-C", self.gitcopy, "status", "--short"])   # refresh the index's stat data once
        # The floor writes on its own copy of the bare dossier (its commits are not dossier events).
        self.floor_repo = self.w("floor.git")
        if os.path.exists(self.floor_repo):
            shutil.rmtree(self.floor_repo)
        shutil.copytree(self.big_bare, self.floor_repo, symlinks=True)
        with open(ready, "w") as f:
            json.dump(list(self.import_wt), f)
        self._big = True
        print("setup: dossiers of %d and %d comments in %.1f s (the import with a working tree: %.2f s wall, "
              "%.2f s CPU)" % (self.p["comments"], self.p["small"], time.perf_counter() - t0,
                               self.import_wt[0], self.import_wt[1]), flush=True)

    # ---- reporting ------------------------------------------------------------

    def record(self, name, what, m, baseline=None, baseline_what=None, target=None, ratio=None, hit=None,
               extra=None):
        res = {"name": name, "what": what, "result": m, "machine": machine(),
               "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "smoke": self.a.smoke}
        if baseline is not None:
            res["baseline"] = {"what": baseline_what, "result": baseline}
        if target:
            res["target"] = target
        if ratio is not None:
            res["ratio"] = ratio
        if hit is not None and not self.a.smoke:
            res["hit"] = hit
        if extra:
            res.update(extra)
        with open(os.path.join(self.results_dir, name + ".json"), "w") as f:
            json.dump(res, f, indent=2, ensure_ascii=False)
            f.write("\n")
        self.results.append(res)
        line = "%-22s %s" % (name, fmt(m))
        if baseline is not None:
            line += "\n%-22s baseline (%s): %s" % ("", baseline_what, fmt(baseline))
        if ratio is not None:
            line += "\n%-22s ratio %s" % ("", ", ".join("%s %.2f" % kv for kv in ratio.items()))
        if target:
            line += "\n%-22s target: %s%s" % ("", target, "" if self.a.smoke or hit is None else
                                                ("  -> HIT" if hit else "  -> MISSED"))
        print(line, flush=True)

    # ---- the benchmarks -------------------------------------------------------

    def b_floor(self):
        self.big()
        m = measure(lambda i: [self.floor, self.floor_repo, "run%d" % i], self.p["repeat"], self.p["warmup"])
        self.floor_m = m
        self.record("floor", "a minimal libgit2 program: open the dossier of %d comments, write one comment "
                    "and state.json, commit, move the branch" % self.p["comments"], m)

    def comment_argv(self, repo, i, who="m1"):
        return self.d(repo, "comment", "--on", self.eids[i % len(self.eids)], "--text", TEXT, who=who,
                      now=NOW_COMMENT)

    def b_comment(self):
        self.big()
        if not getattr(self, "floor_m", None):
            self.b_floor()
        p = self.p
        for flavour, big, small in (("bare", self.big_bare, self.small_bare),
                                    ("worktree", self.big_wt, self.small_wt)):
            mb = measure(lambda i: self.comment_argv(big, i), p["repeat"], p["warmup"], env=self.env)
            ms = measure(lambda i: self.comment_argv(small, i), p["repeat"], p["warmup"], env=self.env)
            rf = mb["wall"]["median"] / self.floor_m["wall"]["median"]
            rs = mb["wall"]["median"] / ms["wall"]["median"]
            rfc = mb["cpu"]["median"] / self.floor_m["cpu"]["median"]
            rsc = mb["cpu"]["median"] / ms["cpu"]["median"]
            small_max = 1.5 if flavour == "bare" else 1.2
            self.record("comment-" + flavour,
                        "one `dossier comment` process in a %s dossier of %d comments" % (
                            "bare" if flavour == "bare" else "working-tree", p["comments"]),
                        mb, self.floor_m, "floor", "median <= 1.3x the floor and <= %.1fx the same at %d comments"
                        % (small_max, p["small"]),
                        {"floor_wall": rf, "floor_cpu": rfc, "small_wall": rs, "small_cpu": rsc},
                        rf <= 1.3 and rs <= small_max, {"small": {"comments": p["small"], "result": ms}})
            setattr(self, "comment_" + flavour, mb)
        # Against git: git add + git commit of one file in a repository of the same size.
        adds, commits = {"wall": [], "cpu": []}, {"wall": [], "cpu": []}
        for i in range(p["warmup"] + p["repeat"]):
            name = "comments/ff/git-%d-%d.json" % (os.getpid(), i)
            os.makedirs(os.path.join(self.gitcopy, "comments", "ff"), exist_ok=True)
            with open(os.path.join(self.gitcopy, name), "w") as f:
                f.write('{"id": "git-%d", "text": "%s"}\n' % (i, TEXT))
            wa, ca, _ = timed(["git", "-C", self.gitcopy, "add", name])
            wc, cc, _ = timed(["git", "-C", self.gitcopy, "commit", "-q", "-m", "comment %d" % i])
            if i >= p["warmup"]:
                adds["wall"].append(wa)
                adds["cpu"].append(ca)
                commits["wall"].append(wc)
                commits["cpu"].append(cc)
        both = {k: [x + y for x, y in zip(adds[k], commits[k])] for k in ("wall", "cpu")}
        git_m = {"wall": stats(both["wall"]), "cpu": stats(both["cpu"]),
                 "add": {k: stats(adds[k]) for k in adds}, "commit": {k: stats(commits[k]) for k in commits}}
        mine = self.comment_worktree
        r = {"wall": git_m["wall"]["median"] / mine["wall"]["median"],
             "cpu": git_m["cpu"]["median"] / mine["cpu"]["median"]}
        self.record("comment-vs-git", "`dossier comment` (working tree) against `git add` + `git commit` of one "
                    "comment file, %d comments" % p["comments"], mine, git_m, "git add + git commit",
                    ">= 3x faster than git (ratio = git / dossier)", r, r["wall"] >= 3)

    def b_sign(self):
        """A signed comment against an unsigned one in the same dossier of M comments, and the
        extra cost against one `ssh-keygen -Y sign` process on the same commit, same run."""
        self.big()
        p = self.p
        repo = self.w("signed.git")
        if os.path.exists(repo):
            shutil.rmtree(repo)
        shutil.copytree(self.big_bare, repo, symlinks=True)
        key = self.w("m1-key")
        if not os.path.exists(key):
            sh(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "m1@bench", "-f", key])
        env = dict(self.env)
        for k in ("SSH_AUTH_SOCK", "DOSSIER_SIGNING_KEY"):
            env.pop(k, None)
        # m1's key comes into force by a key event (the workflow pinned none)
        sh(self.d(repo, "key", "add", "--for", "m1", key + ".pub", now=NOW_COMMENT), env=env)
        signed_env = dict(env, DOSSIER_SIGNING_KEY=key)
        unsigned = measure(lambda i: self.comment_argv(repo, i), p["repeat"], p["warmup"], env=env)
        signed = measure(lambda i: self.comment_argv(repo, i), p["repeat"], p["warmup"], env=signed_env)
        # what ssh-keygen signs for a comment: the last commit without its gpgsig header
        raw = sh(["git", "-C", repo, "cat-file", "commit", "main"], stdout=subprocess.PIPE).stdout.decode()
        head, _, msg = raw.partition("\n\n")
        kept = [l for l in head.split("\n") if not l.startswith("gpgsig ") and not l.startswith(" ")]
        buf = self.w("commit.txt")
        with open(buf, "w") as f:
            f.write("\n".join(kept) + "\n\n" + msg)
        keygen = measure(lambda i: ["ssh-keygen", "-Y", "sign", "-n", "git", "-f", key], p["repeat"],
                         p["warmup"], env=env, stdin_path=buf)
        extra = {k: signed[k]["median"] - unsigned[k]["median"] for k in ("wall", "cpu")}
        r = {"extra_wall": extra["wall"] / keygen["wall"]["median"],
             "extra_cpu": extra["cpu"] / keygen["cpu"]["median"]}
        self.record("comment-signed", "one signed `dossier comment` (DOSSIER_SIGNING_KEY, ed25519) in a bare "
                    "dossier of %d comments; its extra cost over an unsigned one, %s" % (
                        p["comments"], "wall +%s, cpu +%s" % (ms(extra["wall"]), ms(extra["cpu"]))),
                    signed, keygen, "one `ssh-keygen -Y sign` process on the same commit",
                    "signed - unsigned <= 1.5x one ssh-keygen -Y sign process", r, r["extra_wall"] <= 1.5,
                    {"unsigned": unsigned, "extra_s": extra})

    def b_api(self):
        self.big()
        p = self.p
        for flavour, repo in (("bare", self.big_bare), ("worktree", self.big_wt)):
            out = sh([self.api, repo, "m2", NOW_COMMENT, p["api_calls"]] + self.eids[:50], env=self.env,
                     stdout=subprocess.PIPE).stdout.decode()
            m = json.loads(out)
            self.record("api-comment-" + flavour, "dossier_comment() in one process, %s dossier of %d comments, "
                        "%d calls" % (flavour, p["comments"], p["api_calls"]), m, target="median <= 1 ms",
                        hit=m["median_ms"] <= 1.0)

    def b_import(self):
        p = self.p
        runs, cpus, rss = [], [], []
        wt_runs, wt_cpus, wt_rss = [], [], []
        for i in range(p["slow_repeat"]):
            # bare and with a working tree in turn, so that both see the same load
            repo = self.new_dossier(self.w("imp%d.git" % i), bare=True)
            wl, c, r = timed(self.d(repo, "import", self.jsonl, now=NOW_IMPORT), env=self.env)
            runs.append(wl)
            cpus.append(c)
            rss.append(r)
            shutil.rmtree(repo)
            repo = self.new_dossier(self.w("imp%d" % i))
            wl, c, r = timed(self.d(repo, "import", self.jsonl, now=NOW_IMPORT), env=self.env)
            wt_runs.append(wl)
            wt_cpus.append(c)
            wt_rss.append(r)
            shutil.rmtree(repo)
        m = {"wall": stats(runs), "cpu": stats(cpus), "peak_rss_mb": max(rss) / 1024.0}
        mw = {"wall": stats(wt_runs), "cpu": stats(wt_cpus), "peak_rss_mb": max(wt_rss) / 1024.0}
        rw = {"wall": mw["wall"]["median"] / m["wall"]["median"], "cpu": mw["cpu"]["median"] / m["cpu"]["median"]}
        self.record("import-worktree", "`dossier import` of %d comments into a dossier with a working tree "
                    "(what `dossier init` makes)" % p["comments"], mw, m, "the same import into a bare dossier",
                    "<= 1.2x the bare import (ratio = working tree / bare)", rw, rw["wall"] <= 1.2)
        stream = self.w("fastimport.stream")
        sh([sys.executable, GEN, "fastimport", self.jsonl, "-o", stream])
        gruns, gcpus = [], []
        for i in range(p["slow_repeat"]):
            repo = self.w("fi%d.git" % i)
            if os.path.exists(repo):
                shutil.rmtree(repo)
            sh(["git", "init", "-q", "--bare", repo])
            wl, c, _ = timed(["git", "-C", repo, "fast-import", "--quiet"], stdin_path=stream)
            gruns.append(wl)
            gcpus.append(c)
            shutil.rmtree(repo)
        g = {"wall": stats(gruns), "cpu": stats(gcpus)}
        r = {"wall": g["wall"]["median"] / m["wall"]["median"], "cpu": g["cpu"]["median"] / m["cpu"]["median"]}
        extra = {}
        if getattr(self, "import_wt", None):
            extra["with_working_tree"] = {"wall": self.import_wt[0], "cpu": self.import_wt[1]}
        self.record("import", "`dossier import` of %d comments (JSON Lines) as one event, bare dossier" %
                    p["comments"], m, g, "git fast-import of the same records as files, one commit",
                    "<= 5 s and >= 5x faster than git fast-import (ratio = git / dossier)", r,
                    m["wall"]["median"] <= 5 and r["wall"] >= 5, extra)

    def b_status(self):
        self.big()
        if not getattr(self, "floor_m", None):
            self.b_floor()
        m = measure(lambda i: self.d(self.big_wt, "status"), self.p["repeat"], self.p["warmup"], env=self.env)
        r = {"floor_wall": m["wall"]["median"] / self.floor_m["wall"]["median"],
             "floor_cpu": m["cpu"]["median"] / self.floor_m["cpu"]["median"]}
        self.record("status", "`dossier status` at %d comments" % self.p["comments"], m, self.floor_m, "floor",
                    "<= 1.3x the floor", r, r["floor_wall"] <= 1.3)

    def b_report(self):
        self.big()
        # issue 18: report <= 1.0 s and <= 200 MB, consolidate <= 0.5 s and <= 150 MB
        for name, args, secs, mbs in (("report", ["report", "-o", self.w("report.xml")], 1.0, 200),
                                      ("consolidate", ["consolidate", "-o", self.w("consolidated.xml")], 0.5, 150)):
            m = measure(lambda i: self.d(self.big_wt, *args), self.p["slow_repeat"], 0, env=self.env)
            mb = peak_rss(self.d(self.big_wt, *args))
            m["peak_rss_mb"] = mb
            self.record(name, "`dossier %s` at %d comments on a %d-article decree" % (
                name, self.p["comments"], self.p["articles"]), m,
                target="<= %g s, peak memory <= %d MB" % (secs, mbs),
                hit=m["wall"]["median"] <= secs and mb <= mbs)

    def b_diff(self):
        p = self.p
        a = self.gen("decree", "--articles", p["diff_articles"], out=self.w("diff-v1.txt"))
        b = self.gen("decree", "--articles", p["diff_articles"], "--variant", 2, out=self.w("diff-v2.txt"))
        repo = self.new_dossier(self.w("diff"), bare=True, decree=a)
        sh(self.d(repo, "revise", b, now=NOW_IMPORT), env=self.env)
        m = measure(lambda i: self.d(repo, "diff", "v1", "v2"), p["repeat"], p["warmup"], env=self.env)

        def gitdiff(i):
            return ["git", "diff", "--no-index", "--word-diff", a, b]
        # git diff --no-index exits 1 when the files differ: wrap it.
        g = measure(lambda i: ["sh", "-c", "git diff --no-index --word-diff \"$0\" \"$1\" >/dev/null; "
                               "test $? -le 1", a, b], p["repeat"], p["warmup"])
        r = {"git_wall": m["wall"]["median"] / g["wall"]["median"],
             "git_cpu": m["cpu"]["median"] / g["cpu"]["median"]}
        self.record("diff", "`dossier diff v1 v2` of a %d-article decree" % p["diff_articles"], m, g,
                    "git diff --no-index --word-diff of the two texts",
                    "<= 300 ms and no slower than git (ratio = dossier / git <= 1)", r,
                    m["wall"]["median"] <= 0.3 and r["git_wall"] <= 1)

    def b_word(self):
        """Issue 15: reading a .docx of the decree into AKN, against python-docx iterating its paragraphs."""
        p = self.p
        it = os.path.join(HERE, "docx_iter.py")
        path = self.w("decree.docx")
        sh([sys.executable, it, "make", self.decree, path])
        m = measure(lambda i: [self.bin, "convert", path, "-o", self.w("decree-docx.xml")], p["repeat"],
                    p["warmup"], env=self.env)
        # python-docx as Debian packages it runs under Debian's python3 (faster to start than
        # another Python 3 that borrows its dist-packages): the stricter baseline when it is there.
        py3 = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable
        g = measure(lambda i: [py3, it, "once", path], p["repeat"], p["warmup"], env=self.env)
        out = sh([py3, it, "time", path, p["repeat"], p["warmup"]], stdout=subprocess.PIPE)
        py = json.loads(out.stdout)
        inproc = {"wall": stats(py["wall"]), "cpu": stats(py["cpu"])}
        r = {"python_docx_wall": g["wall"]["median"] / m["wall"]["median"],
             "python_docx_cpu": g["cpu"]["median"] / m["cpu"]["median"],
             "in_process_wall": inproc["wall"]["median"] / m["wall"]["median"],
             "in_process_cpu": inproc["cpu"]["median"] / m["cpu"]["median"]}
        self.record("word", "`dossier convert decree.docx -o decree.xml` of a %d-article decree made by "
                    "python-docx with automatic numbering (%d paragraphs), a whole process" % (
                        p["articles"], py["paragraphs"]), m, g,
                    "python-docx opening the file and iterating its paragraphs' text, a whole process (%s)" % py3,
                    "at least 5x faster (ratio = python-docx / dossier >= 5, wall and CPU)", r,
                    r["python_docx_wall"] >= 5 and r["python_docx_cpu"] >= 5,
                    extra={"in_process": {"what": "python-docx's open and iteration alone, timed inside "
                                          "one Python process", "result": inproc}})

    def b_parse(self):
        """Issue 14: parsing the largest real corpus text into AKN, against xmllint --format of the
        AKN it writes; the largest HTML page the same way."""
        p = self.p
        shared = os.environ.get("DOSSIER_SHARED", os.path.join(ROOT, "..", "shared"))
        vn = os.path.join(shared, "corpus", "real", "vn")
        for kind in ("txt", "html"):
            files = [os.path.join(vn, f) for f in os.listdir(vn) if f.endswith("." + kind)]
            src = max(files, key=os.path.getsize)
            out = self.w("parse-%s.xml" % kind)
            m = measure(lambda i: [self.bin, "convert", "--lenient", src, "-o", out], p["repeat"],
                        p["warmup"], env=self.env)
            g = measure(lambda i: ["xmllint", "--format", "--output", self.w("parse-fmt.xml"), out],
                        p["repeat"], p["warmup"])
            r = {"xmllint_wall": g["wall"]["median"] / m["wall"]["median"],
                 "xmllint_cpu": g["cpu"]["median"] / m["cpu"]["median"]}
            name = "parse" if kind == "txt" else "parse-html"
            self.record(name, "`dossier convert FILE -o FILE.xml` of %s (%d KB, the largest .%s of "
                        "corpus/real), a whole process" % (os.path.basename(src), os.path.getsize(src) // 1024,
                                                            kind), m, g,
                        "xmllint --format of the AKN it writes (%d KB), a whole process" % (
                            os.path.getsize(out) // 1024),
                        "no slower than xmllint --format (ratio = xmllint / dossier >= 1)", r,
                        r["xmllint_wall"] >= 1)

    def b_verify(self):
        p = self.p
        repo = self.new_dossier(self.w("history.git"), bare=True)
        t0 = time.perf_counter()
        # init, revise, advance: three events; the rest are comments through the API.
        sh([self.api, repo, "m3", NOW_COMMENT, p["events"] - 3] + self.eids[:50], env=self.env,
           stdout=subprocess.PIPE)
        built = time.perf_counter() - t0
        m = measure(lambda i: self.d(repo, "verify"), p["slow_repeat"], 0, env=self.env)
        self.record("verify", "`dossier verify` of a history of %d events" % p["events"], m,
                    target="<= 1 s (issue 18)", hit=m["wall"]["median"] <= 1,
                    extra={"history_built_in_s": built})

    # ---- issue 16: dossier serve -----------------------------------------------

    def b_serve(self):
        """64 signed-in members post 10,000 comments over HTTP to a bare dossier of 100,000; the
        server's CPU per comment against dossier_comment() in one process, and the draft page
        against `status --json`, all in this run."""
        import http.client
        p = self.p
        k = p["serve_members"]
        wf = self.gen("workflow", "--members", k, out=self.w("workflow-serve.yaml"))
        jsonl = self.gen("comments", "--articles", p["articles"], "--comments", p["comments"], "--members", k,
                         out=self.w("comments-serve.jsonl"))
        repo = self.new_dossier(self.w("serve.git"), bare=True, workflow=wf)
        sh(self.d(repo, "import", jsonl, now=NOW_IMPORT), env=self.env)
        members = ["m%d" % (i + 1) for i in range(k)]
        for m in members + ["moc"]:
            p_ = subprocess.run([self.bin, "-C", repo, "account", "add", m, "--password-stdin"],
                                input=("mat-khau-%s\n" % m).encode(), env=self.env, capture_output=True)
            if p_.returncode:
                raise Failure("account add %s: %s" % (m, p_.stderr.decode(errors="replace")))
        srv = subprocess.Popen([self.bin, "-C", repo, "--now", NOW_COMMENT, "serve", "--listen", "127.0.0.1:0",
                                "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True)
        try:
            line = srv.stdout.readline().strip()
            m_ = re.match(r"listening on http://([0-9.]+):(\d+)$", line)
            if not m_:
                raise Failure("serve did not start: %r %s" % (line, srv.stderr.read()[-2000:]))
            host, port = m_.group(1), int(m_.group(2))

            conns = {}

            def call(_, method, path, body=None, headers=None):
                """One request on a kept-alive connection, made again if the server closed it
                (it closes connections idle longer than its --timeout)."""
                h = dict(headers or {})
                if body is not None:
                    h["Content-Type"] = "application/json"
                for attempt in (0, 1):
                    conn = conns.get("c") or http.client.HTTPConnection(host, port, timeout=120)
                    conns["c"] = conn
                    try:
                        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                                     headers=h)
                        r = conn.getresponse()
                        return r, r.read()
                    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                        conn.close()
                        conns.pop("c")
                        if attempt:
                            raise

            sessions = []
            conn = None
            for m in members:
                r, data = call(conn, "POST", "/api/v1/session", {"participant": m, "password": "mat-khau-" + m})
                if r.status != 200:
                    raise Failure("sign-in of %s: HTTP %d %s" % (m, r.status, data[:200]))
                cookie = r.getheader("Set-Cookie").split(";")[0].split("=", 1)[1]
                sessions.append("%s %s" % (cookie, json.loads(data)["csrf"]))
            with open(self.w("sessions.txt"), "w") as f:
                f.write("\n".join(sessions) + "\n")
            with open(self.w("eids.txt"), "w") as f:
                f.write("\n".join(self.eids) + "\n")
            auth = {"Cookie": "dossier_session=" + sessions[0].split()[0]}
            before = json.loads(call(conn, "GET", "/api/v1/status", headers=auth)[1])["comments"]

            def server_cpu():
                with open("/proc/%d/stat" % srv.pid) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

            cpu0 = server_cpu()
            out = subprocess.run([self.web_load, host, str(port), str(p["serve_comments"]), self.w("sessions.txt"),
                                  self.w("eids.txt"), self.w("acked.txt")], capture_output=True, env=self.env)
            cpu1 = server_cpu()
            if out.returncode not in (0, 1):
                raise Failure("web_load: exit %d %s" % (out.returncode, out.stderr.decode(errors="replace")))
            load = json.loads(out.stdout)
            with open(self.w("acked.txt")) as f:
                acked = f.read().split()
            after = json.loads(call(conn, "GET", "/api/v1/status", headers=auth)[1])["comments"]
            load["server_cpu_s"] = cpu1 - cpu0
            load["cpu_per_comment_ms"] = (cpu1 - cpu0) * 1000 / max(1, load["acknowledged"])
            load["comments_before"], load["comments_after"] = before, after
            load["unique_ids"] = len(set(acked))
            lost = load["failed"] or len(set(acked)) != len(acked) or after != before + len(acked) or \
                len(acked) != p["serve_comments"]
            load["nothing_lost"] = not lost
            if out.stderr:
                load["client_errors"] = out.stderr.decode(errors="replace")[-2000:]

            # The draft page and the status, signed in, one request at a time.
            def page(path):
                walls = []
                for i in range(p["warmup"] + p["repeat"]):
                    if i == p["warmup"]:
                        c0 = server_cpu()
                    t0 = time.perf_counter()
                    r, data = call(conn, "GET", path, headers=auth)
                    if r.status != 200:
                        raise Failure("GET %s: HTTP %d" % (path, r.status))
                    if i >= p["warmup"]:
                        walls.append(time.perf_counter() - t0)
                return {"wall": stats(walls), "bytes": len(data), "server_cpu_s": (server_cpu() - c0) / p["repeat"]}

            draft = page("/draft")
            api_status = page("/api/v1/status")
            if conns.get("c"):
                conns["c"].close()
        finally:
            srv.send_signal(signal.SIGTERM)
            try:
                code = srv.wait(timeout=120)
            except subprocess.TimeoutExpired:
                srv.kill()
                code = srv.wait()
            err = srv.stderr.read()
            srv.stdout.close()
            srv.stderr.close()
        if code != 0:
            raise Failure("serve exited %d: %s" % (code, err[-2000:]))
        status_m = measure(lambda i: self.d(repo, "status", "--json", now=NOW_COMMENT), p["repeat"], p["warmup"],
                           env=self.env)
        # The in-process call on the same dossier, now that the server is gone.
        api = json.loads(sh([self.api, repo, members[0], NOW_COMMENT, p["api_calls"]] + self.eids[:50],
                            env=self.env, stdout=subprocess.PIPE).stdout.decode())
        load["verify"] = "clean" if subprocess.run(self.d(repo, "verify"), env=self.env,
                                                   capture_output=True).returncode == 0 else "violations"
        ratio = {"cpu_per_comment_vs_in_process": load["cpu_per_comment_ms"] / api["cpu_mean_ms"]}
        self.record("serve-load", "%d signed-in members post %d comments over HTTP (C clients, keep-alive) to "
                    "`dossier serve`, bare dossier of %d comments" % (k, p["serve_comments"], p["comments"]),
                    load, api, "dossier_comment() in one process, same dossier, same run (cpu_mean_ms)",
                    ">= 300 comments/s, p99 < 250 ms, CPU per comment <= 1.5x the in-process call, nothing lost",
                    ratio, load["per_second"] >= 300 and load["p99_ms"] < 250 and
                    ratio["cpu_per_comment_vs_in_process"] <= 1.5 and load["nothing_lost"] and
                    load["verify"] == "clean")
        r = {"wall": draft["wall"]["median"] / status_m["wall"]["median"]}
        self.record("serve-draft", "GET /draft (the %d-article decree with its Góp ý links), signed in, at %d "
                    "comments; and GET /api/v1/status: %s" % (p["articles"], p["comments"] + p["serve_comments"],
                                                             fmt(api_status)),
                    draft, status_m, "`dossier status --json`, one process", None, r, None,
                    {"api_status": api_status})

    # ---- issue 20: behind a real git server ------------------------------------

    def b_https(self):
        """The bare dossier of M comments behind Apache with git-http-backend, basic authentication
        and TLS from a CA of its own (tests/server/servers.py): `dossier clone` against `git clone`,
        and `dossier sync` against `git fetch` and `git push`, over the same server in the same run."""
        self.big()
        sys.path.insert(0, os.path.join(ROOT, "tests", "server"))
        import servers
        p = self.p
        top = tempfile.mkdtemp(prefix="dossier-bench-https-")
        os.chmod(top, 0o755)   # the server's user reaches the repositories
        apache = None
        try:
            ca = servers.CA(os.path.join(top, "ca"))
            cert = ca.issue("localhost", "DNS:localhost")
            srv = os.path.join(top, "srv")
            os.makedirs(srv)
            server = os.path.join(srv, "big.git")
            shutil.copytree(self.big_bare, server, symlinks=True)
            hook = os.path.join(server, "hooks", "pre-receive")
            with open(hook, "w") as f:
                f.write("#!/bin/sh\nDOSSIER_NOW='%s'\nexport DOSSIER_NOW\nexec '%s' hook pre-receive\n"
                        % (NOW_COMMENT, servers.reachable_binary(self.bin, os.path.join(top, "bin"))))
            os.chmod(hook, 0o755)
            servers.give_to_server(srv)
            users = ["m1", "m2", "m3", "m4"]
            htpasswd = os.path.join(top, "htpasswd")
            servers.htpasswd(htpasswd, {u: "mat-khau-" + u for u in users})
            os.makedirs(os.path.join(top, "apache"))
            apache = servers.Apache(os.path.join(top, "apache"), srv, htpasswd, [cert], users).start()
            url = "https://localhost:%d/big.git" % apache.ports[0]
            home = os.path.join(top, "home")
            os.makedirs(home)
            with open(os.path.join(home, ".gitconfig"), "w") as f:
                f.write("[user]\n\tname = Bench\n\temail = bench@example.org\n[credential]\n\thelper = store\n"
                        "[http]\n\tsslCAInfo = %s\n" % ca.cert)
            env = {k: v for k, v in self.env.items() if not k.startswith(("GIT_SSL_", "SSL_CERT_", "CURL_CA"))}
            env.update(HOME=home, GIT_TERMINAL_PROMPT="0")

            def as_user(u):
                # git's credential store takes the first entry for the host: one file per member
                with open(os.path.join(home, ".git-credentials"), "w") as f:
                    f.write("https://%s:mat-khau-%s@localhost:%d\n" % (u, u, apache.ports[0]))

            # clone: the same pack over the same server, bare on both sides
            clones = os.path.join(top, "clones")

            def fresh(i):
                shutil.rmtree(clones, ignore_errors=True)
                os.makedirs(clones)
                as_user("m2")

            n = p["slow_repeat"]
            mine = measure(lambda i: [self.bin, "clone", "--bare", url, os.path.join(clones, "d.git")], n, 1,
                           env=env, before=fresh)
            git_m = measure(lambda i: ["git", "clone", "-q", "--bare", url, os.path.join(clones, "g.git")], n, 1,
                            env=env, before=fresh)
            wt = measure(lambda i: [self.bin, "clone", url, os.path.join(clones, "d")], n, 0, env=env, before=fresh)
            r = {"wall": git_m["wall"]["median"] / mine["wall"]["median"],
                 "cpu": git_m["cpu"]["median"] / mine["cpu"]["median"]}
            self.record("https-clone", "`dossier clone --bare` of the dossier of %d comments over HTTPS (Apache, "
                        "git-http-backend, basic auth, TLS), with its verification" % p["comments"], mine, git_m,
                        "`git clone --bare`, same server, same run", "no slower than git (ratio = git / dossier "
                        ">= 1)", r, r["wall"] >= 1, {"worktree": {"what": "`dossier clone` with its working tree "
                                                                   "(draft and state)", "result": wt}})

            # sync: members' clones one or two events behind, and one with an event to push
            shutil.rmtree(clones, ignore_errors=True)
            os.makedirs(clones)
            feeder, member = os.path.join(clones, "m1"), os.path.join(clones, "m2")
            git_pusher, git_fetcher = os.path.join(clones, "m3.git"), os.path.join(clones, "m4.git")
            for u, argv in (("m1", [self.bin, "clone", url, feeder]), ("m2", [self.bin, "clone", url, member]),
                            ("m3", ["git", "clone", "-q", "--bare", url, git_pusher]),
                            ("m4", ["git", "clone", "-q", "--bare", url, git_fetcher])):
                as_user(u)
                sh(argv, env=env)
            runs = {k: {"wall": [], "cpu": []} for k in ("sync_push", "git_push", "sync_ff", "git_fetch")}

            def keep(k, i, t):
                if i >= p["warmup"]:
                    runs[k]["wall"].append(t[0])
                    runs[k]["cpu"].append(t[1])

            for i in range(p["warmup"] + p["repeat"]):
                # m1 comments in a dossier clone and syncs: the push, and the server's hook
                as_user("m1")
                sh(self.d(feeder, "comment", "--on", self.eids[i % len(self.eids)], "--text", TEXT, who="m1",
                          now=NOW_COMMENT), env=env)
                keep("sync_push", i, timed([self.bin, "-C", feeder, "sync"], env=env))
                # m3 does the same with plain git: fetch (untimed), comment, git push
                as_user("m3")
                sh(["git", "-C", git_pusher, "fetch", "-q", "origin", "+refs/heads/main:refs/heads/main"], env=env)
                sh(self.d(git_pusher, "comment", "--on", self.eids[i % len(self.eids)], "--text", TEXT, who="m3",
                          now=NOW_COMMENT), env=env)
                keep("git_push", i, timed(["git", "-C", git_pusher, "push", "-q", "origin", "main"], env=env))
                # m2 and m4 are now two events behind: dossier sync against git fetch
                as_user("m2")
                keep("sync_ff", i, timed([self.bin, "-C", member, "sync"], env=env))
                as_user("m4")
                keep("git_fetch", i, timed(["git", "-C", git_fetcher, "fetch", "-q", "origin",
                                            "+refs/heads/main:refs/remotes/origin/main"], env=env))
            res = {k: {"wall": stats(v["wall"]), "cpu": stats(v["cpu"])} for k, v in runs.items()}
            tip = sh(["git", "-c", "safe.directory=*", "-C", server, "rev-parse", "main"],
                     stdout=subprocess.PIPE).stdout
            for repo, ref in ((member, "main"), (git_fetcher, "refs/remotes/origin/main")):
                got = sh(["git", "-C", repo, "rev-parse", ref], stdout=subprocess.PIPE, env=env).stdout
                if got != tip:
                    raise Failure("%s is not at the server's tip after the runs" % repo)
            r = {"wall": res["git_fetch"]["wall"]["median"] / res["sync_ff"]["wall"]["median"],
                 "cpu": res["git_fetch"]["cpu"]["median"] / res["sync_ff"]["cpu"]["median"]}
            self.record("https-sync", "`dossier sync` of a member's clone (working tree) two events behind the "
                        "dossier of %d comments over HTTPS: fetch, verify, fast-forward" % p["comments"],
                        res["sync_ff"], res["git_fetch"], "`git fetch` of the same two events into a bare clone, "
                        "same server, same run", "no slower than git (ratio = git / dossier >= 1)", r,
                        r["wall"] >= 1)
            r = {"wall": res["git_push"]["wall"]["median"] / res["sync_push"]["wall"]["median"],
                 "cpu": res["git_push"]["cpu"]["median"] / res["sync_push"]["cpu"]["median"]}
            self.record("https-sync-push", "`dossier sync` pushing one comment to the dossier of %d comments over "
                        "HTTPS (the server's hook checks it): fetch, compare, push, move" % p["comments"],
                        res["sync_push"], res["git_push"], "`git push` of one comment made with `dossier comment` "
                        "in a bare git clone (the same hook runs), same server, same run",
                        "no slower than git (ratio = git / dossier >= 1)", r, r["wall"] >= 1)
        finally:
            if apache:
                apache.stop()
            shutil.rmtree(top, ignore_errors=True)


ORDER = ["import", "floor", "comment", "sign", "api", "status", "report", "diff", "verify", "serve", "word", "parse",
         "https"]


def fmt(m):
    if "wall" in m and "median" in m["wall"] and "p25" in m["wall"]:
        return "wall %s (p25 %s, p75 %s, n=%d)%s%s" % (
            ms(m["wall"]["median"]), ms(m["wall"]["p25"]), ms(m["wall"]["p75"]), m["wall"]["runs"],
            "  cpu %s" % ms(m["cpu"]["median"]) if "cpu" in m else
            "  server cpu %s a request" % ms(m["server_cpu_s"]) if "server_cpu_s" in m else "",
            "  peak %.0f MB" % m["peak_rss_mb"] if "peak_rss_mb" in m else "")
    if "wall" in m:
        return "wall %s  cpu %s" % (ms(m["wall"]["median"]), ms(m["cpu"]["median"]))
    if "median_ms" in m:
        return "median %.3f ms (p25 %.3f, p75 %.3f, max %.3f, n=%d)  cpu median %.3f ms" % (
            m["median_ms"], m["p25_ms"], m["p75_ms"], m["max_ms"], m["calls"], m.get("cpu_median_ms", -1))
    return json.dumps(m)


def ms(s):
    return "%.1f ms" % (s * 1000) if s < 10 else "%.2f s" % s


# The library and the executable are both named `dossier`: name the type.
# dossier-xml, dossier-web: the engine's second object and the web front
# end, which the program loads on first use (docs/architecture.md, "Two objects").
TARGETS = ["dossier:executable", "dossier-xml:shared_module", "dossier-web:shared_module", "floor", "api_comment", "web_load"]


def build(builddir):
    """Set up the build directory if it is new, and build what the benchmarks run."""
    if not os.path.exists(os.path.join(builddir, "build.ninja")):
        sh(["meson", "setup", builddir, ROOT], stdout=subprocess.PIPE)
    sh(["meson", "compile", "-C", builddir] + TARGETS, stdout=subprocess.PIPE)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes; checks that every benchmark runs")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="the meson build directory")
    ap.add_argument("--no-build", action="store_true", help="do not run meson compile")
    ap.add_argument("--work", help="work directory (default: a new temporary one)")
    ap.add_argument("--only", help="comma-separated: " + ",".join(ORDER))
    ap.add_argument("--repeat", type=int, help="timed runs per benchmark")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    if not a.no_build:
        build(a.build)
    b = Bench(a)
    names = a.only.split(",") if a.only else ORDER
    for n in names:
        if n not in ORDER:
            ap.error("unknown benchmark '%s'" % n)
    print("machine: %s" % json.dumps(machine()), flush=True)
    failed = 0
    try:
        b.setup()
        for n in names:
            try:
                getattr(b, "b_" + n)()
            except (Failure, OSError, ValueError, KeyError) as e:
                failed += 1
                print("%-22s FAILED: %s" % (n, e), flush=True)
    finally:
        if not a.keep and not a.work:
            shutil.rmtree(b.work, ignore_errors=True)
    print("load after the run: %.2f %.2f %.2f" % os.getloadavg())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
