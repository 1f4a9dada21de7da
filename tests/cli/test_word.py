"""Word in and out (issue 15, docs/word.md), with independent producers and
readers, run as the real binary.

Read: decrees made by python-docx (literal numbers, and Word's automatic
numbering with Vietnamese letters) and by LibreOffice (soffice --headless
--convert-to docx of our sample texts) give the same provisions as their
source text. Every class of bad input exits 2 with its reason and writes
nothing. Write: our .docx is read back by python-docx (texts, fonts, page
size, margins), printed to PDF by LibreOffice and its first page rendered
to PNG with pdftoppm (BUILD/test-artefacts/word/); the same input gives the
same bytes; .docx -> dossier -> .docx -> dossier gives the same tree; the
consolidated draft marks the changed provisions with Word comments; the
report is a landscape table; the comparison table has its columns. A
missing tool fails the test, it does not skip it.
"""
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile

import clitest
import docxmake
from clitest import run
from test_consolidate import ADOPTED_MPS, PROPOSAL_MOST, PROPOSAL_MPS, V1, V2, WF

import docx                                   # Debian: python3-docx (see docxmake)
from docx.shared import Mm, Pt

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
SAMPLE = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
SAMPLE2 = os.path.join(clitest.TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh-v2.txt")
ARTEFACTS = os.path.join(os.environ.get("DOSSIER_BUILD_ROOT", "."), "test-artefacts", "word")


def counts(tree):
    """Articles, clauses and points of `convert --to json` output."""
    c = {"article": 0, "clause": 0, "point": 0, "chapter": 0}

    def walk(n):
        if n.get("kind") in c:
            c[n["kind"]] += 1
        for ch in n.get("children", []):
            walk(ch)
    for n in tree["body"]:
        walk(n)
    return c


def strip_places(x):
    """A document tree without the source lines and columns."""
    if isinstance(x, dict):
        return {k: strip_places(v) for k, v in x.items() if k not in ("line", "column")}
    if isinstance(x, list):
        return [strip_places(v) for v in x]
    return x


class WordTest(clitest.TestCase):
    def tree(self, path):
        r = run("convert", path, "--to", "json")
        self.assertExit(r, 0)
        return r.json()

    def assertSameProvisions(self, docx_path, text_path):
        a, b = self.tree(docx_path), self.tree(text_path)
        self.assertEqual(counts(a), counts(b))
        self.assertGreater(counts(b)["article"], 0)
        return a, b

    # ---- reading what others made ----

    def test_python_docx_literal_numbers(self):
        for src in (SAMPLE, SAMPLE2):
            out = self.path(os.path.basename(src) + ".docx")
            with open(src, encoding="utf-8") as f:
                docxmake.make(f.read(), out, automatic=False)
            a, b = self.assertSameProvisions(out, src)
            self.assertEqual(strip_places(a), strip_places(b))

    def test_python_docx_automatic_numbering(self):
        out = self.path("auto.docx")
        with open(SAMPLE, encoding="utf-8") as f:
            docxmake.make(f.read(), out, automatic=True)
        # the numbers are in numbering.xml only, not in the text
        with zipfile.ZipFile(out) as z:
            body = z.read("word/document.xml").decode()
        self.assertNotIn("Điều 5.", body)
        self.assertNotIn("đ) Lộ trình", body)
        a, b = self.assertSameProvisions(out, SAMPLE)
        self.assertEqual(strip_places(a), strip_places(b))
        # Điều 5 khoản 2 has points a b c d đ, as Word shows them in Vietnamese
        r = run("outline", out)
        self.assertExit(r, 0)
        self.assertIn("art_5__para_2__point_dd", r.out)

    def test_corpus_texts_through_python_docx(self):
        for name in ("nd-30-2020.txt", "nd-123-2024.txt", "luat-80-2015.txt"):
            src = os.path.join(clitest.CORPUS, name)
            out = self.path(name + ".docx")
            with open(src, encoding="utf-8") as f:
                text = f.read()
            doc = docx.Document()
            for line in text.split("\n"):
                doc.add_paragraph(line)
            doc.save(out)
            self.assertSameProvisions(out, src)

    def test_libreoffice_converts_our_sample_texts(self):
        self.assertIsNotNone(SOFFICE, "LibreOffice (Debian libreoffice-writer-nogui) is not installed")
        for src in (SAMPLE, SAMPLE2, os.path.join(clitest.CORPUS, "nd-30-2020.txt")):
            shutil.copy(src, self.path("in.txt"))
            p = subprocess.run([SOFFICE, "--headless", "--norestore",
                                "-env:UserInstallation=file://" + self.path("lo"),
                                "--infilter=Text (encoded):UTF8,LF,,,", "--convert-to", "docx",
                                "--outdir", self.path("lo-out"), self.path("in.txt")],
                               capture_output=True, text=True, timeout=180)
            self.assertEqual(p.returncode, 0, p.stderr)
            out = self.path("lo-out", "in.docx")
            self.assertSameProvisions(out, src)

    def test_tracked_changes_warn(self):
        out = self.path("tracked.docx")
        docxmake.make("CHÍNH PHỦ\n\nĐiều 1. Phạm vi\nNội dung cũ.\n", out)
        with zipfile.ZipFile(out) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["word/document.xml"].decode()
        xml = xml.replace("<w:t>Nội dung cũ.</w:t></w:r>",
                          "<w:t>Nội dung</w:t></w:r><w:del w:id=\"91\" w:author=\"A\"><w:r><w:delText> cũ"
                          "</w:delText></w:r></w:del><w:ins w:id=\"92\" w:author=\"A\"><w:r><w:t> mới."
                          "</w:t></w:r></w:ins>")
        parts["word/document.xml"] = xml.encode()
        with zipfile.ZipFile(out, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
        r = run("convert", out, "--to", "text")
        self.assertExit(r, 0)
        self.assertIn("Nội dung mới.", r.out)
        self.assertNotIn("cũ", r.out)
        self.assertIn("1 insertion taken, 1 deletion dropped", r.err)
        self.assertIn("[word-tracked-changes]", r.err)

    def test_footnotes_become_authorial_notes(self):
        out = self.path("notes.docx")
        docxmake.make("CHÍNH PHỦ\n\nĐiều 1. Phạm vi\nNội dung của điều.\n", out)
        with zipfile.ZipFile(out) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        xml = parts["word/document.xml"].decode()
        self.assertIn("<w:t>Nội dung của điều.</w:t></w:r>", xml)
        xml = xml.replace("<w:t>Nội dung của điều.</w:t></w:r>",
                          "<w:t>Nội dung</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/>"
                          "</w:rPr><w:footnoteReference w:id=\"1\"/></w:r><w:r><w:t xml:space=\"preserve\">"
                          " của điều.</w:t></w:r>")
        parts["word/document.xml"] = xml.encode()
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        parts["word/footnotes.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="%s">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> Sửa đổi theo Nghị định 30/2020/NĐ-CP.</w:t></w:r></w:p>'
            '</w:footnote></w:footnotes>' % w).encode()
        ct = parts["[Content_Types].xml"].decode().replace(
            "</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
        parts["[Content_Types].xml"] = ct.encode()
        with zipfile.ZipFile(out, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
        # python-docx still opens it: a valid package
        docx.Document(out)
        akn = self.path("notes.xml")
        r = run("convert", out, "-o", akn)
        self.assertExit(r, 0)
        self.assertNotIn("word-footnotes", r.err)
        self.assertValidAkn(akn)
        with open(akn, encoding="utf-8") as f:
            body = f.read()
        self.assertIn('<p>Nội dung<authorialNote eId="art_1__authorialNote_1" marker="1">'
                      '<p>Sửa đổi theo Nghị định 30/2020/NĐ-CP.</p></authorialNote> của điều.</p>', body)
        # the AKN read back keeps the note where it stood, and the text without it
        again = self.path("again.xml")
        r = run("convert", akn, "--to", "akn", "-o", again)
        self.assertExit(r, 0)
        with open(again, encoding="utf-8") as f:
            self.assertIn('<p>Nội dung<authorialNote eId="art_1__authorialNote_1" marker="1">'
                          '<p>Sửa đổi theo Nghị định 30/2020/NĐ-CP.</p></authorialNote> của điều.</p>',
                          f.read())
        r = run("convert", akn, "--to", "text")
        self.assertExit(r, 0)
        self.assertIn("Nội dung của điều.", r.out)

    def test_wide_table_is_an_akn_table(self):
        d = docx.Document()
        for line in ("CHÍNH PHỦ", "", "Điều 1. Mức phí", "Mức phí như sau:"):
            d.add_paragraph(line)
        t = d.add_table(rows=3, cols=3)
        for i, row in enumerate((("STT", "Loại phí", "Mức thu"), ("1", "Cấp phép", "100.000 đồng"),
                                 ("2", "Gia hạn", "50.000 đồng"))):
            for j, v in enumerate(row):
                t.cell(i, j).text = v
        d.add_paragraph("Điều 2. Hiệu lực")
        d.add_paragraph("Nghị định này có hiệu lực từ ngày ký.")
        out = self.path("table.docx")
        d.save(out)
        akn = self.path("table.xml")
        r = run("convert", out, "-o", akn)
        self.assertExit(r, 0)
        self.assertValidAkn(akn)
        with open(akn, encoding="utf-8") as f:
            body = f.read()
        self.assertIn("<table>", body)
        self.assertIn("<p>100.000 đồng</p>", body)
        self.assertNotIn("Cấp phép |", body)
        self.assertEqual(counts(self.tree(out))["article"], 2)
        # read back: the same table, and text output keeps a line per row
        again = self.path("again.xml")
        r = run("convert", akn, "--to", "akn", "-o", again)
        self.assertExit(r, 0)
        with open(again, encoding="utf-8") as f:
            self.assertEqual(f.read(), body)
        r = run("convert", akn, "--to", "text")
        self.assertExit(r, 0)
        self.assertIn("1 | Cấp phép | 100.000 đồng", r.out)

    # ---- bad input ----

    def refused(self, data, want, name="bad.docx"):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        out = self.path("out.xml")
        for args in (("convert", p, "-o", out), ("outline", p), ("diff", "--files", p, p)):
            r = run(*args)
            self.assertExit(r, 2)
            self.assertIn(want, r.err)
            self.assertFalse(os.path.exists(out))

    def test_bad_input(self):
        ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 1000
        self.refused(ole, "Word 97–2003 file: save it as .docx", "du-thao.doc")
        enc = ole[:200] + "EncryptedPackage".encode("utf-16-le") + ole[232:]
        self.refused(enc, "encrypted, password-protected")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/styles.xml", "<x/>")
        self.refused(buf.getvalue(), "without 'word/document.xml'")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body><w:p></w:body>")
        self.refused(buf.getvalue(), "not well-formed XML")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", b" " * (200 << 20))
        self.assertLess(len(buf.getvalue()), 1 << 20)
        self.refused(buf.getvalue(), "zip bomb")
        self.refused(b"PK\x03\x04" + b"\0" * 100, "not a readable zip archive")
        self.refused("Điều 1. X\n".encode("utf-16-le"), "UTF-16 text without a byte-order mark", "u.txt")

    def test_utf16_with_bom_is_read(self):
        with open(SAMPLE, encoding="utf-8") as f:
            text = f.read()
        for enc, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
            p = self.path("notepad-%s.txt" % enc)
            with open(p, "wb") as f:
                f.write(bom + text.replace("\n", "\r\n").encode(enc))
            self.assertEqual(strip_places(self.tree(p)), strip_places(self.tree(SAMPLE)))

    # ---- writing ----

    def test_our_docx_read_by_python_docx_and_printed_by_libreoffice(self):
        out = self.path("nd.docx")
        r = run("convert", SAMPLE, "--to", "docx", "-o", out)
        self.assertExit(r, 0)
        doc = docx.Document(out)
        sec = doc.sections[0]
        self.assertEqual((round(sec.page_width.mm), round(sec.page_height.mm)), (210, 297))
        self.assertTrue(20 <= round(sec.top_margin.mm) <= 25)
        self.assertTrue(20 <= round(sec.bottom_margin.mm) <= 25)
        self.assertTrue(30 <= round(sec.left_margin.mm) <= 35)
        self.assertTrue(15 <= round(sec.right_margin.mm) <= 20)
        normal = doc.styles["Normal"]
        self.assertEqual(normal.font.name, "Times New Roman")
        self.assertIn(normal.font.size, (Pt(13), Pt(14)))
        texts = [p.text for p in doc.paragraphs]
        self.assertIn("NGHỊ ĐỊNH", texts)
        self.assertIn("Điều 5. Đề án phát triển đô thị thông minh", texts)
        self.assertIn("đ) Lộ trình thực hiện, phân công trách nhiệm và cơ chế giám sát, đánh giá.", texts)
        art = next(p for p in doc.paragraphs if p.text.startswith("Điều 5."))
        self.assertTrue(art.style.font.bold or all(r.bold for r in art.runs))
        chap = next(p for p in doc.paragraphs if p.text == "Chương II")
        self.assertEqual(chap.alignment, docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER)
        pre = next(p for p in doc.paragraphs if p.text.startswith("Căn cứ Luật Dữ liệu"))
        self.assertTrue(all(r.italic for r in pre.runs))
        head = doc.tables[0]
        self.assertEqual(head.cell(0, 0).paragraphs[0].text, "CHÍNH PHỦ")
        self.assertEqual(head.cell(0, 1).paragraphs[0].text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        self.assertIn("Độc lập - Tự do - Hạnh phúc", [p.text for p in head.cell(0, 1).paragraphs])
        self.assertIn("Số: /2025/NĐ-CP", [p.text for p in head.cell(0, 0).paragraphs])
        sign = doc.tables[-1]
        self.assertEqual(sign.cell(0, 0).paragraphs[0].text, "Nơi nhận:")
        self.assertEqual(sign.cell(0, 1).paragraphs[0].text, "TM. CHÍNH PHỦ")
        # the same input, the same bytes
        again = self.path("again.docx")
        self.assertExit(run("convert", SAMPLE, "--to", "docx", "-o", again), 0)
        with open(out, "rb") as f1, open(again, "rb") as f2:
            self.assertEqual(f1.read(), f2.read())
        # PDF through LibreOffice, its first page as PNG
        self.assertIsNotNone(SOFFICE, "LibreOffice (Debian libreoffice-writer-nogui) is not installed")
        self.assertIsNotNone(PDFTOPPM, "pdftoppm (Debian poppler-utils) is not installed")
        pdf = self.path("nd.pdf")
        r = run("convert", SAMPLE, "--to", "pdf", "-o", pdf)
        self.assertExit(r, 0)
        with open(pdf, "rb") as f:
            self.assertEqual(f.read(5), b"%PDF-")
        os.makedirs(ARTEFACTS, exist_ok=True)
        p = subprocess.run([PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf,
                            os.path.join(ARTEFACTS, "decree-page1")], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertGreater(os.path.getsize(os.path.join(ARTEFACTS, "decree-page1.png")), 10000)
        t = subprocess.run(["pdftotext", "-l", "1", pdf, "-"], capture_output=True, text=True)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", t.stdout)
        self.assertIn("Điều 1. Phạm vi điều chỉnh", t.stdout)

    def test_pdf_without_libreoffice_says_what_to_install(self):
        out = self.path("nd.pdf")
        r = run("convert", SAMPLE, "--to", "pdf", "-o", out, env={"PATH": "/nonexistent"})
        self.assertExit(r, 1)
        self.assertIn("LibreOffice", r.err)
        self.assertIn("libreoffice-writer-nogui", r.err)
        self.assertFalse(os.path.exists(out))


class WordDossierTest(clitest.TestCase):
    """The consolidated draft, the report and the comparison table of a
    dossier, and the round trip through a dossier."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.base = tempfile.mkdtemp(prefix="dossier-word-")
        cls.repo = os.path.join(cls.base, "dossier")
        v1 = os.path.join(cls.base, "v1.docx")
        v2 = os.path.join(cls.base, "v2.docx")
        docxmake.make(V1, v1, automatic=True)
        docxmake.make(V2, v2, automatic=True)

        def act(who, when, *args):
            r = run("-C", cls.repo, "--as", who, "--now", when, *args)
            if r.code != 0:
                raise AssertionError("%s %s: %r" % (who, args, r))
            return r.out.strip()

        r = run("--as", "moc", "--now", "2025-06-20T09:00", "init", cls.repo, "--workflow", WF)
        if r.code != 0:
            raise AssertionError(repr(r))
        act("moc", "2025-06-25T10:00", "revise", v1, "-m", "Dự thảo lần 1 (Word)")
        act("moc", "2025-06-26T08:00", "advance", "member-comment")
        most = act("most", "2025-07-03T09:00", "comment", "--on", "art_2__para_1",
                   "--text", "Bổ sung dữ liệu.", "--propose", PROPOSAL_MOST)
        mps = act("mps", "2025-07-04T09:00", "comment", "--on", "art_3",
                  "--text", "Phối hợp với Bộ Công an.", "--propose", PROPOSAL_MPS)
        act("moc", "2025-07-28T08:00", "advance", "workshop")
        act("moc", "2025-08-01T08:00", "advance", "submission")
        act("moc", "2025-08-04T09:00", "respond", most, "--accept", "--reason", "Tiếp thu.")
        act("moc", "2025-08-04T09:10", "respond", mps, "--partial", "--reason",
            "Tiếp thu một phần: phối hợp với các bộ.", "--text", ADOPTED_MPS)
        act("moc", "2025-08-05T15:00", "revise", v2, "-m", "Dự thảo lần 2 (Word)")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base, ignore_errors=True)

    def in_repo(self, *args):
        return run("-C", self.repo, *args)

    def test_consolidated_decree_docx(self):
        out, again = self.path("c.docx"), self.path("c2.docx")
        self.assertExit(self.in_repo("consolidate", "--format", "docx", "-o", out), 0)
        self.assertExit(self.in_repo("consolidate", "--format", "docx", "-o", again), 0)
        with open(out, "rb") as f1, open(again, "rb") as f2:
            self.assertEqual(f1.read(), f2.read())
        with zipfile.ZipFile(out) as z:
            self.assertTrue(all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in z.infolist()))
            comments = z.read("word/comments.xml").decode()
            body = z.read("word/document.xml").decode()
        self.assertIn("Tiếp thu", comments)
        self.assertIn("Bộ Khoa học và Công nghệ", comments)
        self.assertIn("w:commentReference", body)
        self.assertIn('w:fill="FFF2CC"', body)
        doc = docx.Document(out)
        texts = [p.text for p in doc.paragraphs]
        self.assertIn(PROPOSAL_MOST, texts)
        # read back, the consolidated text is v2 with the adopted wording
        r = run("convert", out, "--to", "text")
        self.assertExit(r, 0)
        self.assertIn(ADOPTED_MPS, r.out)

    def test_round_trip_docx_dossier_docx_dossier(self):
        first = self.path("first.docx")
        self.assertExit(self.in_repo("consolidate", "--revision", "v2", "--format", "docx", "-o", first), 0)
        repo2 = self.path("again")
        r = run("--as", "moc", "--now", "2025-09-01T09:00", "init", repo2, "--workflow", WF)
        self.assertExit(r, 0)
        r = run("-C", repo2, "--as", "moc", "--now", "2025-09-01T10:00", "revise", first)
        self.assertExit(r, 0)
        second = self.path("second.docx")
        self.assertExit(run("-C", repo2, "consolidate", "--format", "docx", "-o", second), 0)
        a, b = self.path("a.xml"), self.path("b.xml")
        self.assertExit(run("convert", first, "-o", a), 0)
        self.assertExit(run("convert", second, "-o", b), 0)
        self.assertEqual(strip_places(json.loads(run("convert", a, "--to", "json").out)),
                         strip_places(json.loads(run("convert", b, "--to", "json").out)))

    def test_report_docx(self):
        out = self.path("r.docx")
        self.assertExit(self.in_repo("report", "--format", "docx", "-o", out), 0)
        doc = docx.Document(out)
        sec = doc.sections[0]
        self.assertEqual(sec.orientation, docx.enum.section.WD_ORIENT.LANDSCAPE)
        self.assertEqual((round(sec.page_width.mm), round(sec.page_height.mm)), (297, 210))
        table = next(t for t in doc.tables if len(t.columns) == 6)
        head = [c.text for c in table.rows[0].cells]
        self.assertEqual(head, ["STT", "Điều, khoản", "Nội dung góp ý", "Cơ quan góp ý",
                                "Tiếp thu, giải trình", "Tình trạng"])
        cells = [c.text for row in table.rows for c in row.cells]
        self.assertIn("Bổ sung dữ liệu.\nĐề xuất: " + PROPOSAL_MOST, cells)
        self.assertIn("Tiếp thu: Tiếp thu.", cells)
        self.assertIn("BÁO CÁO", [p.text for p in doc.paragraphs])
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", [p.text for p in doc.tables[0].cell(0, 1).paragraphs])

    def test_diff_docx_two_and_three_columns(self):
        for cols in ("2", "3"):
            out = self.path("d%s.docx" % cols)
            self.assertExit(self.in_repo("diff", "v1", "v2", "--format", "docx", "--columns", cols,
                                         "-o", out), 0)
            doc = docx.Document(out)
            table = next(t for t in doc.tables if t.cell(0, 0).text.startswith("Dự thảo"))
            self.assertEqual(len(table.columns), int(cols))
            head = [c.text for c in table.rows[0].cells]
            self.assertEqual(head[:2], ["Dự thảo v1", "Dự thảo v2"])
            cells = [c.text for row in table.rows for c in row.cells]
            self.assertTrue(any(c.startswith("Điều 2. Đối tượng áp dụng") for c in cells))
            if cols == "3":
                self.assertIn("Bổ sung mới", cells)
                # in a dossier the third column is the thuyết minh: the comments behind each change
                self.assertEqual(head[2], "Thuyết minh")
        # --files with .docx
        v1, v2 = self.path("a.docx"), self.path("b.docx")
        docxmake.make(V1, v1, automatic=True)
        docxmake.make(V2, v2)
        r = run("diff", "--files", v1, v2)
        self.assertExit(r, 0)
        self.assertIn("Điều 2", r.out)
        out = self.path("files.docx")
        self.assertExit(run("diff", "--files", v1, v2, "--format", "docx", "-o", out), 0)
        table = next(t for t in docx.Document(out).tables if len(t.columns) == 2 and t.cell(0, 0).text == v1)
        self.assertEqual(table.cell(0, 1).text, v2)

    def test_pdf_of_report_and_diff(self):
        self.assertIsNotNone(SOFFICE, "LibreOffice (Debian libreoffice-writer-nogui) is not installed")
        for args in (("report",), ("diff", "v1", "v2"), ("consolidate",)):
            out = self.path("%s.pdf" % args[0])
            self.assertExit(self.in_repo(*args, "--format", "pdf", "-o", out), 0)
            with open(out, "rb") as f:
                self.assertEqual(f.read(5), b"%PDF-")
            if args[0] == "report":
                os.makedirs(ARTEFACTS, exist_ok=True)
                subprocess.run([PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", out,
                                os.path.join(ARTEFACTS, "report-page1")], check=True)


if __name__ == "__main__":
    import unittest
    unittest.main(verbosity=2)
