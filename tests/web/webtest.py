"""Shared helpers for the tests of `dossier serve` (tests/web).

A test makes a real dossier with the real binary (DOSSIER_BIN), creates
accounts with `dossier account add --password-stdin`, starts `dossier serve`
on a free port (it prints "listening on http://ADDR:PORT" when it accepts
connections) and talks to it over real HTTP with the standard library. The
dossier is checked afterwards with the command line and with git itself.
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import clitest  # noqa: E402
from clitest import BIN, run  # noqa: E402,F401

SRC = clitest.SRC
WORKFLOWS = clitest.WORKFLOWS
TEMPLATES = clitest.TEMPLATES
DRAFT = os.path.join(TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh.txt")
DRAFT2 = os.path.join(TEMPLATES, "du-thao-nghi-dinh-do-thi-thong-minh-v2.txt")
SEED_WF = os.path.join(WORKFLOWS, "decree-simplified.yaml")
BUILD = os.environ.get("DOSSIER_BUILD_ROOT", os.path.join(SRC, "build"))
ARTEFACTS = os.path.join(BUILD, "test-artefacts", "web")

PASSWORDS = {"moc": "moc-mat-khau-1", "most": "most-mat-khau-1", "hanoi": "hanoi-mat-khau-1",
             "mof": "mof-mat-khau-1", "mps": "mps-mat-khau-1", "mae": "mae-mat-khau-1",
             "hcmc": "hcmc-mat-khau-1", "danang": "danang-mat-khau-1", "viettel": "viettel-mat-khau-1",
             "vnpt": "vnpt-mat-khau-1", "fpt": "fpt-mat-khau-1", "vpcp": "vpcp-mat-khau-1"}
MEMBERS = ["most", "mps", "mof", "mae", "hanoi", "hcmc", "danang", "viettel", "vnpt", "fpt"]
NOW = "2025-07-03T09:00"


def check(res, code=0):
    if res.code != code:
        raise AssertionError(repr(res))
    return res


def make_dossier(path, workflow=SEED_WF, accounts=("moc", "most", "hanoi"), bare=True, stage="member-comment"):
    """A dossier with draft v1 in the member comment round, and accounts."""
    args = ["--as", "moc", "--now", "2025-06-20T09:00", "init", path, "--workflow", workflow]
    if bare:
        args.append("--bare")
    check(run(*args))
    check(run("-C", path, "--as", "moc", "--now", "2025-06-25T10:00", "revise", DRAFT, "-m", "Dự thảo lần 1"))
    if stage == "member-comment":
        check(run("-C", path, "--as", "moc", "--now", "2025-06-26T08:00", "advance", "member-comment"))
    for a in accounts:
        check(run("-C", path, "account", "add", a, "--password-stdin", input=PASSWORDS[a] + "\n"))
    return path


def git(path, *args):
    p = subprocess.run(["git", "-C", path] + list(args), capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("git %s: %s" % (" ".join(args), p.stderr))
    return p.stdout


def tip(path):
    return git(path, "rev-parse", "refs/heads/main").strip()


class Server:
    """`dossier serve` in a child process."""

    def __init__(self, *args, dossier=None, now=NOW, env=None, quiet=True):
        self.args = list(args)
        cmd = [BIN]
        if dossier:
            cmd += ["-C", dossier]
        if now:
            cmd += ["--now", now]
        cmd += ["serve", "--listen", "127.0.0.1:0"]
        if quiet:
            cmd.append("--quiet")
        cmd += self.args
        e = dict(os.environ)
        for k in ("DOSSIER_DIR", "DOSSIER_AS", "DOSSIER_NOW", "DOSSIER_SIGNING_KEY"):
            e.pop(k, None)
        if env:
            e.update(env)
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr, env=e, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on (https?)://([0-9.]+):(\d+)$", line.strip())
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("serve did not start: %r\n%s" % (line, self.errors()))
        self.scheme, self.host, self.port = m.group(1), m.group(2), int(m.group(3))
        self.base = "%s://%s:%d" % (self.scheme, self.host, self.port)
        self.clients = []

    def errors(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, timeout=90):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("serve did not stop within %d s after the signal" % timeout)
        finally:
            self.proc.stdout.close()

    def close(self):
        for c in self.clients:
            c.close()
        self.stderr.close()

    def client(self, **kw):
        c = Client(self.host, self.port, tls=self.scheme == "https", **kw)
        self.clients.append(c)
        return c

    def raw(self, head, body=b"", chunks=()):
        """Send a request by hand (headers, then a body or chunks, as far as
        the server lets it be sent) and return the first line of the answer."""
        import socket
        s = socket.create_connection((self.host, self.port), timeout=60)
        try:
            s.sendall(head.encode("utf-8"))
            try:
                if body:
                    s.sendall(body)
                for c in chunks:
                    s.sendall(c)
            except (BrokenPipeError, ConnectionResetError):
                pass
            data = b""
            while b"\r\n" not in data:
                part = s.recv(4096)
                if not part:
                    break
                data += part
            return data.split(b"\r\n")[0].decode("latin-1")
        finally:
            s.close()


class Response:
    def __init__(self, r, body):
        self.status = r.status
        self.headers = r.headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self):
        return self.body.decode("utf-8")

    def cookies(self):
        return self.headers.get_all("Set-Cookie") or []

    def __repr__(self):
        return "HTTP %d %s\n%s" % (self.status, dict(self.headers), self.body[:2000].decode("utf-8", "replace"))


class Client:
    """A browser-like HTTP client: one keep-alive connection, the cookies
    it was given, the CSRF token of its session."""

    def __init__(self, host, port, prefix="", tls=False):
        self.host, self.port, self.prefix, self.tls = host, port, prefix, tls
        self.conn = self.connect()
        self.cookies = {}
        self.csrf = None

    def connect(self):
        if self.tls:
            import ssl
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE   # the test's own self-signed certificate
            return http.client.HTTPSConnection(self.host, self.port, timeout=120, context=ctx)
        return http.client.HTTPConnection(self.host, self.port, timeout=120)

    def close(self):
        self.conn.close()

    def request(self, method, path, body=None, headers=None, json_body=None, form=None, csrf=True,
                cookies=True):
        h = {}
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        if form is not None:
            body = urllib.parse.urlencode(form).encode("ascii")
            h["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies and self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        if headers:
            h.update(headers)
        for attempt in range(2):
            try:
                self.conn.request(method, self.prefix + path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a keep-alive connection: once more on a new one.
                self.conn.close()
                self.conn = self.connect()
                if attempt or method not in ("GET", "HEAD"):
                    raise
        res = Response(r, data)
        for c in res.cookies():
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = self.connect()
        return res

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, obj=None, **kw):
        return self.request("POST", path, json_body=obj, **kw)

    def sign_in(self, who, password=None):
        r = self.post("/api/v1/session", {"participant": who, "password": password or PASSWORDS[who]})
        if r.status != 200:
            raise AssertionError("sign-in of %s: %r" % (who, r))
        self.csrf = r.json()["csrf"]
        return r


class WebCase(clitest.TestCase):
    """A dossier in a temporary directory and the servers started on it,
    stopped at the end."""

    def setUp(self):
        super().setUp()
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            try:
                s.stop()
            except AssertionError:
                pass
            s.close()
        super().tearDown()

    def serve(self, *args, **kw):
        s = Server(*args, **kw)
        self.servers.append(s)
        return s

    def comments(self, path):
        return check(run("-C", path, "comments", "--json")).json()["comments"]


def artefact(name):
    os.makedirs(ARTEFACTS, exist_ok=True)
    return os.path.join(ARTEFACTS, name)


main = clitest.main
