/*
 * accounts.c: the web's account store, GITDIR/dossier/accounts: outside
 * the dossier's tree, so never cloned, pushed or checked out; mode 0600 in
 * a 0700 directory. One JSON file holds the accounts (participant id,
 * yescrypt hash of the password), the API tokens and the sessions, both
 * stored only as SHA-256 hashes of what the client holds, and the store's
 * secret key (CSRF tokens are derived from it).
 *
 * Every change takes an exclusive flock(2) on accounts.lock, reads the
 * file afresh, changes it and writes it through a temporary file, fsync and
 * rename: several `serve` processes and the `account` command can share a
 * store. Readers use a copy cached in memory, read again when the file
 * changes (its inode, size or time), so a request costs a stat(2).
 */
#include "web_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STORE_FORMAT 1

struct web_accounts {
	char *dir;                /* GITDIR/dossier */
	char *path;               /* .../accounts */
	char *lock;               /* .../accounts.lock */
	pthread_mutex_t mu;       /* guards root and st */
	json_t *root;             /* the cached store */
	struct stat st;           /* of the file it was read from; st_ino 0: absent */
};

const char *web_accounts_path(const web_accounts *a)
{
	return a->path;
}

int web_accounts_open(web_accounts **out, const char *gitdir, dossier_error *err)
{
	web_accounts *a = calloc(1, sizeof(*a));
	size_t n;

	*out = NULL;
	if (!a)
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	n = strlen(gitdir);
	while (n > 1 && gitdir[n - 1] == '/')
		n--;
	a->dir = web_sprintf("%.*s/dossier", (int)n, gitdir);
	a->path = web_sprintf("%.*s/dossier/accounts", (int)n, gitdir);
	a->lock = web_sprintf("%.*s/dossier/accounts.lock", (int)n, gitdir);
	if (!a->dir || !a->path || !a->lock || pthread_mutex_init(&a->mu, NULL) != 0) {
		free(a->dir);
		free(a->path);
		free(a->lock);
		free(a);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	*out = a;
	return 0;
}

void web_accounts_free(web_accounts *a)
{
	if (!a)
		return;
	json_decref(a->root);
	pthread_mutex_destroy(&a->mu);
	free(a->dir);
	free(a->path);
	free(a->lock);
	free(a);
}

/* A member's string value, "" when absent. */
static const char *str_of(json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

static json_t *empty_store(void)
{
	json_t *root = json_object();

	json_object_set_new(root, "format", json_integer(STORE_FORMAT));
	json_object_set_new(root, "accounts", json_object());
	json_object_set_new(root, "tokens", json_object());
	json_object_set_new(root, "sessions", json_object());
	return root;
}

/* Make sure the parts exist with the right types. */
static int check_store(json_t *root, const char *path, dossier_error *err)
{
	const char *parts[] = { "accounts", "tokens", "sessions" };
	json_t *f = json_object_get(root, "format");
	size_t i;

	if (!json_is_object(root))
		return dossier_error_set(err, DOSSIER_EFAIL, "'%s' is not an account store", path);
	if (f && (!json_is_integer(f) || json_integer_value(f) > STORE_FORMAT))
		return dossier_error_set(err, DOSSIER_EFAIL,
			"'%s' has a format this version does not know (%lld)", path,
			json_is_integer(f) ? (long long)json_integer_value(f) : -1LL);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		json_t *p = json_object_get(root, parts[i]);

		if (!p)
			json_object_set_new(root, parts[i], json_object());
		else if (!json_is_object(p))
			return dossier_error_set(err, DOSSIER_EFAIL, "'%s': '%s' is not an object", path, parts[i]);
	}
	return 0;
}

/* Read the file (absent: an empty store). *st gets its identity. */
static int read_store(json_t **out, struct stat *st, const web_accounts *a, dossier_error *err)
{
	json_error_t jerr;
	json_t *root;
	int fd;

	*out = NULL;
	memset(st, 0, sizeof(*st));
	fd = open(a->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT)
			return dossier_error_set(err, DOSSIER_EFAIL, "cannot read '%s': %s", a->path, strerror(errno));
		*out = empty_store();
		return *out ? 0 : dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	if (fstat(fd, st) < 0) {
		close(fd);
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot read '%s': %s", a->path, strerror(errno));
	}
	root = json_loadfd(fd, JSON_REJECT_DUPLICATES, &jerr);
	close(fd);
	if (!root)
		return dossier_error_set_at(err, DOSSIER_EFAIL, a->path, (unsigned)jerr.line,
			(unsigned)jerr.column, "the account store is damaged: %s", jerr.text);
	if (check_store(root, a->path, err) < 0) {
		json_decref(root);
		return DOSSIER_EFAIL;
	}
	*out = root;
	return 0;
}

static bool same_file(const struct stat *x, const struct stat *y)
{
	return x->st_ino == y->st_ino && x->st_dev == y->st_dev && x->st_size == y->st_size &&
		x->st_mtim.tv_sec == y->st_mtim.tv_sec && x->st_mtim.tv_nsec == y->st_mtim.tv_nsec;
}

/* With a->mu held: the cached store, read again when the file changed. */
static json_t *cached(web_accounts *a)
{
	struct stat st;
	json_t *root = NULL;

	if (stat(a->path, &st) < 0) {
		if (errno != ENOENT)
			return a->root;
		memset(&st, 0, sizeof(st));
	}
	if (a->root && same_file(&st, &a->st))
		return a->root;
	if (read_store(&root, &st, a, NULL) < 0)
		return a->root;   /* keep what we had rather than sign everyone out */
	json_decref(a->root);
	a->root = root;
	a->st = st;
	return root;
}

static int write_store(web_accounts *a, json_t *root, dossier_error *err)
{
	char *tmp = web_sprintf("%s.tmpXXXXXX", a->path), *data;
	size_t len;
	int fd, dfd, ok;

	data = json_dumps(root, JSON_INDENT(1) | JSON_SORT_KEYS);
	if (!tmp || !data) {
		free(tmp);
		free(data);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	len = strlen(data);
	fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;

		free(data);
		dossier_error_set(err, DOSSIER_EFAIL, "cannot create '%s': %s", tmp, strerror(e));
		free(tmp);
		return DOSSIER_EFAIL;
	}
	ok = fchmod(fd, 0600) == 0;
	ok = ok && write(fd, data, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
	ok = ok && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	free(data);
	if (!ok || rename(tmp, a->path) < 0) {
		int e = errno;

		unlink(tmp);
		free(tmp);
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot write '%s': %s", a->path, strerror(e));
	}
	free(tmp);
	dfd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

typedef int (*change_fn)(json_t *root, void *payload, time_t now, dossier_error *err);

static void prune_sessions(json_t *root, time_t now)
{
	json_t *sessions = json_object_get(root, "sessions"), *s;
	const char *key;
	void *tmp;

	json_object_foreach_safe(sessions, tmp, key, s) {
		json_int_t until = json_integer_value(json_object_get(s, "until"));

		if (until <= (json_int_t)now)
			json_object_del(sessions, key);
	}
}

/* Lock the store, read it afresh, change it, write it. */
static int change(web_accounts *a, change_fn fn, void *payload, dossier_error *err)
{
	struct stat st;
	json_t *root = NULL;
	time_t now = time(NULL);
	int fd, rc;

	if (mkdir(a->dir, 0700) < 0 && errno != EEXIST)
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot create '%s': %s", a->dir, strerror(errno));
	fd = open(a->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return dossier_error_set(err, DOSSIER_EFAIL, "cannot open '%s': %s", a->lock, strerror(errno));
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			rc = dossier_error_set(err, DOSSIER_EFAIL, "cannot lock '%s': %s", a->lock, strerror(errno));
			close(fd);
			return rc;
		}
	}
	pthread_mutex_lock(&a->mu);
	rc = read_store(&root, &st, a, err);
	if (rc == 0) {
		prune_sessions(root, now);
		rc = fn(root, payload, now, err);
	}
	if (rc == 0)
		rc = write_store(a, root, err);
	if (rc == 0 && stat(a->path, &st) == 0) {
		json_decref(a->root);
		a->root = root;
		a->st = st;
		root = NULL;
	}
	pthread_mutex_unlock(&a->mu);
	json_decref(root);
	flock(fd, LOCK_UN);
	close(fd);
	return rc;
}

static void iso_now(char *buf, size_t n, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- the command line's operations ---------------------------------------- */

typedef struct password_args {
	const char *id;
	const char *hash;
	web_account_mode mode;
} password_args;

static void end_sessions_of(json_t *root, const char *id)
{
	json_t *sessions = json_object_get(root, "sessions"), *s;
	const char *key;
	void *tmp;

	json_object_foreach_safe(sessions, tmp, key, s) {
		if (!strcmp(str_of(s, "account"), id))
			json_object_del(sessions, key);
	}
}

static int set_password(json_t *root, void *payload, time_t now, dossier_error *err)
{
	password_args *p = payload;
	json_t *accounts = json_object_get(root, "accounts"), *acc = json_object_get(accounts, p->id);
	char when[32];

	iso_now(when, sizeof(when), now);
	if (acc && p->mode == WEB_ACCOUNT_CREATE) {
		dossier_error_set(err, DOSSIER_EINVALID, "account '%s' already exists", p->id);
		dossier_error_set_hint(err, "change its password with 'dossier account passwd %s'", p->id);
		return DOSSIER_EINVALID;
	}
	if (!acc && p->mode == WEB_ACCOUNT_UPDATE) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no account '%s'", p->id);
		dossier_error_set_hint(err, "create it with 'dossier account add %s'", p->id);
		return DOSSIER_ENOTFOUND;
	}
	if (!acc) {
		acc = json_object();
		json_object_set_new(acc, "created", json_string(when));
		json_object_set_new(accounts, p->id, acc);
	} else {
		json_object_set_new(acc, "password_changed", json_string(when));
	}
	json_object_set_new(acc, "password", json_string(p->hash));
	/* A new password ends the sessions opened with the old one. */
	end_sessions_of(root, p->id);
	return 0;
}

int web_account_set_password(web_accounts *a, const char *id, const char *password,
	web_account_mode mode, dossier_error *err)
{
	password_args p = { id, NULL, mode };
	char *hash = NULL;
	int rc;

	if ((rc = web_password_hash(&hash, password, err)) < 0)
		return rc;
	p.hash = hash;
	rc = change(a, set_password, &p, err);
	free(hash);
	return rc;
}

static int remove_account(json_t *root, void *payload, time_t now, dossier_error *err)
{
	const char *id = payload;
	json_t *tokens = json_object_get(root, "tokens"), *t;
	const char *key;
	void *tmp;

	(void)now;
	if (!json_object_get(json_object_get(root, "accounts"), id)) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no account '%s'", id);
		dossier_error_set_hint(err, "'dossier account list' lists them");
		return DOSSIER_ENOTFOUND;
	}
	json_object_del(json_object_get(root, "accounts"), id);
	json_object_foreach_safe(tokens, tmp, key, t) {
		if (!strcmp(str_of(t, "account"), id))
			json_object_del(tokens, key);
	}
	end_sessions_of(root, id);
	return 0;
}

int web_account_remove(web_accounts *a, const char *id, dossier_error *err)
{
	return change(a, remove_account, (void *)id, err);
}

void web_account_info_free(web_account_info *list, size_t n)
{
	size_t i, j;

	if (!list)
		return;
	for (i = 0; i < n; i++) {
		for (j = 0; j < list[i].tokens; j++) {
			free(list[i].token_ids[j]);
			free(list[i].token_labels[j]);
		}
		free(list[i].token_ids);
		free(list[i].token_labels);
		free(list[i].id);
		free(list[i].created);
		free(list[i].password_changed);
	}
	free(list);
}

static int by_id(const void *x, const void *y)
{
	return strcmp(((const web_account_info *)x)->id, ((const web_account_info *)y)->id);
}

int web_account_list(web_account_info **out, size_t *n, web_accounts *a, dossier_error *err)
{
	json_t *root = NULL, *acc, *accounts, *t, *s;
	web_account_info *list;
	struct stat st;
	const char *key, *tkey;
	time_t now = time(NULL);
	size_t i = 0, count;
	int rc;

	*out = NULL;
	*n = 0;
	if ((rc = read_store(&root, &st, a, err)) < 0)
		return rc;
	accounts = json_object_get(root, "accounts");
	count = json_object_size(accounts);
	list = calloc(count ? count : 1, sizeof(*list));
	if (!list) {
		json_decref(root);
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	json_object_foreach(accounts, key, acc) {
		web_account_info *e = &list[i++];
		size_t k = 0;

		e->id = web_strdup(key);
		e->has_password = json_is_string(json_object_get(acc, "password"));
		e->created = web_strdup(json_string_value(json_object_get(acc, "created")));
		e->password_changed = web_strdup(json_string_value(json_object_get(acc, "password_changed")));
		json_object_foreach(json_object_get(root, "tokens"), tkey, t)
			if (!strcmp(str_of(t, "account"), key))
				e->tokens++;
		e->token_ids = calloc(e->tokens + 1, sizeof(char *));
		e->token_labels = calloc(e->tokens + 1, sizeof(char *));
		json_object_foreach(json_object_get(root, "tokens"), tkey, t) {
			if (k < e->tokens && e->token_ids && e->token_labels &&
			    !strcmp(str_of(t, "account"), key)) {
				e->token_ids[k] = web_strdup(tkey);
				e->token_labels[k] = web_strdup(json_string_value(json_object_get(t, "label")));
				k++;
			}
		}
		json_object_foreach(json_object_get(root, "sessions"), tkey, s)
			if (!strcmp(str_of(s, "account"), key) &&
			    json_integer_value(json_object_get(s, "until")) > (json_int_t)now)
				e->sessions++;
	}
	json_decref(root);
	qsort(list, count, sizeof(*list), by_id);
	*out = list;
	*n = count;
	return 0;
}

typedef struct token_args {
	const char *id;
	const char *label;
	const char *token_id;   /* new: its id; revoke: which, or "all" */
	char hash[65];
} token_args;

static int add_token(json_t *root, void *payload, time_t now, dossier_error *err)
{
	token_args *t = payload;
	json_t *tok;
	char when[32];

	if (!json_object_get(json_object_get(root, "accounts"), t->id)) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no account '%s'", t->id);
		dossier_error_set_hint(err, "create it with 'dossier account add %s'", t->id);
		return DOSSIER_ENOTFOUND;
	}
	iso_now(when, sizeof(when), now);
	tok = json_object();
	json_object_set_new(tok, "account", json_string(t->id));
	json_object_set_new(tok, "hash", json_string(t->hash));
	json_object_set_new(tok, "created", json_string(when));
	if (t->label)
		json_object_set_new(tok, "label", json_string(t->label));
	json_object_set_new(json_object_get(root, "tokens"), t->token_id, tok);
	return 0;
}

int web_account_token_new(char **token, char **token_id, web_accounts *a, const char *id,
	const char *label, dossier_error *err)
{
	unsigned char idb[4], secret[32];
	char idhex[9], sechex[65];
	token_args t;
	int rc;

	*token = *token_id = NULL;
	if (web_random(idb, sizeof(idb)) < 0 || web_random(secret, sizeof(secret)) < 0)
		return dossier_error_set(err, DOSSIER_EFAIL, "getrandom: %s", strerror(errno));
	web_hex(idhex, idb, sizeof(idb));
	web_hex(sechex, secret, sizeof(secret));
	memset(&t, 0, sizeof(t));
	t.id = id;
	t.label = label;
	t.token_id = idhex;
	web_sha256_hex(t.hash, sechex, 64);
	if ((rc = change(a, add_token, &t, err)) < 0)
		return rc;
	/* The token is "ID.SECRET": the id finds it, the secret proves it. */
	*token = web_sprintf("%s.%s", idhex, sechex);
	*token_id = web_strdup(idhex);
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(sechex, sizeof(sechex));
	if (!*token || !*token_id) {
		free(*token);
		free(*token_id);
		*token = *token_id = NULL;
		return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
	}
	return 0;
}

static int revoke_token(json_t *root, void *payload, time_t now, dossier_error *err)
{
	token_args *t = payload;
	json_t *tokens = json_object_get(root, "tokens"), *tok;
	const char *key;
	void *tmp;
	size_t n = 0;

	(void)now;
	if (!json_object_get(json_object_get(root, "accounts"), t->id)) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "no account '%s'", t->id);
		return DOSSIER_ENOTFOUND;
	}
	json_object_foreach_safe(tokens, tmp, key, tok) {
		if (strcmp(str_of(tok, "account"), t->id))
			continue;
		if (strcmp(t->token_id, "all") && strcmp(t->token_id, key))
			continue;
		json_object_del(tokens, key);
		n++;
	}
	if (!n && strcmp(t->token_id, "all")) {
		dossier_error_set(err, DOSSIER_ENOTFOUND, "account '%s' has no token '%s'", t->id, t->token_id);
		dossier_error_set_hint(err, "'dossier account list' shows the ids of its tokens");
		return DOSSIER_ENOTFOUND;
	}
	return 0;
}

int web_account_token_revoke(web_accounts *a, const char *id, const char *token_id,
	dossier_error *err)
{
	token_args t;

	memset(&t, 0, sizeof(t));
	t.id = id;
	t.token_id = token_id;
	return change(a, revoke_token, &t, err);
}

/* ---- the server's operations ------------------------------------------------ */

static int ensure_secret(json_t *root, void *payload, time_t now, dossier_error *err)
{
	unsigned char key[32];
	char hex[65];

	(void)payload;
	(void)now;
	if (json_is_string(json_object_get(root, "secret")))
		return 0;
	if (web_random(key, sizeof(key)) < 0)
		return dossier_error_set(err, DOSSIER_EFAIL, "getrandom: %s", strerror(errno));
	web_hex(hex, key, sizeof(key));
	json_object_set_new(root, "secret", json_string(hex));
	explicit_bzero(key, sizeof(key));
	return 0;
}

static int unhex(unsigned char *out, size_t n, const char *s)
{
	size_t i;

	if (!s || strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < 2 * n; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (v < 0)
			return -1;
		if (i % 2 == 0)
			out[i / 2] = (unsigned char)(v << 4);
		else
			out[i / 2] |= (unsigned char)v;
	}
	return 0;
}

int web_accounts_secret(unsigned char key[32], web_accounts *a, dossier_error *err)
{
	const char *hex;
	int rc = 0;

	pthread_mutex_lock(&a->mu);
	hex = json_string_value(json_object_get(cached(a), "secret"));
	if (hex && unhex(key, 32, hex) == 0) {
		pthread_mutex_unlock(&a->mu);
		return 0;
	}
	pthread_mutex_unlock(&a->mu);
	if ((rc = change(a, ensure_secret, NULL, err)) < 0)
		return rc;
	pthread_mutex_lock(&a->mu);
	hex = json_string_value(json_object_get(cached(a), "secret"));
	if (!hex || unhex(key, 32, hex) < 0)
		rc = dossier_error_set(err, DOSSIER_EFAIL, "'%s' has an unreadable secret", a->path);
	pthread_mutex_unlock(&a->mu);
	return rc;
}

bool web_accounts_exists(web_accounts *a, const char *id)
{
	bool found;

	pthread_mutex_lock(&a->mu);
	found = json_object_get(json_object_get(cached(a), "accounts"), id) != NULL;
	pthread_mutex_unlock(&a->mu);
	return found;
}

/* A hash to check against when the account does not exist, so that a
 * wrong account takes as long as a wrong password. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char *dummy_hash;

static void make_dummy(void)
{
	web_password_hash(&dummy_hash, "not a password of anyone", NULL);
}

bool web_accounts_check(web_accounts *a, const char *id, const char *password)
{
	char *hash;
	bool ok;

	pthread_mutex_lock(&a->mu);
	hash = web_strdup(json_string_value(json_object_get(
		json_object_get(json_object_get(cached(a), "accounts"), id), "password")));
	pthread_mutex_unlock(&a->mu);
	if (!hash) {
		pthread_once(&dummy_once, make_dummy);
		web_password_check(password, dummy_hash);
		return false;
	}
	ok = web_password_check(password, hash);
	free(hash);
	return ok;
}

typedef struct session_args {
	const char *id;
	const char *hash;
	time_t when;       /* the time of the request (the server's clock) */
	time_t until;      /* the absolute end */
	unsigned idle;
	bool end;          /* remove instead of add */
	bool touch;        /* refresh "seen" */
} session_args;

static int session_change(json_t *root, void *payload, time_t now, dossier_error *err)
{
	session_args *s = payload;
	json_t *sessions = json_object_get(root, "sessions"), *o;

	now = s->when ? s->when : now;

	if (s->end) {
		json_object_del(sessions, s->hash);
		return 0;
	}
	if (s->touch) {
		o = json_object_get(sessions, s->hash);
		if (o)
			json_object_set_new(o, "seen", json_integer((json_int_t)now));
		return 0;
	}
	if (!json_object_get(json_object_get(root, "accounts"), s->id))
		return dossier_error_set(err, DOSSIER_ENOTFOUND, "no account '%s'", s->id);
	o = json_object();
	json_object_set_new(o, "account", json_string(s->id));
	json_object_set_new(o, "created", json_integer((json_int_t)now));
	json_object_set_new(o, "seen", json_integer((json_int_t)now));
	json_object_set_new(o, "until", json_integer((json_int_t)s->until));
	json_object_set_new(sessions, s->hash, o);
	return 0;
}

int web_session_new(char token[65], web_accounts *a, const char *id, time_t now, unsigned idle,
	unsigned max, dossier_error *err)
{
	unsigned char raw[32];
	char hash[65];
	session_args s;

	token[0] = '\0';
	if (web_random(raw, sizeof(raw)) < 0)
		return dossier_error_set(err, DOSSIER_EFAIL, "getrandom: %s", strerror(errno));
	web_hex(token, raw, sizeof(raw));
	explicit_bzero(raw, sizeof(raw));
	web_sha256_hex(hash, token, 64);
	memset(&s, 0, sizeof(s));
	s.id = id;
	s.hash = hash;
	s.when = now;
	s.until = now + (time_t)max;
	s.idle = idle;
	if (change(a, session_change, &s, err) < 0) {
		explicit_bzero(token, 65);
		return err ? err->code : DOSSIER_EFAIL;
	}
	return 0;
}

char *web_session_account(web_accounts *a, const char *token, time_t now, unsigned idle, unsigned max)
{
	json_t *s;
	char hash[65], *account = NULL;
	json_int_t seen = 0, created, until;
	bool touch = false;

	if (!token || strlen(token) != 64)
		return NULL;
	web_sha256_hex(hash, token, 64);
	pthread_mutex_lock(&a->mu);
	s = json_object_get(json_object_get(cached(a), "sessions"), hash);
	if (s) {
		seen = json_integer_value(json_object_get(s, "seen"));
		created = json_integer_value(json_object_get(s, "created"));
		until = json_integer_value(json_object_get(s, "until"));
		if (until > (json_int_t)now && created + (json_int_t)max > (json_int_t)now &&
		    seen + (json_int_t)idle > (json_int_t)now) {
			const char *id = json_string_value(json_object_get(s, "account"));

			/* The account must still exist. */
			if (id && json_object_get(json_object_get(a->root, "accounts"), id))
				account = web_strdup(id);
			/* Refresh the idle time once a minute at most (or a tenth of it). */
			touch = (json_int_t)now - seen >= (idle / 10 < 60 ? (json_int_t)(idle / 10) : 60);
		}
	}
	pthread_mutex_unlock(&a->mu);
	if (account && touch) {
		session_args sa;

		memset(&sa, 0, sizeof(sa));
		sa.hash = hash;
		sa.when = now;
		sa.touch = true;
		change(a, session_change, &sa, NULL);
	}
	return account;
}

int web_session_end(web_accounts *a, const char *token, dossier_error *err)
{
	session_args s;
	char hash[65];

	if (!token || strlen(token) != 64)
		return 0;
	web_sha256_hex(hash, token, 64);
	memset(&s, 0, sizeof(s));
	s.hash = hash;
	s.end = true;
	return change(a, session_change, &s, err);
}

char *web_token_account(web_accounts *a, const char *token)
{
	const char *dot = token ? strchr(token, '.') : NULL;
	char idhex[9], hash[65], *account = NULL;
	json_t *t;

	if (!dot || dot - token != 8 || strlen(dot + 1) != 64)
		return NULL;
	memcpy(idhex, token, 8);
	idhex[8] = '\0';
	web_sha256_hex(hash, dot + 1, 64);
	pthread_mutex_lock(&a->mu);
	t = json_object_get(json_object_get(cached(a), "tokens"), idhex);
	if (t && web_equal(json_string_value(json_object_get(t, "hash")), hash)) {
		const char *id = json_string_value(json_object_get(t, "account"));

		if (id && json_object_get(json_object_get(a->root, "accounts"), id))
			account = web_strdup(id);
	}
	pthread_mutex_unlock(&a->mu);
	return account;
}
