"""Messages in Vietnamese (issue 19, docs/i18n.md): a sample of messages in
both languages, from each way of asking for Vietnamese (LANG, LC_MESSAGES,
LC_ALL, DOSSIER_LANG), and what programs read staying the same in every
language: exit codes, the [codes] of diagnostics, JSON keys and values.

The suite runs with LC_ALL=C.UTF-8 and the build's catalogues
(DOSSIER_LOCALEDIR=build/po); the LANG=vi_VN.UTF-8 cases need the locale
that scripts/deps.sh generates, and fail without it.
"""
import json
import os
import subprocess

import clitest
from clitest import run

WF = os.path.join(clitest.WORKFLOWS, "decree-simplified.yaml")
DRAFT = """NGHỊ ĐỊNH
Quy định về phát triển đô thị thông minh

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về phát triển đô thị thông minh.
"""
VI = {"DOSSIER_LANG": "vi"}
EN = {"DOSSIER_LANG": "en"}


def locale_env(**kw):
    """The environment with LC_ALL (the suite's C.UTF-8) left out, then kw."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("LC_") and k != "LANG"}
    e.update(kw)
    return e


def run_env(env, *args, cwd=None):
    proc = subprocess.run([clitest.BIN] + [str(a) for a in args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    return clitest.Result(proc)


class Messages(clitest.TestCase):
    def test_unknown_command_in_both_languages(self):
        en = run("comit")
        vi = run("comit", env=VI)
        self.assertExit(en, 2)
        self.assertExit(vi, 2)
        self.assertIn("error: unknown command 'comit' (did you mean 'comment'?)", en.err)
        self.assertIn("lỗi: không có lệnh 'comit' (có phải là 'comment'?)", vi.err)
        self.assertIn("gợi ý: 'dossier --help' liệt kê các lệnh", vi.err)

    def test_help_in_both_languages(self):
        en = run("help", "comment")
        vi = run("help", "comment", env=VI)
        self.assertExit(vi, 0)
        # English: the man page (its synopsis); Vietnamese: the translated
        # --help, since the pages are English
        self.assertIn("dossier comment --on PROVISION", en.out)
        self.assertNotIn("cách dùng", en.out)
        self.assertIn("cách dùng: dossier comment --on PROVISION", vi.out)
        self.assertIn("góp ý vào một quy định", vi.out)
        self.assertIn("hiển thị hướng dẫn này", vi.out)
        top = run("--help", env=VI)
        self.assertIn("các lệnh:", top.out)
        self.assertIn("mã thoát: 0 hoàn thành", top.out)

    def test_usage_errors_and_option_checks(self):
        r = run("diff", "--columns", "4", env=VI)
        self.assertExit(r, 2)
        self.assertIn("lỗi: ", r.err)
        self.assertIn("cách dùng: dossier diff", r.err)

    def test_each_way_of_asking_for_vietnamese(self):
        want = "lỗi: không có lệnh 'comit'"
        for env in (locale_env(LANG="vi_VN.UTF-8"),
                    locale_env(LC_MESSAGES="vi_VN.UTF-8"),
                    locale_env(LC_ALL="vi_VN.UTF-8"),
                    locale_env(LANG="C.UTF-8", DOSSIER_LANG="vi"),
                    locale_env(DOSSIER_LANG="vi")):
            r = run_env(env, "comit")
            self.assertExit(r, 2)
            self.assertIn(want, r.err, "%s: %r" % ({k: v for k, v in env.items() if k.startswith(("L", "DOSSIER_L"))}, r))
        # DOSSIER_LANG=en wins over a Vietnamese locale; no locale is English.
        for env in (locale_env(LANG="vi_VN.UTF-8", DOSSIER_LANG="en"), locale_env(), locale_env(LANG="C")):
            r = run_env(env, "comit")
            self.assertIn("error: unknown command 'comit'", r.err, repr(r))

    def test_without_the_catalogue_the_messages_are_english(self):
        r = run("comit", env={"DOSSIER_LANG": "vi", "DOSSIER_LOCALEDIR": self.path("no-such-dir")})
        self.assertExit(r, 2)
        self.assertIn("error: unknown command 'comit'", r.err)

    def test_the_locale_must_exist(self):
        # deps.sh generates vi_VN.UTF-8; without it LANG=vi_VN.UTF-8 cannot work.
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
        self.assertIn("vi_vn.utf8", out.split(), "run scripts/deps.sh as root: it generates vi_VN.UTF-8")

    def test_system_errors_read_in_utf8(self):
        r = run("validate", self.path("nosuch.yaml"), env=VI)
        self.assertExit(r, 2)
        self.assertIn("lỗi: không mở được", r.err)
        self.assertNotIn("?", r.err.split("': ", 1)[-1])   # strerror's words are not '?'


class Dossier(clitest.TestCase):
    """The engine's messages and what programs read, in a real dossier."""

    def setUp(self):
        super().setUp()
        self.repo = self.path("dossier")
        self.draft = self.write("draft.txt", DRAFT)
        r = run("--as", "moc", "--now", "2025-06-20T09:00:00", "init", self.repo, "--workflow", WF)
        self.assertExit(r, 0)

    def d(self, *args, who="moc", env=None):
        return run("-C", self.repo, "--as", who, "--now", "2025-06-21T09:00:00", *args, env=env)

    def test_refusals_in_both_languages_keep_their_exit_code(self):
        en = self.d("comment", "--on", "general", "--text", "x", who="most")
        vi = self.d("comment", "--on", "general", "--text", "x", who="most", env=VI)
        self.assertExit(en, 3)
        self.assertExit(vi, 3)
        self.assertIn("error: ", en.err)
        self.assertIn("lỗi: ", vi.err)
        self.assertNotEqual(en.err, vi.err)

    def test_the_actor_check_the_issue_quotes(self):
        # "error: your git user.email … is not a participant's e-mail"
        subprocess.run(["git", "-C", self.repo, "config", "user.email", "nobody@example.vn"], check=True)
        args = ("-C", self.repo, "--now", "2025-06-21T09:00:00", "revise", self.draft)
        en = run(*args)
        vi = run(*args, env=VI)
        self.assertEqual(en.code, vi.code)
        self.assertNotEqual(en.code, 0)
        self.assertIn("error: your git user.email 'nobody@example.vn' is not a participant's e-mail", en.err)
        self.assertIn("lỗi: git user.email 'nobody@example.vn' của bạn không phải là thư điện tử của người tham gia",
                      vi.err)
        self.assertIn("gợi ý: ", vi.err)

    def test_status_text_and_json(self):
        self.assertExit(self.d("revise", self.draft), 0)
        en = self.d("status")
        vi = self.d("status", env=VI)
        self.assertIn("stage:      drafting", en.out)
        self.assertIn("giai đoạn:  drafting", vi.out)
        self.assertIn("dự thảo:    v1", vi.out)
        je = self.d("status", "--json").json()
        jv = self.d("status", "--json", env=VI).json()
        self.assertEqual(sorted(je), sorted(jv))
        self.assertEqual(je["stage"], jv["stage"])

    def test_diagnostics_keep_their_codes(self):
        bad = self.write("bad.yaml", "id: x\ntitle: t\nstart: a\nstages:\n  a:\n    title: A\n    final: true\n    colour: red\n")
        en = run("validate", bad)
        vi = run("validate", bad, env=VI)
        self.assertEqual(en.code, vi.code)
        self.assertNotEqual(en.code, 0)
        codes = lambda s: sorted(l[l.rindex("["):l.rindex("]") + 1] for l in s.splitlines() if l.endswith("]") or "] (" in l)
        self.assertTrue(codes(en.err), en)
        self.assertEqual(codes(en.err), codes(vi.err))
        self.assertIn(": lỗi: ", vi.err)

    def test_comments_json_is_the_same_in_every_language(self):
        self.assertExit(self.d("revise", self.draft), 0)
        en = self.d("comments", "--json")
        vi = self.d("comments", "--json", env=VI)
        self.assertExit(vi, 0)
        self.assertEqual(en.out, vi.out)


if __name__ == "__main__":
    clitest.main()
