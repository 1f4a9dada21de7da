"""eIds read from Akoma Ntoso (issue 11, item 8): an eId holding a newline,
a tab, a quote or '../' used to be accepted by `revise` and added a ghost
line to revisions/vN.eids (so `comment --on ghost` worked and `--on art_1`
failed); duplicate eIds were accepted too. Every eId is now checked against
the naming convention's grammar (docs/akn.md) and duplicates are refused,
with the element's line, exit 2, and nothing written.
"""
import os
import subprocess

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")

DRAFT = """NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh
Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh.
Điều 2. Giải thích từ ngữ
1. Đô thị thông minh là đô thị ứng dụng công nghệ số.
2. Nền tảng dữ liệu đô thị.
"""


def git(repo, *args):
    return subprocess.run(["git", "-C", repo] + list(args), capture_output=True, text=True)


class EidTest(clitest.TestCase):
    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        txt = self.write("draft.txt", DRAFT)
        r = run("convert", txt)
        self.assertExit(r, 0)
        self.xml = r.out
        self.assertIn('<article eId="art_1">', self.xml)
        self.art1_line = self.xml.splitlines().index('      <article eId="art_1">') + 1
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", self.repo, "--workflow", WF), 0)

    def d(self, *args, who="moc", now="2025-06-25T10:00"):
        return run("-C", self.repo, "--as", who, "--now", now, *args)

    def tip(self):
        return git(self.repo, "rev-parse", "main").stdout.strip()

    def bad(self, old, new, name="bad.xml"):
        self.assertIn(old, self.xml)
        return self.write(name, self.xml.replace(old, new, 1))

    def assertRefused(self, path, line, *needles):
        """revise, convert and outline all refuse it, with FILE:LINE, and nothing is written."""
        before = self.tip()
        for args in (["revise", path], ["convert", path], ["outline", path]):
            r = self.d(*args) if args[0] == "revise" else run(*args)
            self.assertExit(r, 2)
            self.assertIn("%s:%d:7: error: " % (path, line), r.err)   # the element's line and column
            for n in needles:
                self.assertIn(n, r.err)
            self.assertEqual(r.out, "")
        self.assertEqual(self.tip(), before)
        self.assertFalse(os.path.exists(os.path.join(self.repo, "revisions")))
        self.assertEqual(git(self.repo, "tag").stdout, "")

    # ---- the grammar ----------------------------------------------------------

    def test_an_eid_with_a_newline_is_refused(self):
        p = self.bad('<article eId="art_1">', '<article eId="art_1&#10;ghost&#9;Điều 9">')
        self.assertRefused(p, self.art1_line, 'invalid eId "art_1\\nghost\\tĐiều 9" on <article>',
                           "[akn-eid]")

    def test_an_eid_with_a_tab_a_quote_or_a_path_is_refused(self):
        for i, (value, shown) in enumerate([
                ("art_1&#9;x", '"art_1\\tx"'),
                ("art_&quot;1", '"art_\\"1"'),
                ("../../etc/passwd", '"../../etc/passwd"'),
                ("art_1/../x", '"art_1/../x"'),
                ("art 1", '"art 1"'),
                ("", '""'),
                ("art_1__", '"art_1__"'),
                ("_art_1", '"_art_1"'),
                ("art_.1", '"art_.1"'),
                ("art_1&lt;b&gt;", '"art_1<b>"'),
                ("điều_1", '"điều_1"'),
        ]):
            p = self.bad('<article eId="art_1">', '<article eId="%s">' % value, "bad%d.xml" % i)
            self.assertRefused(p, self.art1_line, "invalid eId %s on <article>" % shown, "[akn-eid]")

    def test_a_control_character_in_an_eid_is_refused(self):
        # U+007F is refused as text a record may not hold (bad-text), before the grammar
        p = self.bad('<article eId="art_1">', '<article eId="art_1&#x7f;">')
        r = self.d("revise", p)
        self.assertExit(r, 2)
        self.assertIn("%s:%d:7: error: " % (p, self.art1_line), r.err)

    def test_every_bad_eid_is_reported_in_one_run(self):
        xml = self.xml.replace('<article eId="art_1">', '<article eId="art 1">').replace(
            '<paragraph eId="art_2__para_1">', '<paragraph eId="art_2__para&#10;1">')
        p = self.write("two.xml", xml)
        r = self.d("revise", p)
        self.assertExit(r, 2)
        self.assertEqual(r.err.count("[akn-eid]"), 2, r.err)

    def test_an_eid_too_long_is_refused(self):
        p = self.bad('<article eId="art_1">', '<article eId="art_%s">' % ("1" * 600))
        self.assertRefused(p, self.art1_line, "longer than 256 bytes", "[akn-eid]")

    def test_foreign_eids_of_the_convention_still_read(self):
        # what real documents use: letters in numbers, '-' and '.', several parts
        xml = self.xml.replace('<article eId="art_1">', '<article eId="sec_5A__subsec_2-1__def_o_1.2">')
        p = self.write("ok.xml", xml)
        r = self.d("revise", p)
        self.assertExit(r, 0)
        r = self.d("advance", "member-comment", now="2025-06-26T08:00")
        self.assertExit(r, 0)
        r = self.d("comment", "--on", "sec_5A__subsec_2-1__def_o_1.2", "--text", "Nhất trí.", who="most",
                   now="2025-07-01T09:00")
        self.assertExit(r, 0)
        self.assertExit(run("-C", self.repo, "verify"), 0)

    def test_every_akn_file_of_the_corpus_and_fixtures_still_reads(self):
        files = []
        for base in (clitest.FIXTURES, clitest.CORPUS):
            for root, _, names in os.walk(base):
                files += [os.path.join(root, n) for n in names if n.endswith(".xml")]
        self.assertGreater(len(files), 5)
        for f in sorted(files):
            with open(f, "rb") as fh:
                head = fh.read(4000)
            if b"akomaNtoso" not in head:
                continue
            r = run("outline", f)
            self.assertNotIn("[akn-eid]", r.err, f)
            self.assertNotIn("[akn-duplicate-eid]", r.err, f)

    # ---- duplicates -----------------------------------------------------------

    def test_duplicate_eids_are_refused_naming_both_lines(self):
        p = self.bad('<article eId="art_2">', '<article eId="art_1">')
        line2 = self.xml.splitlines().index('      <article eId="art_2">') + 1
        self.assertRefused(p, line2, "eId 'art_1' of the article on line %d is already the eId of the article on line %d"
                           % (line2, self.art1_line), "[akn-duplicate-eid]")

    def test_an_eid_given_by_the_convention_never_clashes_with_one_given(self):
        # art_2's first clause claims art_2__para_2; the second has no eId and
        # would be given art_2__para_2 by the convention: it gets another.
        xml = self.xml.replace('<paragraph eId="art_2__para_2">', '<paragraph>', 1)
        xml = xml.replace('<paragraph eId="art_2__para_1">', '<paragraph eId="art_2__para_2">', 1)
        self.assertEqual(xml.count('eId="art_2__para_2"'), 1)
        p = self.write("clash.xml", xml)
        r = run("outline", p)
        self.assertExit(r, 0)
        eids = [l.split()[0] for l in r.out.splitlines()]
        self.assertEqual(eids, ["art_1", "art_2", "art_2__para_2", "art_2__para_2-2"])
        self.assertIn("1 provision had no eId: given by the naming convention [akn-eids]", r.err)

    def test_numbers_without_letters_or_digits_get_their_position(self):
        # The LEOS template numbers everything "#": each gets its position, none is repeated.
        xml = self.xml.replace('<article eId="art_1">', '<article>').replace(
            '<article eId="art_2">', '<article>')
        xml = xml.replace("<num>Điều 1.</num>", "<num>#</num>").replace("<num>Điều 2.</num>", "<num>#</num>")
        self.assertEqual(xml.count("<num>#</num>"), 2, xml)
        p = self.write("hash.xml", xml)
        r = run("outline", p)
        self.assertExit(r, 0)
        eids = [l.split()[0] for l in r.out.splitlines()]
        self.assertEqual(eids[:2], ["art_1", "art_2"])

    # ---- the ghost line -------------------------------------------------------

    def test_no_ghost_line_and_comments_check_the_eid(self):
        p = self.write("good.xml", self.xml)
        self.assertExit(self.d("revise", p), 0)
        index = git(self.repo, "show", "main:revisions/v1.eids").stdout
        for line in index.splitlines():
            eid, cite = line.split("\t")
            self.assertRegex(eid, r"^[a-z]")
        self.assertExit(self.d("advance", "member-comment", now="2025-06-26T08:00"), 0)
        for on in ("art_1\tĐiều 1", "art_1\n", "../art_1", 'art_"1'):
            r = self.d("comment", "--on", on, "--text", "x", who="most", now="2025-07-01T09:00")
            self.assertExit(r, 2)
            self.assertIn("is neither an eId nor a citation", r.err)
        self.assertExit(self.d("comment", "--on", "art_1", "--text", "x", who="most", now="2025-07-01T09:00"), 0)

    def test_verify_flags_a_forged_index(self):
        p = self.write("good.xml", self.xml)
        self.assertExit(self.d("revise", p), 0)
        self.assertExit(run("-C", self.repo, "verify"), 0)
        ix = os.path.join(self.repo, "revisions", "v1.eids")
        with open(ix, encoding="utf-8") as f:
            good = f.read()
        with open(ix, "w", encoding="utf-8") as f:
            f.write(good + "ghost\tĐiều 9\tx\nart_1\tĐiều 1\n../x\tĐiều 10\n")
        git(self.repo, "add", "revisions/v1.eids")
        env = dict(os.environ)
        line = git(self.repo, "log", "-1", "--format=%aI").stdout.strip()
        env.update({"GIT_COMMITTER_DATE": line, "GIT_AUTHOR_DATE": line})
        # the author stays moc, at the same time: only the index changes
        r = subprocess.run(["git", "-C", self.repo, "-c", "user.name=Bộ Xây dựng (Ministry of Construction)",
                            "-c", "user.email=vanban@moc.gov.vn", "commit", "-q", "--amend", "--no-edit",
                            "--reset-author"], capture_output=True, text=True, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("-C", self.repo, "verify")
        self.assertExit(r, 1)
        self.assertIn("revisions/v1.eids:%d: the line \"ghost\\tĐiều 9\\tx\" is not one 'eId<TAB>citation' [bad-index]"
                      % (len(good.splitlines()) + 1), r.err)
        self.assertIn("eId 'art_1' is listed twice [bad-index]", r.err)
        self.assertIn('invalid eId "../x": it holds a slash [bad-index]', r.err)


if __name__ == "__main__":
    clitest.main()
