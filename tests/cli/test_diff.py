"""`dossier diff` and `dossier comments --revision` (issue 6), run as the
real binary: the two revisions of the sample draft (v2 inserts Điều 9,
deletes the old Điều 13, renumbers 9–12 as 10–13, edits clauses and adds a
point) compared as files and inside a dossier, in every format: text
(summary and word marks, in colour on a terminal only), JSON, AKN (validated
against the schema) and the HTML comparison table; comments made on v1
carried forward to v2; exit codes for bad input.
"""
import json
import os
import re
import xml.etree.ElementTree as ET

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
V1 = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
V2 = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh-v2.txt")
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"

def run_on_terminal(*args, env=None):
    """Run the binary with its standard output on a pseudo-terminal, as a
    person at a terminal sees it: (exit status, output, standard error)."""
    import pty
    import subprocess
    e = dict(os.environ)
    if env:
        e.update(env)
    master, slave = pty.openpty()
    proc = subprocess.Popen([clitest.BIN] + [str(a) for a in args], stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.PIPE, env=e)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.wait()
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace"), err


SUMMARY = [
    "  preface changed",
    "  Điều 5 changed in khoản 1, khoản 3",
    "  Điều 6 changed in khoản 3",
    "  Điều 9 inserted",
    "  Điều 9–12 renumbered 10–13, of which Điều 10 (was 9) changed in khoản 2; "
    "Điều 11 (was 10) changed in khoản 1",
    "  Điều 13 deleted",
    "  Điều 16 changed in khoản 3",
]


def summary_lines(out):
    lines = out.splitlines()
    start = lines.index("summary:") + 1
    end = lines.index("", start)
    return lines[start:end]


class DiffFilesTest(clitest.TestCase):
    def test_text_describes_the_sample_revisions(self):
        r = run("diff", "--files", V1, V2)
        self.assertExit(r, 0)
        self.assertIn("1 inserted, 1 deleted, 4 renumbered, 5 changed", r.out.splitlines()[0])
        self.assertEqual(summary_lines(r.out), SUMMARY)
        self.assertIn("thời hạn [-24-]{+18+} tháng", r.out)
        self.assertIn("người dân[-.-]{+;+}", r.out)
        self.assertIn("khoản 1 điểm e (inserted): {+Quản lý chất thải rắn", r.out)
        self.assertIn("Điều 10. Trung tâm điều hành đô thị thông minh (was Điều 9) [renumbered, changed]", r.out)
        self.assertIn("DỰ THẢO [-1-]{+2+}", r.out)
        self.assertNotIn("\x1b[", r.out)

    def test_colour_only_when_asked(self):
        # A pipe gets no colour, even with NO_COLOR empty.
        r = run("diff", "--files", V1, V2, env={"NO_COLOR": ""})
        self.assertExit(r, 0)
        self.assertNotIn("\x1b[", r.out)
        # A terminal gets the words marked in colour ...
        code, out, err = run_on_terminal("diff", "--files", V1, V2, env={"NO_COLOR": ""})
        self.assertEqual(code, 0, err)
        self.assertIn("\x1b[", out)
        self.assertIn("Điều 9 inserted", out)
        # ... unless NO_COLOR says otherwise, or the format is not text,
        code, out, err = run_on_terminal("diff", "--files", V1, V2, env={"NO_COLOR": "1"})
        self.assertEqual(code, 0, err)
        self.assertIn("Điều 9 inserted", out)
        self.assertNotIn("\x1b[", out)
        code, out, err = run_on_terminal("diff", "--files", V1, V2, "--format", "json",
                                         env={"NO_COLOR": ""})
        self.assertEqual(code, 0, err)
        self.assertNotIn("\x1b[", out)
        # ... or the text goes to a file.
        path = self.path("diff.txt")
        code, out, err = run_on_terminal("diff", "--files", V1, V2, "-o", path, env={"NO_COLOR": ""})
        self.assertEqual(code, 0, err)
        with open(path, encoding="utf-8") as f:
            written = f.read()
        self.assertIn("Điều 9 inserted", written)
        self.assertNotIn("\x1b[", written)

    def test_identical_files_report_no_change(self):
        r = run("diff", "--files", V1, V1)
        self.assertExit(r, 0)
        self.assertIn("no changes", r.out)
        r = run("diff", "--files", V1, V1, "--format", "json")
        self.assertExit(r, 0)
        j = r.json()
        self.assertFalse(j["changed"])
        self.assertEqual(j["changes"], [])
        self.assertEqual(sum(j["summary"].values()), 0)

    def test_nfd_and_nfc_are_the_same_text(self):
        import unicodedata
        with open(V1, encoding="utf-8") as f:
            nfd = unicodedata.normalize("NFD", f.read())
        p = self.write("nfd.txt", nfd)
        r = run("diff", "--files", V1, p, "--format", "json")
        self.assertExit(r, 0)
        self.assertFalse(r.json()["changed"])

    def test_json_lists_the_changes(self):
        r = run("diff", "--files", V1, V2, "--format", "json")
        self.assertExit(r, 0)
        j = r.json()
        self.assertTrue(j["changed"])
        self.assertEqual(j["summary"]["inserted"], 2)     # Điều 9 and điểm e
        self.assertEqual(j["summary"]["deleted"], 1)
        self.assertEqual(j["summary"]["renumbered"], 4)
        self.assertEqual(j["summary"]["moved"], 0)
        by_new = {(c["new"] or {}).get("eid"): c for c in j["changes"]}
        self.assertEqual(by_new["art_9"]["kinds"], ["inserted"])
        self.assertIsNone(by_new["art_9"]["old"])
        art10 = by_new["art_10"]
        self.assertEqual(art10["kinds"], ["renumbered", "changed"])
        self.assertEqual(art10["old"]["eid"], "art_9")
        self.assertEqual(art10["old"]["num"], "9")
        self.assertEqual(art10["new"]["citation"], "Điều 10")
        (cl,) = art10["changes"]
        self.assertEqual(cl["new"]["eid"], "art_10__para_2")
        self.assertEqual(cl["old"]["eid"], "art_9__para_2")
        ops = [(s["op"], s["text"]) for s in cl["text"] if s["op"] != "equal"]
        self.assertIn(("insert", ", có trung tâm dữ liệu dự phòng"), ops)
        self.assertIn(("delete", "có"), ops)
        deleted = [c for c in j["changes"] if c["kinds"] == ["deleted"]]
        self.assertEqual(len(deleted), 1)
        self.assertEqual(deleted[0]["old"]["eid"], "art_13")
        self.assertIsNone(deleted[0]["new"])
        self.assertEqual(by_new["art_12"]["kinds"], ["renumbered"])
        self.assertNotIn("changes", by_new["art_12"])
        self.assertNotIn("art_1", by_new)

    def test_xml_marks_changes_and_validates(self):
        out = self.path("diff.xml")
        r = run("diff", "--files", V1, V2, "--format", "xml", "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(r.out, "")
        self.assertValidAkn(out)
        root = ET.parse(out).getroot()
        arts = {a.get("eId"): a for a in root.iter(AKN + "article")}
        self.assertEqual(arts["art_9"].get("class"), "diff-inserted")
        a10 = arts["art_10"]
        self.assertEqual(a10.get("wId"), "art_9")
        self.assertEqual(a10.get("class"), "diff-renumbered diff-changed")
        num = a10.find(AKN + "num")
        self.assertEqual(num.find(AKN + "del").text, "Điều 9.")
        self.assertEqual(num.find(AKN + "ins").text, "Điều 10.")
        gone = arts["del_art_13"]
        self.assertEqual(gone.get("status"), "removed")
        self.assertEqual(gone.get("wId"), "art_13")
        order = [a.get("eId") for a in root.iter(AKN + "article")]
        self.assertEqual(order.index("del_art_13"), order.index("art_13") + 1)
        p = [e for e in root.iter(AKN + "paragraph") if e.get("eId") == "art_5__para_1"][0]
        text = ET.tostring(p, encoding="unicode")
        self.assertRegex(text, r"<ns0:del> 24</ns0:del><ns0:ins> 18</ns0:ins>")
        # The preface: the draft label and the date.
        other = [e for e in root.iter(AKN + "p") if e.get("class") == "other"][0]
        self.assertEqual(other.find(AKN + "del").text, " 1")
        self.assertEqual(other.find(AKN + "ins").text, " 2")
        date = next(root.iter(AKN + "docDate"))
        self.assertEqual([d.text for d in date.findall(AKN + "del")], [" 10", " 6"])

    def test_html_is_the_comparison_table(self):
        out = self.path("diff.html")
        r = run("diff", "--files", V1, V2, "--format", "html", "-o", out)
        self.assertExit(r, 0)
        with open(out, encoding="utf-8") as f:
            html = f.read()
        self.assertTrue(html.startswith("<!DOCTYPE html>"))
        self.assertIn('<html lang="vi"', html)
        self.assertIn("Dự thảo cũ", html)
        self.assertIn("Dự thảo mới", html)
        self.assertIn("size: A4 landscape", html)
        self.assertNotRegex(html, r"(src|href)=\"https?:")
        self.assertEqual(len(re.findall(r'<tr class="diff-inserted"', html)), 1)
        self.assertEqual(len(re.findall(r'<tr class="diff-deleted"', html)), 1)
        # One row per article (18 old + 1 inserted), plus one per chapter.
        self.assertEqual(len(re.findall(r"<tr class=\"(?!container)", html)), 19)
        self.assertIn("<del> 24</del>", html)
        self.assertIn("<ins> 18</ins>", html)

    def test_akn_input(self):
        a = self.path("v1.xml")
        self.assertExit(run("convert", V1, "-o", a), 0)
        r = run("diff", "--files", a, V2, "--format", "json")
        self.assertExit(r, 0)
        self.assertEqual(r.json()["summary"]["renumbered"], 4)

    def test_bad_input_exits_2_with_the_place(self):
        bad = self.write("bad.xml", "<?xml version='1.0'?>\n<akomaNtoso>\n<unclosed>\n")
        r = run("diff", "--files", V1, bad)
        self.assertExit(r, 2)
        self.assertIn("bad.xml:", r.err)
        r = run("diff", "--files", V1, self.path("missing.txt"))
        self.assertNotEqual(r.code, 0)
        self.assertIn("missing.txt", r.err)
        r = run("diff", "--files", V1)
        self.assertExit(r, 2)
        r = run("diff", "--files", V1, V2, "--format", "odt")
        self.assertExit(r, 2)
        self.assertIn("unknown format 'odt'", r.err)


class DiffDossierTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")

    def d(self, *args, who="moc", now=None):
        pre = ["-C", self.repo, "--as", who]
        if now:
            pre += ["--now", now]
        return run(*(pre + list(args)))

    def make(self):
        r = run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo, "--workflow", WF)
        self.assertExit(r, 0)
        self.assertExit(self.d("revise", V1, now="2025-06-25T10:00"), 0)
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)
        self.ids = {}
        for who, on, text in [("most", "art_9__para_2", "Làm rõ phương án dự phòng"),
                              ("most", "art_13", "Đề nghị giữ điều này"),
                              ("mof", "art_5__para_1", "Thời hạn 24 tháng là dài"),
                              ("mof", "art_2", "Nhất trí"),
                              ("hanoi", "general", "Nhất trí với dự thảo"),
                              ("hanoi", "art_12__para_2__point_b", "Một lần mỗi năm là ít")]:
            r = self.d("comment", "--on", on, "--text", text, who=who, now="2025-07-01T09:00")
            self.assertExit(r, 0)
            self.ids[on] = r.out.strip()
        r = self.d("revise", V2, now="2025-07-02T10:00")
        self.assertExit(r, 0)
        self.assertEqual(r.out.strip(), "v2")

    def test_default_is_previous_against_latest(self):
        self.make()
        r = self.d("diff")
        self.assertExit(r, 0)
        self.assertTrue(r.out.startswith("v1 → v2: "))
        self.assertEqual(summary_lines(r.out), SUMMARY)
        self.assertEqual(self.d("diff", "v1", "v2").out, r.out)
        self.assertEqual(self.d("diff", "v1").out, r.out)
        r = self.d("diff", "v2", "v2", "--format", "json")
        self.assertExit(r, 0)
        self.assertFalse(r.json()["changed"])
        out = self.path("d.xml")
        self.assertExit(self.d("diff", "--format", "xml", "-o", out), 0)
        self.assertValidAkn(out)
        self.assertExit(self.d("diff", "--format", "html", "-o", self.path("d.html")), 0)

    def test_the_table_explains_each_change_by_its_comments(self):
        # issue 13 item 11b: the bảng so sánh's third column, "thuyết minh"
        self.make()
        self.assertExit(self.d("advance", "workshop", now="2025-07-28T08:00"), 0)
        self.assertExit(self.d("advance", "submission", now="2025-08-01T08:00"), 0)
        self.assertExit(self.d("respond", self.ids["art_5__para_1"], "--accept", "--reason", "Rút xuống 18 tháng.",
                               now="2025-08-04T09:00"), 0)
        # AKN: one note per explained row, on the row's provision in the new revision
        out = self.path("d.xml")
        self.assertExit(self.d("diff", "v1", "v2", "--format", "xml", "-o", out), 0)
        self.assertValidAkn(out)
        with open(out, encoding="utf-8") as f:
            xml = f.read()
        notes = re.findall(r'<note eId="([^"]+)" class="thuyet-minh" placementBase="([^"]+)">(.*?)</note>', xml, re.S)
        by_row = {base: body for _, base, body in notes}
        self.assertIn("mof-1", by_row["art_5"])
        self.assertIn("Tiếp thu: Rút xuống 18 tháng.", by_row["art_5"])
        self.assertIn("most-1", by_row["art_10"])        # Điều 9 khoản 2 of v1, now Điều 10
        self.assertIn("Chưa trả lời", by_row["art_10"])
        self.assertNotIn("art_2", by_row)                 # Điều 2 did not change
        self.assertFalse(any("hanoi-1" in b for b in by_row.values()))   # a general comment is no row's
        # HTML: the third column
        out = self.path("d.html")
        self.assertExit(self.d("diff", "v1", "v2", "--format", "html", "-o", out), 0)
        with open(out, encoding="utf-8") as f:
            page = f.read()
        self.assertIn('<th class="explain">Thuyết minh</th>', page)
        self.assertRegex(page, r'<td class="explain"><p>mof-1 \(Bộ Tài chính[^<]*\), Điều 5 khoản 1: '
                               r'Thời hạn 24 tháng là dài — Tiếp thu: Rút xuống 18 tháng\.</p></td>')
        # two columns on request, and for two files
        self.assertExit(self.d("diff", "v1", "v2", "--format", "html", "--columns", "2", "-o", out), 0)
        with open(out, encoding="utf-8") as f:
            self.assertNotIn("Thuyết minh", f.read())
        r = run("diff", "--files", V1, V2, "--format", "html")
        self.assertExit(r, 0)
        self.assertNotIn("Thuyết minh", r.out)

    def test_quoted_wording_changed_in_a_dossier(self):
        # An amending text's quotation is in the revision's model (its first
        # version left it out, and the diff in a dossier saw no change).
        texts = []
        for word in ("khám bệnh", "khám chữa bệnh"):
            texts.append(self.path("am-%d.txt" % len(texts)))
            with open(texts[-1], "w", encoding="utf-8") as f:
                f.write("NGHỊ ĐỊNH\nĐiều 1. Sửa đổi, bổ sung một số điều của Nghị định số 10/2020/NĐ-CP\n"
                        "1. Sửa đổi, bổ sung Điều 6 như sau:\n“Điều 6. Phạm vi\n"
                        "1. Nghị định này quy định chi tiết.\n2. Quỹ bảo đảm %s.”.\n2. Bãi bỏ Điều 7.\n"
                        "Điều 2. Hiệu lực thi hành\nNghị định này có hiệu lực từ ngày ký.\n" % word)
        r = run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo, "--workflow", WF, "--bare")
        self.assertExit(r, 0)
        self.assertExit(self.d("revise", texts[0], now="2025-06-25T10:00"), 0)
        self.assertExit(self.d("revise", texts[1], now="2025-06-26T10:00"), 0)
        r = self.d("diff", "v1", "v2")
        self.assertExit(r, 0)
        self.assertEqual(summary_lines(r.out), ["  Điều 1 changed in khoản 1"])
        self.assertIn("Quỹ bảo đảm khám {+chữa+} bệnh.", r.out)
        files = run("diff", "--files", texts[0], texts[1])
        self.assertEqual(r.out.splitlines()[1:], files.out.splitlines()[1:])

    def test_bad_revisions(self):
        self.make()
        r = self.d("diff", "v1", "v9")
        self.assertExit(r, 2)
        self.assertIn("v9", r.err)
        r = self.d("diff", "one")
        self.assertExit(r, 2)
        self.assertIn("'one' is not a revision", r.err)

    def test_one_revision_has_nothing_to_compare(self):
        r = run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo, "--workflow", WF)
        self.assertExit(r, 0)
        self.assertExit(self.d("revise", V1, now="2025-06-25T10:00"), 0)
        r = self.d("diff")
        self.assertExit(r, 2)
        self.assertIn("only one", r.err)

    def test_comments_are_carried_forward(self):
        self.make()
        r = self.d("comments", "--revision", "v1", "--json")
        self.assertExit(r, 0)
        self.assertEqual(r.json()["format"], "dossier/1")
        now = {c["on"]: c["now"] for c in r.json()["comments"]}
        self.assertEqual(len(now), 6)
        self.assertEqual(now["art_9__para_2"], {"revision": "v2", "status": "renumbered", "changed": True,
                                                "eid": "art_10__para_2", "citation": "Điều 10 khoản 2"})
        self.assertEqual(now["art_13"]["status"], "deleted")
        self.assertIsNone(now["art_13"]["eid"])
        self.assertEqual(now["art_5__para_1"]["status"], "changed")
        self.assertEqual(now["art_5__para_1"]["eid"], "art_5__para_1")
        self.assertEqual(now["art_2"], {"revision": "v2", "status": "same", "changed": False,
                                        "eid": "art_2", "citation": "Điều 2"})
        self.assertEqual(now["general"]["eid"], "general")
        self.assertEqual(now["art_12__para_2__point_b"]["status"], "renumbered")
        self.assertEqual(now["art_12__para_2__point_b"]["eid"], "art_13__para_2__point_b")
        self.assertFalse(now["art_12__para_2__point_b"]["changed"])

        r = self.d("comments", "--revision", "v1")
        self.assertExit(r, 0)
        self.assertIn("now in v2: Điều 10 khoản 2 (art_10__para_2), renumbered, changed", r.out)
        self.assertIn("now in v2: deleted", r.out)
        self.assertIn("now in v2: Điều 2 (art_2), same", r.out)
        # Nothing was commented on v2.
        r = self.d("comments", "--revision", "v2", "--json")
        self.assertExit(r, 0)
        self.assertEqual(r.json(), {"format": "dossier/1", "comments": []})
        r = self.d("comments", "--revision", "v5")
        self.assertExit(r, 2)
        self.assertIn("v5", r.err)
        # Without --revision the output has no carry-forward.
        r = self.d("comments", "--json")
        self.assertNotIn("now", r.json()["comments"][0])


if __name__ == "__main__":
    clitest.main()
