/*
 * store_remote.c: the store's side of `dossier sync`, `clone` and the
 * server's hook, through libgit2 (see store.h and docs/sync.md): raw
 * references, history ranges and ancestry, moving the branch to an
 * integrated history, reading a pushed quarantine's objects, and talking to
 * a remote: fetch, push and clone with progress and the remote's messages
 * passed to the caller's callbacks.
 *
 * Credentials are never stored by dossier: SSH goes through the user's
 * agent and then their usual key files; HTTPS asks the user's own git
 * credential helpers by running `git credential fill` (libgit2 has no
 * public entry to them), and tells them afterwards whether the credentials
 * worked (`git credential approve` / `reject`), as git itself does; a
 * refused password ends the operation at once (no retry). Whom an HTTPS
 * server is trusted to be is decided in store_tls.c, from git's settings.
 */
#include "store/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

extern char **environ;

static int parse_id(git_oid *out, const char *hex, dossier_error *err)
{
	if (!hex || git_oid_fromstr(out, hex) < 0) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_EINVALID, "invalid commit id '%s'", hex ? hex : "");
	}
	return 0;
}

/* ---- references and history -------------------------------------------- */

int store_ref_read(char out_id[41], dossier_store *store, const char *refname, dossier_error *err)
{
	git_oid id;
	int rc = git_reference_name_to_id(&id, store_repository(store), refname);

	out_id[0] = '\0';
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "no reference '%s'", refname);
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot read '%s'", refname);
	git_oid_tostr(out_id, 41, &id);
	return 0;
}

int store_ref_write(dossier_store *store, const char *refname, const char *id, const char *logmsg,
	dossier_error *err)
{
	git_reference *ref = NULL;
	git_oid oid;
	int rc;

	if ((rc = parse_id(&oid, id, err)) < 0)
		return rc;
	if (git_reference_create(&ref, store_repository(store), refname, &oid, 1, logmsg) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot set '%s'", refname);
	git_reference_free(ref);
	return 0;
}

int store_ref_delete(dossier_store *store, const char *refname, dossier_error *err)
{
	git_reference *ref = NULL;
	int rc = git_reference_lookup(&ref, store_repository(store), refname);

	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (rc < 0 || git_reference_delete(ref) < 0) {
		git_reference_free(ref);
		return store_git_failure(err, DOSSIER_EFAIL, "cannot delete '%s'", refname);
	}
	git_reference_free(ref);
	return 0;
}

/* Who moves the branch, for its reflog: the user's git identity, as git
 * would write it. */
static void reflog_identity(char **name, char **email, git_repository *repo)
{
	git_signature *sig = NULL;

	*name = *email = NULL;
	if (git_signature_default(&sig, repo) == 0) {
		*name = util_strdup(sig->name);
		*email = util_strdup(sig->email);
		git_signature_free(sig);
	}
	git_error_clear();
}

/* Move (or create, when old is NULL) the branch with a compare-and-swap,
 * append its reflog line and bring the working tree along. */
static int branch_move(dossier_store *store, const git_oid *old, const git_oid *new_, const char *logmsg,
	dossier_error *err)
{
	git_repository *repo = store_repository(store);
	store_reflock l;
	char *name, *email;
	int rc;

	if ((rc = store_reflock_take(&l, repo, DOSSIER_BRANCH, old, new_, err)) < 0)
		return rc;
	if ((rc = store_reflock_commit(&l, err)) < 0)
		return rc;
	reflog_identity(&name, &email, repo);
	store_add_warning(store, store_reflog_append(repo, DOSSIER_BRANCH, old, new_, name, email, logmsg));
	free(name);
	free(email);
	store_add_warning(store, store_worktree_sync(store, NULL));
	return 0;
}

int store_branch_move(dossier_store *store, const char *old_id, const char *new_id, const char *logmsg,
	dossier_error *err)
{
	git_oid old, new_;
	int rc;

	if ((rc = parse_id(&old, old_id, err)) < 0 || (rc = parse_id(&new_, new_id, err)) < 0)
		return rc;
	store_set_warning(store, NULL);
	rc = branch_move(store, &old, &new_, logmsg, err);
	if (rc == DOSSIER_ECONFLICT) {
		dossier_error_clear(err);
		return dossier_error_set(err, DOSSIER_ECONFLICT,
			"the dossier changed during the sync (the branch is no longer at %.7s)", old_id);
	}
	return rc;
}

int store_descends(bool *out, dossier_store *store, const char *id, const char *ancestor, dossier_error *err)
{
	git_oid a, b;
	int rc;

	*out = false;
	if ((rc = parse_id(&a, id, err)) < 0 || (rc = parse_id(&b, ancestor, err)) < 0)
		return rc;
	if (git_oid_equal(&a, &b)) {
		*out = true;
		return 0;
	}
	rc = git_graph_descendant_of(store_repository(store), &a, &b);
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot compare %.7s with %.7s", id, ancestor);
	*out = rc == 1;
	return 0;
}

int store_merge_base(char out_id[41], dossier_store *store, const char *a, const char *b, dossier_error *err)
{
	git_oid x, y, base;
	int rc;

	out_id[0] = '\0';
	if ((rc = parse_id(&x, a, err)) < 0 || (rc = parse_id(&y, b, err)) < 0)
		return rc;
	rc = git_merge_base(&base, store_repository(store), &x, &y);
	if (rc == GIT_ENOTFOUND) {
		git_error_clear();
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "%.7s and %.7s have no common history", a, b);
	}
	if (rc < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot find the common history of %.7s and %.7s", a, b);
	git_oid_tostr(out_id, 41, &base);
	return 0;
}

int store_walk_range(dossier_store *store, const char *tip, const char *hide, store_walk_fn fn,
	void *payload, dossier_error *err)
{
	git_oid t, h;
	char what[8];
	int rc;

	if ((rc = parse_id(&t, tip, err)) < 0 || (hide && (rc = parse_id(&h, hide, err)) < 0))
		return rc;
	snprintf(what, sizeof(what), "%.7s", tip);
	return store_revwalk(store, &t, hide ? &h : NULL, fn, payload, what, err);
}

int store_add_object_dirs(dossier_store *store, const char *object_dir, const char *alternates,
	dossier_error *err)
{
	git_odb *odb = NULL;
	int rc = 0;

	if ((!object_dir || !*object_dir) && (!alternates || !*alternates))
		return 0;
	if (git_repository_odb(&odb, store_repository(store)) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot open the object database");
	if (object_dir && *object_dir && git_odb_add_disk_alternate(odb, object_dir) < 0)
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot read objects from '%s'", object_dir);
	while (rc == 0 && alternates && *alternates) {
		size_t len = strcspn(alternates, ":");
		char *dir = util_strndup(alternates, len);

		if (!dir)
			rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		else if (*dir && git_odb_add_disk_alternate(odb, dir) < 0)
			rc = store_git_failure(err, DOSSIER_EFAIL, "cannot read objects from '%s'", dir);
		free(dir);
		alternates += len;
		if (*alternates == ':')
			alternates++;
	}
	git_odb_free(odb);
	return rc;
}

/* ---- credentials: the user's agent, keys and git credential helpers ---- */

typedef struct helper_cred {
	char *url;
	char *username;
	char *password;
} helper_cred;

static void helper_cred_clear(helper_cred *c)
{
	free(c->url);
	free(c->username);
	if (c->password)
		memset(c->password, 0, strlen(c->password));
	free(c->password);
	memset(c, 0, sizeof(*c));
}

/* Run `git credential <verb>` with `input` on its stdin; its stdout in
 * *output when not NULL. The helper's prompts go to the terminal. */
static int run_git_credential(const char *verb, const char *input, char **output)
{
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, status = 0, rc = -1;
	char *argv[] = { "git", "credential", (char *)verb, NULL };
	dstr got = DSTR_INIT;
	pid_t pid;
	size_t left = strlen(input);
	void (*old_pipe)(int);

	if (output)
		*output = NULL;
	if (pipe(in) < 0 || pipe(out) < 0)
		goto done;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addclose(&fa, in[1]);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	rc = posix_spawnp(&pid, "git", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(out[1]);
	in[0] = out[1] = -1;
	if (rc != 0) {
		rc = -1;
		goto done;
	}
	old_pipe = signal(SIGPIPE, SIG_IGN);
	while (left) {
		ssize_t n = write(in[1], input, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		input += n;
		left -= (size_t)n;
	}
	close(in[1]);
	in[1] = -1;
	signal(SIGPIPE, old_pipe);
	for (;;) {
		char buf[512];
		ssize_t n = read(out[0], buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		dstr_add(&got, buf, (size_t)n);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
	if (rc == 0 && output) {
		dstr_adds(&got, "");
		*output = dstr_detach(&got);
	}
done:
	dstr_free(&got);
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (out[0] >= 0)
		close(out[0]);
	if (out[1] >= 0)
		close(out[1]);
	return rc;
}

static char *credential_input(const helper_cred *c)
{
	dstr s = DSTR_INIT;

	dstr_addf(&s, "url=%s\n", c->url);
	if (c->username)
		dstr_addf(&s, "username=%s\n", c->username);
	if (c->password)
		dstr_addf(&s, "password=%s\n", c->password);
	dstr_adds(&s, "\n");
	return dstr_detach(&s);
}

/* Ask the user's git credential helpers for `url`. */
static int credential_fill(helper_cred *c, const char *url, const char *username)
{
	char *input, *output = NULL, *line;
	int rc;

	memset(c, 0, sizeof(*c));
	c->url = util_strdup(url);
	c->username = username && *username ? util_strdup(username) : NULL;
	input = c->url ? credential_input(c) : NULL;
	rc = input ? run_git_credential("fill", input, &output) : -1;
	free(input);
	for (line = output; rc == 0 && line && *line; ) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (!strncmp(line, "username=", 9)) {
			free(c->username);
			c->username = util_strndup(line + 9, len - 9);
		} else if (!strncmp(line, "password=", 9)) {
			free(c->password);
			c->password = util_strndup(line + 9, len - 9);
		}
		line = nl ? nl + 1 : NULL;
	}
	if (output) {
		memset(output, 0, strlen(output));
		free(output);
	}
	if (rc < 0 || !c->username || !c->password) {
		helper_cred_clear(c);
		return -1;
	}
	return 0;
}

static void credential_tell(const helper_cred *c, bool worked)
{
	char *input = credential_input(c);

	if (input) {
		run_git_credential(worked ? "approve" : "reject", input, NULL);
		memset(input, 0, strlen(input));
		free(input);
	}
}

/* ---- remote callbacks --------------------------------------------------- */

typedef struct remote_state {
	const store_remote_cbs *cbs;
	dossier_store *store;  /* whose kept credentials apply, or NULL */
	bool kept_used;        /* st->helper came from them: approved already */
	git_repository *repo;  /* whose git configuration applies */
	const char *url;       /* the remote's URL, after url.<base>.insteadOf */
	dstr partial;          /* a remote line not yet ended */
	dstr rejected;         /* "ref: reason" of every refused reference */
	unsigned agent_tried, keys_tried, helper_tried, user_tried;
	helper_cred helper;    /* what the helpers gave, to approve or reject */
	store_tls *tls;        /* whom HTTPS trusts, read at the first connection */
	bool tls_refused;      /* a server's certificate was not trusted */
	bool auth_refused;     /* the server refused the helpers' password */
	bool auth_missing;     /* the server asked for credentials we did not have */
} remote_state;

static void remote_state_init(remote_state *st, const store_remote_cbs *cbs)
{
	memset(st, 0, sizeof(*st));
	st->cbs = cbs;
}

static void remote_state_clear(remote_state *st)
{
	dstr_free(&st->partial);
	dstr_free(&st->rejected);
	helper_cred_clear(&st->helper);
	store_tls_free(st->tls);
	st->tls = NULL;
}

/* git's own progress lines ("Compressing objects: 100% (6/6), done."):
 * not messages for the user. */
static bool is_git_progress(const char *line, size_t len)
{
	static const char *const starts[] = { "Enumerating objects", "Counting objects", "Compressing objects",
		"Total ", "Writing objects", "Resolving deltas", "Delta compression", "Receiving objects" };
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(*starts); i++)
		if (len >= strlen(starts[i]) && !strncmp(line, starts[i], strlen(starts[i])))
			return true;
	return false;
}

static void emit_line(remote_state *st, const char *line, size_t len)
{
	char *s;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		len--;
	if (!len || !st->cbs || !st->cbs->remote_line || is_git_progress(line, len))
		return;
	if ((s = util_strndup(line, len)) != NULL)
		st->cbs->remote_line(s, st->cbs->payload);
	free(s);
}

/* The remote's stderr, in pieces: pass on whole lines; a piece ended by
 * '\r' is the remote's own progress counter and is dropped. */
static int on_sideband(const char *str, int len, void *payload)
{
	remote_state *st = payload;
	int i;

	for (i = 0; i < len; i++) {
		if (str[i] == '\n') {
			emit_line(st, st->partial.ptr ? st->partial.ptr : "", st->partial.len);
			st->partial.len = 0;
		} else if (str[i] == '\r') {
			st->partial.len = 0;
		} else {
			dstr_addc(&st->partial, str[i]);
		}
	}
	return 0;
}

static void flush_sideband(remote_state *st)
{
	if (st->partial.len)
		emit_line(st, st->partial.ptr, st->partial.len);
	st->partial.len = 0;
}

static int on_transfer(const git_indexer_progress *stats, void *payload)
{
	remote_state *st = payload;

	if (!st->cbs || !st->cbs->progress)
		return 0;
	if (stats->total_deltas && stats->received_objects == stats->total_objects)
		st->cbs->progress(N_("resolving deltas"), stats->indexed_deltas, stats->total_deltas, st->cbs->payload);
	else
		st->cbs->progress(N_("receiving objects"), stats->received_objects, stats->total_objects,
			st->cbs->payload);
	return 0;
}

static int on_push_transfer(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	remote_state *st = payload;

	(void)bytes;
	if (st->cbs && st->cbs->progress)
		st->cbs->progress(N_("writing objects"), current, total, st->cbs->payload);
	return 0;
}

static int on_push_ref(const char *refname, const char *status, void *payload)
{
	remote_state *st = payload;

	if (status)
		dstr_addf(&st->rejected, "%s'%s' (%s)", st->rejected.len ? ", " : "", refname, status);
	return 0;
}

/* The credentials an earlier operation of this handle had taken for the
 * same URL (and user, if the URL names one), into st->helper; a copy, so
 * that a refusal forgets them both here and in git's helpers. */
static bool take_kept(remote_state *st, const char *url, const char *username)
{
	store_kept_cred **slot = st->store ? &st->store->kept_cred : NULL;
	const store_kept_cred *k = slot ? *slot : NULL;

	if (!k || strcmp(k->url, url) || (username && *username && strcmp(k->username, username)))
		return false;
	st->helper.url = util_strdup(k->url);
	st->helper.username = util_strdup(k->username);
	st->helper.password = util_strdup(k->password);
	store_kept_cred_free(*slot);
	*slot = NULL;
	if (!st->helper.url || !st->helper.username || !st->helper.password) {
		helper_cred_clear(&st->helper);
		return false;
	}
	st->kept_used = true;
	return true;
}

static int on_credentials(git_credential **out, const char *url, const char *username_from_url,
	unsigned int allowed, void *payload)
{
	remote_state *st = payload;
	const char *user = username_from_url && *username_from_url ? username_from_url : "git";

	if (allowed & GIT_CREDENTIAL_USERNAME && !st->user_tried++)
		return git_credential_username_new(out, user);
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		const char *home = getenv("HOME");
		static const char *const keys[] = { "id_ed25519", "id_ecdsa", "id_rsa" };

		if (!st->agent_tried++ && getenv("SSH_AUTH_SOCK"))
			return git_credential_ssh_key_from_agent(out, user);
		while (home && st->keys_tried < sizeof(keys) / sizeof(*keys)) {
			const char *k = keys[st->keys_tried++];
			char *priv = util_sprintf("%s/.ssh/%s", home, k);
			char *pub = util_sprintf("%s/.ssh/%s.pub", home, k);
			int rc = 1;

			if (priv && pub && access(priv, R_OK) == 0)
				rc = git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL, priv, NULL);
			free(priv);
			free(pub);
			if (rc <= 0)
				return rc;
		}
	}
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		if (st->helper.url) {
			/* the helpers' credentials did not work: tell them, and stop
			 * here rather than send the same password again */
			char *msg = util_sprintf(_("authentication failed: the server refused the password of '%s' "
				"from git's credential helpers (they were told to forget it)"), st->helper.username);

			credential_tell(&st->helper, false);
			helper_cred_clear(&st->helper);
			st->auth_refused = true;
			git_error_set_str(GIT_ERROR_NET, msg ? msg : "authentication failed");
			free(msg);
			return GIT_EAUTH;
		}
		if (!st->helper_tried++ && take_kept(st, url, username_from_url))
			return git_credential_userpass_plaintext_new(out, st->helper.username, st->helper.password);
		if (st->helper_tried == 1 && credential_fill(&st->helper, url, username_from_url) == 0)
			return git_credential_userpass_plaintext_new(out, st->helper.username, st->helper.password);
		st->auth_missing = true;
		if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
			git_error_set_str(GIT_ERROR_NET, "the server asks for a password, and git's credential helpers gave none");
			return GIT_EAUTH;
		}
	}
	git_error_set_str(GIT_ERROR_NET, "no usable credentials (tried the SSH agent, ~/.ssh keys and git's credential helpers)");
	return GIT_EAUTH;
}

/* libgit2's certificate check: decided by git's TLS settings (store_tls.c). */
static int on_certificate(git_cert *cert, int valid, const char *host, void *payload)
{
	remote_state *st = payload;
	int rc;

	if (!st->tls && !(st->tls = store_tls_new(st->repo, st->url))) {
		git_error_set_oom();
		return -1;
	}
	rc = store_tls_check(st->tls, cert, valid, host);
	if (rc == GIT_ECERTIFICATE)
		st->tls_refused = true;
	return rc;
}

/* The callbacks of one operation on remote r of repository repo. */
static void init_callbacks(git_remote_callbacks *cb, remote_state *st, git_repository *repo, git_remote *r)
{
	st->repo = repo;
	st->url = git_remote_url(r);
	git_remote_init_callbacks(cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb->sideband_progress = on_sideband;
	cb->transfer_progress = on_transfer;
	cb->push_transfer_progress = on_push_transfer;
	cb->push_update_reference = on_push_ref;
	cb->credentials = on_credentials;
	cb->certificate_check = on_certificate;
	cb->payload = st;
}

/* A failed fetch, push or clone: libgit2's message, and what to do when
 * the server was not trusted or refused the credentials. */
static int remote_failure(dossier_error *err, remote_state *st, const char *what, const char *where)
{
	int rc;

	flush_sideband(st);
	rc = store_git_failure(err, DOSSIER_EFAIL, "cannot %s '%s'", what, where);
	if (st->tls_refused && st->tls && store_tls_hint(st->tls))
		dossier_error_set_hint(err, "%s", store_tls_hint(st->tls));
	else if (st->auth_refused)
		dossier_error_set_hint(err, "run it again on a terminal to be asked for the password, or ask the "
			"server's administrator about your account (docs/sync.md, \"Credentials\")");
	else if (st->auth_missing)
		dossier_error_set_hint(err, "dossier takes passwords from git's credential helpers, as git does: "
			"run it on a terminal to be asked, or set one up ('git config --global credential.helper store'; "
			"docs/sync.md, \"Credentials\")");
	return rc;
}

/* After an operation that worked: the helpers' credentials approved (once
 * per handle, as git approves once per command) and kept for the next. */
static void done_remote(remote_state *st, bool worked)
{
	store_kept_cred **slot = st->store ? &st->store->kept_cred : NULL;
	store_kept_cred *k;

	flush_sideband(st);
	if (!st->helper.url || !worked)
		return;
	if (!st->kept_used)
		credential_tell(&st->helper, true);
	if (slot && (k = calloc(1, sizeof(*k))) != NULL) {
		k->url = st->helper.url;
		k->username = st->helper.username;
		k->password = st->helper.password;
		memset(&st->helper, 0, sizeof(st->helper));
		store_kept_cred_free(*slot);
		*slot = k;
	}
}

/* Remotes are opened anonymously from their URL: libgit2 1.5's
 * git_remote_lookup leaks the regular-expression match data it uses to
 * read the remote's configuration. */
static char *config_string(git_repository *repo, const char *key)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *value = NULL;

	if (git_repository_config_snapshot(&cfg, repo) == 0 && git_config_get_string_buf(&buf, cfg, key) == 0)
		value = util_strdup(buf.ptr);
	git_error_clear();
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return value;
}

char *store_remote_url(dossier_store *store, const char *remote)
{
	char *key = util_sprintf("remote.%s.url", remote), *url;

	url = key ? config_string(store_repository(store), key) : NULL;
	free(key);
	return url;
}

typedef struct insteadof {
	const char *url;
	size_t best;
	char *rewritten;
} insteadof;

static int insteadof_entry(const git_config_entry *e, void *payload)
{
	insteadof *io = payload;
	size_t klen = strlen(e->name), vlen = e->value ? strlen(e->value) : 0;
	static const char suffix[] = ".insteadof";

	if (klen <= 4 + sizeof(suffix) - 1 || strncmp(e->name, "url.", 4) ||
	    strcasecmp(e->name + klen - (sizeof(suffix) - 1), suffix) || !vlen || vlen <= io->best ||
	    strncmp(io->url, e->value, vlen))
		return 0;
	free(io->rewritten);
	io->rewritten = util_sprintf("%.*s%s", (int)(klen - 4 - (sizeof(suffix) - 1)), e->name + 4,
		io->url + vlen);
	io->best = vlen;
	return 0;
}

/* git's url.<base>.insteadOf, the longest match winning (libgit2 applies
 * it through a leaking regular expression, so we do it ourselves). */
static char *apply_insteadof(git_repository *repo, const char *url)
{
	git_config *cfg = NULL;
	insteadof io = { url, 0, NULL };

	if (git_repository_config_snapshot(&cfg, repo) == 0)
		git_config_foreach(cfg, insteadof_entry, &io);
	git_error_clear();
	git_config_free(cfg);
	return io.rewritten ? io.rewritten : util_strdup(url);
}

static int remote_for_url(git_remote **out, git_repository *repo, const char *url)
{
	git_remote_create_options o;
	char *real = apply_insteadof(repo, url);
	int rc;

	if (!real)
		return -1;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	rc = git_remote_create_with_opts(out, real, &o);
	free(real);
	return rc;
}

/* A remote that is a folder on this machine: a path, or a file:// URL
 * (after insteadOf). Such a remote runs no hook: libgit2 writes its refs
 * itself. Caller frees; NULL for a network remote. */
char *store_remote_local_path(dossier_store *store, const char *remote)
{
	char *url = store_remote_url(store, remote), *real, *path = NULL;
	const char *colon, *slash;

	real = apply_insteadof(store_repository(store), url ? url : remote);
	free(url);
	if (!real)
		return NULL;
	colon = strchr(real, ':');
	slash = strchr(real, '/');
	if (!strncmp(real, "file://", 7))
		path = util_strdup(real + 7);
	else if (!colon || (slash && slash < colon))   /* not scheme://, not scp's host:path */
		path = util_strdup(real);
	free(real);
	return path;
}

/* A configured remote by name, or a URL. */
static int open_remote(git_remote **out, dossier_store *store, const char *remote, dossier_error *err)
{
	char *url = store_remote_url(store, remote);
	int rc = 0;

	if (!url && !strstr(remote, ":") && access(remote, F_OK) != 0) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no remote '%s'", remote);
		dossier_error_set_hint(err, "name a remote ('git remote -v' lists them) or give a URL");
		return DOSSIER_ENOTFOUND;
	}
	if (remote_for_url(out, store_repository(store), url ? url : remote) < 0)
		rc = store_git_failure(err, DOSSIER_EINVALID, "invalid remote '%s'", url ? url : remote);
	free(url);
	return rc;
}

int store_fetch(char out_id[41], dossier_store *store, const char *remote, const char *into_ref,
	const store_remote_cbs *cbs, dossier_error *err)
{
	git_fetch_options opts;
	git_remote *r = NULL;
	remote_state st;
	const git_remote_head **heads = NULL;
	char *spec = NULL;
	git_strarray specs;
	size_t n = 0, i;
	int rc;

	out_id[0] = '\0';
	remote_state_init(&st, cbs);
	st.store = store;
	if ((rc = open_remote(&r, store, remote, err)) < 0)
		return rc;
	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	init_callbacks(&opts.callbacks, &st, store_repository(store), r);
	opts.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	opts.update_fetchhead = 0;
	if (!(spec = util_sprintf("+%s:%s", DOSSIER_BRANCH, into_ref))) {
		rc = dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
		goto done;
	}
	specs.strings = &spec;
	specs.count = 1;
	if (git_remote_fetch(r, &specs, &opts, "dossier sync: fetch") < 0) {
		rc = remote_failure(err, &st, "fetch from", remote);
		goto done;
	}
	done_remote(&st, true);
	if (git_remote_ls(&heads, &n, r) < 0) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot list the references of '%s'", remote);
		goto done;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(heads[i]->name, DOSSIER_BRANCH))
			git_oid_tostr(out_id, 41, &heads[i]->oid);
	if (!out_id[0])
		rc = store_ref_delete(store, into_ref, err);
	else
		rc = 0;
done:
	free(spec);
	git_remote_free(r);
	remote_state_clear(&st);
	return rc;
}

int store_push(dossier_store *store, const char *remote, const char *const *refspecs, size_t n,
	const store_remote_cbs *cbs, dossier_error *err)
{
	git_push_options opts;
	git_remote *r = NULL;
	remote_state st;
	git_strarray specs;
	int rc;

	remote_state_init(&st, cbs);
	st.store = store;
	if ((rc = open_remote(&r, store, remote, err)) < 0)
		return rc;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	init_callbacks(&opts.callbacks, &st, store_repository(store), r);
	specs.strings = (char **)refspecs;
	specs.count = n;
	if ((rc = git_remote_push(r, &specs, &opts)) < 0) {
		flush_sideband(&st);
		if (st.rejected.len)
			goto rejected;
		if (rc == GIT_ENONFASTFORWARD) {
			/* the remote's main has commits this repository has not fetched */
			git_error_clear();
			rc = dossier_error_set(err, DOSSIER_EREFUSED, "'%s' moved on: the push is not a fast-forward", remote);
			goto done;
		}
		rc = remote_failure(err, &st, "push to", remote);
		goto done;
	}
	done_remote(&st, true);
	if (!st.rejected.len) {
		rc = 0;
		goto done;
	}
rejected:
	git_error_clear();
	rc = dossier_error_set(err, DOSSIER_EREFUSED, "'%s' refused %s", remote, st.rejected.ptr);
done:
	git_remote_free(r);
	remote_state_clear(&st);
	return rc;
}

/* Whether `path` is missing or an empty directory. */
static bool empty_or_missing(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!dir)
		return access(path, F_OK) != 0;
	while (empty && (e = readdir(dir)) != NULL)
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(dir);
	return empty;
}

/* Like `git clone`, but always onto main, whatever the server's HEAD names
 * (a server made with `git init --bare` may still say 'master'). */
int store_clone(dossier_store **out, const char *url, const char *path, bool bare,
	const char *const *view, size_t nview, const store_remote_cbs *cbs, dossier_error *err)
{
	git_repository_init_options io;
	git_fetch_options fo;
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	git_config *cfg = NULL;
	static const char *const clone_specs[] = { "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*" };
	git_strarray specs;
	remote_state st;
	git_oid tip;
	int rc = 0;

	*out = NULL;
	remote_state_init(&st, cbs);
	if (!empty_or_missing(path))
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' already exists and is not an empty directory", path);
	git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	io.flags = GIT_REPOSITORY_INIT_MKPATH | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
	io.initial_head = "main";
	if (git_repository_init_ext(&repo, path, &io) < 0)
		return store_git_failure(err, DOSSIER_EFAIL, "cannot create '%s'", path);
	if (remote_for_url(&remote, repo, url) < 0) {
		rc = store_git_failure(err, DOSSIER_EINVALID, "invalid URL '%s'", url);
		goto done;
	}
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	init_callbacks(&fo.callbacks, &st, repo, remote);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	specs.strings = (char **)clone_specs;
	specs.count = 2;
	if (git_remote_fetch(remote, &specs, &fo, "dossier clone") < 0) {
		rc = remote_failure(err, &st, "clone", url);
		goto done;
	}
	done_remote(&st, true);
	if (git_reference_name_to_id(&tip, repo, "refs/remotes/origin/main") < 0) {
		git_error_clear();
		rc = dossier_error_set(err, DOSSIER_EINVALID, "'%s' is not a dossier: it has no branch 'main'", url);
		goto done;
	}
	/* `origin`, and main tracking origin/main, as git clone leaves them */
	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "remote.origin.url", url) < 0 ||
	    git_config_set_string(cfg, "remote.origin.fetch", clone_specs[0]) < 0 ||
	    git_config_set_string(cfg, "branch.main.remote", "origin") < 0 ||
	    git_config_set_string(cfg, "branch.main.merge", DOSSIER_BRANCH) < 0) {
		rc = store_git_failure(err, DOSSIER_EFAIL, "cannot create the branch 'main' in '%s'", path);
		goto done;
	}
done:
	git_config_free(cfg);
	git_remote_free(remote);
	git_repository_free(repo);
	remote_state_clear(&st);
	if (rc < 0)
		return rc;
	if ((rc = store_open(out, path, err)) < 0)
		return rc;
	/* main appears last, and brings the working tree (if any) along */
	if ((!bare && view && (rc = store_worktree_set_view(*out, view, nview, err)) < 0) ||
	    (rc = branch_move(*out, NULL, &tip, "dossier clone", err)) < 0) {
		store_free(*out);
		*out = NULL;
		return rc;
	}
	return 0;
}
