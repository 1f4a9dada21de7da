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
                    % (now, clitest.BIN))
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


if __name__ == "__main__":
    clitest.main()
