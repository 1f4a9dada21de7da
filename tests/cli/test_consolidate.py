"""`dossier consolidate`: the consolidated draft as Akoma Ntoso and as an
HTML decree (issue 5), run as the real binary on a real dossier.

The scenario: v1 is commented on (a proposal accepted, a proposal partially
accepted with edited text, one rejected, one on a point that v2 deletes, a
general comment accepted, one accepted without text); v2 inserts an article so
the later articles are renumbered and drops that point. The consolidated v2
carries the adopted texts at the renumbered provisions with their marks and
notes, reports the proposal whose point is gone, validates against the AKN
schema, and its lifecycle and workflow match the log. The HTML is checked
with tidy and rendered by headless Chromium.
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
NS = {"a": AKN[1:-1], "d": "urn:x-dossier:consolidation:1"}

V1 = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số:      /2025/NĐ-CP
Hà Nội, ngày 10 tháng 6 năm 2025
NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;
Theo đề nghị của Bộ trưởng Bộ Xây dựng;
Chính phủ ban hành Nghị định quy định về phát triển đô thị thông minh.
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số trong quản lý và phát triển.
2. Nền tảng dữ liệu đô thị gồm:
a) Cơ sở dữ liệu quy hoạch đô thị;
b) Cơ sở dữ liệu hạ tầng kỹ thuật;
c) Dữ liệu do người dân cung cấp.
Chương II
TỔ CHỨC THỰC HIỆN
Điều 3. Trách nhiệm của Bộ Xây dựng
Bộ Xây dựng chủ trì hướng dẫn thi hành Nghị định này.
Điều 4. Hiệu lực thi hành
Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.
Nơi nhận:
- Các bộ, cơ quan ngang bộ;
- Lưu: VT, CN.
TM. CHÍNH PHỦ
THỦ TƯỚNG
"""

# v2: a new article 2 (so 2, 3, 4 become 3, 4, 5) and point c) dropped.
V2 = (V1.replace("Hà Nội, ngày 10 tháng 6 năm 2025", "Hà Nội, ngày 05 tháng 8 năm 2025")
      .replace("Điều 2. Giải thích từ ngữ", "Điều 2. Đối tượng áp dụng\n"
               "Nghị định này áp dụng đối với cơ quan, tổ chức, cá nhân tham gia phát triển đô thị thông minh.\n"
               "Điều 3. Giải thích từ ngữ")
      .replace("b) Cơ sở dữ liệu hạ tầng kỹ thuật;\nc) Dữ liệu do người dân cung cấp.",
               "b) Cơ sở dữ liệu hạ tầng kỹ thuật.")
      .replace("Điều 3. Trách nhiệm", "Điều 4. Trách nhiệm")
      .replace("Điều 4. Hiệu lực", "Điều 5. Hiệu lực"))

PROPOSAL_MOST = "1. Đô thị thông minh là đô thị ứng dụng công nghệ số và dữ liệu trong quy hoạch, quản lý và phát triển."
PROPOSAL_MPS = "Điều 3. Trách nhiệm của Bộ Xây dựng\nBộ Xây dựng chủ trì, phối hợp với Bộ Công an hướng dẫn thi hành Nghị định này."
ADOPTED_MPS = "Bộ Xây dựng chủ trì, phối hợp với các bộ, cơ quan ngang bộ hướng dẫn thi hành Nghị định này."
PROPOSAL_HANOI = "c) Dữ liệu do người dân và doanh nghiệp cung cấp."
PROPOSAL_MOF = "Nghị định này quy định về phát triển đô thị thông minh và tài chính đô thị."

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIDY = shutil.which("tidy")


def text_of(el):
    """The text of an element, without the text of noteRefs (they have none)."""
    return "".join(el.itertext()).strip()


def by_eid(root, eid):
    for el in root.iter():
        if el.get("eId") == eid:
            return el
    return None


class ConsolidateTest(clitest.TestCase):
    @classmethod
    def setUpClass(cls):
        # One dossier for every test: building it is the slow part.
        import tempfile
        cls.base = tempfile.mkdtemp(prefix="dossier-consolidate-")
        cls.repo = os.path.join(cls.base, "dossier")
        v1 = os.path.join(cls.base, "v1.txt")
        v2 = os.path.join(cls.base, "v2.txt")
        with open(v1, "w", encoding="utf-8") as f:
            f.write(V1)
        with open(v2, "w", encoding="utf-8") as f:
            f.write(V2)

        def act(who, when, *args):
            r = run("-C", cls.repo, "--as", who, "--now", when, *args)
            if r.code != 0:
                raise AssertionError("%s %s: %r" % (who, args, r))
            return r.out.strip()

        # the seed workflow without its guard accepted-taken-in: this v2 leaves accepted
        # provisions as they were, for the consolidated draft to apply the proposals
        with open(WF, encoding="utf-8") as f:
            seed = f.read()
        wf = os.path.join(cls.base, "workflow.yaml")
        with open(wf, "w", encoding="utf-8") as f:
            f.write(seed.replace("            - accepted-taken-in\n", ""))
        os.symlink(os.path.join(os.path.dirname(WF), "calendars"), os.path.join(cls.base, "calendars"))
        r = run("--as", "moc", "--now", "2025-06-20T09:00", "init", cls.repo, "--workflow", wf)
        if r.code != 0:
            raise AssertionError(repr(r))
        act("moc", "2025-06-25T10:00", "revise", v1, "-m", "Dự thảo lần 1")
        act("moc", "2025-06-26T08:00", "advance", "member-comment")
        cls.ids = {}
        cls.ids["most"] = act("most", "2025-07-03T09:00", "comment", "--on", "art_2__para_1",
                              "--text", "Bổ sung dữ liệu.", "--propose", PROPOSAL_MOST)
        cls.ids["mps"] = act("mps", "2025-07-04T09:00", "comment", "--on", "art_3",
                             "--text", "Phối hợp với Bộ Công an.", "--propose", PROPOSAL_MPS)
        cls.ids["mof"] = act("mof", "2025-07-05T09:00", "comment", "--on", "art_1",
                             "--text", "Bổ sung tài chính.", "--propose", PROPOSAL_MOF)
        cls.ids["hanoi"] = act("hanoi", "2025-07-06T09:00", "comment", "--on", "art_2__para_2__point_c",
                               "--text", "Bổ sung doanh nghiệp.", "--propose", PROPOSAL_HANOI)
        cls.ids["viettel"] = act("viettel", "2025-07-07T09:00", "comment", "--on", "general",
                                 "--text", "Nhất trí.")
        cls.ids["hcmc"] = act("hcmc", "2025-07-08T09:00", "comment", "--on", "art_4",
                              "--text", "Cần quy định hiệu lực sớm hơn.")
        act("moc", "2025-07-28T08:00", "advance", "workshop")
        act("moc", "2025-08-01T08:00", "advance", "submission")
        act("moc", "2025-08-04T09:00", "respond", cls.ids["most"], "--accept", "--reason", "Tiếp thu.")
        act("moc", "2025-08-04T09:10", "respond", cls.ids["mps"], "--partial", "--reason",
            "Tiếp thu một phần: phối hợp với các bộ.", "--text", ADOPTED_MPS)
        act("moc", "2025-08-04T09:20", "respond", cls.ids["mof"], "--reject", "--reason", "Ngoài phạm vi.")
        act("moc", "2025-08-04T09:30", "respond", cls.ids["hanoi"], "--accept", "--reason", "Tiếp thu.")
        act("moc", "2025-08-04T09:40", "respond", cls.ids["viettel"], "--accept", "--reason", "Tiếp thu chung.")
        act("moc", "2025-08-04T09:50", "respond", cls.ids["hcmc"], "--accept", "--reason", "Tiếp thu.")
        act("moc", "2025-08-05T15:00", "revise", v2, "-m", "Dự thảo lần 2")
        act("moc", "2025-08-12T09:00", "advance", "submitted")
        log = run("-C", cls.repo, "log", "--json")
        cls.log = log.json()["events"]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.base, ignore_errors=True)

    def consolidate(self, *args):
        return run("-C", self.repo, "consolidate", *args)

    def load(self, path):
        return ET.parse(path).getroot()

    # ---- the AKN ----

    def test_latest_revision_applies_accepted_proposals_at_renumbered_provisions(self):
        out = self.path("c.xml")
        r = self.consolidate("-o", out)
        self.assertExit(r, 0)
        self.assertEqual(r.out, "")
        self.assertValidAkn(out)
        root = self.load(out)
        # most-1 on v1 art_2__para_1 ("Giải thích từ ngữ") lands on v2 art_3__para_1, label stripped.
        para = by_eid(root, "art_3__para_1")
        self.assertIn("dossier-changed", para.get("class", "").split())
        self.assertEqual(text_of(para.find("a:content", NS)), PROPOSAL_MOST[3:])
        ref = para.find("a:content/a:p/a:noteRef", NS)
        self.assertIsNotNone(ref)
        note = by_eid(root, ref.get("href")[1:])
        self.assertEqual(note.tag, AKN + "note")
        self.assertEqual(note.get("placementBase"), "art_3__para_1")
        note_text = text_of(note)
        self.assertIn(self.ids["most"], note_text)
        self.assertIn("Bộ Khoa học và Công nghệ", note_text)
        self.assertIn("Tiếp thu", note_text)
        self.assertIn("Điều 2 khoản 1 của dự thảo v1", note_text)  # where the member commented
        self.assertIn("ứng dụng công nghệ số trong quản lý và phát triển.", note_text)  # the old text
        # mps-1, partial with adopted text, on v1 art_3 lands on v2 art_4.
        art = by_eid(root, "art_4")
        self.assertIn("dossier-changed", art.get("class", "").split())
        self.assertEqual(text_of(art.find("a:content", NS)), ADOPTED_MPS)
        self.assertEqual(text_of(art.find("a:heading", NS)), "Trách nhiệm của Bộ Xây dựng")
        note = by_eid(root, art.find("a:content/a:p/a:noteRef", NS).get("href")[1:])
        self.assertIn("Tiếp thu một phần", text_of(note))
        self.assertIn("Bộ Công an", text_of(note))
        # The rejected proposal changed nothing.
        art1 = by_eid(root, "art_1")
        self.assertNotIn("class", art1.attrib)
        self.assertEqual(text_of(art1.find("a:content", NS)),
                         "Nghị định này quy định về phát triển đô thị thông minh tại Việt Nam.")
        with open(out, encoding="utf-8") as f:
            whole = f.read()
        self.assertNotIn(PROPOSAL_MOF, whole)
        # Exactly two provisions are marked, and two notes explain them.
        marked = [el.get("eId") for el in root.iter() if "dossier-changed" in el.get("class", "")]
        self.assertEqual(sorted(marked), ["art_3__para_1", "art_4"])
        self.assertEqual(len(root.findall(".//a:meta/a:notes/a:note", NS)), 2)
        # The deleted point is reported on stderr and recorded, never applied elsewhere.
        self.assertIn("warning: not applied", r.err)
        self.assertIn(self.ids["hanoi"], r.err)
        self.assertIn("art_2__para_2__point_c", r.err)
        self.assertNotIn(PROPOSAL_HANOI[3:], whole.split("<dossier:text>")[0])
        cons = root.find(".//a:meta/a:proprietary/d:consolidation", NS)
        self.assertEqual(cons.get("revision"), "v2")
        un = {u.get("comment"): u for u in cons.findall("d:unapplied", NS)}
        self.assertEqual(un[self.ids["hanoi"]].get("reason"), "missing")
        self.assertEqual(un[self.ids["viettel"]].get("reason"), "general")
        self.assertEqual(un[self.ids["hcmc"]].get("reason"), "no-text")
        self.assertNotIn(self.ids["mof"], un)
        # Only the missing point is a warning: one warning line.
        self.assertEqual(len([l for l in r.err.splitlines() if l.startswith("warning:")]), 1, r.err)
        self.assertEqual(root.find(".//a:FRBRExpression/a:FRBRversionNumber", NS).get("value"), "v2")

    def test_lifecycle_and_workflow_match_the_log(self):
        out = self.path("c.xml")
        self.assertExit(self.consolidate("-o", out), 0)
        root = self.load(out)
        meta = root.find(".//a:meta", NS)
        revisions = [e for e in self.log if e["event"] == "revise"]
        events = meta.findall("a:lifecycle/a:eventRef", NS)
        self.assertEqual([e.get("date") for e in events], [e["time"][:10] for e in revisions])
        self.assertEqual([e.get("type") for e in events], ["generation", "amendment"])
        self.assertEqual([e.get("source") for e in events], ["#" + e["actor"] for e in revisions])
        stages = [e for e in self.log if e["event"] in ("init", "advance")]
        steps = meta.findall("a:workflow/a:step", NS)
        self.assertEqual(len(steps), len(stages))
        self.assertEqual([s.get("date") for s in steps], [e["time"][:10] for e in stages])
        self.assertEqual([s.get("outcome") for s in steps], ["#stage-" + e["stage"] for e in stages])
        self.assertEqual([s.get("by") for s in steps], ["#" + e["actor"] for e in stages])
        refs = meta.find("a:references", NS)
        ids = {el.get("eId"): el for el in refs}
        for s in steps:
            self.assertEqual(ids[s.get("refersTo")[1:]].tag, AKN + "TLCEvent")
            self.assertEqual(ids[s.get("outcome")[1:]].tag, AKN + "TLCConcept")
            self.assertEqual(ids[s.get("as")[1:]].tag, AKN + "TLCRole")
        org = ids["most"]
        self.assertEqual(org.tag, AKN + "TLCOrganization")
        self.assertTrue(org.get("showAs").startswith("Bộ Khoa học và Công nghệ"))
        self.assertEqual(org.get("href"), "/akn/ontology/organization/vn/most")
        # The meta children are in the schema's order.
        order = [c.tag[len(AKN):] for c in meta]
        self.assertEqual(order, ["identification", "lifecycle", "workflow", "references", "notes",
                                 "proprietary"])

    def test_earlier_revision(self):
        out = self.path("v1.xml")
        r = self.consolidate("--revision", "v1", "-o", out)
        self.assertExit(r, 0)
        self.assertValidAkn(out)
        root = self.load(out)
        # In v1 the point exists: hanoi's proposal applies, label stripped.
        point = by_eid(root, "art_2__para_2__point_c")
        self.assertIn("dossier-changed", point.get("class", ""))
        self.assertEqual(text_of(point.find("a:content", NS)), PROPOSAL_HANOI[3:])
        self.assertEqual(text_of(by_eid(root, "art_2__para_1").find("a:content", NS)), PROPOSAL_MOST[3:])
        self.assertEqual(text_of(by_eid(root, "art_3").find("a:content", NS)), ADOPTED_MPS)
        self.assertNotIn("warning:", r.err)
        events = root.findall(".//a:meta/a:lifecycle/a:eventRef", NS)
        self.assertEqual(len(events), 1)
        self.assertEqual(root.find(".//a:FRBRExpression/a:FRBRversionNumber", NS).get("value"), "v1")

    def test_stdout_is_the_same_document(self):
        out = self.path("c.xml")
        self.assertExit(self.consolidate("-o", out), 0)
        r = self.consolidate()
        self.assertExit(r, 0)
        with open(out, encoding="utf-8") as f:
            self.assertEqual(r.out, f.read())

    def test_errors_write_nothing(self):
        out = self.path("none.xml")
        r = self.consolidate("--revision", "v9", "-o", out)
        self.assertExit(r, 2)
        self.assertIn("no revision 'v9'", r.err)
        self.assertIn("v2", r.err)
        self.assertFalse(os.path.exists(out))
        r = self.consolidate("--revision", "x", "-o", out)
        self.assertExit(r, 2)
        self.assertFalse(os.path.exists(out))
        r = self.consolidate("--format", "odt", "-o", out)
        self.assertExit(r, 2)
        self.assertIn("unknown format 'odt'", r.err)
        self.assertFalse(os.path.exists(out))
        r = self.consolidate("-o", self.path("no-such-dir", "c.xml"))
        self.assertExit(r, 1)
        self.assertEqual(os.listdir(self.tmp), [])
        r = run("-C", self.tmp, "consolidate")
        self.assertNotEqual(r.code, 0)

    def test_missing_template_is_an_error(self):
        out = self.path("c.html")
        r = run("-C", self.repo, "consolidate", "--format", "html", "-o", out,
                env={"DOSSIER_TEMPLATES": self.path("nowhere")})
        self.assertExit(r, 1)
        self.assertIn("decree.xsl", r.err)
        self.assertFalse(os.path.exists(out))

    # ---- the HTML ----

    def html(self):
        out = self.path("c.html")
        r = self.consolidate("--format", "html", "-o", out)
        self.assertExit(r, 0)
        with open(out, encoding="utf-8") as f:
            return out, f.read()

    def test_html_is_a_self_contained_decree(self):
        out, page = self.html()
        self.assertTrue(page.startswith("<!DOCTYPE html>"), page[:80])
        self.assertRegex(page, r'<html lang="vi"')
        for s in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CHÍNH PHỦ",
                  "NGHỊ ĐỊNH", "Quy định về phát triển đô thị thông minh", "Nơi nhận:",
                  "THỦ TƯỚNG", "Căn cứ Luật Tổ chức Chính phủ", "Hà Nội"):
            self.assertIn(s, page)
        # Every article has its eId as id and an entry in the table of contents.
        for n in range(1, 6):
            self.assertIn('id="art_%d"' % n, page)
            self.assertIn('href="#art_%d"' % n, page)
        # The changed provisions are highlighted with their comments beside them.
        self.assertRegex(page, r'class="paragraph changed" id="art_3__para_1"|id="art_3__para_1"[^>]*class="paragraph changed"')
        self.assertIn(self.ids["most"], page)
        self.assertIn(PROPOSAL_MOST[3:], page)
        self.assertIn("@page", page)
        self.assertIn("A4", page)
        # No network resources and no scripts.
        urls = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', page)
        self.assertTrue(urls)
        for u in urls:
            self.assertFalse(u.lower().startswith(("http:", "https:", "//")), u)
            self.assertTrue(u.startswith("#"), u)  # only links inside the page
        self.assertNotIn("<script", page.lower())
        self.assertNotIn("@import", page)
        self.assertNotRegex(page, r"url\(")

    @clitest.unittest.skipUnless(TIDY, "tidy is not installed (scripts/deps.sh installs it)")
    def test_html_passes_tidy(self):
        out, _ = self.html()
        proc = subprocess.run([TIDY, "-q", "-e", "-utf8", out], capture_output=True, text=True, timeout=60)
        # tidy exits 0 when clean, 1 with warnings, 2 with errors.
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr.strip(), "")

    @clitest.unittest.skipUnless(CHROMIUM, "chromium is not installed (scripts/deps.sh installs it)")
    def test_html_renders_in_chromium(self):
        out, _ = self.html()
        png = self.path("c.png")
        profile = self.path("profile")
        base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile]
        url = "file://" + out
        proc = subprocess.run(base + ["--screenshot=" + png, "--window-size=1240,1754", url],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(png, "rb") as f:
            data = f.read()
        self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(data[12:16], b"IHDR")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        self.assertEqual((width, height), (1240, 1754))
        # A blank page compresses to a few kilobytes; text does not.
        self.assertGreater(len(data), 50000)
        # Console messages: Chromium logs them as "CONSOLE(...)" lines with logging on.
        shutil.rmtree(profile, ignore_errors=True)
        proc = subprocess.run(base + ["--enable-logging=stderr", "--v=0", "--dump-dom", url],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn('id="art_3__para_1"', proc.stdout)
        console = [l for l in proc.stderr.splitlines() if "CONSOLE" in l or "Uncaught" in l]
        self.assertEqual(console, [])
        self.assertNotRegex(proc.stderr, r"net::ERR_|Failed to load resource")


if __name__ == "__main__":
    clitest.main()
