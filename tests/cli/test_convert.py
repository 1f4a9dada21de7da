"""`dossier convert` and `dossier outline`: legal text to and from Akoma
Ntoso and JSON outside any dossier, and the table of contents with eIds."""
import json
import os

import clitest
from clitest import run

DRAFT = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
DRAFT2 = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh-v2.txt")
ND30 = os.path.join(clitest.CORPUS, "nd-30-2020.txt")


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n["children"])


class Convert(clitest.TestCase):
    def test_text_to_akn_validates(self):
        out = self.path("draft.xml")
        r = run("convert", DRAFT, "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(r.out, "")
        self.assertValidAkn(out)
        with open(out, encoding="utf-8") as f:
            xml = f.read()
        self.assertIn('eId="art_5__para_2__point_dd"', xml)
        self.assertIn('eId="chp_1"', xml)

    def test_default_output_is_akn_on_stdout(self):
        r = run("convert", DRAFT)
        self.assertExit(r, 0)
        self.assertTrue(r.out.startswith("<?xml"), r.out[:100])

    def test_corpus_to_akn_validates(self):
        out = self.path("nd30.xml")
        self.assertExit(run("convert", ND30, "-o", out, "--to", "akn"), 0)
        self.assertValidAkn(out)

    def test_json(self):
        r = run("convert", DRAFT, "--to", "json")
        self.assertExit(r, 0)
        doc = r.json()
        self.assertEqual(doc["lang"], "vie")
        self.assertEqual(doc["kind"], "decree")
        self.assertEqual(doc["preface"]["doc_type"], "NGHỊ ĐỊNH")
        self.assertEqual(doc["preface"]["date"], "2025-06-10")
        nodes = {n["eid"]: n for n in walk(doc["body"])}
        self.assertEqual(len([n for n in nodes.values() if n["kind"] == "article"]), 18)
        p = nodes["art_5__para_2__point_dd"]
        self.assertEqual(p["kind"], "point")
        self.assertEqual(p["num"], "đ")
        self.assertEqual(p["citation"], {"vie": "Điều 5 khoản 2 điểm đ", "eng": "Article 5(2)(dd)"})
        self.assertTrue(p["text"][0].startswith("Lộ trình thực hiện"))
        self.assertEqual(nodes["chp_2"]["citation"]["vie"], "Chương II")
        self.assertEqual(nodes["art_1"]["heading"], "Phạm vi điều chỉnh")
        self.assertIn("art_5__para_2", [c["eid"] for c in nodes["art_5"]["children"]])

    def test_akn_to_text_round_trip(self):
        xml = self.path("d.xml")
        self.assertExit(run("convert", DRAFT2, "-o", xml), 0)
        r = run("convert", xml)  # AKN input: text by default
        self.assertExit(r, 0)
        self.assertIn("Điều 9. Hạ tầng số đô thị", r.out)
        direct = run("convert", DRAFT2, "--to", "text")
        self.assertExit(direct, 0)
        self.assertEqual(r.out, direct.out)
        # The text output parses back to the same outline.
        txt = self.write("back.txt", r.out)
        a = run("convert", txt, "--to", "json").json()
        b = run("convert", DRAFT2, "--to", "json").json()
        strip = lambda d: [(n["eid"], n["heading"], n.get("text")) for n in walk(d["body"])]
        self.assertEqual(strip(a), strip(b))

    def test_bad_input_exit_2_with_place(self):
        bad = self.write("bad.txt", "Điều 1. Một\nNội dung.\nĐiều 2. Hai\nNội dung.\n  Điều 1. Lại\n")
        out = self.path("out.xml")
        r = run("convert", bad, "-o", out)
        self.assertExit(r, 2)
        self.assertIn("%s:5:3: error: article number 1 goes backwards" % bad, r.err)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(os.listdir(self.tmp), ["bad.txt"])  # no temporary file left

    def test_invalid_utf8(self):
        bad = self.path("u.txt")
        with open(bad, "wb") as f:
            f.write("Điều 1. Một\nab".encode() + b"\xff\n")
        r = run("convert", bad)
        self.assertExit(r, 2)
        self.assertIn("%s:2:3: error: invalid UTF-8 (byte 0xff) at byte offset" % bad, r.err)

    def test_existing_output_kept_on_error(self):
        out = self.write("keep.xml", "old")
        bad = self.write("bad.txt", "Điều 1. A\n1. x\n2. y\n2. z\n")
        self.assertExit(run("convert", bad, "-o", out), 2)
        with open(out) as f:
            self.assertEqual(f.read(), "old")

    def test_usage_errors(self):
        self.assertExit(run("convert"), 2)
        r = run("convert", DRAFT, "--to", "odt")
        self.assertExit(r, 2)
        self.assertIn("unknown format 'odt'", r.err)
        r = run("convert", self.path("missing.txt"))
        self.assertNotEqual(r.code, 0)
        self.assertIn("missing.txt", r.err)


class Outline(clitest.TestCase):
    def test_outline_lists_eids_and_citations(self):
        r = run("outline", DRAFT)
        self.assertExit(r, 0)
        lines = r.out.splitlines()
        self.assertTrue(lines[0].startswith("chp_1 "), lines[0])
        self.assertIn("Chương I  QUY ĐỊNH CHUNG", lines[0])
        row = [l for l in lines if l.strip().startswith("art_5__para_2 ")]
        self.assertEqual(len(row), 1)
        self.assertTrue(row[0].rstrip().endswith("Điều 5 khoản 2"))
        self.assertTrue(row[0].startswith("    art_5__para_2"))  # level 3: indented twice
        row = [l for l in lines if l.strip().startswith("art_5__para_2__point_dd ")]
        self.assertTrue(row[0].rstrip().endswith("Điều 5 khoản 2 điểm đ"))

    def test_depth(self):
        r = run("outline", DRAFT, "--depth", "2")
        self.assertExit(r, 0)
        self.assertIn("art_18", r.out)
        self.assertNotIn("__para_", r.out)
        self.assertExit(run("outline", DRAFT, "--depth", "x"), 2)

    def test_json(self):
        r = run("outline", ND30, "--json")
        self.assertExit(r, 0)
        doc = r.json()
        nodes = list(walk(doc["body"]))
        self.assertEqual(len([n for n in nodes if n["kind"] == "chapter"]), 7)
        self.assertEqual(len([n for n in nodes if n["kind"] == "article"]), 38)
        self.assertNotIn("text", nodes[0])
        sec = [n for n in nodes if n["eid"] == "chp_3__sec_3"][0]
        self.assertEqual(sec["citation"]["vie"], "Mục 3 Chương III")

    def test_outline_without_a_file_in_a_dossier(self):
        # issue 13, item 8: the latest revision of the dossier we are in
        repo = self.path("d")
        wf = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20", "init", repo, "--workflow", wf), 0)
        r = run("-C", repo, "outline")
        self.assertExit(r, 2)
        self.assertIn("no revision", r.err)
        self.assertExit(run("-C", repo, "--as", "moc", "--now", "2025-06-21", "revise", DRAFT), 0)
        r = run("-C", repo, "outline", "--depth", "2")
        self.assertExit(r, 0)
        self.assertEqual(r.out, run("outline", DRAFT, "--depth", "2").out)
        r = run("-C", self.tmp, "outline")
        self.assertExit(r, 2)
        self.assertIn("hint: outside a dossier, give the file", r.err)

    def test_outline_of_akn(self):
        xml = self.path("d.xml")
        self.assertExit(run("convert", DRAFT, "-o", xml), 0)
        a = run("outline", xml)
        b = run("outline", DRAFT)
        self.assertExit(a, 0)
        self.assertEqual(a.out, b.out)


if __name__ == "__main__":
    clitest.main()
