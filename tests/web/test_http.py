"""`dossier serve` over real HTTP (issue 16): the JSON API against the
command line's JSON, sign-in, sessions and tokens, CSRF, the trusted proxy
header, the error JSON and its statuses, escaping, and the requests that
must be refused with nothing written (path traversal, malformed JSON,
invalid UTF-8, a 20 MB body, a member advancing).
"""
import json
import os
import subprocess
import urllib.parse

import webtest
from webtest import NOW, PASSWORDS, check, run, tip


class Http(webtest.WebCase):
    def setUp(self):
        super().setUp()
        self.d = webtest.make_dossier(self.path("d.git"))
        self.srv = self.serve(dossier=self.d)

    def signed_in(self, who="most"):
        c = self.srv.client()
        c.sign_in(who)
        return c

    # ---- sign-in and sessions -------------------------------------------------

    def test_every_endpoint_needs_a_session(self):
        c = self.srv.client()
        endpoints = [("GET", "/api/v1/status"), ("GET", "/api/v1/comments"), ("GET", "/api/v1/comments/most-1"),
                     ("POST", "/api/v1/comments"), ("POST", "/api/v1/comments/most-1/response"),
                     ("POST", "/api/v1/responses"), ("POST", "/api/v1/advance"), ("GET", "/api/v1/revisions"),
                     ("GET", "/api/v1/revisions/v1"), ("GET", "/api/v1/diff"), ("GET", "/api/v1/report"),
                     ("GET", "/api/v1/consolidated"), ("GET", "/api/v1/log"), ("GET", "/api/v1/session"),
                     ("DELETE", "/api/v1/session"), ("GET", "/api/v1/nothing")]
        before = tip(self.d)
        for method, path in endpoints:
            body = {"on": "art_1", "text": "x", "stage": "workshop", "disposition": "accept"} \
                if method == "POST" else None
            r = c.request(method, path, json_body=body)
            self.assertEqual(r.status, 401, "%s %s: %r" % (method, path, r))
            self.assertIn(r.json()["code"], ("not-signed-in",), path)
            self.assertEqual(r.headers["Content-Type"], "application/json; charset=utf-8")
        # A wrong token or a made-up cookie is no better.
        r = c.get("/api/v1/status", headers={"Authorization": "Bearer 00000000." + "0" * 64})
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.json()["code"], "bad-token")
        r = c.get("/api/v1/status", headers={"Cookie": "dossier_session=" + "a" * 64})
        self.assertEqual(r.status, 401, r)
        # The pages send the browser to the sign-in page.
        r = c.get("/draft")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["Location"], "/signin?next=%2Fdraft")
        self.assertEqual(tip(self.d), before)

    def test_sign_in_session_cookie_and_sign_out(self):
        c = self.srv.client()
        r = c.post("/api/v1/session", {"participant": "most", "password": "wrong password"})
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.json()["code"], "bad-credentials")
        self.assertEqual(r.cookies(), [])
        # By e-mail (any case), as people type it.
        r = c.post("/api/v1/session", {"participant": "VanThu@most.gov.vn", "password": PASSWORDS["most"]})
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body["participant"], "most")
        self.assertRegex(body["csrf"], r"^[0-9a-f]{64}$")
        cookie = r.cookies()[0]
        self.assertRegex(cookie, r"^dossier_session=[0-9a-f]{64}; ")
        for attr in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="):
            self.assertIn(attr, cookie)
        self.assertNotIn("Secure", cookie)   # plain HTTP, no proxy saying otherwise
        first = c.cookies["dossier_session"]
        self.assertEqual(c.get("/api/v1/session").json()["participant"], "most")
        # Signing in again gives a new session, and ends the old one.
        c.csrf = body["csrf"]
        c.sign_in("most")
        self.assertNotEqual(c.cookies["dossier_session"], first)
        r = c.get("/api/v1/status", headers={"Cookie": "dossier_session=" + first}, cookies=False)
        self.assertEqual(r.status, 401)
        # The store keeps only hashes, never the token or the password.
        with open(os.path.join(self.d, "dossier", "accounts"), encoding="utf-8") as f:
            store = f.read()
        self.assertNotIn(c.cookies["dossier_session"], store)
        self.assertNotIn(PASSWORDS["most"], store)
        self.assertEqual(os.stat(os.path.join(self.d, "dossier", "accounts")).st_mode & 0o777, 0o600)
        # Sign-out without the CSRF token is refused; with it, the session ends.
        saved = c.csrf
        c.csrf = None
        self.assertEqual(c.request("DELETE", "/api/v1/session").status, 403)
        c.csrf = saved
        kept = c.cookies["dossier_session"]
        r = c.request("DELETE", "/api/v1/session")
        self.assertEqual(r.status, 204, r)
        self.assertIn("Max-Age=0", r.cookies()[0])
        r = c.get("/api/v1/status", headers={"Cookie": "dossier_session=" + kept}, cookies=False)
        self.assertEqual(r.status, 401)

    def test_failed_sign_ins_are_slowed_down(self):
        c = self.srv.client()
        statuses = []
        for i in range(5):
            r = c.post("/api/v1/session", {"participant": "hanoi", "password": "guess %d" % i})
            statuses.append(r.status)
        self.assertEqual(statuses, [401] * 5)
        # From now on each attempt must wait, and hammering makes the wait longer.
        for i in range(20):
            r = c.post("/api/v1/session", {"participant": "hanoi", "password": "again %d" % i})
            if r.status == 429 and int(r.headers["Retry-After"]) >= 30:
                break
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.json()["code"], "too-many-attempts")
        # Even the right password waits: it is not even checked.
        r = c.post("/api/v1/session", {"participant": "hanoi", "password": PASSWORDS["hanoi"]})
        self.assertEqual(r.status, 429, r)
        # The address is slowed down too: another account signing in from it waits as well.
        r = c.post("/api/v1/session", {"participant": "most", "password": PASSWORDS["most"]})
        self.assertEqual(r.status, 429, r)

    def test_secure_cookie_behind_a_proxy_that_says_https(self):
        srv = self.serve("--trust-header", "X-Remote-User", "--trusted-proxy", "127.0.0.1", dossier=self.d)
        c = srv.client()
        r = c.post("/api/v1/session", {"participant": "most", "password": PASSWORDS["most"]},
                   headers={"X-Forwarded-Proto": "https"})
        self.assertEqual(r.status, 200, r)
        self.assertIn("; Secure", r.cookies()[0])

    def test_https(self):
        cert, key = self.path("cert.pem"), self.path("key.pem")
        p = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                            "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert], capture_output=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        srv = self.serve("--tls-cert", cert, "--tls-key", key, dossier=self.d)
        self.assertEqual(srv.scheme, "https")
        c = srv.client()
        r = c.sign_in("most")
        self.assertIn("; Secure", r.cookies()[0])
        self.assertEqual(c.get("/api/v1/status").status, 200)
        self.assertEqual(run("-C", self.d, "serve", "--tls-cert", cert).code, 2)
        res = run("-C", self.d, "serve", "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", cert)
        self.assertEqual(res.code, 1, res)   # not a key: it does not start

    # ---- the same JSON as the command line -----------------------------------

    def test_reading_gives_the_command_lines_json(self):
        check(run("-C", self.d, "--as", "hanoi", "--now", "2025-07-02T10:00", "comment", "--on", "art_9__para_1",
                  "--text", "Hà Nội đề nghị bổ sung."))
        c = self.signed_in()
        r = c.post("/api/v1/comments", {"on": "art_5__para_2", "text": "Đề nghị làm rõ nguồn vốn.",
                                        "propose": "2. Đề án gồm các nội dung sau:"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["id"], "most-1")
        self.assertEqual(r.headers["Location"], "/api/v1/comments/most-1")
        cli = lambda *a: check(run("-C", self.d, "--now", NOW, *a)).json()  # noqa: E731
        self.assertEqual(c.get("/api/v1/status").json(), cli("status", "--json"))
        self.assertEqual(c.get("/api/v1/comments").json(), cli("comments", "--json"))
        self.assertEqual(c.get("/api/v1/log").json(), cli("log", "--json"))
        self.assertEqual(c.get("/api/v1/comments?by=hanoi").json(), cli("comments", "--json", "--by", "hanoi"))
        self.assertEqual(c.get("/api/v1/comments?open=true").json(), cli("comments", "--json", "--open"))
        self.assertEqual(c.get("/api/v1/comments?revision=v1").json(), cli("comments", "--json", "--revision", "v1"))
        on = c.get("/api/v1/comments?on=art_5__para_2").json()["comments"]
        self.assertEqual([x["id"] for x in on], ["most-1"])
        # a citation names the same provision, as on the command line (issue 13)
        on = c.get("/api/v1/comments?on=" + urllib.parse.quote("khoản 2 Điều 5")).json()["comments"]
        self.assertEqual([x["id"] for x in on], ["most-1"])
        bad = c.get("/api/v1/comments?on=" + urllib.parse.quote("Điều 5 khoản 9"))
        self.assertEqual((bad.status, bad.json()["code"], bad.json()["field"]), (400, "unknown-provision", "on"))
        self.assertIn("'Điều 5 khoản", bad.json()["hint"])
        # one comment: the object of the list, the format first
        one = dict({"format": "dossier/1"}, **cli("comments", "--json", "--by", "most")["comments"][0])
        self.assertEqual(c.get("/api/v1/comments/most-1").json(), one)
        self.assertEqual(r.json(), one)
        self.assertEqual(list(one)[0], "format")
        revs = c.get("/api/v1/revisions").json()["revisions"]
        self.assertEqual([(v["revision"], v["by"], v["message"]) for v in revs], [("v1", "moc", "Dự thảo lần 1")])
        # The commit is the command line's: authored by the member, with its trailers.
        log = webtest.git(self.d, "log", "-1", "--format=%an%n%ae%n%B")
        self.assertIn("vanthu@most.gov.vn", log)
        self.assertIn("Dossier-Event: comment", log)
        self.assertIn("Dossier-Actor: most", log)
        self.assertIn("Dossier-Id: most-1", log)

    def test_documents(self):
        c = self.signed_in("moc")
        akn = c.get("/api/v1/revisions/v1?format=akn")
        self.assertEqual(akn.status, 200, akn)
        self.assertTrue(akn.headers["Content-Type"].startswith("application/akn+xml"))
        self.assertIn(b"art_5__para_2", akn.body)
        stored = webtest.git(self.d, "show", "main:revisions/v1.xml")
        self.assertEqual(akn.text, stored)
        text = c.get("/api/v1/revisions/v1?format=text")
        self.assertIn("Điều 5.", text.text)
        html = c.get("/api/v1/revisions/v1?format=html&download=1")
        self.assertIn("<html", html.text)
        self.assertEqual(html.headers["Content-Disposition"], 'attachment; filename="du-thao-v1.html"')
        # The template's inline style is allowed by its hash, nothing else.
        self.assertRegex(html.headers["Content-Security-Policy"], r"style-src 'self' 'sha256-[A-Za-z0-9+/=]+'")
        self.assertEqual(c.get("/api/v1/revisions/v7").status, 404)
        r = c.get("/api/v1/diff")
        self.assertEqual(r.status, 404, r)   # one revision: nothing to compare
        before_v2 = c.get("/draft").text
        check(run("-C", self.d, "--as", "moc", "--now", "2025-07-01T10:00", "revise", webtest.DRAFT2))
        after_v2 = c.get("/draft").text
        self.assertIn("Dự thảo v1", before_v2)
        self.assertIn("Dự thảo v2", after_v2)
        self.assertEqual(c.get("/draft?revision=v1").text.count("data-eid="), before_v2.count("data-eid="))
        diff = c.get("/api/v1/diff?from=v1&to=v2")
        self.assertEqual(diff.status, 200, diff)
        cli = check(run("-C", self.d, "diff", "v1", "v2", "--format", "json")).json()
        self.assertEqual(diff.json(), cli)
        self.assertIn("Bảng so sánh", c.get("/api/v1/diff?format=html").text)
        for fmt, needle in (("akn", "<akomaNtoso"), ("html", "<table"), ("csv", "\ufeff")):
            r = c.get("/api/v1/report?format=" + fmt)
            self.assertEqual(r.status, 200, r)
            self.assertIn(needle, r.text)
        self.assertEqual(c.get("/api/v1/report?format=csv").body,
                         subprocess.run([webtest.BIN, "-C", self.d, "report", "--format", "csv"],
                                        capture_output=True).stdout)
        for fmt in ("akn", "html"):
            self.assertEqual(c.get("/api/v1/consolidated?format=" + fmt).status, 200)
        self.assertEqual(c.get("/api/v1/report?format=pdf").status, 400)

    # ---- actions and their errors ----------------------------------------------

    def test_a_members_advance_is_refused_and_writes_nothing(self):
        c = self.signed_in("most")
        before = tip(self.d)
        r = c.post("/api/v1/advance", {"stage": "workshop"})
        self.assertEqual(r.status, 403, r)
        body = r.json()
        self.assertEqual(body["code"], "role-not-allowed")
        self.assertIn("may not advance", body["error"])
        self.assertIn("moc", body["hint"])
        self.assertEqual(tip(self.d), before)
        # The drafter too, while the guard does not hold: 403 with what would allow it.
        d = self.signed_in("moc")
        r = d.post("/api/v1/advance", {"stage": "workshop"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json()["code"], "guard-unmet")
        self.assertIn("hint", r.json())
        r = d.post("/api/v1/advance", {"stage": "worksop"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["code"], "unknown-stage")
        self.assertEqual(r.json()["field"], "stage")
        self.assertEqual(tip(self.d), before)

    def test_a_cookie_request_without_csrf_is_refused(self):
        c = self.signed_in()
        before = tip(self.d)
        token = c.csrf
        c.csrf = None
        r = c.post("/api/v1/comments", {"on": "art_1", "text": "không có mã CSRF"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json()["code"], "bad-csrf")
        r = c.post("/api/v1/comments", {"on": "art_1", "text": "sai mã"}, headers={"X-CSRF-Token": "0" * 64})
        self.assertEqual(r.status, 403, r)
        r = c.post("/api/v1/comments", {"on": "art_1", "text": "từ trang khác"},
                   headers={"X-CSRF-Token": token, "Origin": "https://evil.example"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json()["code"], "bad-origin")
        # The page's form without its csrf field.
        r = c.request("POST", "/comment", form={"on": "art_1", "text": "biểu mẫu giả"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(tip(self.d), before)
        self.assertEqual(self.comments(self.d), [])
        c.csrf = token
        self.assertEqual(c.post("/api/v1/comments", {"on": "art_1", "text": "có mã"}).status, 201)

    def test_api_token(self):
        res = check(run("-C", self.d, "account", "token", "most", "--label", "văn thư"))
        token = res.out.strip()
        self.assertRegex(token, r"^[0-9a-f]{8}\.[0-9a-f]{64}$")
        with open(os.path.join(self.d, "dossier", "accounts"), encoding="utf-8") as f:
            self.assertNotIn(token.split(".")[1], f.read())
        c = self.srv.client()
        auth = {"Authorization": "Bearer " + token}
        self.assertEqual(c.get("/api/v1/session", headers=auth).json()["participant"], "most")
        # No cookie, so no CSRF token needed.
        r = c.post("/api/v1/comments", {"on": "general", "text": "Qua API."}, headers=auth)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["author"], "most")
        listing = check(run("-C", self.d, "account", "list", "--json")).json()["accounts"]
        tid = [a for a in listing if a["id"] == "most"][0]["tokens"][0]["id"]
        self.assertEqual(tid, token.split(".")[0])
        check(run("-C", self.d, "account", "token", "most", "--revoke", tid))
        self.assertEqual(c.get("/api/v1/status", headers=auth).status, 401)

    def test_responses_and_errors(self):
        m = self.signed_in("most")
        self.assertEqual(m.post("/api/v1/comments", {"on": "art_5__para_2", "text": "Ý kiến 1",
                                                      "propose": "2. Nội dung mới."}).status, 201)
        r = m.post("/api/v1/comments", {"on": "Điều 5 khoản 2", "text": "Ý kiến 2"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json()["on"], r.json()["citation"]), ("art_5__para_2", "Điều 5 khoản 2"))
        r = m.post("/api/v1/comments", {"on": "Điều 55", "text": "Không có điều này"})
        self.assertEqual((r.status, r.json()["code"], r.json()["field"]), (400, "unknown-provision", "on"))
        r = m.post("/api/v1/comments", {"on": "art_55", "text": "Không có điều này"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["code"], "unknown-provision")
        self.assertEqual(r.json()["field"], "on")
        self.assertIn("hint", r.json())
        r = m.post("/api/v1/comments", {"on": "art_5", "revision": "v9", "text": "x"})
        self.assertEqual((r.status, r.json()["code"], r.json()["field"]), (400, "unknown-revision", "revision"))
        r = m.post("/api/v1/comments", {"on": "art_5"})
        self.assertEqual((r.status, r.json()["code"], r.json()["field"]), (400, "missing-field", "text"))
        r = m.post("/api/v1/comments", {"on": "art_5", "text": "x", "propse": "typo"})
        self.assertEqual((r.status, r.json()["code"], r.json()["field"]), (400, "unknown-field", "propse"))
        r = m.post("/api/v1/comments", {"on": "art_5", "text": 5})
        self.assertEqual((r.status, r.json()["code"]), (400, "invalid-field"))
        # A control character the engine refuses: named by the API's field.
        r = m.post("/api/v1/comments", {"on": "art_5", "text": "ok", "propose": "a\u0007b"})
        self.assertEqual((r.status, r.json()["field"]), (400, "propose"), r)
        r = m.post("/api/v1/comments", {"on": "art 5 bad", "text": "x"})
        self.assertEqual(r.status, 400, r)
        r = m.post("/api/v1/comments/most-1/response", {"disposition": "accept", "reason": "x"})
        self.assertEqual((r.status, r.json()["code"]), (403, "role-not-allowed"))
        d = self.signed_in("moc")
        r = d.post("/api/v1/comments/most-1/response", {"disposition": "reject"})
        self.assertEqual((r.status, r.json()["code"], r.json()["field"]), (400, "reason-required", "reason"))
        r = d.post("/api/v1/comments/most-9/response", {"disposition": "note"})
        self.assertEqual((r.status, r.json()["code"]), (404, "unknown-comment"))
        r = d.post("/api/v1/comments/most-1/response", {"disposition": "maybe"})
        self.assertEqual((r.status, r.json()["field"]), (400, "disposition"))
        r = d.post("/api/v1/comments/most-1/response", {"disposition": "accept", "reason": "Tiếp thu."})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["response"]["disposition"], "accepted")
        self.assertEqual(r.json()["response"]["by"], "moc")
        self.assertEqual(self.comments(self.d)[0]["response"]["reason"], "Tiếp thu.")
        r = d.request("PUT", "/api/v1/status")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.headers["Allow"], "GET")

    def test_many_responses_as_one_event(self):
        """POST /api/v1/responses: several answers, one commit, all or nothing
        with the field named (issue 16, on the engine's bulk call of issue 13)."""
        m = self.signed_in("most")
        for on in ("art_5__para_2", "art_5__para_2", "art_1"):
            self.assertEqual(m.post("/api/v1/comments", {"on": on, "text": "Ý kiến"}).status, 201)
        d = self.signed_in("moc")
        before = tip(self.d)
        count = int(webtest.git(self.d, "rev-list", "--count", "main"))
        for body, status, code, field in [
            ({}, 400, "missing-field", "answers"),
            ({"answers": []}, 400, "invalid-field", "answers"),
            ({"answers": [{"comment": "most-1"}]}, 400, "missing-field", "answers[0].disposition"),
            ({"answers": [{"comment": "most-1", "disposition": "note"}, {"comment": "most-2", "disposition": "maybe"}]},
             400, "invalid-field", "answers[1].disposition"),
            ({"answers": [{"comment": "most-1", "disposition": "note", "reasn": "x"}]},
             400, "unknown-field", "answers[0].reasn"),
            ({"answers": [{"comment": "most-1", "disposition": "note"}, {"comment": "most-2", "disposition": "reject"}]},
             400, "reason-required", "answers[1].reason"),
            ({"answers": [{"comment": "most-1", "disposition": "note"}, {"comment": "most-9", "disposition": "note"}]},
             400, "unknown-comment", "answers[1].comment"),
            ({"answers": [{"comment": "most-1", "disposition": "note"}, {"comment": "most-1", "disposition": "accept"}]},
             400, "duplicate-answer", "answers[1].comment"),
            ({"answers": "most-1"}, 400, "invalid-field", "answers"),
        ]:
            r = d.post("/api/v1/responses", body)
            self.assertEqual((r.status, r.json()["code"], r.json().get("field")), (status, code, field), (body, r.text))
        # a member may not respond: 403, nothing written
        r = m.post("/api/v1/responses", {"answers": [{"comment": "most-1", "disposition": "note"},
                                                     {"comment": "most-2", "disposition": "note"}]})
        self.assertEqual((r.status, r.json()["code"]), (403, "role-not-allowed"))
        # a dry run checks and writes nothing
        r = d.post("/api/v1/responses", {"dry_run": True, "answers": [{"comment": "most-1", "disposition": "note"}]})
        self.assertEqual((r.status, r.json()["would_answer"]), (200, 1), r.text)
        self.assertEqual(tip(self.d), before)
        for c in self.comments(self.d):
            self.assertIsNone(c.get("response"))
        r = d.post("/api/v1/responses", {"answers": [
            {"comment": "most-1", "disposition": "accept", "reason": "Tiếp thu.", "adopted": "2. Nội dung mới."},
            {"comment": "most-2", "disposition": "reject", "reason": "Giữ nguyên."},
            {"comment": "most-3", "disposition": "tiếp thu một phần", "reason": "Một phần."}]})
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(r.json(), {"format": "dossier/1", "answered": 3, "comments": ["most-1", "most-2", "most-3"]})
        self.assertEqual(int(webtest.git(self.d, "rev-list", "--count", "main")), count + 1)
        body = webtest.git(self.d, "log", "-1", "--format=%an|%B", "main")
        self.assertTrue(body.startswith("Bộ Xây dựng"), body)
        self.assertIn("Dossier-Event: respond-many", body)
        cs = {c["id"]: c for c in self.comments(self.d)}
        self.assertEqual(cs["most-1"]["response"]["adopted"], "2. Nội dung mới.")
        self.assertEqual(cs["most-2"]["response"]["disposition"], "rejected")
        self.assertEqual(cs["most-3"]["response"]["disposition"], "partial")
        check(run("-C", self.d, "verify"))

    def test_many_at_once_in_the_form(self):
        """The response page answers several comments at once without JavaScript."""
        m = self.signed_in("most")
        for on in ("art_5__para_2", "art_5__para_2", "art_1"):
            self.assertEqual(m.post("/api/v1/comments", {"on": on, "text": "Ý kiến"}).status, 201)
        d = self.signed_in("moc")
        page = d.get("/respond?on=art_5__para_2").text
        self.assertIn('id="respond-many-form"', page)
        self.assertIn('name="id" value="most-1"', page)
        self.assertIn('name="id" value="most-2"', page)
        self.assertNotIn('value="most-3"', page)
        self.assertNotIn('checked>', page.split('id="open-comments"')[1].split("</div>")[0])
        self.assertIn('name="id" value="most-1" checked', d.get("/respond?all=1&on=art_5__para_2").text)
        before = tip(self.d)
        # nothing selected, or a rejection without a reason: the page again, nothing written
        r = d.request("POST", "/respond", form=[("csrf", d.csrf), ("many", "1"), ("disposition", "note")])
        self.assertEqual(r.status, 400, r)
        r = d.request("POST", "/respond", form=[("csrf", d.csrf), ("many", "1"), ("id", "most-1"), ("id", "most-2"),
                                                ("disposition", "reject"), ("reason", "")])
        self.assertEqual(r.status, 400, r)
        self.assertIn("reason-required", r.text)
        self.assertIn('name="id" value="most-2" checked', r.text)   # the selection is kept
        self.assertEqual(tip(self.d), before)
        r = d.request("POST", "/respond", form=[("csrf", d.csrf), ("many", "1"), ("id", "most-1"), ("id", "most-2"),
                                                ("disposition", "note"), ("reason", "Ghi nhận.")])
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.headers["Location"], "/respond?answered=2")
        self.assertIn('id="answered"', d.get("/respond?answered=2").text)
        self.assertEqual(int(webtest.git(self.d, "rev-list", "--count", before + "..main")), 1)
        cs = {c["id"]: c for c in self.comments(self.d)}
        self.assertEqual(cs["most-1"]["response"]["disposition"], "noted")
        self.assertEqual(cs["most-2"]["response"]["reason"], "Ghi nhận.")
        self.assertIsNone(cs["most-3"].get("response"))
        # without the CSRF token: 403, nothing written
        r = d.request("POST", "/respond", form=[("many", "1"), ("id", "most-3"), ("disposition", "note")], csrf=False)
        self.assertEqual(r.status, 403, r)
        self.assertIsNone({c["id"]: c for c in self.comments(self.d)}["most-3"].get("response"))

    # ---- what must be refused with nothing written -------------------------------

    def test_bad_requests_write_nothing(self):
        c = self.signed_in()
        before = tip(self.d)
        config = webtest.git(self.d, "config", "--list")
        for path in ("/api/v1/revisions/..%2F..%2Fconfig", "/api/v1/revisions/../../config",
                     "/api/v1/revisions/v1%2F..%2F..%2Fstate.json", "/api/v1/revisions/%2e%2e",
                     "/api/v1/revisions/v1.xml", "/api/v1/comments/..%2Fstate", "/api/v1/comments/%2e%2e%2fconfig",
                     "/api/v1/diff?from=../config", "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/../../etc/passwd"):
            r = c.get(path)
            self.assertIn(r.status, (400, 404), "%s: %r" % (path, r))
            self.assertNotIn(b"[core]", r.body)
            self.assertNotIn(b"root:", r.body)
        r = c.post("/api/v1/comments/..%2F..%2Fstate/response", {"disposition": "note"})
        self.assertIn(r.status, (403, 404))
        # Malformed JSON, with its place.
        r = c.request("POST", "/api/v1/comments", body=b'{"on": "art_1", "text": "x",}',
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json()["code"], "malformed-json")
        self.assertEqual(r.json()["place"]["line"], 1)
        r = c.request("POST", "/api/v1/comments", body=b'["art_1"]', headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        r = c.request("POST", "/api/v1/comments", body=b'on=art_1&text=x',
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 415)
        # Invalid UTF-8 in JSON, in a form, in the query.
        r = c.request("POST", "/api/v1/comments", body=b'{"on": "art_1", "text": "\xff\xfe sai"}',
                      headers={"Content-Type": "application/json"})
        self.assertEqual((r.status, r.json()["code"]), (400, "invalid-utf8"))
        r = c.request("POST", "/comment", body=b"csrf=" + c.csrf.encode() + b"&on=art_1&text=%C3%28",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(c.get("/api/v1/comments?by=%FF").status, 400)
        r = c.request("POST", "/api/v1/comments", body=b'{"on": "art_1", "text": "a\\u0000b"}',
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)
        # 20 MB: refused before it is read.
        head = ("POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Cookie: dossier_session=%s\r\nX-CSRF-Token: %s\r\n" % (c.cookies["dossier_session"], c.csrf))
        big = json.dumps({"on": "art_1", "text": "x" * (20 * 1024 * 1024)}).encode()
        line = self.srv.raw(head + "Content-Length: %d\r\n\r\n" % len(big), body=big)
        self.assertIn(" 413 ", line)
        # The same without a Content-Length (chunked): refused once over the limit.
        chunk = b"x" * 65536
        line = self.srv.raw(head + "Transfer-Encoding: chunked\r\n\r\n",
                            chunks=[b"%x\r\n" % len(chunk) + chunk + b"\r\n"] * 320 + [b"0\r\n\r\n"])
        self.assertIn(" 413 ", line)
        self.assertEqual(tip(self.d), before)
        self.assertEqual(webtest.git(self.d, "config", "--list"), config)
        self.assertEqual(self.comments(self.d), [])
        # And the server still answers.
        self.assertEqual(c.get("/api/v1/status").status, 200)

    def test_slow_clients_are_cut_off(self):
        import socket
        srv = self.serve("--timeout", "1s", "--threads", "4", dossier=self.d)
        slow = []
        for _ in range(8):    # more slow clients than threads
            s = socket.create_connection((srv.host, srv.port), timeout=60)
            s.sendall(b"POST /api/v1/comments HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            slow.append(s)
        # Others are served meanwhile ...
        c = srv.client()
        c.sign_in("most")
        self.assertEqual(c.get("/api/v1/status").status, 200)
        # ... and the slow ones are closed (a timeout, not an answer), with nothing written.
        for s in slow:
            self.assertEqual(s.recv(4096), b"")
            s.close()
        self.assertEqual(self.comments(self.d), [])
        self.assertEqual(run("-C", self.d, "serve", "--timeout", "soon").code, 2)

    # ---- pages --------------------------------------------------------------------

    def test_participants_text_is_escaped(self):
        c = self.signed_in()
        evil = "<script>alert('x')</script> & <img src=x onerror=alert(1)> \"quoted\""
        r = c.post("/api/v1/comments", {"on": "art_5__para_2", "text": evil, "propose": "</textarea><b>đậm</b>"})
        self.assertEqual(r.status, 201, r)
        for page in ("/comments", "/mine"):
            html = c.get(page).text
            self.assertNotIn("<script>alert", html)
            self.assertNotIn("<img src=x", html)
            self.assertNotIn("</textarea><b>", html)
            self.assertIn("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x", html)
        d = self.signed_in("moc")
        html = d.get("/respond?id=most-1").text
        self.assertNotIn("</textarea><b>", html)
        self.assertIn("&lt;/textarea&gt;&lt;b&gt;đậm&lt;/b&gt;", html)

    def test_headers_and_languages(self):
        c = self.signed_in()
        for path in ("/", "/draft", "/signin", "/comments", "/api/v1/status", "/static/web.css"):
            r = c.get(path)
            self.assertEqual(r.status, 200, path)
            csp = r.headers["Content-Security-Policy"]
            self.assertIn("default-src 'self'", csp)
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
        home = c.get("/").text
        self.assertIn('<html lang="vi">', home)
        self.assertIn("Tổng quan hồ sơ", home)
        self.assertIn("Lấy ý kiến thành viên Tổ công tác", home)
        en = c.get("/", headers={"Accept-Language": "en-GB,en;q=0.9,vi;q=0.5"}).text
        self.assertIn('<html lang="en">', en)
        self.assertIn("Overview of the dossier", en)
        self.assertIn('<html lang="vi">', c.get("/", headers={"Accept-Language": "vi,en;q=0.8"}).text)
        r = c.get("/?lang=en")
        self.assertIn("lang=en", " ".join(r.cookies()))
        self.assertIn("My comments", c.get("/").text)   # remembered
        draft = c.get("/draft?lang=vi").text
        self.assertEqual(c.get("/draft?lang=vi").text, draft)   # kept, and the same
        self.assertIn('data-eid="art_5__para_2"', draft)
        self.assertIn('href="/comment?revision=v1&amp;on=art_5__para_2"', draft)
        self.assertIn('aria-label="Góp ý Điều 5 khoản 2"', draft)
        self.assertIn('data-eid="art_5__para_2__point_a"', draft)
        # The drafting agency reads the same draft, every provision with its
        # data-eid, but without the members' "Góp ý".
        drafter = self.signed_in("moc").get("/draft").text
        self.assertIn('data-eid="art_5__para_2"', drafter)
        self.assertNotIn('href="/comment?', drafter)

    def test_forms_without_javascript(self):
        """The member's and the drafter's forms, posted as a browser without script would."""
        m = self.signed_in("most")
        form = m.get("/comment?revision=v1&on=art_5__para_2").text
        self.assertIn('name="propose"', form)
        self.assertIn("Nội dung quy định trong dự thảo", form)
        r = m.request("POST", "/comment", form={"csrf": m.csrf, "on": "art_5__para_2", "revision": "v1",
                                                "text": "Đề nghị bổ sung.\r\nDòng thứ hai.",
                                                "propose": "giữ nguyên", "propose_original": "giữ nguyên"})
        self.assertEqual(r.status, 303, r)
        self.assertEqual(r.headers["Location"], "/mine?new=most-1#most-1")
        c = self.comments(self.d)[0]
        self.assertEqual(c["text"], "Đề nghị bổ sung.\nDòng thứ hai.")
        self.assertIsNone(c["proposal"])    # the provision sent back unchanged is no proposal
        self.assertIn("most-1", m.get("/mine?new=most-1").text)
        d = self.signed_in("moc")
        r = d.request("POST", "/respond", form={"csrf": d.csrf, "id": "most-1", "disposition": "reject", "reason": ""})
        self.assertEqual(r.status, 400, r)
        self.assertIn("reason-required", r.text)
        r = d.request("POST", "/respond", form={"csrf": d.csrf, "id": "most-1", "disposition": "partial",
                                                "reason": "Tiếp thu một phần.", "adopted": "Nội dung tiếp thu."})
        self.assertEqual(r.status, 303, r)
        c = self.comments(self.d)[0]
        self.assertEqual(c["response"]["disposition"], "partial")
        self.assertEqual(c["response"]["adopted"], "Nội dung tiếp thu.")
        r = m.request("POST", "/advance", form={"csrf": m.csrf, "stage": "workshop"})
        self.assertEqual(r.status, 403, r)
        self.assertIn("role-not-allowed", r.text)

    def test_trusted_proxy_header(self):
        srv = self.serve("--trust-header", "X-Remote-User", "--trusted-proxy", "127.0.0.1", dossier=self.d)
        c = srv.client()
        who = {"X-Remote-User": "vanthu@most.gov.vn"}
        r = c.get("/api/v1/session", headers=who)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["participant"], "most")
        self.assertEqual(r.json()["via"], "proxy")
        csrf = r.json()["csrf"]
        r = c.post("/api/v1/comments", {"on": "general", "text": "Qua cổng đăng nhập một lần."}, headers=who)
        self.assertEqual(r.status, 403, r)   # a browser credential: CSRF needed
        r = c.post("/api/v1/comments", {"on": "general", "text": "Qua cổng đăng nhập một lần."},
                   headers=dict(who, **{"X-CSRF-Token": csrf}))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["author"], "most")
        self.assertEqual(c.get("/api/v1/status", headers={"X-Remote-User": "nobody"}).status, 401)
        # From an address that is not the proxy, the header means nothing.
        other = self.serve("--trust-header", "X-Remote-User", "--trusted-proxy", "127.0.0.2", dossier=self.d)
        self.assertEqual(other.client().get("/api/v1/status", headers=who).status, 401)
        # And the header is never taken without --trust-header.
        self.assertEqual(self.srv.client().get("/api/v1/status", headers=who).status, 401)
        res = run("-C", self.d, "serve", "--trust-header", "X-Remote-User")
        self.assertEqual(res.code, 2, res)

    def test_root_serves_every_dossier(self):
        root = self.path("root")
        os.makedirs(root)
        webtest.make_dossier(os.path.join(root, "do-thi.git"), accounts=("most",))
        webtest.make_dossier(os.path.join(root, "nha-o.git"), accounts=("moc",))
        os.makedirs(os.path.join(root, "not-a-dossier"))
        srv = self.serve("--root", root)
        c = srv.client()
        index = c.get("/")
        self.assertEqual(index.status, 200)
        self.assertIn('href="/do-thi.git/"', index.text)
        self.assertIn('href="/nha-o.git/"', index.text)
        self.assertNotIn("not-a-dossier", index.text)
        self.assertEqual(c.get("/not-a-dossier/api/v1/status").status, 404)
        self.assertEqual(c.get("/..%2F/api/v1/status").status, 404)
        a = srv.client(prefix="/do-thi.git")
        r = a.sign_in("most")
        self.assertIn("Path=/do-thi.git/", r.cookies()[0])
        self.assertEqual(a.get("/api/v1/status").status, 200)
        self.assertEqual(a.post("/api/v1/comments", {"on": "general", "text": "x"}).status, 201)
        # Accounts are per dossier.
        b = srv.client(prefix="/nha-o.git")
        r = b.post("/api/v1/session", {"participant": "most", "password": PASSWORDS["most"]})
        self.assertEqual(r.status, 401)
        self.assertEqual(len(self.comments(os.path.join(root, "do-thi.git"))), 1)
        self.assertEqual(self.comments(os.path.join(root, "nha-o.git")), [])

    def test_works_on_a_dossier_with_a_working_tree(self):
        wt = webtest.make_dossier(self.path("wt"), bare=False, accounts=("most",))
        srv = self.serve(dossier=wt)
        c = srv.client()
        c.sign_in("most")
        self.assertEqual(c.post("/api/v1/comments", {"on": "art_1", "text": "Góp ý."}).status, 201)
        # The account store is in the git directory, not in the tree.
        self.assertTrue(os.path.exists(os.path.join(wt, ".git", "dossier", "accounts")))
        self.assertEqual(webtest.git(wt, "status", "--porcelain"), "")
        self.assertNotIn("dossier/accounts", webtest.git(wt, "ls-tree", "-r", "--name-only", "main"))


if __name__ == "__main__":
    webtest.main()
