"""`dossier serve` under load (issue 16): 32 clients posting 640 comments at
once, through one server and through two servers on the same dossier; and
SIGTERM in the middle of the load. Every acknowledged comment is in the
dossier, none twice, and `dossier verify` and `git fsck --strict` are
clean. No timing is judged here (bench/ measures speed).
"""
import collections
import signal
import threading
import time

import webtest
from webtest import MEMBERS, check, run

CLIENTS = 32
EACH = 20


def post_many(srv, who, n, acked, errors, stop=None, index=0):
    """Sign in as `who` and post n comments (or until stop is set)."""
    c = srv.client()
    try:
        c.sign_in(who)
        i = 0
        while (stop is None and i < n) or (stop is not None and not stop.is_set()):
            body = {"on": "art_%d" % (1 + (index + i) % 12), "text": "Ý kiến số %d của luồng %d." % (i, index)}
            try:
                r = c.post("/api/v1/comments", body)
            except OSError as e:
                if stop is not None:
                    return       # the server went away: what was acknowledged counts
                errors.append("%s: %s" % (who, e))
                return
            if r.status == 201:
                acked.append((r.json()["id"], body["text"]))
            elif stop is not None and r.status == 503:
                return
            else:
                errors.append("%s: %r" % (who, r))
                return
            i += 1
    except Exception as e:  # noqa: BLE001 (reported by the test)
        if stop is None:
            errors.append("%s: %s" % (who, e))


class Load(webtest.WebCase):
    def setUp(self):
        super().setUp()
        self.d = webtest.make_dossier(self.path("d.git"), accounts=MEMBERS)

    def run_clients(self, servers, each=EACH):
        acked, errors = [], []
        threads = [threading.Thread(target=post_many,
                                    args=(servers[i % len(servers)], MEMBERS[i % len(MEMBERS)], each, acked, errors),
                                    kwargs={"index": i})
                   for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return acked, errors

    def check_dossier(self, acked, expected=None):
        comments = self.comments(self.d)
        ids = [c["id"] for c in comments]
        self.assertEqual(len(ids), len(set(ids)), "a comment id twice")
        texts = collections.Counter(c["text"] for c in comments)
        self.assertEqual(max(texts.values()), 1, "a comment recorded twice")
        by_id = {c["id"]: c for c in comments}
        for cid, text in acked:
            self.assertIn(cid, by_id, "acknowledged comment %s is not in the dossier" % cid)
            self.assertEqual(by_id[cid]["text"], text)
        if expected is not None:
            self.assertEqual(len(comments), expected)
        check(run("-C", self.d, "verify"))
        webtest.git(self.d, "fsck", "--strict", "--no-progress")
        # One commit per comment, each authored by its member.
        log = check(run("-C", self.d, "log", "--json")).json()["events"]
        self.assertEqual(sum(1 for e in log if e["event"] == "comment"), len(comments))
        for e in log:
            if e["event"] == "comment":
                self.assertEqual(by_id[e["ids"]]["author"], e["actor"])
        return comments

    def test_32_clients_640_comments(self):
        srv = self.serve(dossier=self.d)
        acked, errors = self.run_clients([srv])
        self.assertEqual(errors, [])
        self.assertEqual(len(acked), CLIENTS * EACH)
        self.assertEqual(len({a[0] for a in acked}), CLIENTS * EACH)
        self.check_dossier(acked, CLIENTS * EACH)
        # Each member's ids are 1..n without a gap.
        per = collections.defaultdict(list)
        for cid, _ in acked:
            who, n = cid.rsplit("-", 1)
            per[who].append(int(n))
        for who, ns in per.items():
            self.assertEqual(sorted(ns), list(range(1, len(ns) + 1)), who)
        self.assertEqual(srv.stop(), 0)

    def test_two_servers_on_one_dossier(self):
        a = self.serve(dossier=self.d)
        b = self.serve(dossier=self.d)
        acked, errors = self.run_clients([a, b], each=10)
        self.assertEqual(errors, [])
        self.assertEqual(len(acked), CLIENTS * 10)
        self.check_dossier(acked, CLIENTS * 10)

    def test_sigterm_during_the_load_loses_no_acknowledged_comment(self):
        srv = self.serve(dossier=self.d)
        acked, errors = [], []
        stop = threading.Event()
        threads = [threading.Thread(target=post_many, args=(srv, MEMBERS[i % len(MEMBERS)], 0, acked, errors),
                                    kwargs={"stop": stop, "index": i})
                   for i in range(CLIENTS)]
        for t in threads:
            t.start()
        deadline = time.time() + 120
        while len(acked) < 100 and time.time() < deadline and not errors:
            time.sleep(0.05)
        self.assertEqual(errors, [])
        self.assertGreaterEqual(len(acked), 100)
        status = srv.stop(signal.SIGTERM)
        stop.set()
        for t in threads:
            t.join()
        self.assertEqual(status, 0, srv.errors())
        self.assertIn("SIGTERM: finishing the requests in flight", srv.errors())
        self.assertEqual(errors, [])
        comments = self.check_dossier(acked)
        # Nothing is written after the server said it stopped.
        self.assertGreaterEqual(len(comments), len(acked))


if __name__ == "__main__":
    webtest.main()
