"""Provisions named as people name them (issue 13, item 4): `comment --on`,
the `comments --on` filter and import's `on` field take an eId or a
citation ("Điều 2 khoản 2 điểm đ", "điểm đ khoản 2 Điều 2", "Article
2(2)(a)", "Article 2, paragraph 2, point (a)"), in any letter case, NFC or
NFD; the record keeps the eId. Unknown or ambiguous names exit 2 with the
nearest provisions written as citations, and nothing is written.
"""
import json
import subprocess
import unicodedata

import clitest
from clitest import run
from test_dossier import DRAFT, WF, git

# Điều 2 and Điều 3 both have a khoản 2, so "khoản 2" alone is ambiguous.
DRAFT_CL = DRAFT.replace(
    "Bộ Xây dựng chủ trì hướng dẫn thi hành Nghị định này.\n",
    "1. Bộ Xây dựng chủ trì hướng dẫn thi hành Nghị định này.\n2. Bộ Tài chính bố trí kinh phí.\n")


class CitationTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        draft = self.write("draft.txt", DRAFT_CL)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo,
                            "--workflow", WF), 0)
        self.assertExit(self.d("revise", draft, now="2025-06-25T10:00"), 0)
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)

    def d(self, *args, who="moc", now="2025-07-10T09:00"):
        return run("-C", self.repo, "--as", who, "--now", now, *args)

    def comment_on(self, on, text="góp ý"):
        return self.d("comment", "--on", on, "--text", text, who="most")

    def commits(self):
        return len(git(self.repo, "log", "--format=%H", "main").stdout.split())

    def test_every_form_names_the_same_provision(self):
        forms = [
            "Điều 2 khoản 2 điểm đ",
            "điểm đ khoản 2 Điều 2",
            "điểm đ, khoản 2, Điều 2",
            "ĐIỀU 2 KHOẢN 2 ĐIỂM Đ",
            unicodedata.normalize("NFD", "Điều 2 khoản 2 điểm đ"),
            "Article 2(2)(dd)",
            "Article 2, paragraph 2, point (đ)",
            "art_2__para_2__point_dd",
        ]
        for i, form in enumerate(forms):
            r = self.comment_on(form, "góp ý %d" % i)
            self.assertExit(r, 0)
            self.assertEqual(r.out.strip(), "most-%d" % (i + 1))
        cs = self.d("comments", "--json").json()["comments"]
        self.assertEqual(len(cs), len(forms))
        for c in cs:
            self.assertEqual(c["on"], "art_2__para_2__point_dd")
            self.assertEqual(c["citation"], "Điều 2 khoản 2 điểm đ")
        log = git(self.repo, "log", "-1", "--format=%s", "main").stdout
        self.assertIn("most comments on Điều 2 khoản 2 điểm đ (v1)", log)
        self.assertExit(self.d("verify"), 0)

    def test_english_order_with_a_letter(self):
        r = self.comment_on("Article 2(2)(a)")
        self.assertExit(r, 0)
        r = self.comment_on("article 2, paragraph 2, point (b)")
        self.assertExit(r, 0)
        self.assertEqual([c["on"] for c in self.d("comments", "--json").json()["comments"]],
                         ["art_2__para_2__point_a", "art_2__para_2__point_b"])

    def test_unknown_names_the_nearest_as_citations(self):
        before = self.commits()
        r = self.comment_on("Điều 2 khoản 5")
        self.assertExit(r, 2)
        self.assertIn("no provision 'Điều 2 khoản 5' in revision v1", r.err)
        self.assertIn("did you mean 'Điều 2 khoản 2' or 'Điều 2 khoản 1'?", r.err)
        r = self.comment_on("Điều 9")
        self.assertExit(r, 2)
        self.assertIn("'Điều 4', 'Điều 3' or 'Điều 2'", r.err)
        # an eId that is not there: its neighbours as citations, with their eIds
        r = self.comment_on("art_2__para_3")
        self.assertExit(r, 2)
        self.assertIn("'Điều 2 khoản 2' (art_2__para_2)", r.err)
        r = self.comment_on("the second paragraph")
        self.assertExit(r, 2)
        self.assertIn("neither an eId nor a citation", r.err)
        self.assertIn("Article 5(2)(a)", r.err)
        self.assertEqual(self.commits(), before)

    def test_ambiguous_lists_the_candidates(self):
        r = self.comment_on("khoản 2")
        self.assertExit(r, 2)
        self.assertIn("'khoản 2' names 2 provisions in revision v1", r.err)
        self.assertIn("'Điều 2 khoản 2' or 'Điều 3 khoản 2'", r.err)

    def test_comments_filter_takes_a_citation(self):
        self.assertExit(self.comment_on("Điều 2 khoản 1"), 0)
        self.assertExit(self.comment_on("Điều 3 khoản 2"), 0)
        self.assertExit(self.comment_on("general"), 0)
        for form in ("Điều 3 khoản 2", "khoản 2 điều 3", "Article 3(2)", "art_3__para_2"):
            r = self.d("comments", "--json", "--on", form)
            self.assertExit(r, 0)
            self.assertEqual([c["id"] for c in r.json()["comments"]], ["most-2"], form)
        r = self.d("comments", "--json", "--on", "general")
        self.assertEqual([c["id"] for c in r.json()["comments"]], ["most-3"])
        r = self.d("comments", "--on", "Điều 3 khoản 7")
        self.assertExit(r, 2)
        self.assertIn("no provision 'Điều 3 khoản 7' in the latest revision", r.err)
        self.assertIn("'Điều 3 khoản 2'", r.err)
        r = self.d("comments", "--on", "Điều 2 khoản 1", "--revision", "v1")
        self.assertExit(r, 0)
        self.assertIn("most-1", r.out)
        self.assertNotIn("most-2", r.out)

    def test_import_on_field_takes_a_citation(self):
        recs = [
            {"author_name": "Nguyễn Văn An", "on": "Điều 2 khoản 2 điểm a", "text": "a",
             "received": "2025-07-01T08:30:00+07:00"},
            {"author_name": "Trần Thị Bình", "on": "Article 3(2)", "text": "b",
             "received": "2025-07-01T09:30:00+07:00"},
            {"author_name": "Lê Văn Cường", "on": "art_1", "text": "c",
             "received": "2025-07-01T10:30:00+07:00"},
        ]
        path = self.write("ok.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
        r = self.d("import", path)
        self.assertExit(r, 0)
        cs = {c["id"]: c for c in self.d("comments", "--json").json()["comments"]}
        self.assertEqual(cs["pub-1"]["on"], "art_2__para_2__point_a")
        self.assertEqual(cs["pub-1"]["citation"], "Điều 2 khoản 2 điểm a")
        self.assertEqual(cs["pub-2"]["on"], "art_3__para_2")
        self.assertEqual(cs["pub-3"]["on"], "art_1")
        self.assertExit(self.d("verify"), 0)

    def test_import_refuses_an_unknown_citation_with_its_line(self):
        recs = [
            {"author_name": "An", "on": "Điều 2 khoản 1", "text": "a", "received": "2025-07-01T08:30:00+07:00"},
            {"author_name": "Bình", "on": "Điều 2 khoản 8", "text": "b", "received": "2025-07-01T09:30:00+07:00"},
            {"author_name": "Cường", "on": "khoản 2", "text": "c", "received": "2025-07-01T09:40:00+07:00"},
        ]
        path = self.write("bad.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
        before = self.commits()
        r = self.d("import", path)
        self.assertExit(r, 2)
        self.assertIn("bad.jsonl:2:", r.err)
        self.assertIn("no provision 'Điều 2 khoản 8' in revision v1", r.err)
        self.assertIn("'Điều 2 khoản 2'", r.err)
        self.assertIn("bad.jsonl:3:", r.err)
        self.assertIn("[ambiguous-provision]", r.err)
        self.assertEqual(self.commits(), before)


if __name__ == "__main__":
    clitest.main()
