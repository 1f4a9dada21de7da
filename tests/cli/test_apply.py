"""`dossier apply AMENDING PRINCIPAL`: an amending text applied to its
principal gives the consolidated text (văn bản hợp nhất), article for
article, with a note on every provision it changed; what it cannot apply
is an error naming the instruction, exit 2, nothing written. On our own
pair (tests/fixtures/amend) and on the corpus's amending decree
372/2025/NĐ-CP against the skeleton of its principal."""
import json
import os
import re
import subprocess
import sys

import clitest
from clitest import run

FIX = os.path.join(clitest.FIXTURES, "amend")
AMENDING = os.path.join(FIX, "amending.txt")
PRINCIPAL = os.path.join(FIX, "principal.txt")
CONSOLIDATED = os.path.join(FIX, "consolidated.txt")
ND372 = os.path.join(clitest.CORPUS, "real", "vn", "nghi-dinh-so-372-2025-nd-cp-468594.txt")
ND30 = os.path.join(clitest.CORPUS, "nd-30-2020.txt")


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n["children"])


def articles(text):
    """The text cut at its article headings: {number: the article's lines}."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"Điều (\d+[a-z]*)\b", line)
        if m:
            cur = m.group(1)
            out[cur] = []
        if cur and line.strip():
            out[cur].append(line)
    return out


class Apply(clitest.TestCase):
    def test_consolidated_text_article_for_article(self):
        r = run("apply", AMENDING, PRINCIPAL, "--to", "text")
        self.assertExit(r, 0)
        with open(CONSOLIDATED, encoding="utf-8") as f:
            want = f.read()
        got, exp = articles(r.out), articles(want)
        self.assertEqual(list(got), ["1", "2", "3", "4", "5", "5a", "6"])
        for num in exp:
            self.assertEqual(got[num], exp[num], "Điều " + num)
        self.assertEqual(r.out, want)

    def test_akn_with_notes_validates(self):
        out = self.path("consolidated.xml")
        r = run("apply", AMENDING, PRINCIPAL, "-o", out)
        self.assertExit(r, 0)
        self.assertValidAkn(out)
        with open(out, encoding="utf-8") as f:
            xml = f.read()
        self.assertEqual(xml.count("<authorialNote "), 5)
        self.assertIn('eId="art_5a"', xml)
        self.assertIn("Điều này được bổ sung theo quy định tại khoản 3 Điều 1 của Nghị định số 20/2025/NĐ-CP, "
                      "có hiệu lực kể từ ngày 01 tháng 7 năm 2025.", xml)

    def test_every_change_has_its_note(self):
        r = run("apply", AMENDING, PRINCIPAL, "--to", "json")
        self.assertExit(r, 0)
        notes = {n["eid"]: [x["text"] for x in n.get("notes", [])] for n in walk(r.json()["body"])}
        want = {
            "art_3": "Điều này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1",
            "art_5__para_1__point_c": "Điểm này được sửa đổi, bổ sung theo quy định tại khoản 2 Điều 1",
            "art_5a": "Điều này được bổ sung theo quy định tại khoản 3 Điều 1",
            "art_4": "Điều này được bãi bỏ theo quy định tại khoản 4 Điều 1",
            "art_5__para_2": "Cụm từ “Bộ Kế hoạch và Đầu tư” được thay thế bằng cụm từ “Bộ Tài chính” "
                             "theo quy định tại khoản 5 Điều 1",
        }
        for eid, text in want.items():
            self.assertEqual(len(notes[eid]), 1, eid)
            self.assertEqual(notes[eid][0], text + " của Nghị định số 20/2025/NĐ-CP, "
                             "có hiệu lực kể từ ngày 01 tháng 7 năm 2025.")
        self.assertEqual(sum(len(v) for v in notes.values()), len(want))

    def test_instruction_it_cannot_apply_is_an_error(self):
        with open(AMENDING, encoding="utf-8") as f:
            text = f.read()
        bad = self.path("bad.txt")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(text.replace("Sửa đổi, bổ sung điểm c khoản 1 Điều 5", "Sửa đổi điểm đ khoản 1 Điều 5")
                    .replace("“c) Có", "“đ) Có").replace("tại khoản 2 Điều 5", "tại Điều 2"))
        out = self.path("out.xml")
        r = run("apply", bad, PRINCIPAL, "-o", out)
        self.assertExit(r, 2)
        self.assertIn(bad + ":13:1: error: cannot apply khoản 2 Điều 1 (“Sửa đổi điểm đ khoản 1 Điều 5 như sau:”): "
                      "no điểm đ khoản 1 Điều 5 in the principal to amend", r.err)
        self.assertIn(bad + ":19:1: error: cannot apply khoản 5 Điều 1", r.err)
        self.assertIn("the words “Bộ Kế hoạch và Đầu tư” are not in Điều 2 of the principal", r.err)
        self.assertFalse(os.path.exists(out))

    def test_amending_text_as_akn(self):
        xml = self.path("amending.xml")
        self.assertExit(run("convert", AMENDING, "-o", xml), 0)
        r = run("apply", xml, PRINCIPAL, "--to", "text")
        self.assertExit(r, 0)
        with open(CONSOLIDATED, encoding="utf-8") as f:
            self.assertEqual(r.out, f.read())

    def test_wrong_principal(self):
        r = run("apply", AMENDING, ND30)
        self.assertExit(r, 2)
        self.assertIn("Nghị định số 20/2025/NĐ-CP amends 10/2020/NĐ-CP, not 30/2020/NĐ-CP", r.err)

    def test_usage(self):
        self.assertExit(run("apply", AMENDING), 2)
        self.assertExit(run("apply", AMENDING, PRINCIPAL, "--to", "pdf"), 2)
        r = run("help", "apply")
        self.assertExit(r, 0)
        self.assertIn("--list", r.out)

    def test_list(self):
        r = run("apply", "--list", AMENDING)
        self.assertExit(r, 0)
        self.assertEqual(r.out.splitlines(), [
            "9:1\tkhoản 1 Điều 1: sửa đổi, bổ sung Điều 3 [art_1__para_1__mod_1]",
            "13:1\tkhoản 2 Điều 1: sửa đổi, bổ sung điểm c khoản 1 Điều 5 [art_1__para_2__mod_1]",
            "15:1\tkhoản 3 Điều 1: bổ sung Điều 5a (vào sau Điều 5) [art_1__para_3__mod_1]",
            "18:1\tkhoản 4 Điều 1: bãi bỏ Điều 4",
            "19:1\tkhoản 5 Điều 1: thay thế cụm từ khoản 2 Điều 5 “Bộ Kế hoạch và Đầu tư” → “Bộ Tài chính”",
        ])


class AmendingDraft(clitest.TestCase):
    def test_diff_sees_the_quoted_wording(self):
        with open(AMENDING, encoding="utf-8") as f:
            text = f.read()
        new = self.path("amending-v2.txt")
        with open(new, "w", encoding="utf-8") as f:
            f.write(text.replace("Giấy phép được cấp qua mạng.", "Giấy phép được cấp trực tuyến."))
        r = run("diff", "--files", AMENDING, new)
        self.assertExit(r, 0)
        self.assertIn("Điều 1 changed in khoản 1", r.out)
        self.assertIn("2. Giấy phép được cấp [-qua mạng-]{+trực tuyến+}.”", r.out)

    def test_word_keeps_the_quotations(self):
        docx = self.path("amending.docx")
        self.assertExit(run("convert", AMENDING, "--to", "docx", "-o", docx), 0)
        back = run("convert", docx, "--to", "text")
        self.assertExit(back, 0)
        self.assertEqual(back.out, run("convert", AMENDING, "--to", "text").out)

    def test_outline_lists_the_quoted_provisions(self):
        r = run("outline", AMENDING)
        self.assertExit(r, 0)
        self.assertRegex(r.out, r"\n    art_1__para_1__mod_1__qstr_1__art_3 +“Điều 3”  Cơ quan cấp giấy phép\n")
        self.assertEqual(len(re.findall(r"^art_", r.out, re.M)), 2)


class CommentInQuotation(clitest.TestCase):
    def test_comment_on_a_quoted_provision_verifies(self):
        repo = self.path("dossier")
        wf = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
        self.assertExit(run("--as", "moc", "--now", "2025-06-20T09:00", "init", repo, "--workflow", wf), 0)
        d = lambda who, now, *a: run("-C", repo, "--as", who, "--now", now, *a)
        self.assertExit(d("moc", "2025-06-25T10:00", "revise", AMENDING), 0)
        self.assertExit(d("moc", "2025-06-26T08:00", "advance", "member-comment"), 0)
        eid = "art_1__para_1__mod_1__qstr_1__art_3__para_2"
        self.assertExit(d("most", "2025-07-01T09:00", "comment", "--on", eid, "--text", "Nên ghi rõ."), 0)
        r = d("moc", "2025-07-02T09:00", "comments", "--on", eid)
        self.assertExit(r, 0)
        self.assertIn("Nên ghi rõ.", r.out)
        self.assertExit(run("-C", repo, "verify"), 0)


class Decree372(clitest.TestCase):
    """The corpus's amending decree: 16 instructions of Điều 1 (19 with the
    points of khoản 15 and 16, 3 more quoted in khoản 14)."""

    def principal(self):
        path = self.path("nd-112-2021-skeleton.txt")
        subprocess.run([sys.executable, os.path.join(FIX, "make_principal.py"), path], check=True)
        return path

    def test_parses_with_quotations(self):
        out = self.path("372.xml")
        r = run("convert", ND372, "-o", out)
        self.assertExit(r, 0)
        self.assertValidAkn(out)
        with open(out, encoding="utf-8") as f:
            xml = f.read()
        self.assertEqual(xml.count("<quotedStructure "), 14)
        self.assertEqual(xml.count("<quotedText>"), 4)
        arts = re.findall(r'<article eId="([^"]*)"', xml)
        self.assertEqual([a for a in arts if "qstr" not in a], ["art_1", "art_2", "art_3"])
        self.assertEqual(len([a for a in arts if "qstr" in a]), 9)
        self.assertIn('eId="art_1__para_10__mod_1__qstr_1__art_15a"', xml)

    def test_list(self):
        r = run("apply", "--list", ND372)
        self.assertExit(r, 0)
        lines = r.out.splitlines()
        self.assertEqual(len(lines), 21)
        self.assertEqual(sum("(error:" in l for l in lines), 3)
        self.assertIn("276:1\tđiểm b khoản 15 Điều 1: bãi bỏ khoản 2 Điều 5, khoản 4 Điều 5, khoản 4 Điều 7, "
                      "Điều 13, Điều 14, Điều 16, Điều 17, Điều 18, Điều 19, khoản 2 Điều 23", lines)

    def test_forms_of_the_appendix_are_refused_by_name(self):
        r = run("apply", ND372, self.principal())
        self.assertExit(r, 2)
        errors = [l for l in r.err.splitlines() if ": error: " in l]
        self.assertEqual(len(errors), 3, r.err)
        for line, cite in ((279, "điểm a"), (280, "điểm b"), (284, "điểm c")):
            self.assertTrue(any(e.startswith(f"{ND372}:{line}:1: error: cannot apply {cite} khoản 16 Điều 1 (")
                                for e in errors), r.err)

    def test_applied_without_the_forms(self):
        with open(ND372, encoding="utf-8") as f:
            lines = f.read().split("\n")
        a = next(i for i, l in enumerate(lines) if l.startswith("16. Bãi bỏ, thay thế, bổ sung một số mẫu"))
        b = next(i for i, l in enumerate(lines) if l.startswith("Điều 2. Hiệu lực thi hành"))
        amending = self.path("372-without-forms.txt")
        with open(amending, "w", encoding="utf-8") as f:
            f.write("\n".join(lines[:a] + lines[b:]))
        out = self.path("consolidated.xml")
        r = run("apply", amending, self.principal(), "-o", out)
        self.assertExit(r, 0)
        self.assertValidAkn(out)
        r = run("apply", amending, self.principal(), "--to", "json")
        nodes = list(walk(r.json()["body"]))
        arts = [n["num"] for n in nodes if n["kind"] == "article"]
        self.assertEqual(arts, [str(i) for i in range(1, 16)] + ["15a", "15b"] + [str(i) for i in range(16, 45)])
        self.assertEqual([n["num"] for n in nodes if n["kind"] == "section"], [])
        self.assertEqual(len([n for n in nodes if n["kind"] == "chapter"]), 4)
        by = {n["eid"]: n for n in nodes}
        for num in ("13", "14", "16", "17", "18", "19"):
            self.assertEqual(by["art_" + num]["text"], ["(được bãi bỏ)"])
        self.assertEqual(by["art_39"]["heading"], "Trách nhiệm của Bộ Nội vụ")
        self.assertEqual(by["art_42"]["heading"], "Trách nhiệm của Bộ Tài chính")
        self.assertTrue(by["art_7__para_2__point_a"]["text"][0].startswith("01 bản sao sổ đăng ký thành viên"))
        self.assertEqual(by["art_7__para_2__point_b"]["text"], ["Điểm b khoản 2 Điều 7;"])
        notes = [x for n in nodes for x in n.get("notes", [])]
        self.assertEqual(len(notes), 45)
        self.assertTrue(all(x["text"].endswith("của Nghị định số 372/2025/NĐ-CP, có hiệu lực kể từ "
                                               "ngày 01 tháng 01 năm 2026.") for x in notes))
        self.assertEqual([x["marker"] for x in notes], [str(i) for i in range(1, 46)])
        self.assertFalse(any("Lao động - Thương binh" in " ".join(n["text"]) for n in nodes))


if __name__ == "__main__":
    clitest.main()
