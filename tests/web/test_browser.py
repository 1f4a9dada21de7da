"""`dossier serve` in a real browser (issue 16): Selenium drives headless
Chromium through the scenario of the comment round.

  - a member (the Ministry of Science and Technology) signs in, opens the
    draft, comments on Điều 5 khoản 2 through that provision's "Góp ý",
    editing its text as a proposal, and sees the comment under "Ý kiến của
    tôi";
  - the drafting agency (the Ministry of Construction) signs in, accepts it
    with a reason, and advances the dossier to the workshop;
  - the member sees the disposition;
  - and, apart, the drafting agency answers the open comments on one
    provision at once, as one event.

Each step is checked in the dossier too: the git commit exists and is
authored by the one who acted. Screenshots are saved under
BUILD/test-artefacts/web/ (look at them: the pages must read well in
Vietnamese). The test fails, never skips, when Selenium or chromedriver is
missing: scripts/deps.sh installs them.
"""
import json
import os
import shutil
import sys
import tempfile

import webtest
from webtest import PASSWORDS, check, run

try:
    import selenium  # noqa: F401
except ImportError:
    # Debian's python3-selenium, when the tests run under another Python 3.
    sys.path.append("/usr/lib/python3/dist-packages")
from selenium import webdriver                       # Debian: python3-selenium
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import WebDriverException



def gone(element):
    """EC.staleness_of, also when chromedriver answers for a node of the
    page just left with "does not belong to the document" (a WebDriverException
    rather than a StaleElementReferenceException, a race of Chromium's)."""
    def predicate(_driver):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    return predicate


CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"

# Two members: once both have commented, the round may close before its deadline.
WORKFLOW = """\
id: web-test
title: Nghị định về phát triển đô thị thông minh
time-zone: Asia/Ho_Chi_Minh
calendar:
  weekend: [saturday, sunday]
roles:
  drafter: { title: Cơ quan chủ trì soạn thảo, may: [revise, advance, respond, read] }
  member:  { title: Thành viên Tổ công tác, may: [comment, read] }
  public:  { title: Tổ chức tham dự hội thảo, may: [comment, read] }
participants:
  - { id: moc,   name: Bộ Xây dựng, role: drafter, email: vanban@moc.gov.vn }
  - { id: most,  name: Bộ Khoa học và Công nghệ, role: member, email: vanthu@most.gov.vn }
  - { id: hanoi, name: Ủy ban nhân dân thành phố Hà Nội, role: member, email: vanthu@hanoi.gov.vn }
  - { id: vcci,  name: Liên đoàn Thương mại và Công nghiệp Việt Nam, role: public, email: vanthu@vcci.com.vn }
start: drafting
stages:
  drafting:
    title: Soạn thảo
    transitions:
      - { to: member-comment, roles: [drafter], when: has-revision }
  member-comment:
    title: Lấy ý kiến thành viên Tổ công tác
    comments: open
    commenters: [member]
    deadline: 2025-07-25
    transitions:
      - to: workshop
        roles: [drafter]
        when: { any: [deadline-passed, all-members-commented] }
  workshop:
    title: Hội thảo lấy ý kiến
    comments: open
    commenters: [public]
    transitions:
      - { to: submitted, roles: [drafter] }
  submitted:
    title: Đã trình Chính phủ
    final: true
"""

PROPOSAL = ("Đề án phát triển đô thị thông minh gồm các nội dung chủ yếu sau, "
            "có ý kiến của Bộ Khoa học và Công nghệ về kiến trúc dữ liệu:")
COMMENT = "Đề nghị bổ sung yêu cầu về kiến trúc dữ liệu và an toàn thông tin trong đề án."
REASON = "Tiếp thu, đã chỉnh lý khoản 2 Điều 5 theo ý kiến của Bộ Khoa học và Công nghệ."


class Browser(webtest.WebCase):
    def setUp(self):
        super().setUp()
        wf = self.write("workflow.yaml", WORKFLOW)
        self.d = webtest.make_dossier(self.path("d.git"), workflow=wf, accounts=("moc", "most"))
        # Hà Nội has commented from the command line, in the same dossier.
        check(run("-C", self.d, "--as", "hanoi", "--now", "2025-07-02T10:00", "comment", "--on",
                  "art_9__para_1", "--text", "Hà Nội đề nghị kết nối với các trung tâm chuyên ngành."))
        self.srv = self.serve(dossier=self.d, now="2025-07-10T09:00")
        self.assertTrue(os.access(CHROMEDRIVER, os.X_OK), "chromedriver is missing: run scripts/deps.sh")
        self.profile = tempfile.mkdtemp(prefix="dossier-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--disable-dev-shm-usage", "--user-data-dir=" + self.profile, "--window-size=1280,1000",
                  "--lang=vi"):
            opts.add_argument(a)
        # A browser set to Vietnamese, as at a ministry's office.
        opts.add_experimental_option("prefs", {"intl.accept_languages": "vi-VN,vi"})
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        self.driver.set_page_load_timeout(60)
        self.wait = WebDriverWait(self.driver, 30)
        self.shots = []

    def tearDown(self):
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)
            super().tearDown()

    # ---- helpers ----------------------------------------------------------------

    def url(self, path):
        return self.srv.base + path

    def shot(self, name):
        path = webtest.artefact(name + ".png")
        self.driver.save_screenshot(path)
        self.shots.append(path)
        # Whatever the page, it must not have been blocked by its own policy.
        errors = [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
        self.assertEqual(errors, [], "console errors on %s" % name)

    def sign_in(self, who):
        self.driver.get(self.url("/"))
        self.wait.until(EC.presence_of_element_located((By.NAME, "participant")))
        self.assertIn("Đăng nhập", self.driver.title)
        self.driver.find_element(By.NAME, "participant").send_keys(who)
        self.driver.find_element(By.NAME, "password").send_keys(PASSWORDS[who])
        self.driver.find_element(By.ID, "signin").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".dw-account form")))
        self.assertIn("(%s)" % who, self.driver.find_element(By.CLASS_NAME, "dw-who").text)

    def sign_out(self):
        self.driver.find_element(By.CSS_SELECTOR, ".dw-account button").click()
        self.wait.until(EC.presence_of_element_located((By.NAME, "participant")))

    def nav(self, label):
        self.driver.find_element(By.LINK_TEXT, label).click()

    def last_commit(self):
        out = webtest.git(self.d, "log", "-1", "--format=%an%x00%ae%x00%B")
        name, email, body = out.split("\0")
        return name, email, body

    # ---- the scenario -------------------------------------------------------------

    def test_member_comments_drafter_accepts_and_advances(self):
        d = self.driver
        # The member signs in and sees the dossier's home in Vietnamese.
        self.sign_in("most")
        self.assertEqual(d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "vi")
        self.assertIn("Tổng quan hồ sơ", d.find_element(By.TAG_NAME, "h1").text)
        self.assertIn("Lấy ý kiến thành viên Tổ công tác", d.find_element(By.ID, "stage").text)
        self.assertIn("còn lại", d.find_element(By.ID, "deadline").text)
        self.shot("01-member-home")

        # The draft, laid out as the decree, with "Góp ý" on every provision.
        self.nav("Dự thảo")
        clause = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-eid="art_5__para_2"]')))
        self.assertGreater(len(d.find_elements(By.CSS_SELECTOR, "[data-eid] > a.comment-action")), 30)
        self.assertIn("NGHỊ ĐỊNH", d.page_source)
        self.shot("02-draft-top")
        d.execute_script("arguments[0].scrollIntoView({block: 'center'});", clause)
        self.shot("02-draft-article-5")
        link = clause.find_element(By.CSS_SELECTOR, ":scope > a.comment-action")
        self.assertEqual(link.text, "Góp ý")
        self.assertEqual(link.get_attribute("aria-label"), "Góp ý Điều 5 khoản 2")
        link.click()

        # The form for Điều 5 khoản 2, its text ready to edit as a proposal.
        self.wait.until(EC.presence_of_element_located((By.ID, "comment-form")))
        self.assertIn("Điều 5 khoản 2", d.find_element(By.TAG_NAME, "h1").text)
        propose = d.find_element(By.NAME, "propose")
        self.assertIn("Đề án phát triển đô thị thông minh gồm các nội dung chủ yếu sau", propose.get_attribute("value"))
        d.find_element(By.NAME, "text").send_keys(COMMENT)
        propose.clear()
        propose.send_keys(PROPOSAL)
        self.shot("03-comment-form")
        before = webtest.tip(self.d)
        d.find_element(By.ID, "send-comment").click()

        # "Ý kiến của tôi" shows it.
        card = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#my-comments [data-comment="most-1"]')))
        self.assertIn(COMMENT, card.text)
        self.assertIn("Điều 5 khoản 2", card.text)
        self.assertIn("Chưa trả lời", card.text)
        self.assertIn("Ý kiến của tôi", d.find_element(By.TAG_NAME, "h1").text)
        self.shot("04-my-comments")
        # In the dossier: one commit, authored by the member, the command line's record.
        self.assertEqual(webtest.git(self.d, "rev-parse", "main~1").strip(), before)
        name, email, body = self.last_commit()
        self.assertEqual((name, email), ("Bộ Khoa học và Công nghệ", "vanthu@most.gov.vn"))
        self.assertIn("Dossier-Event: comment", body)
        self.assertIn("Dossier-Actor: most", body)
        c = [x for x in self.comments(self.d) if x["id"] == "most-1"][0]
        self.assertEqual((c["on"], c["citation"], c["text"], c["proposal"], c["time"]),
                         ("art_5__para_2", "Điều 5 khoản 2", COMMENT, PROPOSAL, "2025-07-10T09:00:00+07:00"))
        # A member has no Advance in the navigation.
        self.assertEqual(d.find_elements(By.LINK_TEXT, "Chuyển giai đoạn"), [])
        self.sign_out()

        # The drafting agency accepts it with a reason.
        self.sign_in("moc")
        self.nav("Tiếp thu, giải trình")
        card = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-comment="most-1"]')))
        card.find_element(By.LINK_TEXT, "Tiếp thu, giải trình").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "respond-form")))
        d.find_element(By.CSS_SELECTOR, 'input[name="disposition"][value="accept"]').click()
        self.assertEqual(d.find_element(By.NAME, "adopted").get_attribute("value"), PROPOSAL)
        d.find_element(By.NAME, "reason").send_keys(REASON)
        self.shot("05-response-form")
        d.find_element(By.ID, "send-response").click()
        card = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '.dw-new[data-comment="most-1"]')))
        self.assertIn("Tiếp thu", card.text)
        self.assertIn(REASON, card.text)
        name, email, body = self.last_commit()
        self.assertEqual((name, email), ("Bộ Xây dựng", "vanban@moc.gov.vn"))
        self.assertIn("Dossier-Event: respond", body)
        self.assertIn("Dossier-Id: most-1", body)
        c = [x for x in self.comments(self.d) if x["id"] == "most-1"][0]
        self.assertEqual((c["response"]["disposition"], c["response"]["reason"], c["response"]["by"]),
                         ("accepted", REASON, "moc"))

        # ... and advances: each guard's state is shown.
        self.nav("Chuyển giai đoạn")
        section = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '.dw-transition[data-stage="workshop"]')))
        self.assertIn("dw-ready", section.get_attribute("class"))
        self.assertIn("đủ điều kiện", section.text)
        d.find_element(By.NAME, "message").send_keys("Kết thúc lấy ý kiến thành viên")
        self.shot("06-advance")
        d.find_element(By.ID, "advance-workshop").click()
        stage = self.wait.until(EC.presence_of_element_located((By.ID, "stage")))
        self.assertEqual(stage.get_attribute("data-stage"), "workshop")
        self.assertIn("Hội thảo lấy ý kiến", stage.text)
        self.shot("07-drafter-home-after-advance")
        name, email, body = self.last_commit()
        self.assertEqual(email, "vanban@moc.gov.vn")
        self.assertIn("Dossier-Event: advance", body)
        self.assertIn("Kết thúc lấy ý kiến thành viên", body)
        st = check(run("-C", self.d, "--now", "2025-07-10T09:00", "status", "--json")).json()
        self.assertEqual(st["stage"], "workshop")
        self.sign_out()

        # The member sees the disposition.
        self.sign_in("most")
        self.nav("Ý kiến của tôi")
        card = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '[data-comment="most-1"]')))
        badge = card.find_element(By.CSS_SELECTOR, ".dw-badge")
        self.assertEqual(badge.text, "Tiếp thu")
        self.assertEqual(badge.get_attribute("data-disposition"), "accepted")
        self.assertIn(REASON, card.text)
        self.shot("08-member-sees-disposition")

        # The drafting agency records v2 from the command line; the member compares it with v1.
        check(run("-C", self.d, "--as", "moc", "--now", "2025-07-10T09:30", "revise", webtest.DRAFT2,
                  "-m", "Dự thảo lần 2"))
        self.nav("Các dự thảo")
        self.wait.until(EC.presence_of_element_located((By.ID, "revisions")))
        self.shot("09-revisions")
        page = d.find_element(By.TAG_NAME, "html")
        d.find_element(By.CSS_SELECTOR, "form.dw-filters button").click()
        # the revisions page has a table too: wait for the comparison's page itself
        self.wait.until(gone(page))
        self.wait.until(EC.presence_of_element_located((By.CLASS_NAME, "dw-doc-links")))
        self.assertIn("Bảng so sánh", d.page_source)
        self.assertIn("v1", d.find_element(By.CLASS_NAME, "dw-doc-links").text)
        self.assertIn("v2", d.find_element(By.CLASS_NAME, "dw-doc-links").text)
        self.assertTrue(d.find_elements(By.CSS_SELECTOR, "ins, del"))
        self.shot("10-comparison-table")

        # The other pages open, and the switch gives English.
        for label, shot in (("Báo cáo", "11-report"), ("Tải về", "12-downloads"),
                            ("Tất cả ý kiến", "13-all-comments")):
            self.nav(label)
            self.wait.until(EC.presence_of_element_located((By.CLASS_NAME, "dw-bar")))
            self.shot(shot)
        d.find_element(By.CSS_SELECTOR, "a.dw-lang").click()
        self.wait.until(EC.presence_of_element_located((By.LINK_TEXT, "My comments")))
        self.assertEqual(d.find_element(By.TAG_NAME, "html").get_attribute("lang"), "en")
        self.shot("14-all-comments-in-english")
        # Keyboard: the skip link is the first stop and leads to the content.
        d.find_element(By.TAG_NAME, "body").send_keys("\ue004")   # Tab
        self.assertEqual(d.switch_to.active_element.get_attribute("class"), "dw-skip")
        with open(webtest.artefact("screenshots.json"), "w", encoding="utf-8") as f:
            json.dump(self.shots, f, indent=1)

    def test_drafter_answers_several_comments_at_once(self):
        """The response page answers a selection as one event (issue 13, item 5):
        the open comments on one provision, one disposition and one reason."""
        d = self.driver
        for when, text in (("2025-07-03T09:00", "Đề nghị làm rõ nguồn kinh phí."),
                           ("2025-07-03T10:00", "Đề nghị bổ sung tiêu chí đánh giá.")):
            check(run("-C", self.d, "--as", "most", "--now", when, "comment", "--on", "art_5__para_2",
                      "--text", text))
        before = webtest.tip(self.d)
        self.sign_in("moc")
        self.nav("Tiếp thu, giải trình")
        self.wait.until(EC.presence_of_element_located((By.ID, "respond-many-form")))
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, '#open-comments input[name="id"]')), 3)
        # Narrow to Điều 5 khoản 2, then select every comment shown.
        box = d.find_element(By.ID, "on")
        box.send_keys("art_5__para_2")
        box.submit()
        self.wait.until(EC.presence_of_element_located((By.ID, "select-all")))
        self.assertEqual([e.get_attribute("value") for e in d.find_elements(By.CSS_SELECTOR, '#open-comments input[name="id"]')],
                         ["most-1", "most-2"])
        d.find_element(By.ID, "select-all").click()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#open-comments input[name="id"]:checked')))
        self.assertEqual(len(d.find_elements(By.CSS_SELECTOR, '#open-comments input[name="id"]:checked')), 2)
        d.find_element(By.CSS_SELECTOR, '#respond-many-form input[name="disposition"][value="note"]').click()
        d.find_element(By.CSS_SELECTOR, "#respond-many-form textarea[name=reason]").send_keys(
            "Ghi nhận, sẽ nghiên cứu trong quá trình hoàn thiện dự thảo.")
        self.shot("20-respond-many-form")
        d.find_element(By.ID, "send-responses").click()
        notice = self.wait.until(EC.presence_of_element_located((By.ID, "answered")))
        self.assertIn("2 ý kiến đã được trả lời", notice.text)
        # only Hà Nội's comment is still to answer
        self.assertEqual([e.get_attribute("value") for e in d.find_elements(By.CSS_SELECTOR, '#open-comments input[name="id"]')],
                         ["hanoi-1"])
        self.shot("21-respond-many-done")
        # In the dossier: one commit by the drafting agency, both answered.
        self.assertEqual(webtest.git(self.d, "rev-parse", "main~1").strip(), before)
        name, email, body = self.last_commit()
        self.assertEqual((name, email), ("Bộ Xây dựng", "vanban@moc.gov.vn"))
        self.assertIn("Dossier-Event: respond-many", body)
        cs = {c["id"]: c for c in self.comments(self.d)}
        self.assertEqual((cs["most-1"]["response"]["disposition"], cs["most-2"]["response"]["disposition"]),
                         ("noted", "noted"))
        self.assertIsNone(cs["hanoi-1"].get("response"))
        check(run("-C", self.d, "verify"))


if __name__ == "__main__":
    webtest.main()
