"""Behind a real git server (issue 20): members clone and sync over HTTPS
with their own accounts, and the server's hook knows who pushed.

The test starts its own Apache httpd (Debian apache2, its own configuration
in the test's directory: tests/server/servers.py) on 127.0.0.1, with
git-http-backend serving bare dossiers whose pre-receive hook is `dossier
hook pre-receive`, basic authentication from an htpasswd file (one account
per participant, and a reader account that may fetch but not push), and
TLS from a CA made in the test:

- port `name`: a certificate for the DNS name localhost;
- port `ip`: a certificate for the IP address 127.0.0.1 only (its CN is
  another name);
- port `stranger`: a certificate for localhost from another CA.

Each member is a user of their own (HOME, ~/.gitconfig, git's credential
store) in an environment cleared of every CA setting, so that the CA is
trusted only the way a test gives it. The server's clock is DOSSIER_NOW in
the hook script. Apache is stopped at the end, and when the test fails.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import clitest  # noqa: E402
import servers  # noqa: E402

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
DRAFT = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
PASSWORDS = {"moc": "moc-mat-khau-1", "most": "most-mat-khau-1", "hanoi": "hanoi-mat-khau-1",
             "luutru": "luutru-mat-khau-1"}
PARTICIPANTS = ["moc", "most", "hanoi"]
READER = "luutru"      # the archive: may clone, not a participant

# Everything in the environment that tells git, libgit2 or OpenSSL whom to
# trust, how to prompt or where its configuration is.
SCRUB = ("GIT_SSL_CAINFO", "GIT_SSL_CAPATH", "GIT_SSL_NO_VERIFY", "SSL_CERT_FILE", "SSL_CERT_DIR",
         "CURL_CA_BUNDLE", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM",
         "XDG_CONFIG_HOME", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "DOSSIER_DIR", "DOSSIER_AS",
         "DOSSIER_NOW", "GIT_DIR", "GIT_WORK_TREE")


def run(argv, env, cwd=None, timeout=120):
    p = subprocess.run([str(a) for a in argv], env=env, cwd=cwd, capture_output=True, text=True,
                       timeout=timeout)
    return clitest.Result(p)


class Member:
    """A participant (or the reader) on a machine of their own: HOME with
    ~/.gitconfig and git's credential store holding their password."""

    def __init__(self, test, who, password=None, gitconfig="", env=None):
        self.test = test
        self.who = who
        self.home = test.path("home-" + who)
        os.makedirs(self.home, exist_ok=True)
        with open(os.path.join(self.home, ".gitconfig"), "w") as f:
            f.write("[user]\n\tname = %s\n\temail = %s@example.org\n[credential]\n\thelper = store\n%s"
                    % (who, who, gitconfig))
        self.credentials = os.path.join(self.home, ".git-credentials")
        with open(self.credentials, "w") as f:
            for host in test.hosts():
                f.write("https://%s:%s@%s\n" % (who, password or PASSWORDS[who], host))
        os.chmod(self.credentials, 0o600)
        e = {k: v for k, v in os.environ.items() if k not in SCRUB and not k.startswith("GIT_CONFIG_")}
        e.update({"HOME": self.home, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1",
                  "NO_COLOR": "1", "LC_ALL": "C.UTF-8"})
        e.update(env or {})
        self.env = e

    def dossier(self, *args, cwd=None):
        return run([clitest.BIN] + list(args), self.env, cwd=cwd)

    def git(self, *args, cwd=None):
        return run(["git"] + list(args), self.env, cwd=cwd)

    def stored_credentials(self):
        with open(self.credentials) as f:
            return f.read()


class GitHttpCase(clitest.TestCase):
    """One Apache for the class; a new served dossier for every test."""

    @classmethod
    def setUpClass(cls):
        servers.stop_on_sigterm()
        cls.root = tempfile.mkdtemp(prefix="dossier-https-")
        cls.addClassCleanup(shutil.rmtree, cls.root, ignore_errors=True)
        os.chmod(cls.root, 0o755)   # the server's user reaches the repositories
        cls.hook_bin = servers.reachable_binary(clitest.BIN, os.path.join(cls.root, "bin"))
        cls.ca = servers.CA(os.path.join(cls.root, "ca"))
        cls.stranger_ca = servers.CA(os.path.join(cls.root, "stranger-ca"), name="Another CA")
        certs = [cls.ca.issue("localhost", "DNS:localhost"),
                 cls.ca.issue("ip", "IP:127.0.0.1", cn="git.moc.example"),
                 cls.stranger_ca.issue("localhost", "DNS:localhost")]
        cls.project_root = os.path.join(cls.root, "srv")
        os.makedirs(cls.project_root)
        servers.give_to_server(cls.project_root)
        cls.htpasswd = os.path.join(cls.root, "htpasswd")
        servers.htpasswd(cls.htpasswd, PASSWORDS)
        apache_dir = os.path.join(cls.root, "apache")
        os.makedirs(apache_dir)
        cls.apache = servers.Apache(apache_dir, cls.project_root, cls.htpasswd, certs, PARTICIPANTS)
        cls.addClassCleanup(cls.apache.stop)
        cls.apache.start()
        cls.port, cls.ip_port, cls.stranger_port = cls.apache.ports

    def setUp(self):
        super().setUp()
        os.chmod(self.tmp, 0o755)
        self.name = self._testMethodName.replace("_", "-") + ".git"
        self.server = os.path.join(self.project_root, self.name)
        r = clitest.run("--as", "moc", "--now", "2025-06-20T09:00", "init", "--bare", self.server, "--workflow", WF)
        self.assertExit(r, 0)
        self.assertExit(clitest.run("-C", self.server, "--as", "moc", "--now", "2025-06-25T10:00",
                                    "revise", DRAFT), 0)
        self.assertExit(clitest.run("-C", self.server, "--as", "moc", "--now", "2025-06-26T08:00",
                                    "advance", "member-comment"), 0)
        self.set_server_clock("2025-07-20T10:00")
        servers.give_to_server(self.server)
        self.url = "https://localhost:%d/%s" % (self.port, self.name)
        self.ip_url = "https://127.0.0.1:%d/%s" % (self.ip_port, self.name)
        self.stranger_url = "https://localhost:%d/%s" % (self.stranger_port, self.name)

    def tearDown(self):
        shutil.rmtree(self.server, ignore_errors=True)
        super().tearDown()

    def hosts(self):
        return ["localhost:%d" % self.port, "127.0.0.1:%d" % self.ip_port,
                "localhost:%d" % self.stranger_port, "127.0.0.1:%d" % self.port]

    def set_server_clock(self, now):
        hook = os.path.join(self.server, "hooks", "pre-receive")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nDOSSIER_NOW='%s'\nexport DOSSIER_NOW\nexec '%s' hook pre-receive\n"
                    % (now, self.hook_bin))
        os.chmod(hook, 0o755)

    def member(self, who, **kw):
        """A member who trusts the ministry's CA through ~/.gitconfig."""
        kw.setdefault("gitconfig", "[http]\n\tsslCAInfo = %s\n" % self.ca.cert)
        return Member(self, who, **kw)

    def server_git(self, *args):
        p = subprocess.run(["git", "-c", "safe.directory=*", "-C", self.server] + list(args),
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def server_log(self):
        return self.server_git("log", "--format=%an|%s", "main").strip().splitlines()

    def assertFsck(self):
        self.server_git("fsck", "--no-progress", "--strict")

    def git_commit_as(self, m, repo, author, text):
        """A comment made with dossier in m's clone, then checked with git."""
        r = m.dossier("-C", repo, "--as", author, "--now", "2025-07-01T10:00", "comment", "--on", "art_1",
                      "--text", text)
        self.assertExit(r, 0)


class ApacheGitTest(GitHttpCase):
    """What plain git shows through the same server: the account reaches
    the hook as REMOTE_USER, readers fetch and cannot push."""

    def test_remote_user_reaches_the_hook(self):
        most = self.member("most")
        repo = self.path("most")
        self.assertEqual(most.git("clone", "-q", self.url, repo).code, 0)
        self.git_commit_as(most, repo, "hanoi", "signed by hanoi, pushed by most")
        r = most.git("-C", repo, "push", "origin", "main")
        self.assertNotEqual(r.code, 0, repr(r))
        self.assertRegex(r.err, r"remote: .*the comment event is by 'hanoi', but the push was authenticated "
                                r"as 'most' \(REMOTE_USER\).*\[not-the-pusher\]")
        self.assertEqual(len(self.server_log()), 3)
        hanoi = self.member("hanoi")
        r = hanoi.git("-C", repo, "push", "origin", "main")
        self.assertEqual(r.code, 0, repr(r))
        self.assertEqual(len(self.server_log()), 4)
        self.assertIn("hanoi comment", self.server_log()[0])
        self.assertFsck()

    def test_reader_clones_with_git_and_cannot_push(self):
        reader = self.member(READER)
        repo = self.path("archive")
        r = reader.git("clone", "-q", self.url, repo)
        self.assertEqual(r.code, 0, repr(r))
        self.assertExit(reader.dossier("-C", repo, "verify"), 0)
        self.git_commit_as(reader, repo, "most", "the archive may not push")
        r = reader.git("-C", repo, "push", "origin", "main")
        self.assertNotEqual(r.code, 0, repr(r))
        self.assertIn("403", r.err)
        self.assertIn("luutru:", reader.stored_credentials())   # a 403 is not a wrong password
        self.assertEqual(len(self.server_log()), 3)
        self.assertFsck()

    def test_a_mirror_is_a_backup_that_verifies(self):
        most = self.member("most")
        repo = self.path("most")
        self.assertEqual(most.git("clone", "-q", self.url, repo).code, 0)
        self.git_commit_as(most, repo, "most", "before the backup")
        self.assertEqual(most.git("-C", repo, "push", "-q", "origin", "main").code, 0)
        reader = self.member(READER)
        backup = self.path("backup.git")
        self.assertEqual(reader.git("clone", "-q", "--mirror", self.url, backup).code, 0)
        self.assertExit(reader.dossier("-C", backup, "verify"), 0)
        self.assertEqual(reader.git("-C", backup, "fsck", "--strict", "--no-progress").code, 0)
        self.assertEqual(reader.git("-C", backup, "rev-parse", "main", "v1").out,
                         self.server_git("rev-parse", "main", "v1"))
        # the next night's backup brings the new events
        self.git_commit_as(most, repo, "most", "after the backup")
        self.assertEqual(most.git("-C", repo, "push", "-q", "origin", "main").code, 0)
        self.assertEqual(reader.git("-C", backup, "remote", "update", "--prune").code, 0)
        self.assertExit(reader.dossier("-C", backup, "verify"), 0)
        self.assertEqual(reader.git("-C", backup, "rev-parse", "main").out, self.server_git("rev-parse", "main"))
        r = reader.dossier("-C", backup, "comments", "--json")
        self.assertEqual([c["text"] for c in r.json()["comments"]], ["before the backup", "after the backup"])


class MemberSyncTest(GitHttpCase):
    """dossier clone and sync over HTTPS with the member's own account."""

    def clone(self, m, url=None, name=None):
        d = self.path(name or m.who)
        r = m.dossier("clone", url or self.url, d)
        self.assertExit(r, 0)
        return d

    def comment(self, m, repo, when, text, who=None):
        r = m.dossier("-C", repo, "--as", who or m.who, "--now", when, "comment", "--on", "art_1", "--text", text)
        self.assertExit(r, 0)

    def test_members_clone_by_name_and_by_address_and_sync(self):
        most = self.member("most")
        a = self.clone(most)
        self.assertExit(most.dossier("-C", a, "verify"), 0)
        self.comment(most, a, "2025-07-01T10:00", "Qua máy chủ git của Bộ.")
        r = most.dossier("-C", a, "sync")
        self.assertExit(r, 0)
        self.assertIn("most comment", self.server_log()[0])
        # the helper was told the password worked, and keeps it
        self.assertIn("https://most:%s@localhost" % PASSWORDS["most"], most.stored_credentials())
        # hanoi reaches the server by its address, whose certificate names
        # the address only
        hanoi = self.member("hanoi")
        b = self.clone(hanoi, self.ip_url)
        self.assertEqual([c["text"] for c in json_out(hanoi.dossier("-C", b, "comments", "--json"))["comments"]],
                         ["Qua máy chủ git của Bộ."])
        self.comment(hanoi, b, "2025-07-02T10:00", "Từ Hà Nội, theo địa chỉ IP.")
        self.assertExit(hanoi.dossier("-C", b, "sync"), 0)
        self.assertExit(most.dossier("-C", a, "sync"), 0)
        self.assertEqual(len(json_out(most.dossier("-C", a, "comments", "--json"))["comments"]), 2)
        self.assertEqual(most.git("-C", a, "rev-parse", "main").out, self.server_git("rev-parse", "main"))
        self.assertExit(most.dossier("-C", a, "verify"), 0)
        # who authenticated is the account Apache gave the hook
        users = [line.split()[1] for line in self.apache.access_lines() if "git-receive-pack HTTP" in line
                 and line.split()[-2] == "200" and self.name in line]
        self.assertEqual(sorted(set(users)), ["hanoi", "most"])
        self.assertEqual(users, sorted(users, key=["most", "hanoi"].index))
        self.assertFsck()

    def test_the_ca_is_trusted_the_way_git_takes_it(self):
        cadir = self.ca.hashed_dir(self.path("cadir"))
        url_cfg = "[http \"https://localhost:%d\"]\n\tsslCAInfo = %s\n" % (self.port, self.ca.cert)
        ways = [
            ("http.sslCAInfo", "[http]\n\tsslCAInfo = %s\n" % self.ca.cert, {}, True),
            ("http.sslCAPath", "[http]\n\tsslCAPath = %s\n" % cadir, {}, True),
            ("http.<url>.sslCAInfo", url_cfg, {}, True),
            ("GIT_SSL_CAINFO", "", {"GIT_SSL_CAINFO": self.ca.cert}, True),
            ("GIT_SSL_CAPATH", "", {"GIT_SSL_CAPATH": cadir}, True),
            # OpenSSL's variables: Debian's git (curl with GnuTLS) does not
            # read them, libgit2 built with OpenSSL does, and so do we
            ("SSL_CERT_FILE", "", {"SSL_CERT_FILE": self.ca.cert}, False),
            ("SSL_CERT_DIR", "", {"SSL_CERT_DIR": cadir}, False),
        ]
        for i, (what, cfg, env, git_too) in enumerate(ways):
            with self.subTest(what):
                m = Member(self, "most", gitconfig=cfg, env=env)
                for j, url in enumerate([self.url, self.ip_url]):
                    if what == "http.<url>.sslCAInfo" and j:
                        continue
                    r = m.dossier("clone", "--bare", url, self.path("c%d-%d.git" % (i, j)))
                    self.assertExit(r, 0)
                    if git_too:
                        self.assertEqual(m.git("ls-remote", url).code, 0, what)
        # the environment wins over the configuration, as in git
        m = Member(self, "most", gitconfig="[http]\n\tsslCAInfo = %s\n" % self.ca.cert,
                   env={"GIT_SSL_CAINFO": self.stranger_ca.cert})
        r = m.dossier("clone", "--bare", self.url, self.path("env-wins.git"))
        self.assertExit(r, 1)
        self.assertNotEqual(m.git("ls-remote", self.url).code, 0)
        # an http.<url> setting for another server does not apply
        m = Member(self, "most", gitconfig="[http \"https://localhost:%d\"]\n\tsslCAInfo = %s\n"
                   % (self.stranger_port, self.ca.cert))
        r = m.dossier("clone", "--bare", self.url, self.path("other-url.git"))
        self.assertExit(r, 1)
        # a CA file that is not there is named
        m = Member(self, "most", gitconfig="[http]\n\tsslCAInfo = %s\n" % self.path("missing.pem"))
        r = m.dossier("clone", "--bare", self.url, self.path("missing.git"))
        self.assertExit(r, 1)
        self.assertIn("cannot read the CA file '%s' (http.sslCAInfo)" % self.path("missing.pem"), r.err)

    def test_a_certificate_not_trusted_or_for_another_name_is_refused(self):
        nobody = Member(self, "most")   # trusts no CA of the test
        r = nobody.dossier("clone", self.url, self.path("a"))
        self.assertExit(r, 1)
        self.assertRegex(r.err, r"error: cannot clone '%s': the TLS certificate of 'localhost' is not trusted: "
                                r"unable to get local issuer certificate \(trusted: the system's CA certificates\)"
                         % self.url)
        self.assertIn("hint: give git the CA that signed the server's certificate", r.err)
        self.assertNotEqual(nobody.git("ls-remote", self.url).code, 0)
        most = self.member("most")
        # a certificate for localhost, reached by its address
        wrong_name = "https://127.0.0.1:%d/%s" % (self.port, self.name)
        r = most.dossier("clone", wrong_name, self.path("b"))
        self.assertExit(r, 1)
        self.assertIn("the TLS certificate of '127.0.0.1' is not trusted: IP address mismatch", r.err)
        self.assertIn("hint: the certificate names another server", r.err)
        self.assertNotEqual(most.git("ls-remote", wrong_name).code, 0)
        # a certificate for the address only, reached by the name
        r = most.dossier("clone", "https://localhost:%d/%s" % (self.ip_port, self.name), self.path("c"))
        self.assertExit(r, 1)
        self.assertIn("hostname mismatch", r.err)
        # the right name, from another CA
        r = most.dossier("clone", self.stranger_url, self.path("d"))
        self.assertExit(r, 1)
        self.assertIn("unable to get local issuer certificate", r.err)
        self.assertNotEqual(most.git("ls-remote", self.stranger_url).code, 0)
        # verification turned off, as git allows it
        for cfg, env in [("[http]\n\tsslVerify = false\n", {}), ("", {"GIT_SSL_NO_VERIFY": "1"})]:
            m = Member(self, "most", gitconfig=cfg, env=env)
            self.assertExit(m.dossier("clone", "--bare", self.stranger_url, self.path("nv%d.git" % len(env))), 0)
            self.assertEqual(m.git("ls-remote", self.stranger_url).code, 0)

    def test_a_sync_that_pushes_asks_the_helpers_once(self):
        # a helper before git's store that logs what it is asked: a sync
        # fetches, then pushes with the credentials the fetch was given and
        # the server took, as one `git push` asks once and approves once
        log = self.path("helper.log")
        helper = "!f() { echo $1 >> '%s'; }; f" % log
        most = self.member("most", gitconfig="[http]\n\tsslCAInfo = %s\n[credential]\n\thelper =\n"
                           "\thelper = \"%s\"\n\thelper = store\n" % (self.ca.cert, helper))
        a = self.clone(most)
        self.comment(most, a, "2025-07-01T10:00", "Một lần hỏi mật khẩu.")
        if os.path.exists(log):
            os.remove(log)
        self.assertExit(most.dossier("-C", a, "sync"), 0)
        self.assertIn("most comment", self.server_log()[0])
        with open(log) as f:
            self.assertEqual(f.read().split(), ["get", "store"])

    def test_wrong_credentials_fail_at_once(self):
        most = self.member("most")
        a = self.clone(most)
        self.comment(most, a, "2025-07-01T10:00", "một góp ý")
        wrong = self.member("most", password="not-the-password")
        before = len(self.apache.access_lines())
        r = wrong.dossier("-C", a, "sync")
        self.assertExit(r, 1)
        self.assertIn("error: cannot fetch from 'origin': authentication failed: the server refused the "
                      "password of 'most' from git's credential helpers (they were told to forget it)", r.err)
        self.assertIn("hint: run it again on a terminal to be asked for the password", r.err)
        # one request without credentials, one with the wrong ones, no more
        tried = self.apache.access_lines()[before:]
        self.assertEqual([line.split()[-2] for line in tried], ["401", "401"], tried)
        # git's credential store forgot the refused password, as git makes it
        self.assertNotIn("not-the-password@localhost:%d\n" % self.port, wrong.stored_credentials())
        self.assertIn("not-the-password@localhost:%d\n" % self.stranger_port, wrong.stored_credentials())
        # no credentials at all
        none = self.member("most")
        os.remove(none.credentials)
        r = none.dossier("clone", self.url, self.path("b"))
        self.assertExit(r, 1)
        self.assertIn("the server asks for a password, and git's credential helpers gave none", r.err)
        self.assertIn("hint: dossier takes passwords from git's credential helpers", r.err)
        self.assertEqual(len(self.server_log()), 3)

    def test_a_push_authored_as_another_participant_is_refused(self):
        most = self.member("most")
        a = self.clone(most)
        self.comment(most, a, "2025-07-01T10:00", "signed as hanoi", who="hanoi")
        before = most.git("-C", a, "rev-parse", "main").out
        r = most.dossier("-C", a, "sync")
        self.assertExit(r, 3)
        self.assertRegex(r.err, r"remote: .*the comment event is by 'hanoi', but the push was authenticated as "
                                r"'most' \(REMOTE_USER\); each participant pushes their own events "
                                r"\[not-the-pusher\]")
        self.assertEqual(most.git("-C", a, "rev-parse", "main").out, before)
        self.assertEqual(len(self.server_log()), 3)
        self.assertFsck()

    def test_a_late_comment_is_refused_by_the_servers_clock(self):
        most = self.member("most")
        a = self.clone(most)
        self.comment(most, a, "2025-07-25T10:00", "dated in time, received late")
        self.set_server_clock("2025-07-26T09:00")
        r = most.dossier("-C", a, "sync")
        self.assertExit(r, 3)
        self.assertRegex(r.err, r"remote: .*comment 'most-1' by most \(dated 2025-07-25T10:00:00\+07:00\) was "
                                r"received at 2025-07-26T09:00:00\+07:00, after the deadline "
                                r"2025-07-25T23:59:59\+07:00 of stage 'member-comment'")
        self.assertEqual(len(self.server_log()), 3)
        # the same comment, received before the deadline
        self.set_server_clock("2025-07-25T20:00")
        self.assertExit(most.dossier("-C", a, "sync"), 0)
        self.assertEqual(len(self.server_log()), 4)
        self.assertFsck()


class SignedSyncTest(GitHttpCase):
    """A dossier whose workflow requires signatures (issue 17), served over
    HTTPS: the member's signed events go through `dossier sync`, the hook
    checks each signature against the keys in force, and a forged one
    pushed with plain git is refused."""

    def setUp(self):
        import test_signatures as ts
        clitest.TestCase.setUp(self)
        os.chmod(self.tmp, 0o755)
        self.ts = ts
        self.name = self._testMethodName.replace("_", "-") + ".git"
        self.server = os.path.join(self.project_root, self.name)
        wf = ts.signed_workflow(self.path("signed.yaml"))
        moc = ["--signing-key", ts.keygen("moc"), "--as", "moc"]
        self.assertExit(clitest.run(*moc, "--now", "2025-06-20T09:00", "init", "--bare", self.server,
                                    "--workflow", wf), 0)
        self.assertExit(clitest.run("-C", self.server, *moc, "--now", "2025-06-25T10:00", "revise", DRAFT), 0)
        self.assertExit(clitest.run("-C", self.server, *moc, "--now", "2025-06-26T08:00",
                                    "advance", "member-comment"), 0)
        self.set_server_clock("2025-07-20T10:00")
        servers.give_to_server(self.server)
        self.url = "https://localhost:%d/%s" % (self.port, self.name)

    def test_a_signed_push_over_https(self):
        most = self.member("most")
        a = self.path("a")
        self.assertExit(most.dossier("clone", self.url, a), 0)
        r = most.dossier("-C", a, "--as", "most", "--now", "2025-07-01T10:00", "--signing-key",
                         self.ts.keygen("most"), "comment", "--on", "art_1", "--text", "Ký số, qua HTTPS.")
        self.assertExit(r, 0)
        # without a key the workflow refuses the action before anything is written
        r = most.dossier("-C", a, "--as", "most", "--now", "2025-07-01T11:00", "comment", "--on", "art_1",
                         "--text", "unsigned")
        self.assertExit(r, 3)
        r = most.dossier("-C", a, "sync")
        self.assertExit(r, 0)
        self.assertIn("1 sent", r.out)
        self.assertEqual(most.git("-C", a, "rev-parse", "main").out, self.server_git("rev-parse", "main"))
        # a fresh clone (which verifies) holds every signature
        b = self.path("b")
        self.assertExit(most.dossier("clone", self.url, b), 0)
        r = most.dossier("-C", b, "verify")
        self.assertExit(r, 0)
        self.assertIn("signatures: 4 signed by their participant, 0 vouched for by a server, 0 unsigned", r.out)
        # the same comment signed with another participant's key, pushed with git: the hook refuses it
        self.assertExit(most.dossier("-C", a, "--as", "most", "--now", "2025-07-02T10:00", "--signing-key",
                                     self.ts.keygen("most"), "comment", "--on", "art_2", "--text", "giả mạo"), 0)
        forged = self.ts.resign(a, "main", self.ts.keygen("hanoi"))
        self.assertEqual(most.git("-C", a, "update-ref", "refs/heads/main", forged).code, 0)
        before = self.server_git("rev-parse", "main")
        r = most.git("-C", a, "push", "origin", "main")
        self.assertNotEqual(r.code, 0, repr(r))
        self.assertRegex(r.err, r"remote: .*\[wrong-signer\]")
        self.assertIn("pre-receive hook declined", r.err)
        self.assertEqual(self.server_git("rev-parse", "main"), before)
        self.assertFsck()


def json_out(res):
    if res.code != 0:
        raise AssertionError(repr(res))
    return res.json()


if __name__ == "__main__":
    clitest.main()
