/*
 * cmd_serve.c: `dossier serve [--listen ADDR:PORT] [--root DIR] …`: the
 * browser front end and JSON API of the dossier (or of every dossier under
 * --root). The server itself lives in web/ (web.h); this file only reads
 * the options. docs/serve.md has the set-up behind nginx.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "web.h"

/* "90", "90s", "30m", "2h", "7d" in seconds; 0 when not a duration. */
static unsigned long duration(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10), mul = 1;

	if (end == s)
		return 0;
	if (*end == 's')
		end++;
	else if (*end == 'm')
		mul = 60, end++;
	else if (*end == 'h')
		mul = DOSSIER_SECONDS_PER_HOUR, end++;
	else if (*end == 'd')
		mul = DOSSIER_SECONDS_PER_DAY, end++;
	if (*end || v == 0 || v > 366UL * DOSSIER_SECONDS_PER_DAY / mul)
		return 0;
	return v * mul;
}

/* "1048576", "64k", "2M" in bytes; 0 when not a size. */
static size_t size_arg(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10), mul = 1;

	if (end == s)
		return 0;
	if (*end == 'k' || *end == 'K')
		mul = 1024, end++;
	else if (*end == 'M')
		mul = 1024 * 1024, end++;
	if (*end || v == 0 || v > (1ULL << 30) / mul)
		return 0;
	return (size_t)(v * mul);
}

static int run(cli_ctx *c);

const cli_command cli_cmd_serve = {
	.name = "serve", .run = run, .flags = CLI_NO_ARGS,
	.usage = "serve [--listen ADDR:PORT] [--root DIR] [--trust-header NAME --trusted-proxy ADDR...]",
	.summary = N_("the browser front end and JSON API (/api/v1), signed in with the accounts"),
};

static int run(cli_ctx *c)
{
	const char *listen = NULL, *root = NULL, *header = NULL, *threads = NULL, *max_body = NULL;
	const char *timeout = NULL, *idle = NULL, *max = NULL, *cert = NULL, *key = NULL;
	cli_list proxies = { NULL, 0 };
	int quiet = 0, code;
	const cli_option opts[] = {
		{ "listen", 'l', OPT_STRING, &listen, "ADDR:PORT", N_("where to listen (default 127.0.0.1:8080; port 0: any free one)") },
		{ "root", 0, OPT_STRING, &root, "DIR", N_("serve every dossier in DIR, each at /NAME/") },
		{ "trust-header", 0, OPT_STRING, &header, "NAME", N_("take the account from this request header (set by an authenticating proxy) ...") },
		{ "trusted-proxy", 0, OPT_LIST, &proxies, "ADDR", N_("...only from this address, whose X-Forwarded-Proto and -Host are believed too (repeatable)") },
		{ "tls-cert", 0, OPT_STRING, &cert, "FILE", N_("serve HTTPS with this PEM certificate (and chain) ...") },
		{ "tls-key", 0, OPT_STRING, &key, "FILE", N_("... and its PEM key (else: behind a proxy with TLS, docs/serve.md)") },
		{ "threads", 0, OPT_STRING, &threads, "N", N_("the thread pool (default: 4 per core, 4 to 32)") },
		{ "max-body", 0, OPT_STRING, &max_body, "SIZE", N_("the largest request body (default 1M; larger ones get 413)") },
		{ "timeout", 0, OPT_STRING, &timeout, "DUR", N_("how long a connection may stay idle (default 30s)") },
		{ "session-idle", 0, OPT_STRING, &idle, "DUR", N_("a session ends when unused this long (default 2h)") },
		{ "session-max", 0, OPT_STRING, &max, "DUR", N_("a session ends this long after sign-in (default 12h)") },
		{ "quiet", 'q', OPT_FLAG, &quiet, NULL, N_("no access log on standard error") },
		{ NULL, 0, 0, NULL, NULL, NULL }
	};
	web_options o;
	unsigned long v;

	if (cli_setup(c, opts, &code) < 0) {
		cli_list_clear(&proxies);
		return code;
	}
	memset(&o, 0, sizeof(o));
	if (root && c->g->dir) {
		code = cli_usage_error(c->cmd, "give either -C DIR (one dossier) or --root DIR (every dossier in it)");
		goto done;
	}
	if (header && !proxies.n) {
		code = cli_usage_error(c->cmd, "--trust-header needs --trusted-proxy ADDR: the header is taken only from those addresses");
		goto done;
	}
	if (c->g->as)
		fprintf(stderr, _("warning: --as/DOSSIER_AS is not used by serve: the signed-in account acts\n"));
	o.listen = listen;
	o.root = root;
	o.dir = root ? NULL : (c->g->dir ? c->g->dir : ".");
	o.now = c->g->now;
	o.signing_key = c->g->signing_key;
	o.trust_header = header;
	o.trusted_proxies = proxies.items;
	o.ntrusted_proxies = proxies.n;
	o.quiet = quiet;
	if (!cert != !key) {
		code = cli_usage_error(c->cmd, "--tls-cert and --tls-key go together");
		goto done;
	}
	o.tls_cert = cert;
	o.tls_key = key;
	if (threads) {
		v = strtoul(threads, NULL, 10);
		if (v < 1 || v > 256 || strspn(threads, "0123456789") != strlen(threads)) {
			code = cli_usage_error(c->cmd, "invalid --threads '%s' (1 to 256)", threads);
			goto done;
		}
		o.threads = (unsigned)v;
	}
	if (max_body && !(o.max_body = size_arg(max_body))) {
		code = cli_usage_error(c->cmd, "invalid --max-body '%s' (bytes, or with k or M)", max_body);
		goto done;
	}
	if (timeout && !(o.timeout = (unsigned)duration(timeout))) {
		code = cli_usage_error(c->cmd, "invalid --timeout '%s' (e.g. 30s, 2m)", timeout);
		goto done;
	}
	if (idle && !(o.session_idle = (unsigned)duration(idle))) {
		code = cli_usage_error(c->cmd, "invalid --session-idle '%s' (e.g. 30m, 2h)", idle);
		goto done;
	}
	if (max && !(o.session_max = (unsigned)duration(max))) {
		code = cli_usage_error(c->cmd, "invalid --session-max '%s' (e.g. 12h, 7d)", max);
		goto done;
	}
	code = web_serve(&o);
done:
	cli_list_clear(&proxies);
	return code;
}
