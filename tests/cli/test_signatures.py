"""Who acted is proven, not claimed (issue 17, docs/signatures.md).

Keys are made here with ssh-keygen (ed25519, ecdsa, rsa). A bare dossier
with the pre-receive hook is the server, reached through a file:// remote
(git runs the hook as for any push). Every check is made three ways: by
dossier itself (the action refused before anything is written), by the
server's hook, and by `dossier verify`; and plain git, with the
allowed_signers file `dossier signers` prints, must agree.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")

DRAFT = """NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.
2. Nền tảng dữ liệu đô thị gồm cơ sở dữ liệu quy hoạch đô thị.
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.
"""

KINDS = {"moc": "ed25519", "most": "ecdsa", "hanoi": "rsa", "mof": "ed25519", "vcci": "ecdsa",
         "most2": "ed25519", "mallory": "ed25519", "server": "ed25519"}
EMAILS = {"moc": "vanban@moc.gov.vn", "most": "vanthu@most.gov.vn", "hanoi": "vanthu@hanoi.gov.vn"}
NAMES = {"most": "Bộ Khoa học và Công nghệ (Ministry of Science and Technology)"}

KEYDIR = tempfile.mkdtemp(prefix="dossier-keys-")


def keygen(name, passphrase=""):
    path = os.path.join(KEYDIR, name)
    if not os.path.exists(path):
        kind = KINDS.get(name, "ed25519")
        args = ["ssh-keygen", "-q", "-t", kind, "-N", passphrase, "-C", name + "@test", "-f", path]
        if kind == "rsa":
            args[4:4] = ["-b", "2048"]
        subprocess.run(args, check=True)
    return path


def pub(name):
    with open(keygen(name) + ".pub") as f:
        return f.read().strip()


def git(repo, *args, env=None, input=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True, env=e,
                          input=input, timeout=120)


def signed_workflow(path, required=True, vouchers=()):
    """The seed workflow with keys for moc, most, hanoi, mof and vcci."""
    with open(WF, encoding="utf-8") as f:
        text = f.read()
    for who in ("moc", "most", "hanoi", "mof", "vcci"):
        text = re.sub(r"(\{ id: %s,[^\n]*?) \}" % who, lambda m: '%s, key: "%s" }' % (m.group(1), pub(who)),
                      text, count=1)
    extra = "signatures: %s\n" % ("required" if required else "optional")
    if vouchers:
        extra += "vouchers: [%s]\n" % ", ".join('"%s"' % pub(v) for v in vouchers)
    text = text.replace("\nstart: ", "\n" + extra + "start: ", 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    # the calendars the seed workflow includes, beside the copy
    cal = os.path.join(os.path.dirname(path), "calendars")
    if not os.path.exists(cal):
        os.symlink(os.path.join(os.path.dirname(WF), "calendars"), cal)
    return path


def resign(repo, commit, key, edit=None):
    """The commit signed again with another key (and its text edited first,
    when asked, to make a bad signature): a forgery the way a git user
    could make one. Returns the new commit's id."""
    raw = git(repo, "cat-file", "commit", commit).stdout
    head, _, msg = raw.partition("\n\n")
    lines, out, skip = head.split("\n"), [], False
    for line in lines:
        if line.startswith("gpgsig "):
            skip = True
            continue
        if skip and line.startswith(" "):
            continue
        skip = False
        out.append(line)
    unsigned = "\n".join(out) + "\n\n" + msg
    sig = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "git", "-f", key], input=unsigned,
                         capture_output=True, text=True, check=True).stdout
    if edit:
        unsigned = edit(unsigned)
    head, _, msg = unsigned.partition("\n\n")
    header = "gpgsig " + "\n ".join(sig.rstrip("\n").split("\n"))
    forged = head + "\n" + header + "\n\n" + msg
    r = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", input=forged)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


class SignTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.wf = signed_workflow(self.path("signed.yaml"))
        self.server = self.path("srv", "decree.git")
        self.draft = self.write("draft.txt", DRAFT)
        self.agent = None
        self.assertExit(self.act(self.server, "moc", "2025-06-20T09:00", "init", "--bare", self.server,
                                 "--workflow", self.wf, cwd=self.tmp), 0)
        self.assertExit(self.act(self.server, "moc", "2025-06-25T10:00", "revise", self.draft), 0)
        self.assertExit(self.act(self.server, "moc", "2025-06-26T08:00", "advance", "member-comment"), 0)
        self.set_server_clock("2025-07-20T10:00")
        self.url = "file://" + self.server

    def tearDown(self):
        if self.agent:
            os.kill(self.agent, signal.SIGTERM)
        super().tearDown()

    def act(self, repo, who, now, *args, key=None, cwd=None, env=None):
        """One action by `who` signed with their own key (key=False: none)."""
        e = dict(env or {})
        if key is not False:
            e["DOSSIER_SIGNING_KEY"] = keygen(key or who)
        if cwd:
            return run("--as", who, "--now", now, *args, cwd=cwd, env=e)
        return run("-C", repo, "--as", who, "--now", now, *args, env=e)

    def set_server_clock(self, now):
        hook = os.path.join(self.server, "hooks", "pre-receive")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nDOSSIER_NOW='%s'\nexport DOSSIER_NOW\nunset DOSSIER_SIGNING_KEY\n"
                    "exec '%s' hook pre-receive\n" % (now, clitest.BIN))
        os.chmod(hook, 0o755)

    def clone(self, name):
        d = self.path(name)
        self.assertExit(run("clone", self.url, d), 0)
        return d

    def signers_file(self, repo):
        r = run("-C", repo, "signers")
        self.assertExit(r, 0)
        return self.write("allowed_signers", r.out)

    def verify_commit(self, repo, commit, signers):
        return git(repo, "-c", "gpg.ssh.allowedSignersFile=" + signers, "verify-commit", commit)

    def tip(self, repo):
        return git(repo, "rev-parse", "main").stdout.strip()

    # ---- the workflow's keys ----------------------------------------------

    def test_workflow_keys_are_checked(self):
        with open(self.wf, encoding="utf-8") as f:
            text = f.read()
        bad = text.replace("signatures: required", "signatures: always")
        bad = bad.replace('key: "%s"' % pub("hanoi"), 'key: "%s"' % pub("most"))        # shared
        bad = bad.replace('key: "%s"' % pub("mof"), 'key: "ssh-dss AAAAB3NzaC1kc3M= old"')  # a DSA key
        bad = bad.replace('key: "%s"' % pub("vcci"), 'key: "%s", keys: ["%s"]' % (pub("vcci"), pub("mallory")))
        bad = bad.replace("\nstart: ", '\nvouchers: ["%s"]\nstart: ' % pub("moc"), 1)
        r = run("validate", self.write("bad.yaml", bad))
        self.assertExit(r, 2)
        for code in ("[wrong-type]", "[shared-key]", "[invalid-key]", "[conflicting-keys]"):
            self.assertIn(code, r.err)
        self.assertIn("'signatures' must be required or optional, not 'always'", r.err)
        self.assertIn("participant 'hanoi' has a key that is also a key of 'most'", r.err)
        self.assertIn("a voucher's key is also a key of participant 'moc'", r.err)
        self.assertExit(run("validate", self.wf), 0)

    # ---- signing and refusing ---------------------------------------------

    def test_required_without_a_key_is_refused_with_a_hint(self):
        before = self.tip(self.server)
        r = self.act(self.server, "most", "2025-07-01T09:00", "comment", "--on", "art_1", "--text", "x", key=False)
        self.assertExit(r, 3)
        self.assertIn("requires every event to be signed", r.err)
        self.assertIn("hint: sign with a key of 'most'", r.err)
        self.assertIn("--signing-key", r.err)
        self.assertEqual(self.tip(self.server), before)
        # the key of someone else is refused before anything is written
        r = self.act(self.server, "most", "2025-07-01T09:00", "comment", "--on", "art_1", "--text", "x",
                     key="hanoi")
        self.assertExit(r, 3)
        self.assertIn("is not a key of 'most' in force", r.err)
        self.assertEqual(self.tip(self.server), before)
        # --signing-key on the command line, a missing file: exit 2
        r = run("-C", self.server, "--as", "most", "--now", "2025-07-01T09:00", "--signing-key",
                self.path("nokey"), "comment", "--on", "art_1", "--text", "x")
        self.assertExit(r, 2)
        self.assertIn("nokey", r.err)
        r = run("-C", self.server, "--as", "most", "--now", "2025-07-01T09:00", "--signing-key",
                keygen("most"), "comment", "--on", "art_1", "--text", "x")
        self.assertExit(r, 0)

    def test_signed_comment_through_the_hook(self):
        a = self.clone("a")
        self.assertExit(self.act(a, "most", "2025-07-02T09:00", "comment", "--on", "art_1", "--text", "ký số"), 0)
        # a folder runs no hook: the clone checks the push by its own clock
        r = run("-C", a, "--now", "2025-07-03", "sync")
        self.assertExit(r, 0)
        self.assertEqual(self.tip(a), self.tip(self.server))
        r = run("-C", self.server, "verify")
        self.assertExit(r, 0)
        self.assertIn("signatures: 4 signed by their participant, 0 vouched for by a server, 0 unsigned", r.out)
        signers = self.signers_file(self.server)
        r = self.verify_commit(self.server, "main", signers)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('Good "git" signature for vanthu@most.gov.vn', r.stderr)

    def test_sync_signs_the_replayed_event_again(self):
        a = self.clone("a")
        self.assertExit(self.act(a, "most", "2025-07-02T09:00", "comment", "--on", "art_1", "--text", "a"), 0)
        # meanwhile on the server
        self.assertExit(self.act(self.server, "hanoi", "2025-07-02T10:00", "comment", "--on", "art_2",
                                 "--text", "b"), 0)
        # the replay is a new commit: without most's key it cannot be signed
        r = run("-C", a, "--now", "2025-07-03", "sync")
        self.assertExit(r, 3)
        self.assertIn("no key of 'most' is at hand", r.err)
        r = run("-C", a, "--now", "2025-07-03", "sync", env={"DOSSIER_SIGNING_KEY": keygen("most")})
        self.assertExit(r, 0)
        self.assertEqual(self.tip(a), self.tip(self.server))
        r = run("-C", self.server, "verify")
        self.assertExit(r, 0)
        self.assertIn("5 signed by their participant, 0 vouched for by a server, 0 unsigned", r.out)

    def test_right_email_other_key_is_refused_and_flagged(self):
        a = self.clone("a")
        self.assertExit(self.act(a, "most", "2025-07-02T09:00", "comment", "--on", "art_1", "--text", "x"), 0)
        # the same commit, author most, signed by hanoi's key
        forged = resign(a, "main", keygen("hanoi"))
        self.assertEqual(git(a, "update-ref", "refs/heads/main", forged).returncode, 0)
        r = run("-C", a, "verify")
        self.assertExit(r, 1)
        self.assertIn("commit %s" % forged[:12], r.err)
        self.assertIn("[wrong-signer]", r.err)
        self.assertIn("a key of 'hanoi'", r.err)
        before = self.tip(self.server)
        r = git(a, "push", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("wrong-signer", r.stderr)
        self.assertIn("pre-receive hook declined", r.stderr)
        self.assertEqual(self.tip(self.server), before)
        # a server without the hook holds it: clone and sync find it all the same
        plain = self.path("plain.git")
        subprocess.run(["git", "init", "-q", "--bare", plain], check=True)
        self.assertEqual(git(a, "push", "-q", plain, "main").returncode, 0)
        r = run("clone", "file://" + plain, self.path("c"))
        self.assertExit(r, 1)
        self.assertIn("[wrong-signer]", r.err)
        b = self.clone("b")
        git(b, "remote", "add", "plain", "file://" + plain)
        r = run("-C", b, "sync", "plain")
        self.assertNotEqual(r.code, 0, repr(r))
        self.assertIn("[wrong-signer]", r.err)
        # a key nobody holds, and a signature that does not hold
        forged = resign(a, "main", keygen("mallory"))
        git(a, "update-ref", "refs/heads/main", forged)
        r = run("-C", a, "verify")
        self.assertIn("which is no key of 'most' in force [wrong-signer]", r.err)
        forged = resign(a, "main", keygen("most"), edit=lambda t: t.replace("most comments", "most comment"))
        git(a, "update-ref", "refs/heads/main", forged)
        r = run("-C", a, "verify")
        self.assertExit(r, 1)
        self.assertIn("[bad-signature]", r.err)
        r = git(a, "push", "origin", "main")
        self.assertIn("bad-signature", r.stderr)
        # plain git agrees: neither forgery passes git verify-commit
        signers = self.signers_file(self.server)
        self.assertNotEqual(self.verify_commit(a, forged, signers).returncode, 0)
        # an unsigned event in a dossier that requires signatures
        unsigned = git(a, "commit-tree", "main^{tree}", "-p", "main^", "-m",
                       git(a, "log", "-1", "--format=%B", "main").stdout,
                       env={"GIT_AUTHOR_NAME": NAMES["most"], "GIT_AUTHOR_EMAIL": EMAILS["most"],
                            "GIT_COMMITTER_NAME": NAMES["most"], "GIT_COMMITTER_EMAIL": EMAILS["most"],
                            "GIT_AUTHOR_DATE": git(a, "log", "-1", "--format=%ad", "--date=raw", "main").stdout.strip(),
                            "GIT_COMMITTER_DATE": git(a, "log", "-1", "--format=%ad", "--date=raw", "main").stdout.strip()}).stdout.strip()
        git(a, "update-ref", "refs/heads/main", unsigned)
        r = run("-C", a, "verify")
        self.assertIn("[unsigned]", r.err)
        r = git(a, "push", "origin", "main")
        self.assertIn("unsigned", r.stderr)
        self.assertEqual(self.tip(self.server), before)

    def test_plain_git_signed_by_the_member_but_breaking_a_rule_is_refused(self):
        a = self.clone("a")
        # most takes the moc's transition with plain git, signed with most's own key
        path = os.path.join(a, "state.json")
        with open(path, encoding="utf-8") as f:
            state = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(state.replace('"stage": "member-comment"', '"stage": "workshop"'))
        git(a, "add", "state.json")
        when = "2025-07-19T10:00:00+07:00"
        msg = ("most advance\n\nDossier-Event: advance\nDossier-Actor: most\nDossier-Stage: workshop\n"
               "Dossier-Time: %s\nDossier-Target: workshop\n" % when)
        env = {"GIT_AUTHOR_NAME": NAMES["most"], "GIT_AUTHOR_EMAIL": EMAILS["most"], "GIT_AUTHOR_DATE": when,
               "GIT_COMMITTER_NAME": NAMES["most"], "GIT_COMMITTER_EMAIL": EMAILS["most"],
               "GIT_COMMITTER_DATE": when}
        r = git(a, "-c", "gpg.format=ssh", "-c", "user.signingKey=" + keygen("most"), "commit", "-q", "-S",
                "-m", msg, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = git(a, "push", "origin", "main")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("the workflow does not allow it", r.stderr)
        self.assertNotIn("wrong-signer", r.stderr)
        self.assertNotIn("bad-signature", r.stderr)
        r = run("-C", a, "verify")
        self.assertExit(r, 1)
        self.assertIn("[refused]", r.err)
        self.assertNotIn("signature", r.err.replace("the workflow", ""))
        # the signature itself is good: git says so
        signers = self.signers_file(a)
        self.assertEqual(self.verify_commit(a, "main", signers).returncode, 0)

    # ---- keys over time ---------------------------------------------------

    def test_revoked_key_stops_counting_earlier_events_stay_valid(self):
        s = self.server
        self.assertExit(self.act(s, "most", "2025-07-02T09:00", "comment", "--on", "art_1", "--text", "one"), 0)
        r = self.act(s, "most", "2025-07-03T09:00", "key", "add", keygen("most2") + ".pub")
        self.assertExit(r, 0)
        self.assertIn("key added", r.out)
        self.assertExit(self.act(s, "most", "2025-07-04T09:00", "comment", "--on", "art_1", "--text", "two",
                                 key="most2"), 0)
        # most revokes the old key, signing with the new one
        r = self.act(s, "most", "2025-07-05T09:00", "key", "revoke", pub("most"), key="most2")
        self.assertExit(r, 0)
        old_after = self.act(s, "most", "2025-07-06T09:00", "comment", "--on", "art_1", "--text", "late")
        self.assertExit(old_after, 3)
        self.assertIn("not a key of 'most' in force", old_after.err)
        self.assertExit(self.act(s, "most", "2025-07-06T09:00", "comment", "--on", "art_1", "--text", "three",
                                 key="most2"), 0)
        r = run("-C", s, "verify")
        self.assertExit(r, 0)
        self.assertIn("signatures: 8 signed by their participant", r.out)
        keys = run("-C", s, "signers").out
        self.assertIn('vanthu@most.gov.vn namespaces="git",valid-before="20250705020000Z" ecdsa-sha2-nistp256', keys)
        self.assertIn('vanthu@most.gov.vn namespaces="git",valid-after="20250703020000Z" ssh-ed25519', keys)
        # every event passes git verify-commit, the old key's before the revocation included
        signers = self.signers_file(s)
        for c in git(s, "rev-list", "main").stdout.split():
            r = self.verify_commit(s, c, signers)
            self.assertEqual(r.returncode, 0, c + r.stderr)
        # a new comment signed again with the revoked key: a forgery
        a = self.clone("a")
        self.assertExit(self.act(a, "most", "2025-07-07T09:00", "comment", "--on", "art_1", "--text", "four",
                                 key="most2"), 0)
        forged = resign(a, "main", keygen("most"))
        git(a, "update-ref", "refs/heads/main", forged)
        r = run("-C", a, "verify")
        self.assertExit(r, 1)
        self.assertIn("revoked before it [wrong-signer]", r.err)
        self.assertNotEqual(self.verify_commit(a, forged, signers).returncode, 0)
        r = git(a, "push", "origin", "main")
        self.assertIn("wrong-signer", r.stderr)
        # a revoked key is never taken back
        r = self.act(s, "moc", "2025-07-07T09:00", "key", "add", "--for", "most", pub("most"))
        self.assertExit(r, 3)
        self.assertIn("revoked key", r.err)

    def test_who_may_change_keys(self):
        s = self.server
        r = self.act(s, "hanoi", "2025-07-02T09:00", "key", "add", "--for", "most", pub("most2"))
        self.assertExit(r, 3)
        self.assertIn("'hanoi' may not change the keys of 'most'", r.err)
        # the drafting agency may; a rotation is one event
        self.assertExit(self.act(s, "moc", "2025-07-02T09:00", "key", "add", "--for", "most", pub("most2")), 0)
        r = self.act(s, "most", "2025-07-03T09:00", "key", "rotate", pub("most2"), pub("mallory"))
        self.assertExit(r, 0)
        r = self.act(s, "most", "2025-07-04T09:00", "key", "revoke", "SHA256:nothing")
        self.assertExit(r, 4 if r.code == 4 else 2)
        r = self.act(s, "most", "2025-07-04T09:00", "key", "add", "ssh-dss AAAA")
        self.assertExit(r, 2)
        self.assertExit(run("-C", s, "verify"), 0)
        log = git(s, "log", "-3", "--format=%s%n%b").stdout
        self.assertIn("Dossier-Key-Op: rotate", log)
        self.assertIn("Dossier-Event: key", log)
        # keys.json changed by hand in a key event: flagged
        a = self.clone("a")
        path = os.path.join(a, "keys.json")
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace('"revoked_by": "most"', '"revoked_by": "moc"'))
        git(a, "add", "keys.json")
        git(a, "-c", "gpg.format=ssh", "-c", "user.signingKey=" + keygen("mallory"), "commit", "-q", "-S",
            "--amend", "--no-edit", env={"GIT_COMMITTER_DATE": git(a, "log", "-1", "--format=%ad", "--date=raw").stdout.strip()})
        r = run("-C", a, "verify")
        self.assertIn("[keys-mismatch]", r.err)

    # ---- the other sources of a key --------------------------------------

    def test_agent_and_git_config(self):
        a = self.clone("a")
        # a key with a passphrase works through the agent
        key = keygen("most-pp", passphrase="mật khẩu")
        sock = self.path("agent.sock")
        out = subprocess.run(["ssh-agent", "-a", sock], capture_output=True, text=True, check=True).stdout
        self.agent = int(re.search(r"SSH_AGENT_PID=(\d+)", out).group(1))
        env = {"SSH_AUTH_SOCK": sock, "SSH_ASKPASS": "/bin/false", "DISPLAY": ""}
        self.assertEqual(self.act(a, "moc", "2025-07-01T08:00", "key", "add", "--for", "most", key + ".pub").code, 0)
        askpass = self.write("askpass.sh", "#!/bin/sh\necho 'mật khẩu'\n")
        os.chmod(askpass, 0o755)
        subprocess.run(["ssh-add", "-q", key], check=True, capture_output=True, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, SSH_AUTH_SOCK=sock, SSH_ASKPASS_REQUIRE="force", SSH_ASKPASS=askpass,
                                DISPLAY=":0"))
        r = self.act(a, "most", "2025-07-02T09:00", "comment", "--on", "art_1", "--text", "agent", key=False, env=env)
        self.assertExit(r, 0)
        # git's user.signingKey with gpg.format=ssh
        git(a, "config", "gpg.format", "ssh")
        git(a, "config", "user.signingKey", keygen("hanoi"))
        r = self.act(a, "hanoi", "2025-07-03T09:00", "comment", "--on", "art_2", "--text", "config", key=False)
        self.assertExit(r, 0)
        r = run("-C", a, "verify")
        self.assertExit(r, 0)
        self.assertIn("0 unsigned", r.out)
        self.assertExit(run("-C", a, "--now", "2025-07-04", "sync"), 0)

    # ---- the seed scenario, signed ----------------------------------------

    def test_seed_scenario_signed_passes_git_verify_commit(self):
        s = self.server
        steps = [
            ("most", "2025-07-03T09:15", "comment", "--on", "art_2__para_2", "--text", "Bổ sung dữ liệu IoT."),
            ("mof", "2025-07-10T10:30", "comment", "--on", "art_1", "--text", "Làm rõ nguồn kinh phí."),
            ("hanoi", "2025-07-15T16:45", "comment", "--on", "general", "--text", "Hà Nội đề nghị kết nối."),
            ("moc", "2025-07-28T08:00", "advance", "workshop"),
            ("vcci", "2025-07-30T10:00", "comment", "--on", "art_3", "--text", "Dữ liệu mở."),
            ("moc", "2025-08-01T08:00", "advance", "submission"),
            # the revision leaves their provisions as they were (the seed's guard accepted-taken-in)
            ("moc", "2025-08-04T09:00", "respond", "most-1", "--accept", "--reason", "Tiếp thu.",
             "--taken-otherwise", "Tại quy chế vận hành."),
            ("moc", "2025-08-04T09:10", "respond", "mof-1", "--partial", "--reason", "Một phần.",
             "--taken-otherwise", "Tại Tờ trình."),
            ("moc", "2025-08-04T09:20", "respond", "hanoi-1", "--note", "--reason", "Ghi nhận."),
            ("moc", "2025-08-04T09:30", "respond", "vcci-1", "--reject", "--reason", "Không phù hợp."),
            ("moc", "2025-08-05T09:00", "revise", self.draft),
            ("moc", "2025-08-12T09:00", "advance", "submitted"),
        ]
        for who, when, *args in steps:
            r = self.act(s, who, when, *args)
            self.assertExit(r, 0)
        r = run("-C", s, "verify")
        self.assertExit(r, 0)
        self.assertIn("signatures: 15 signed by their participant, 0 vouched for by a server, 0 unsigned", r.out)
        signers = self.signers_file(s)
        commits = git(s, "rev-list", "main").stdout.split()
        self.assertEqual(len(commits), 15)
        for c in commits:
            r = self.verify_commit(s, c, signers)
            self.assertEqual(r.returncode, 0, c + r.stderr)
            self.assertIn('Good "git" signature', r.stderr)
        r = git(s, "-c", "gpg.ssh.allowedSignersFile=" + signers, "log", "--format=%G? %GS %s", "main")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.strip().splitlines()
        self.assertEqual(len(lines), 15)
        self.assertTrue(all(l.startswith("G ") for l in lines), r.stdout)
        self.assertIn("G vanthu@hanoi.gov.vn hanoi comments", r.stdout)
        r = git(s, "-c", "gpg.ssh.allowedSignersFile=" + signers, "log", "--show-signature", "-1", "main")
        self.assertIn('Good "git" signature for vanban@moc.gov.vn', r.stdout + r.stderr)
        # plain git rejects a forged one: most's comment signed again by mallory
        a = self.clone("a")
        forged = resign(a, commits[-4], keygen("mallory"))
        self.assertNotEqual(self.verify_commit(a, forged, signers).returncode, 0)

    def test_optional_dossier_signs_when_a_key_is_at_hand(self):
        wf = signed_workflow(self.path("optional.yaml"), required=False)
        d = self.path("opt")
        self.assertExit(self.act(d, "moc", "2025-06-20T09:00", "init", d, "--workflow", wf, key=False,
                                 cwd=self.tmp), 0)
        self.assertExit(self.act(d, "moc", "2025-06-25T10:00", "revise", self.draft), 0)
        r = run("-C", d, "verify")
        self.assertExit(r, 0)
        self.assertIn("1 signed by their participant, 0 vouched for by a server, 1 unsigned", r.out)
        # a key that is not the actor's is refused when asked for explicitly
        r = self.act(d, "moc", "2025-06-26T10:00", "advance", "member-comment", key="most")
        self.assertExit(r, 3)
        # the seed workflow without keys: nothing changes
        plain = self.path("plain")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", plain, "--workflow", WF), 0)
        self.assertEqual(git(plain, "cat-file", "commit", "main").stdout.count("gpgsig"), 0)
        self.assertIn("0 signed by their participant, 0 vouched for by a server, 1 unsigned",
                      run("-C", plain, "verify").out)


def tearDownModule():
    shutil.rmtree(KEYDIR, ignore_errors=True)


if __name__ == "__main__":
    import unittest
    unittest.main()
