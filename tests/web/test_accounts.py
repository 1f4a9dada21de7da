"""`dossier account` (issue 16): the accounts participants sign in with.
The store is outside the dossier's tree (never cloned or pushed), mode
0600, holds yescrypt hashes and hashed tokens only; only participants of
the workflow get an account; passwords come from standard input or the
terminal and are never printed.
"""
import json
import os
import stat

import webtest
from webtest import check, run


class Accounts(webtest.WebCase):
    def setUp(self):
        super().setUp()
        self.d = webtest.make_dossier(self.path("d.git"), accounts=())
        self.store = os.path.join(self.d, "dossier", "accounts")

    def account(self, *args, password=None):
        return run("-C", self.d, "account", *args, input=None if password is None else password + "\n")

    def test_add_passwd_remove_list(self):
        self.assertEqual(self.account("list").out, "no accounts yet\nhint: 'dossier account add ID' creates one for a participant\n")
        res = self.account("add", "most", "--password-stdin", password="mat-khau-dai")
        self.assertEqual(res.code, 0, res)
        self.assertIn("added account 'most' (Bộ Khoa học và Công nghệ", res.out)
        self.assertNotIn("mat-khau-dai", res.out + res.err)
        st = os.stat(self.store)
        self.assertEqual(stat.S_IMODE(st.st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.store)).st_mode), 0o700)
        with open(self.store, encoding="utf-8") as f:
            data = json.load(f)
        self.assertTrue(data["accounts"]["most"]["password"].startswith("$y$"), data)
        self.assertNotIn("mat-khau-dai", json.dumps(data))
        # Twice is refused; a non-participant is refused; a short password is refused.
        res = self.account("add", "most", "--password-stdin", password="mat-khau-khac")
        self.assertEqual(res.code, 2, res)
        self.assertIn("already exists", res.err)
        res = self.account("add", "nobody", "--password-stdin", password="mat-khau-dai")
        self.assertEqual(res.code, 2, res)
        self.assertIn("'nobody' is not a participant", res.err)
        res = self.account("add", "hanoi", "--password-stdin", password="ngan")
        self.assertEqual(res.code, 2, res)
        self.assertIn("too short", res.err)
        res = self.account("add", "hanoi")
        self.assertEqual(res.code, 2, res)   # no terminal: say how
        self.assertIn("--password-stdin", res.err)
        # The password works for sign-in, then the new one only.
        srv = self.serve(dossier=self.d)
        c = srv.client()
        c.sign_in("most", "mat-khau-dai")
        self.assertEqual(c.get("/api/v1/status").status, 200)
        check(self.account("passwd", "most", "--password-stdin", password="mat-khau-moi-1"))
        self.assertEqual(c.get("/api/v1/status").status, 401)   # its sessions ended
        self.assertEqual(c.post("/api/v1/session", {"participant": "most", "password": "mat-khau-dai"}).status, 401)
        c.sign_in("most", "mat-khau-moi-1")
        res = self.account("passwd", "hanoi", "--password-stdin", password="mat-khau-dai")
        self.assertEqual(res.code, 2, res)
        listing = check(self.account("list", "--json")).json()["accounts"]
        self.assertEqual([(a["id"], a["password"], a["sessions"]) for a in listing], [("most", True, 1)])
        self.assertIn("most", check(self.account("list")).out)
        check(self.account("remove", "most"))
        self.assertEqual(c.get("/api/v1/status").status, 401)
        self.assertEqual(self.account("remove", "most").code, 2)
        self.assertEqual(check(self.account("list", "--json")).json()["accounts"], [])
        self.assertEqual(self.account("frobnicate", "most").code, 2)

    def test_never_cloned_pushed_or_in_the_tree(self):
        check(self.account("add", "most", "--password-stdin", password="mat-khau-dai"))
        self.assertNotIn("accounts", webtest.git(self.d, "ls-tree", "-r", "--name-only", "main"))
        clone = self.path("clone.git")
        check(run("clone", self.d, clone, "--bare"))
        self.assertFalse(os.path.exists(os.path.join(clone, "dossier")))
        check(run("-C", self.d, "verify"))
        webtest.git(self.d, "fsck", "--strict", "--no-progress")

    def test_tokens(self):
        check(self.account("add", "most", "--password-stdin", password="mat-khau-dai"))
        res = check(self.account("token", "most", "--label", "phần mềm văn thư"))
        token = res.out.strip()
        self.assertIn("shown only now", res.err)
        self.assertEqual(self.account("token", "hanoi").code, 2)   # a participant without an account
        with open(self.store, encoding="utf-8") as f:
            self.assertNotIn(token.split(".")[1], f.read())
        second = check(self.account("token", "most")).out.strip()
        listing = check(self.account("list", "--json")).json()["accounts"][0]
        self.assertEqual(len(listing["tokens"]), 2)
        self.assertEqual(listing["tokens"][0]["label"] or listing["tokens"][1]["label"], "phần mềm văn thư")
        srv = self.serve(dossier=self.d)
        c = srv.client()
        for t in (token, second):
            self.assertEqual(c.get("/api/v1/status", headers={"Authorization": "Bearer " + t}).status, 200)
        self.assertEqual(self.account("token", "most", "--revoke", "ffffffff").code, 2)
        check(self.account("token", "most", "--revoke", "all"))
        for t in (token, second):
            self.assertEqual(c.get("/api/v1/status", headers={"Authorization": "Bearer " + t}).status, 401)


if __name__ == "__main__":
    webtest.main()
