"""`dossier serve` signs for the accounts signed in to it (issue 17,
docs/signatures.md, "The web server"): with the server's own key, one of
the workflow's `vouchers`, and trailers naming the account and how it
signed in. `verify` counts such events apart from those signed by the
participant's own key, and plain git verifies both with `dossier signers`.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import webtest  # noqa: E402
from webtest import DRAFT, PASSWORDS, check, git, run, tip  # noqa: E402
import test_signatures as ts  # noqa: E402


class VouchTest(webtest.WebCase):
    def setUp(self):
        super().setUp()
        self.wf = ts.signed_workflow(self.path("signed.yaml"), vouchers=("server",))
        self.d = self.path("decree.git")
        moc = {"DOSSIER_SIGNING_KEY": ts.keygen("moc")}
        check(run("--as", "moc", "--now", "2025-06-20T09:00", "init", self.d, "--bare", "--workflow", self.wf, env=moc))
        check(run("-C", self.d, "--as", "moc", "--now", "2025-06-25T10:00", "revise", DRAFT, env=moc))
        check(run("-C", self.d, "--as", "moc", "--now", "2025-06-26T08:00", "advance", "member-comment", env=moc))
        for a in ("most", "hanoi"):
            check(run("-C", self.d, "account", "add", a, "--password-stdin", input=PASSWORDS[a] + "\n"))

    def test_server_vouches_for_the_signed_in_account(self):
        s = self.serve(dossier=self.d, env={"DOSSIER_SIGNING_KEY": ts.keygen("server")})
        c = s.client()
        c.sign_in("most")
        r = c.post("/api/v1/comments", {"on": "art_1", "text": "Ý kiến qua trình duyệt."})
        self.assertEqual(r.status, 201, r)
        msg = git(self.d, "log", "-1", "--format=%B", "main")
        self.assertIn("Dossier-Account: most\n", msg)
        self.assertIn("Dossier-Signed-In: password\n", msg)
        self.assertIn("Dossier-Actor: most\n", msg)
        # and one by the member's own key, from the command line
        check(run("-C", self.d, "--as", "hanoi", "--now", "2025-07-03T10:00", "comment", "--on", "general",
                  "--text", "Ký bằng khóa riêng.", env={"DOSSIER_SIGNING_KEY": ts.keygen("hanoi")}))
        r = check(run("-C", self.d, "verify"))
        self.assertIn("4 signed by their participant, 1 vouched for by a server, 0 unsigned", r.out)
        lines = check(run("-C", self.d, "verify", "--signatures")).out.splitlines()
        self.assertEqual(len(lines), 7, lines)
        self.assertRegex(lines[3], r"^[0-9a-f]{12} comment most vouched SHA256:\S+ account most signed-in password$")
        self.assertRegex(lines[4], r"^[0-9a-f]{12} comment hanoi own SHA256:\S+$")
        self.assertRegex(lines[0], r"^[0-9a-f]{12} init moc own SHA256:")
        signers = self.write("allowed_signers", check(run("-C", self.d, "signers")).out)
        with open(signers) as f:
            self.assertIn('voucher namespaces="git" ssh-ed25519', f.read())
        out = git(self.d, "-c", "gpg.ssh.allowedSignersFile=" + signers, "log", "--format=%G? %GS %s", "main")
        lines = out.strip().splitlines()
        self.assertTrue(all(l.startswith("G ") for l in lines), out)
        self.assertTrue(lines[1].startswith("G voucher most comments"), out)
        self.assertTrue(lines[0].startswith("G vanthu@hanoi.gov.vn hanoi comments"), out)

    def test_a_server_key_the_workflow_does_not_list(self):
        # in a dossier that requires signatures, nothing is written
        before = tip(self.d)
        s = self.serve(dossier=self.d, env={"DOSSIER_SIGNING_KEY": ts.keygen("mallory")})
        c = s.client()
        c.sign_in("most")
        r = c.post("/api/v1/comments", {"on": "art_1", "text": "x"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json()["code"], "unsigned")
        self.assertEqual(tip(self.d), before)
        # without a key at all, neither
        s2 = self.serve(dossier=self.d)
        c2 = s2.client()
        c2.sign_in("hanoi")
        r = c2.post("/api/v1/comments", {"on": "art_1", "text": "x"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(tip(self.d), before)

    def test_vouching_trailer_without_the_voucher_key_is_flagged(self):
        # a commit claiming the server vouched, signed by the member's key: the
        # member's own signature counts; one signed by the server's key
        # without naming the account is a wrong signer
        s = self.serve(dossier=self.d, env={"DOSSIER_SIGNING_KEY": ts.keygen("server")})
        c = s.client()
        c.sign_in("most")
        self.assertEqual(c.post("/api/v1/comments", {"on": "art_1", "text": "y"}).status, 201)
        s.stop()
        forged = ts.resign(self.d, "main", ts.keygen("server"),
                           edit=lambda t: t.replace("Dossier-Account: most\n", ""))
        # re-signed after the edit, so that only the missing account is wrong
        forged = ts.resign(self.d, forged, ts.keygen("server"))
        git(self.d, "update-ref", "refs/heads/main", forged)
        r = run("-C", self.d, "verify")
        self.assertEqual(r.code, 1, r)
        self.assertIn("without naming the account it vouches for [wrong-signer]", r.err)


if __name__ == "__main__":
    webtest.main()
