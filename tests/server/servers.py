"""Real servers on loopback for the tests of tests/server (issue 20), and
for the HTTPS benchmark (bench/run.py imports this file).

- CA: a certificate authority made with openssl in a directory of its own,
  and server certificates it signs (subjectAltName a DNS name or an IP
  address), as a ministry's internal CA would issue them.
- Apache: Debian's apache2 started with its own configuration (never the
  system's /etc/apache2 instance): git-http-backend under basic
  authentication from an htpasswd file, behind TLS, one port per
  certificate, on 127.0.0.1.
- Nginx: Debian's nginx as a TLS reverse proxy with basic authentication,
  in front of `dossier serve`, passing the account in a header.

Every server is a child of the test process started in the foreground, in
a session of its own (Apache's prefork signals its whole process group when
it stops) and with a parent-death signal, so it is stopped by stop() in the test's cleanup, and
by the kernel if the test process itself is killed. A missing program is a
failure (FileNotFoundError), never a skip. Ports are picked free on
127.0.0.1 by binding port 0.
"""
import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time

APACHE_MODULES = "/usr/lib/apache2/modules"
HTTP_BACKEND = "/usr/lib/git-core/git-http-backend"
PR_SET_PDEATHSIG = 1


def free_port(host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent():
    """preexec_fn: the server gets SIGTERM when the test process dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def sh(*argv, cwd=None, input=None):
    p = subprocess.run([str(a) for a in argv], cwd=cwd, input=input, capture_output=True, text=True,
                       timeout=120)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d\n%s%s" % (" ".join(map(str, argv)), p.returncode, p.stdout, p.stderr))
    return p.stdout


def wait_listening(proc, ports, what, log=None, timeout=30):
    """Until every port accepts a connection; fails when proc exits."""
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    text = ""
                    if log and os.path.exists(log):
                        with open(log, errors="replace") as f:
                            text = f.read()[-3000:]
                    raise RuntimeError("%s did not start (exit %s)\n%s" % (what, proc.poll(), text))
                time.sleep(0.05)


def stop_process(proc, sig=signal.SIGTERM):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=20)


class CA:
    """A certificate authority of its own, in `directory`."""

    def __init__(self, directory, name="Bo Xay dung - CA noi bo (test)"):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.key = os.path.join(directory, "ca.key")
        self.cert = os.path.join(directory, "ca.pem")
        sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-keyout", self.key, "-out", self.cert, "-days", "30", "-subj", "/O=Bo Xay dung/CN=" + name,
           "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        self.serial = 1

    def issue(self, name, san, cn=None):
        """(cert, key) of a server certificate for `san` ("DNS:localhost",
        "IP:127.0.0.1"), signed by this CA."""
        key = os.path.join(self.dir, name + ".key")
        csr = os.path.join(self.dir, name + ".csr")
        cert = os.path.join(self.dir, name + ".pem")
        ext = os.path.join(self.dir, name + ".ext")
        with open(ext, "w") as f:
            f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                    "extendedKeyUsage=serverAuth\nsubjectAltName=%s\n" % san)
        sh("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-keyout", key, "-out", csr, "-subj", "/O=Bo Xay dung/CN=" + (cn or name))
        self.serial += 1
        sh("openssl", "x509", "-req", "-in", csr, "-CA", self.cert, "-CAkey", self.key,
           "-set_serial", str(self.serial), "-days", "30", "-extfile", ext, "-out", cert)
        return cert, key

    def hashed_dir(self, directory):
        """A directory with the CA certificate under its subject hash, as
        http.sslCAPath and SSL_CERT_DIR want it (openssl rehash)."""
        os.makedirs(directory, exist_ok=True)
        shutil.copy(self.cert, os.path.join(directory, "moc-ca.pem"))
        sh("openssl", "rehash", directory)
        return directory


def server_user():
    """Who the web server runs as: Apache refuses to serve as root, so a
    test run as root gives the served repositories to www-data."""
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("www-data")


def give_to_server(path):
    """The web server's user owns `path` (a repository it writes to)."""
    u = server_user()
    if u is None:
        return
    for top, dirs, files in os.walk(path):
        os.chown(top, u.pw_uid, u.pw_gid)
        for f in files:
            os.lchown(os.path.join(top, f), u.pw_uid, u.pw_gid)


def reachable_binary(bin_path, directory):
    """A copy of the dossier command (and the library beside it, by its
    run path $ORIGIN/../engine) in `directory`, which the web server's user
    can reach: the build directory may sit under a folder only root may
    enter (a CI checkout in a mkdtemp folder), and the hook runs as the
    server's user. Returns the copy's path."""
    cli = os.path.join(directory, "cli")
    engine = os.path.join(directory, "engine")
    os.makedirs(cli, exist_ok=True)
    os.makedirs(engine, exist_ok=True)
    src_engine = os.path.join(os.path.dirname(os.path.realpath(bin_path)), "..", "engine")
    for name in os.listdir(src_engine):
        if name.startswith("libdossier.so") and not os.path.isdir(os.path.join(src_engine, name)):
            shutil.copy2(os.path.join(src_engine, name), os.path.join(engine, name), follow_symlinks=True)
    dst = os.path.join(cli, "dossier")
    shutil.copy2(bin_path, dst)
    for top in (directory, cli, engine):
        os.chmod(top, 0o755)
    return dst


def htpasswd(path, accounts):
    """An htpasswd file (bcrypt) with accounts {user: password}."""
    first = True
    for user, password in accounts.items():
        sh("htpasswd", "-i", "-B", "-C", "5", *(["-c"] if first else []), path, user, input=password + "\n")
        first = False
    os.chmod(path, 0o644)


APACHE_CONF = """\
# The test's own Apache httpd (tests/server/servers.py): git-http-backend
# under basic authentication, behind TLS; nothing from /etc/apache2.
ServerRoot "{dir}"
ServerName localhost
DefaultRuntimeDir "{dir}/run"
PidFile "{dir}/run/httpd.pid"
Mutex file:{dir}/run default
ErrorLog "{dir}/error.log"
LogLevel warn
{user}
LoadModule mpm_prefork_module {mods}/mod_mpm_prefork.so
LoadModule authn_core_module {mods}/mod_authn_core.so
LoadModule authn_file_module {mods}/mod_authn_file.so
LoadModule authz_core_module {mods}/mod_authz_core.so
LoadModule authz_user_module {mods}/mod_authz_user.so
LoadModule auth_basic_module {mods}/mod_auth_basic.so
LoadModule alias_module {mods}/mod_alias.so
LoadModule cgi_module {mods}/mod_cgi.so
LoadModule env_module {mods}/mod_env.so
LoadModule socache_shmcb_module {mods}/mod_socache_shmcb.so
LoadModule ssl_module {mods}/mod_ssl.so

StartServers 2
MinSpareServers 2
MaxSpareServers 4
MaxRequestWorkers 16
KeepAlive On
LogFormat "%h %u \\"%r\\" %>s %b" short
CustomLog "{dir}/access.log" short
SSLSessionCache "shmcb:{dir}/run/ssl_cache(512000)"
SSLProtocol all -SSLv3 -TLSv1 -TLSv1.1

# git-http-backend serves every repository under the project root; it
# runs git-receive-pack (and so the pre-receive hook) with REMOTE_USER set
# to the authenticated account.
SetEnv GIT_PROJECT_ROOT "{project_root}"
SetEnv GIT_HTTP_EXPORT_ALL 1
ScriptAlias / "{backend}/"

<Directory "/usr/lib/git-core">
    Options +ExecCGI
    Require all granted
</Directory>

<Location />
    AuthType Basic
    AuthName "Du thao nghi dinh"
    AuthBasicProvider file
    AuthUserFile "{htpasswd}"
    Require valid-user
    # an account that may not push gets 403, not 401 (which would make
    # git's credential helpers forget a password that is right)
    AuthzSendForbiddenOnFailure On
</Location>

# Pushes: participants' accounts only (a reader account can fetch).
<LocationMatch "/git-receive-pack$">
    Require user {pushers}
</LocationMatch>
<If "%{{QUERY_STRING}} =~ /service=git-receive-pack/">
    Require user {pushers}
</If>

{vhosts}
"""

VHOST = """\
Listen 127.0.0.1:{port}
<VirtualHost 127.0.0.1:{port}>
    SSLEngine on
    SSLCertificateFile "{cert}"
    SSLCertificateKeyFile "{key}"
</VirtualHost>
"""


class Apache:
    """Apache httpd with git-http-backend serving `project_root` over
    HTTPS, one port per (cert, key) in `certs`; `ports[i]` is the port of
    certs[i]. Accounts in `htpasswd_file`; `pushers` may push."""

    def __init__(self, directory, project_root, htpasswd_file, certs, pushers):
        self.dir = directory
        self.project_root = project_root
        self.htpasswd = htpasswd_file
        self.certs = certs
        self.pushers = pushers
        self.ports = [free_port() for _ in certs]
        self.proc = None
        self.conf = os.path.join(directory, "httpd.conf")
        self.error_log = os.path.join(directory, "error.log")
        self.access_log = os.path.join(directory, "access.log")

    def start(self):
        os.makedirs(os.path.join(self.dir, "run"), exist_ok=True)
        u = server_user()
        if u is not None:
            os.chown(os.path.join(self.dir, "run"), u.pw_uid, u.pw_gid)
        vhosts = "".join(VHOST.format(port=p, cert=c, key=k) for p, (c, k) in zip(self.ports, self.certs))
        with open(self.conf, "w") as f:
            f.write(APACHE_CONF.format(
                dir=self.dir, mods=APACHE_MODULES, backend=HTTP_BACKEND, project_root=self.project_root,
                htpasswd=self.htpasswd, pushers=" ".join(self.pushers), vhosts=vhosts,
                user=("User %s\nGroup %s" % (u.pw_name, u.pw_name)) if u else ""))
        sh("apache2", "-t", "-f", self.conf)
        self.proc = subprocess.Popen(["apache2", "-f", self.conf, "-DFOREGROUND"], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     preexec_fn=_die_with_parent, start_new_session=True, env={"PATH": os.environ.get("PATH", ""),
                                                                       "LANG": "C"})
        try:
            wait_listening(self.proc, self.ports, "apache2", self.error_log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        stop_process(self.proc)
        self.proc = None

    def access_lines(self):
        if not os.path.exists(self.access_log):
            return []
        with open(self.access_log, errors="replace") as f:
            return f.read().splitlines()


NGINX_CONF = """\
# The test's own nginx (tests/server/servers.py): TLS and basic
# authentication in front of `dossier serve`, which it reaches from
# {bind} (serve trusts the account header from that address only).
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{user}
events {{ worker_connections 64; }}

http {{
    access_log {dir}/access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;

    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;

        auth_basic "Du thao nghi dinh";
        auth_basic_user_file {htpasswd};
        client_max_body_size 1m;

        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_bind {bind};
            proxy_http_version 1.1;
            # $http_host keeps the port, which the browser's Origin names
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-Host $http_host;
            # the authenticated account; replaces whatever the client sent
            proxy_set_header X-Remote-User $remote_user;
            proxy_set_header Authorization "";
        }}
    }}
}}
"""


class Nginx:
    """nginx on 127.0.0.1 with TLS and basic authentication, proxying to
    127.0.0.1:`upstream` from the address `bind`."""

    def __init__(self, directory, cert, key, htpasswd_file, upstream, bind="127.0.0.2"):
        self.dir = directory
        self.cert, self.key = cert, key
        self.htpasswd = htpasswd_file
        self.upstream = upstream
        self.bind = bind
        self.port = free_port()
        self.proc = None
        self.conf = os.path.join(directory, "nginx.conf")
        self.error_log = os.path.join(directory, "error.log")

    def start(self):
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        with open(self.conf, "w") as f:
            f.write(NGINX_CONF.format(dir=self.dir, port=self.port, cert=self.cert, key=self.key,
                                      htpasswd=self.htpasswd, upstream=self.upstream, bind=self.bind,
                                      user="user root;" if os.geteuid() == 0 else ""))
        sh("nginx", "-t", "-q", "-p", self.dir, "-c", self.conf, "-e", self.error_log)
        self.proc = subprocess.Popen(["nginx", "-p", self.dir, "-c", self.conf, "-e", self.error_log],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent,
                                     start_new_session=True)
        try:
            wait_listening(self.proc, [self.port], "nginx", self.error_log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        # SIGQUIT: nginx's graceful shutdown; SIGTERM would be fast shutdown
        stop_process(self.proc, signal.SIGQUIT)
        self.proc = None


def stop_on_sigterm():
    """meson stops a test that runs too long with SIGTERM: turn it into
    SystemExit, so that the tests' cleanups stop their servers."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)
