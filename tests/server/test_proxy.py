"""`dossier serve` behind nginx (issue 20): the ministry's TLS reverse proxy
authenticates the participant and names them in a header, which serve
believes only on connections from the proxy's address.

The test starts Debian's nginx with its own configuration
(tests/server/servers.py) on 127.0.0.1: TLS with a certificate from a CA
made in the test, basic authentication from an htpasswd file, and
`proxy_set_header X-Remote-User $remote_user` towards `dossier serve
--trust-header X-Remote-User --trusted-proxy 127.0.0.2`, which nginx
reaches from 127.0.0.2 (`proxy_bind`). The test's own requests to serve
come from 127.0.0.1: not the proxy. Both servers are stopped at the end,
and when the test fails.
"""
import base64
import http.client
import os
import shlex
import shutil
import ssl
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "web"))

import servers  # noqa: E402
import webtest  # noqa: E402
from webtest import run  # noqa: E402

PASSWORDS = {"moc": "moc-proxy-1", "most": "most-proxy-1", "hanoi": "hanoi-proxy-1",
             "luutru": "luutru-proxy-1"}


class ProxiedClient(webtest.Client):
    """A browser through nginx: TLS checked against the test's CA, and the
    participant's basic-authentication credentials on every request."""

    def __init__(self, host, port, cafile, who=None, password=None):
        self.cafile = cafile
        self.auth = None
        if who:
            token = base64.b64encode(("%s:%s" % (who, password or PASSWORDS[who])).encode()).decode()
            self.auth = "Basic " + token
        super().__init__(host, port, tls=True)

    def connect(self):
        ctx = ssl.create_default_context(cafile=self.cafile)
        return http.client.HTTPSConnection(self.host, self.port, timeout=120, context=ctx)

    def request(self, method, path, headers=None, **kw):
        h = dict(headers or {})
        if self.auth:
            h.setdefault("Authorization", self.auth)
        return super().request(method, path, headers=h, **kw)


class NginxProxyTest(webtest.WebCase):
    @classmethod
    def setUpClass(cls):
        servers.stop_on_sigterm()
        cls.root = tempfile.mkdtemp(prefix="dossier-proxy-")
        cls.addClassCleanup(shutil.rmtree, cls.root, ignore_errors=True)
        cls.ca = servers.CA(os.path.join(cls.root, "ca"))
        cls.cert, cls.key = cls.ca.issue("localhost", "DNS:localhost")
        cls.htpasswd = os.path.join(cls.root, "htpasswd")
        servers.htpasswd(cls.htpasswd, PASSWORDS)

    def setUp(self):
        super().setUp()
        self.d = webtest.make_dossier(self.path("do-thi.git"), accounts=("most",))
        self.srv = self.serve("--trust-header", "X-Remote-User", "--trusted-proxy", "127.0.0.2", dossier=self.d)
        directory = self.path("nginx")
        os.makedirs(directory)
        self.nginx = servers.Nginx(directory, self.cert, self.key, self.htpasswd, self.srv.port, bind="127.0.0.2")
        self.addCleanup(self.nginx.stop)
        self.nginx.start()

    def client(self, who=None, **kw):
        c = ProxiedClient("localhost", self.nginx.port, self.ca.cert, who, **kw)
        self.addCleanup(c.close)
        return c

    def test_the_proxys_account_acts(self):
        most = self.client("most")
        r = most.get("/api/v1/session")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["participant"], "most")
        self.assertEqual(r.json()["via"], "proxy")
        csrf = r.json()["csrf"]
        text = "Góp ý qua cổng của Bộ, sau nginx."
        r = most.post("/api/v1/comments", {"on": "art_1", "text": text}, headers={"X-CSRF-Token": csrf})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["author"], "most")
        comments = self.comments(self.d)
        self.assertEqual([(c["author"], c["text"]) for c in comments], [("most", text)])
        author = webtest.git(self.d, "log", "-1", "--format=%ae", "main").strip()
        self.assertEqual(author, "vanthu@most.gov.vn")
        self.assertExit(run("-C", self.d, "verify"), 0)
        # a header the client sends itself is replaced by the proxy's
        r = most.get("/api/v1/session", headers={"X-Remote-User": "moc"})
        self.assertEqual(r.json()["participant"], "most")
        # the proxy's X-Forwarded-Host is the origin a browser's request
        # must come from
        origin = "https://localhost:%d" % self.nginx.port
        r = most.post("/api/v1/comments", {"on": "art_2", "text": "Từ trình duyệt."},
                      headers={"X-CSRF-Token": csrf, "Origin": origin})
        self.assertEqual(r.status, 201, r)
        r = most.post("/api/v1/comments", {"on": "art_2", "text": "Từ trang khác."},
                      headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(len(self.comments(self.d)), 2)
        # and its X-Forwarded-Proto: a session cookie made through it is Secure
        r = most.post("/api/v1/session", {"participant": "most", "password": webtest.PASSWORDS["most"]})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.cookies() and all("Secure" in c for c in r.cookies()), r.cookies())

    def test_without_the_proxy_the_header_is_not_trusted(self):
        direct = self.srv.client()   # from 127.0.0.1, not the proxy's 127.0.0.2
        for who in ("most", "vanthu@most.gov.vn", "moc"):
            r = direct.get("/api/v1/status", headers={"X-Remote-User": who})
            self.assertEqual(r.status, 401, r)
            r = direct.post("/api/v1/comments", {"on": "art_1", "text": "giả danh"}, headers={"X-Remote-User": who})
            self.assertIn(r.status, (401, 403), r)
        self.assertEqual(self.comments(self.d), [])
        # a password still signs in directly: the header is what is ignored
        direct.sign_in("most", webtest.PASSWORDS["most"])
        self.assertEqual(direct.get("/api/v1/session").json()["participant"], "most")

    def test_the_proxy_refuses_whom_it_does_not_know(self):
        r = self.client().get("/api/v1/status")
        self.assertEqual(r.status, 401, r)
        self.assertIn("Basic", r.headers.get("WWW-Authenticate", ""))
        r = self.client("most", password="wrong-password").get("/api/v1/status")
        self.assertEqual(r.status, 401, r)
        # an account of the proxy that is not a participant: serve says no
        r = self.client("luutru").get("/api/v1/status")
        self.assertEqual(r.status, 401, r)
        self.assertNotIn("Basic", r.headers.get("WWW-Authenticate", ""))
        # and TLS is the ministry's: a client that does not trust its CA stops
        ctx = ssl.create_default_context()
        conn = http.client.HTTPSConnection("localhost", self.nginx.port, timeout=30, context=ctx)
        with self.assertRaises(ssl.SSLCertVerificationError):
            conn.request("GET", "/")
        conn.close()


UNIT = os.path.join(webtest.SRC, "dist", "dossier-serve.service")


def unit_exec_start():
    """The ExecStart of the shipped unit, as argv (continuation lines joined)."""
    with open(UNIT) as f:
        text = f.read().replace("\\\n", " ")
    line = next(x for x in text.splitlines() if x.startswith("ExecStart="))
    return shlex.split(line[len("ExecStart="):])


class SystemdUnitTest(webtest.WebCase):
    """dist/dossier-serve.service: systemd accepts it, and serve starts
    with its command line (the directory and port swapped for the test's)."""

    def test_systemd_accepts_the_unit(self):
        argv = unit_exec_start()
        self.assertEqual(argv[0], "/usr/local/bin/dossier")
        unit = self.path("dossier-serve.service")
        with open(UNIT) as f:
            text = f.read().replace("/usr/local/bin/dossier", webtest.BIN)
        with open(unit, "w") as f:
            f.write(text)
        p = subprocess.run(["systemd-analyze", "verify", unit], capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr.strip(), "")

    def test_serve_starts_with_the_units_command_line(self):
        root = self.path("srv")
        os.makedirs(root)
        webtest.make_dossier(os.path.join(root, "do-thi.git"), accounts=())
        args = unit_exec_start()[1:]
        self.assertEqual(args[:3], ["serve", "--root", "/srv/dossiers"])
        args[2] = root
        i = args.index("--listen")
        self.assertEqual(args[i + 1], "127.0.0.1:8080")
        del args[i:i + 2]       # the test's Server listens on a free port
        srv = self.serve(*args[1:])
        c = srv.client()
        # the unit trusts the local proxy's header: here the test is that proxy
        r = c.get("/do-thi.git/api/v1/session", headers={"X-Remote-User": "most"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["participant"], "most")
        self.assertEqual(srv.stop(), 0)   # SIGTERM, as systemd stops it


if __name__ == "__main__":
    webtest.main()
