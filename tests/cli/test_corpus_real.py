"""The real texts of ../shared/corpus/real/ (issue 14): texts nobody on this
project wrote, as the Official Gazette, thuvienphapluat.vn and Word publish
them. Every Vietnamese text parses (exit 0) or fails only with errors that
name the place and the cause; the counts are the README's (articles,
chapters, sections and appendices of the text's own, an attached text's
counted within it); the AKN written is schema-valid with unique eIds; the
HTML pages give the same document as their text copies; the repro/ files
each show their failure class fixed. The amending decrees' quotations
(<mod>) are the amending texts' module: here, that they parse and write
valid AKN.
"""
import json
import os
import re
import subprocess

import clitest
from clitest import run, SCHEMA
from test_dossier import WF

REAL = os.path.join(clitest.CORPUS, "real")
VN = os.path.join(REAL, "vn")
REPRO = os.path.join(REAL, "repro")

# file: (articles, chapters, sections, appendices) of the text's own, as in
# the README; the attached texts are counted apart (ATTACHED).
COUNTS = {
    "luat-so-69-2020-qh14-32699.txt": (74, 8, 9, 0),
    "nghi-dinh-so-145-2020-nd-cp-32732.txt": (101, 11, 17, 0),
    "nghi-dinh-so-212-2025-nd-cp-45740.txt": (24, 4, 3, 2),
    "thong-tu-so-12-2023-tt-bldtbxh-40361.txt": (4, 0, 0, 0),
    "thong-tu-so-03-2024-tt-bkhdt-41477.txt": (3, 0, 0, 2),
    "tvpl-luat-an-ninh-mang-24-2018-qh14.txt": (43, 7, 0, 0),
    "tvpl-luat-an-ninh-mang-24-2018-qh14.html": (43, 7, 0, 0),
    # The README says 72: the headings with their dot. The law has 79
    # articles; seven headings lost the dot ("Điều 5 Chính sách …").
    "tvpl-luat-cntt-67-2006-qh11.txt": (79, 6, 12, 0),
    "tvpl-luat-cntt-67-2006-qh11.html": (79, 6, 12, 0),
}
# Công báo extractions: issuer, number, place as the header says.
HEADERS = {
    "luat-so-69-2020-qh14-32699.txt": ("QUỐC HỘI", "69/2020/QH14", None),
    "nghi-dinh-so-145-2020-nd-cp-32732.txt": ("CHÍNH PHỦ", "145/2020/NĐ-CP", "Hà Nội"),
    "nghi-dinh-so-212-2025-nd-cp-45740.txt": ("CHÍNH PHỦ", "212/2025/NĐ-CP", "Hà Nội"),
    "thong-tu-so-12-2023-tt-bldtbxh-40361.txt": ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
                                                 "12/2023/TT-BLĐTBXH", "Hà Nội"),
    "thong-tu-so-03-2024-tt-bkhdt-41477.txt": ("BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "03/2024/TT-BKHĐT", "Hà Nội"),
}
AMENDING = ["nghi-dinh-so-372-2025-nd-cp-468594.txt", "nghi-dinh-so-74-2025-nd-cp-44712.txt"]
# An error line names the place and the cause: PATH:LINE:COL: error: … [code]
ERROR_LINE = re.compile(r"^.+:\d+:\d+: error: .+ \[[a-z0-9-]+\]$")


def walk(nodes, inside=None):
    for n in nodes:
        yield n, inside
        yield from walk(n.get("children", []), n if n["kind"] == "attachment" else inside)


def counts(doc):
    c = {"article": 0, "chapter": 0, "section": 0, "appendix": 0}
    for n, att in walk(doc["body"]):
        if att is None and n["kind"] in c:
            c[n["kind"]] += 1
    return (c["article"], c["chapter"], c["section"], c["appendix"])


def convert_json(path, *extra):
    res = run("convert", "--to", "json", path, *extra)
    return res, (json.loads(res.out) if res.code == 0 else None)


class RealCorpusTest(clitest.TestCase):
    def test_counts_eids_and_valid_akn(self):
        written = []
        for name, want in COUNTS.items():
            with self.subTest(name=name):
                path = os.path.join(VN, name)
                res, doc = convert_json(path, "--lenient")
                self.assertExit(res, 0)
                self.assertEqual(counts(doc), want)
                eids = [n["eid"] for n, _ in walk(doc["body"])]
                self.assertEqual(len(eids), len(set(eids)), "duplicate eIds")
                out = self.path(name + ".xml")
                self.assertExit(run("convert", path, "--lenient", "-o", out), 0)
                written.append(out)
        proc = subprocess.run(["xmllint", "--noout", "--nonet", "--schema", SCHEMA] + written,
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_html_page_reads_as_its_text_copy(self):
        for stem in ("tvpl-luat-an-ninh-mang-24-2018-qh14", "tvpl-luat-cntt-67-2006-qh11"):
            with self.subTest(stem=stem):
                _, a = convert_json(os.path.join(VN, stem + ".txt"))
                _, b = convert_json(os.path.join(VN, stem + ".html"))
                strip = lambda d: [(n["eid"], n["heading"], n.get("text")) for n, _ in walk(d["body"])]
                self.assertEqual(strip(a), strip(b))
                self.assertEqual(a["preface"]["number"], b["preface"]["number"])

    def test_gazette_header_and_furniture(self):
        for name, (issuer, number, place) in HEADERS.items():
            with self.subTest(name=name):
                res, doc = convert_json(os.path.join(VN, name), "--lenient")
                self.assertExit(res, 0)
                pf = doc["preface"]
                self.assertEqual((pf["issuer"], pf["number"], pf["place"]), (issuer, number, place))
                text = run("convert", "--to", "text", "--lenient", os.path.join(VN, name)).out
                self.assertNotIn("CÔNG BÁO/", text)
                self.assertNotIn("Người ký:", text)
                self.assertNotIn("VĂN BẢN QUY PHẠM PHÁP LUẬT", text)

    def test_amending_texts_parse(self):
        # Their quotations are <mod>s (the amending texts' module): here, that they parse
        # with their own articles only and write valid AKN.
        for name in AMENDING:
            with self.subTest(name=name):
                out = self.path(name + ".xml")
                res = run("convert", os.path.join(VN, name), "-o", out)
                self.assertExit(res, 0)
                for line in res.err.splitlines():
                    self.assertNotIn(": error: ", line)
                self.assertValidAkn(out)

    def test_errors_name_place_and_cause(self):
        # what is refused is refused at a place, with a cause
        res = run("convert", os.path.join(REPRO, "r6-nul.txt"))
        self.assertExit(res, 2)
        errors = [l for l in res.err.splitlines() if ": error: " in l]
        self.assertTrue(errors)
        for line in errors:
            self.assertRegex(line, ERROR_LINE)

    def test_attached_programme(self):
        _, doc = convert_json(os.path.join(VN, "thong-tu-so-12-2023-tt-bldtbxh-40361.txt"))
        atts = [n for n in doc["body"] if n["kind"] == "attachment"]
        self.assertEqual([a["eid"] for a in atts], ["att_1"])
        self.assertEqual(atts[0]["heading"], "CHƯƠNG TRÌNH BỒI DƯỠNG")
        self.assertTrue(atts[0]["text"][-1].startswith("I. ĐỐI TƯỢNG") is False)
        self.assertTrue(any(t.startswith("(Ban hành kèm theo Thông tư số 12/2023/TT-BLĐTBXH")
                            for t in atts[0]["text"]))
        # the signature block stays the conclusions, not the programme
        self.assertIn("Lê Tấn Dũng", doc["conclusions"])
        self.assertFalse(any("CHƯƠNG TRÌNH" in c for c in doc["conclusions"]))

    def test_nul_bytes(self):
        path = os.path.join(VN, "thong-tu-so-03-2024-tt-bkhdt-41477.txt")
        res = run("convert", path, "-o", self.path("x.xml"))
        self.assertExit(res, 2)
        self.assertIn("thong-tu-so-03-2024-tt-bkhdt-41477.txt:1607:1: error: a NUL byte", res.err)
        self.assertIn("--lenient", res.err)
        self.assertFalse(os.path.exists(self.path("x.xml")))
        res = run("outline", "--lenient", "--depth", "1", path)
        self.assertExit(res, 0)
        self.assertIn("warning: 10 NUL bytes dropped (lenient mode)", res.err)
        res = run("outline", "--lenient", os.path.join(REPRO, "r6-nul.txt"))
        self.assertExit(res, 0)
        self.assertIn("r6-nul.txt:3:9: warning: 1 NUL byte dropped", res.err)


class ReproTest(clitest.TestCase):
    def test_r3_missing_dot(self):
        res, doc = convert_json(os.path.join(REPRO, "r3-missing-dot.txt"))
        self.assertExit(res, 0)
        self.assertIn("r3-missing-dot.txt:4:1: warning: 'Điều 2' is read as an article heading "
                      "without its '.' [article-heading-without-dot]", res.err)
        self.assertNotIn("article-number-gap", res.err)
        art = {n["eid"]: n for n, _ in walk(doc["body"])}
        self.assertEqual(art["art_2"]["heading"], "Chính sách của Nhà nước")
        self.assertIn("art_2__para_2", art)
        self.assertNotIn("art_1__para_1", art)

    def test_r4_wrapped_line(self):
        res, doc = convert_json(os.path.join(REPRO, "r4-wrapped-line.txt"))
        self.assertExit(res, 0)
        eids = [n["eid"] for n, _ in walk(doc["body"])]
        self.assertEqual(eids, ["art_1", "art_1__para_1", "art_1__para_2", "art_2"])
        self.assertTrue(doc["body"][0]["children"][0]["text"][0].endswith("tại khoản 4 Điều 9."))

    def test_r5_attached_regulation_is_an_attachment(self):
        path = os.path.join(REPRO, "r5-attached-regulation.txt")
        res, doc = convert_json(path)
        self.assertExit(res, 0)
        eids = [n["eid"] for n, _ in walk(doc["body"])]
        self.assertEqual(eids, ["art_1", "art_2", "att_1", "att_1__chp_1", "att_1__art_1",
                                "att_1__art_2", "att_1__art_2__para_1", "att_1__art_2__para_2"])
        self.assertEqual(doc["conclusions"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A"])
        att = doc["body"][2]
        self.assertEqual(att["citation"]["vie"], "Văn bản kèm theo 1")
        self.assertEqual(att["children"][0]["children"][1]["citation"]["vie"],
                         "Điều 2 Văn bản kèm theo 1")
        # AKN: <attachments><attachment><doc> with its own body, valid; read back the same
        xml = self.path("r5.xml")
        self.assertExit(run("convert", path, "-o", xml), 0)
        self.assertValidAkn(xml)
        with open(xml, encoding="utf-8") as f:
            akn = f.read()
        self.assertIn('<attachment eId="att_1">', akn)
        self.assertIn('<doc name="attachment">', akn)
        self.assertIn('eId="att_1__art_2__para_1"', akn)
        self.assertEqual(run("convert", "--to", "text", xml).out,
                         run("convert", "--to", "text", path).out)

    def test_r5_diff_inside_the_attachment(self):
        path = os.path.join(REPRO, "r5-attached-regulation.txt")
        with open(path, encoding="utf-8") as f:
            new = self.write("new.txt", f.read().replace("kinh doanh.", "kinh doanh hàng hóa."))
        res = run("diff", "--format", "json", "--files", path, new)
        self.assertExit(res, 0)
        self.assertIn("att_1__art_2", res.out)
        xml = self.path("d.xml")
        self.assertExit(run("diff", "--format", "xml", "--files", path, new, "-o", xml), 0)
        self.assertValidAkn(xml)

    def test_r5_comment_on_the_attachment(self):
        repo = self.path("dossier")
        d = lambda *a, who="moc", now="2025-07-10T09:00": run("-C", repo, "--as", who, "--now", now, *a)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", repo,
                            "--workflow", WF), 0)
        self.assertExit(d("revise", os.path.join(REPRO, "r5-attached-regulation.txt"),
                          now="2025-06-25T10:00"), 0)
        self.assertExit(d("advance", "member-comment", now="2025-06-26T08:00"), 0)
        for on in ("att_1__art_2__para_1", "Điều 2 khoản 1 Văn bản kèm theo 1",
                   "khoản 1 Điều 2 văn bản kèm theo 1"):
            with self.subTest(on=on):
                self.assertExit(d("comment", "--on", on, "--text", "góp ý", who="most"), 0)
        res = d("comments", "--json")
        self.assertExit(res, 0)
        self.assertEqual([c["on"] for c in json.loads(res.out)["comments"]], ["att_1__art_2__para_1"] * 3)
        # a citation without the attachment names the main text's article
        self.assertExit(d("comment", "--on", "Điều 2", "--text", "x", who="most"), 0)
        # consolidated like the main text: an accepted proposal lands in the attachment
        res = d("comment", "--on", "att_1__art_2__para_2", "--text", "Bổ sung.", "--propose",
                "Tổ chức, cá nhân kinh doanh hàng hóa.", who="most", now="2025-07-11T09:00")
        self.assertExit(res, 0)
        self.assertExit(d("advance", "workshop", now="2025-07-28T08:00"), 0)
        self.assertExit(d("advance", "submission", now="2025-08-01T08:00"), 0)
        self.assertExit(d("respond", res.out.strip(), "--accept", "--reason", "Tiếp thu.",
                          now="2025-08-04T09:00"), 0)
        out = self.path("cons.xml")
        self.assertExit(run("-C", repo, "consolidate", "-o", out), 0)
        self.assertValidAkn(out)
        with open(out, encoding="utf-8") as f:
            akn = f.read()
        at = akn.index('eId="att_1__art_2__para_2"')
        self.assertIn("kinh doanh hàng hóa.", akn[at:at + 400])

    def test_r13_html_decree(self):
        res = run("outline", os.path.join(REPRO, "r13-decree.html"))
        self.assertExit(res, 0)
        self.assertIn("art_1", res.out)
        self.assertIn("Phạm vi điều chỉnh", res.out)

    def test_binary_doc_refused_with_the_hint(self):
        doc = self.path("old.doc")
        with open(doc, "wb") as f:
            f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 512)
        res = run("convert", doc)
        self.assertExit(res, 2)
        self.assertIn("save it as .docx", res.err)
        self.assertIn("plain text", res.err)


if __name__ == "__main__":
    clitest.main()
