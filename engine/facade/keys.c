/*
 * keys.c: who acted is proven, not claimed (docs/signatures.md): the keys
 * in force, the choice of the signing key, and the check of each event's
 * signature (the key events themselves are key_event.c's).
 *
 * The keys in force: the workflow's (each participant's `key`/`keys`)
 * until the first key event, then keys.json at the top of the tree, which
 * every key event rewrites whole: each key ever given, whose it is, when
 * and by whom it was added (none for the workflow's) and revoked. So the
 * keys in force before any event are those of its parent commit, and a
 * revoked key stops counting from its revocation on while the events it
 * signed before stay valid.
 *
 * An action is signed with a key of its actor in force (--signing-key /
 * DOSSIER_SIGNING_KEY, git's user.signingKey with gpg.format=ssh, or the
 * ssh-agent), or by a server vouching for a signed-in account with one of
 * the workflow's `vouchers` keys; in a dossier that requires signatures
 * an action without one is refused before anything is written. Each
 * event's signature is checked (verify, and so sync, clone and the hook)
 * against the keys its actor had in force: `unsigned`, `bad-signature`,
 * `wrong-signer`. The signing and checking themselves are engine/sign/'s.
 */
#include "facade/facade_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sign/sign.h"

/* ---- the keyring ------------------------------------------------------- */

void keyring_clear(keyring *kr)
{
	size_t i;

	for (i = 0; i < kr->n; i++) {
		free(kr->v[i].participant);
		free(kr->v[i].key);
		free(kr->v[i].added_by);
		free(kr->v[i].revoked_by);
	}
	free(kr->v);
	memset(kr, 0, sizeof(*kr));
}

static kr_entry *keyring_push(keyring *kr, const char *participant, const char *key)
{
	kr_entry *e;

	if (kr->n == kr->cap) {
		size_t cap = kr->cap ? kr->cap * 2 : 16;
		kr_entry *nv = realloc(kr->v, cap * sizeof(*nv));

		if (!nv)
			return NULL;
		kr->v = nv;
		kr->cap = cap;
	}
	e = &kr->v[kr->n];
	memset(e, 0, sizeof(*e));
	e->participant = util_strdup(participant);
	e->key = util_strdup(key);
	if (!e->participant || !e->key) {
		free(e->participant);
		free(e->key);
		return NULL;
	}
	kr->n++;
	return e;
}

static int oom(dossier_error *err)
{
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

static int keyring_from_workflow(keyring *kr, const dossier_workflow *wf, dossier_error *err)
{
	size_t i, j;

	for (i = 0; i < wf->nparticipants; i++)
		for (j = 0; j < wf->participants[i].nkeys; j++)
			if (!keyring_push(kr, wf->participants[i].id, wf->participants[i].keys[j]))
				return oom(err);
	return 0;
}

static const char *json_str(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int keyring_parse(keyring *kr, const char *data, size_t len, const dossier_calendar *cal, dossier_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(data, len, 0, &je), *list, *item;
	size_t i;
	int rc = 0;

	list = root ? json_object_get(root, "keys") : NULL;
	if (!json_is_array(list)) {
		json_decref(root);
		return dossier_error_set(err, DOSSIER_EINVALID, "'%s' is not a list of keys", PATH_KEYS);
	}
	json_array_foreach(list, i, item) {
		const char *p = json_str(item, "participant"), *k = json_str(item, "key");
		const char *added = json_str(item, "added"), *revoked = json_str(item, "revoked");
		kr_entry *e;

		if (!p || !k || sign_key_check(k)) {
			rc = dossier_error_set(err, DOSSIER_EINVALID, "'%s': key %zu is not a participant's key", PATH_KEYS, i + 1);
			break;
		}
		if (!(e = keyring_push(kr, p, k))) {
			rc = oom(err);
			break;
		}
		if ((added && dossier_time_parse(&e->added, cal, added, err) < 0) ||
		    (revoked && dossier_time_parse(&e->revoked, cal, revoked, err) < 0)) {
			rc = DOSSIER_EINVALID;
			break;
		}
		e->added_by = json_str(item, "added_by") ? util_strdup(json_str(item, "added_by")) : NULL;
		e->revoked_by = json_str(item, "revoked_by") ? util_strdup(json_str(item, "revoked_by")) : NULL;
	}
	json_decref(root);
	return rc;
}

/* The keys after `snap` (NULL: the workflow's, before the first commit). */
int keyring_load(keyring *kr, dossier *d, const dossier_snap *snap, dossier_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	memset(kr, 0, sizeof(*kr));
	if (!snap || (rc = snap_read(&data, &len, snap, PATH_KEYS, NULL)) == DOSSIER_ENOTFOUND)
		return keyring_from_workflow(kr, d->wf, err);
	if (rc < 0)
		return dossier_error_set(err, rc, "cannot read '%s' at %.12s", PATH_KEYS, snap_id(snap));
	rc = keyring_parse(kr, data, len, &d->wf->calendar, err);
	free(data);
	if (rc < 0)
		keyring_clear(kr);
	return rc;
}

int keyring_dump(char **out, const keyring *kr, const dossier_calendar *cal, dossier_error *err)
{
	json_t *root = json_object(), *list = json_array();
	char t[40];
	size_t i;
	int bad = !root || !list;

	*out = NULL;
	for (i = 0; !bad && i < kr->n; i++) {
		const kr_entry *e = &kr->v[i];
		json_t *o = json_object();
		char fp[SIGN_FINGERPRINT_MAX];

		sign_key_fingerprint(fp, e->key);
		bad |= !o || json_object_set_new(o, "participant", json_string(e->participant)) < 0 ||
			json_object_set_new(o, "key", json_string(e->key)) < 0 ||
			json_object_set_new(o, "fingerprint", json_string(fp)) < 0;
		if (e->added)
			dossier_time_format(t, sizeof(t), cal, e->added);
		bad |= json_object_set_new(o, "added", e->added ? json_string(t) : json_null()) < 0 ||
			json_object_set_new(o, "added_by", e->added_by ? json_string(e->added_by) : json_null()) < 0;
		if (e->revoked)
			dossier_time_format(t, sizeof(t), cal, e->revoked);
		bad |= json_object_set_new(o, "revoked", e->revoked ? json_string(t) : json_null()) < 0 ||
			json_object_set_new(o, "revoked_by", e->revoked_by ? json_string(e->revoked_by) : json_null()) < 0;
		bad |= json_array_append_new(list, o) < 0;
	}
	if (!bad && (json_object_set_new(root, "format", json_integer(1)) < 0 ||
	    json_object_set(root, "keys", list) < 0))
		bad = 1;
	if (!bad) {
		char *s = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);

		*out = s ? util_sprintf("%s\n", s) : NULL;
		free(s);
	}
	json_decref(list);
	json_decref(root);
	return *out ? 0 : oom(err);
}

/* The keys of `participant` in force. *keys borrows the keyring's. */
static size_t in_force(const char ***keys, const keyring *kr, const char *participant)
{
	size_t i, n = 0;

	*keys = calloc(kr->n ? kr->n : 1, sizeof(**keys));
	for (i = 0; *keys && i < kr->n; i++)
		if (!kr->v[i].revoked && !strcmp(kr->v[i].participant, participant))
			(*keys)[n++] = kr->v[i].key;
	return n;
}

static const kr_entry *holder(const keyring *kr, const char *key)
{
	size_t i;

	for (i = 0; i < kr->n; i++)
		if (sign_key_equal(kr->v[i].key, key))
			return &kr->v[i];
	return NULL;
}

static bool is_voucher(const dossier_workflow *wf, const char *key)
{
	size_t i;

	for (i = 0; key && i < wf->nvouchers; i++)
		if (sign_key_equal(wf->vouchers[i], key))
			return true;
	return false;
}

/* "SHA256:a, SHA256:b" */
static void list_fingerprints(dstr *s, const char *const *keys, size_t n)
{
	char fp[SIGN_FINGERPRINT_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		sign_key_fingerprint(fp, keys[i]);
		dstr_addf(s, "%s%s", i ? ", " : "", fp);
	}
}

/* ---- key events ------------------------------------------------------- */

const char *const keyring_op_names[] = { NULL, "add", "revoke", "rotate" };

/* Whether `actor` may change the keys of `participant`. */
static bool may_change_keys(const dossier_workflow *wf, const dossier_participant *actor, const char *participant)
{
	const dossier_role *role = dossier_workflow_role(wf, actor->role);
	size_t i;

	if (!strcmp(actor->id, participant))
		return true;
	if (wf->nkey_managers == 0)
		return role && (role->actions & DOSSIER_ACTION_REVISE);
	for (i = 0; i < wf->nkey_managers; i++)
		if (!strcmp(wf->key_managers[i], actor->id) || (actor->role && !strcmp(wf->key_managers[i], actor->role)))
			return true;
	return false;
}

static int apply_add(keyring *kr, const dossier_workflow *wf, const char *participant, const char *key,
	const char *actor, dossier_time when, dossier_error *err)
{
	const char *why = sign_key_check(key);
	const kr_entry *h;
	kr_entry *e;
	char fp[SIGN_FINGERPRINT_MAX];

	if (why)
		return dossier_error_set(err, DOSSIER_EINVALID, "the key is invalid: %s", why);
	sign_key_fingerprint(fp, key);
	if ((h = holder(kr, key)))
		return h->revoked ?
			dossier_error_set(err, DOSSIER_EREFUSED,
				"the key %s is a revoked key of '%s': a revoked key is never taken back", fp, h->participant) :
			dossier_error_set(err, DOSSIER_EREFUSED, "the key %s is already a key of '%s'", fp, h->participant);
	if (is_voucher(wf, key))
		return dossier_error_set(err, DOSSIER_EREFUSED, "the key %s is a voucher's key", fp);
	if (!(e = keyring_push(kr, participant, key)) || !(e->added_by = util_strdup(actor)))
		return oom(err);
	e->added = when;
	return 0;
}

static int apply_revoke(keyring *kr, const char *participant, const char *key, const char *actor,
	dossier_time when, dossier_error *err)
{
	size_t i;

	for (i = 0; i < kr->n; i++) {
		kr_entry *e = &kr->v[i];

		if (!e->revoked && !strcmp(e->participant, participant) && sign_key_matches(e->key, key)) {
			if (!(e->revoked_by = util_strdup(actor)))
				return oom(err);
			e->revoked = when;
			return 0;
		}
	}
	dossier_error_set(err, DOSSIER_ENOTFOUND, "'%s' has no key %s in force", participant, key);
	return DOSSIER_ENOTFOUND;
}

int keyring_apply(keyring *kr, const dossier_workflow *wf, dossier_key_op op, const char *participant,
	const char *key, const char *new_key, const dossier_participant *actor, dossier_time when, dossier_error *err)
{
	int rc;

	if (!dossier_workflow_participant(wf, participant)) {
		dossier_error_set(err, DOSSIER_EREFUSED, "'%s' is not a participant", participant);
		dossier_error_set_tag(err, "not-participant");
		return DOSSIER_EREFUSED;
	}
	if (!may_change_keys(wf, actor, participant)) {
		dossier_error_set(err, DOSSIER_EREFUSED, "'%s' may not change the keys of '%s'", actor->id, participant);
		dossier_error_set_hint(err, "a participant changes their own keys; a key manager of the workflow "
			"(key-managers, by default the drafting agency) changes anyone's");
		dossier_error_set_tag(err, "role-not-allowed");
		return DOSSIER_EREFUSED;
	}
	if (op == DOSSIER_KEY_ADD)
		return apply_add(kr, wf, participant, key, actor->id, when, err);
	if ((rc = apply_revoke(kr, participant, key, actor->id, when, err)) < 0 || op == DOSSIER_KEY_REVOKE)
		return rc;
	return apply_add(kr, wf, participant, new_key, actor->id, when, err);
}

/* The Dossier-Key-* lines of a key event's message. */
typedef struct key_trailers {
	dossier_key_op op;
	char *participant, *key, *new_key;
} key_trailers;

static void key_trailers_clear(key_trailers *t)
{
	free(t->participant);
	free(t->key);
	free(t->new_key);
	memset(t, 0, sizeof(*t));
}

static void key_trailers_parse(key_trailers *t, const char *msg)
{
	static const char *const names[] = { "Dossier-Key-Op: ", "Dossier-Key-For: ", "Dossier-Key: ", "Dossier-Key-New: " };
	const char *line;

	memset(t, 0, sizeof(*t));
	for (line = msg; line && *line; ) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line), k;

		for (k = 0; k < 4; k++) {
			size_t kl = strlen(names[k]);
			char *v;

			if (len < kl || strncmp(line, names[k], kl))
				continue;
			v = util_strndup(line + kl, len - kl);
			if (k == 0) {
				t->op = v && !strcmp(v, "add") ? DOSSIER_KEY_ADD : v && !strcmp(v, "revoke") ? DOSSIER_KEY_REVOKE :
					v && !strcmp(v, "rotate") ? DOSSIER_KEY_ROTATE : 0;
				free(v);
			} else {
				char **slot = k == 1 ? &t->participant : k == 2 ? &t->key : &t->new_key;

				free(*slot);
				*slot = v;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
}

void facade_replay_keys(dossier *d, const dossier_snap *snap, const dossier_snap *par,
	const dossier_participant *actor, dossier_time when, dossier_diags *diags)
{
	key_trailers t;
	keyring kr;
	dossier_error e = DOSSIER_ERROR_INIT;
	char *want = NULL, *got = NULL;
	size_t len = 0;

	key_trailers_parse(&t, snap_message(snap));
	if (!t.op || !t.participant || !t.key || (t.op == DOSSIER_KEY_ROTATE && !t.new_key)) {
		facade_violation(diags, snap, "bad-trailers", "a 'key' event without Dossier-Key-Op, Dossier-Key-For and Dossier-Key");
		key_trailers_clear(&t);
		return;
	}
	if (keyring_load(&kr, d, par, &e) < 0) {
		facade_violation(diags, snap, "bad-record", "the keys before it cannot be read: %s", e.message ? e.message : "?");
	} else if (keyring_apply(&kr, d->wf, t.op, t.participant, t.key, t.new_key, actor, when, &e) < 0) {
		facade_violation(diags, snap, "refused", "the key change is not allowed: %s", e.message ? e.message : "?");
	} else if (keyring_dump(&want, &kr, &d->wf->calendar, NULL) == 0) {
		if (snap_read(&got, &len, snap, PATH_KEYS, NULL) < 0 || strcmp(got, want))
			facade_violation(diags, snap, "keys-mismatch", "'%s' is not the keys before it with this %s of a key of '%s'",
				PATH_KEYS, keyring_op_names[t.op], t.participant);
	}
	free(want);
	free(got);
	dossier_error_clear(&e);
	keyring_clear(&kr);
	key_trailers_clear(&t);
}

/* ---- signing an action ------------------------------------------------ */

static int sign_cb(char **sig, const char *commit, size_t len, void *payload, dossier_error *err)
{
	return sign_buffer(sig, payload, commit, len, err);
}

/* "~/x" with $HOME. Caller frees. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");

	if (path[0] == '~' && path[1] == '/' && home)
		return util_sprintf("%s%s", home, path + 1);
	return util_strdup(path);
}

/* The signer of this handle's actions, looked for once: the key file
 * asked for, else git's user.signingKey (with gpg.format=ssh), else the
 * agent's key that is one of `mine`. *explicit_key says the first. */
static int find_signer(dossier *d, const char *const *mine, size_t nmine, bool *explicit_key, dossier_error *err)
{
	char *cfg = NULL, *format = NULL, *path;
	int rc = 0;

	*explicit_key = d->signing_key != NULL;
	if (d->signer_looked)
		return 0;
	if (d->signing_key) {
		if ((rc = sign_signer_from_file(&d->signer, d->signing_key, err)) < 0)
			return rc;
		d->signer_looked = true;
		return 0;
	}
	format = store_config_get(d->store, "gpg.format");
	if (format && !strcmp(format, "ssh"))
		cfg = store_config_get(d->store, "user.signingkey");
	if (cfg && (!strncmp(cfg, "key::", 5) || !sign_key_check(cfg))) {
		rc = sign_signer_from_public(&d->signer, cfg, err);
	} else if (cfg && (path = expand_home(cfg))) {
		rc = sign_signer_from_file(&d->signer, path, err);
		free(path);
	} else if (nmine > 0) {
		dossier_error e = DOSSIER_ERROR_INIT;

		sign_signer_from_agent(&d->signer, mine, nmine, &e);   /* none there: unsigned */
		dossier_error_clear(&e);
	}
	free(cfg);
	free(format);
	d->signer_looked = rc == 0;
	return rc;
}

static bool key_in(const char *key, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; key && i < n; i++)
		if (sign_key_equal(key, keys[i]))
			return true;
	return false;
}

static void no_key_hint(dossier_error *err, const dossier_participant *actor, const char *const *mine, size_t n)
{
	dstr s = DSTR_INIT;

	list_fingerprints(&s, mine, n);
	if (n)
		dossier_error_set_hint(err, "sign with a key of '%s' (%s): --signing-key FILE or DOSSIER_SIGNING_KEY, "
			"git's user.signingKey with gpg.format=ssh, or the key in the ssh-agent (ssh-add)", actor->id,
			s.ptr ? s.ptr : "");
	else
		dossier_error_set_hint(err, "'%s' has no key in force: add one with 'dossier key add' (by '%s', "
			"or by the drafting agency)", actor->id, actor->id);
	dstr_free(&s);
}

/* With `strict`, a key given explicitly that is not the actor's is refused
 * even where signatures are optional; without, that event stays unsigned. */
static int sign_txn(char **trailer, dossier *d, dossier_txn *txn, const dossier_snap *tip,
	const dossier_participant *actor, bool strict, dossier_error *err)
{
	const dossier_workflow *wf = d->wf;
	const char **mine = NULL;
	size_t nmine;
	keyring kr;
	bool explicit_key = false;
	char fp[SIGN_FINGERPRINT_MAX];
	int rc;

	*trailer = NULL;
	if (d->voucher) {
		const char *key = sign_signer_key(d->voucher);

		if (is_voucher(wf, key)) {
			if (txn)
				txn_set_signer(txn, sign_cb, d->voucher);
			*trailer = util_sprintf("Dossier-Account: %s\nDossier-Signed-In: %s\n", d->voucher_account,
				d->voucher_how ? d->voucher_how : "password");
			return *trailer ? 0 : oom(err);
		}
		if (!wf->signatures_required)
			return 0;
		sign_key_fingerprint(fp, key ? key : "");
		dossier_error_set(err, DOSSIER_EREFUSED, "this server's key %s is not one of the workflow's vouchers, "
			"and the dossier requires signatures", fp[0] ? fp : "(unknown)");
		dossier_error_set_hint(err, "list the server's public key under 'vouchers' in the workflow");
		dossier_error_set_tag(err, "unsigned");
		return DOSSIER_EREFUSED;
	}
	if ((rc = keyring_load(&kr, d, tip, err)) < 0)
		return rc;
	nmine = in_force(&mine, &kr, actor->id);
	if (!mine) {
		keyring_clear(&kr);
		return oom(err);
	}
	if ((rc = find_signer(d, mine, nmine, &explicit_key, err)) < 0)
		goto done;
	if (d->signer && sign_signer_key(d->signer) && !key_in(sign_signer_key(d->signer), mine, nmine)) {
		if ((!explicit_key || !strict) && !wf->signatures_required)
			goto done;   /* a key for other work: this dossier's events stay unsigned */
		sign_key_fingerprint(fp, sign_signer_key(d->signer));
		dossier_error_set(err, DOSSIER_EREFUSED, "the signing key %s (%s) is not a key of '%s' in force",
			fp, sign_signer_source(d->signer), actor->id);
		no_key_hint(err, actor, mine, nmine);
		dossier_error_set_tag(err, "wrong-signer");
		rc = DOSSIER_EREFUSED;
		goto done;
	}
	if (d->signer) {
		if (txn)
			txn_set_signer(txn, sign_cb, d->signer);
	} else if (wf->signatures_required) {
		dossier_error_set(err, DOSSIER_EREFUSED, "this dossier requires every event to be signed, "
			"and no key of '%s' is at hand", actor->id);
		no_key_hint(err, actor, mine, nmine);
		dossier_error_set_tag(err, "unsigned");
		rc = DOSSIER_EREFUSED;
	}
done:
	free(mine);
	keyring_clear(&kr);
	return rc;
}

int facade_sign_txn(char **trailer, dossier *d, dossier_txn *txn, const dossier_snap *tip,
	const dossier_participant *actor, dossier_error *err)
{
	return sign_txn(trailer, d, txn, tip, actor, true, err);
}

int facade_sign_replay(dossier *d, dossier_txn *txn, const dossier_snap *base, const dossier_participant *actor,
	dossier_error *err)
{
	char *vouch = NULL;
	int rc = sign_txn(&vouch, d, txn, base, actor, false, err);

	free(vouch);
	return rc;
}

int dossier_set_voucher(dossier *d, const char *key_path, const char *account, const char *how,
	dossier_error *err)
{
	sign_signer *s = NULL;
	char *a = NULL, *h = NULL;
	int rc;

	if (key_path) {
		if ((rc = record_check_field("account", account, err)) < 0 || (rc = record_check_field("how", how, err)) < 0)
			return rc;
		if (!account || strchr(account, '\n') || (how && strchr(how, '\n')))
			return dossier_error_set(err, DOSSIER_EINVALID, "a vouched account needs a name on one line");
		if ((rc = sign_signer_from_file(&s, key_path, err)) < 0)
			return rc;
		a = util_strdup(account);
		h = how ? util_strdup(how) : NULL;
		if (!a || (how && !h)) {
			sign_signer_free(s);
			free(a);
			free(h);
			return oom(err);
		}
	}
	sign_signer_free(d->voucher);
	free(d->voucher_account);
	free(d->voucher_how);
	d->voucher = s;
	d->voucher_account = a;
	d->voucher_how = h;
	return 0;
}

void facade_keys_free(dossier *d)
{
	sign_signer_free(d->signer);
	sign_signer_free(d->voucher);
	free(d->signing_key);
	free(d->voucher_account);
	free(d->voucher_how);
	dstr_free(&d->sig_lines);
	d->signer = d->voucher = NULL;
	d->signing_key = d->voucher_account = d->voucher_how = NULL;
	d->signer_looked = false;
}

/* ---- checking an event's signature ------------------------------------ */

/* The value of a trailer line "NAME: value" of a message, or NULL. Caller frees. */
static char *message_line(const char *msg, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = msg; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, name, n) && p[n] == ':' && p[n + 1] == ' ')
			return util_strndup(p + n + 2, strcspn(p + n + 2, "\n"));
	return NULL;
}

/* One line of dossier_verify_signature_lines. */
static void list_signature(dossier *d, const dossier_snap *snap, const dossier_participant *actor, const char *how,
	const char *fp)
{
	ds_trailers tr;
	char *account, *signed_in;

	if (!d->sig_listing)
		return;
	memset(&tr, 0, sizeof(tr));
	ds_trailers_parse(&tr, snap_message(snap));
	dstr_addf(&d->sig_lines, "%.12s %s %s %s", snap_id(snap), tr.event ? tr.event : "?", actor->id, how);
	if (fp)
		dstr_addf(&d->sig_lines, " %s", fp);
	if (!strcmp(how, "vouched")) {
		account = message_line(snap_message(snap), "Dossier-Account");
		signed_in = message_line(snap_message(snap), "Dossier-Signed-In");
		dstr_addf(&d->sig_lines, " account %s signed-in %s", account ? account : "?", signed_in ? signed_in : "?");
		free(account);
		free(signed_in);
	}
	dstr_addc(&d->sig_lines, '\n');
	ds_trailers_clear(&tr);
}

void dossier_verify_list_signatures(dossier *d, bool on)
{
	d->sig_listing = on;
}

const char *dossier_verify_signature_lines(const dossier *d)
{
	return d->sig_lines.ptr ? d->sig_lines.ptr : "";
}

void facade_check_signature(dossier *d, const dossier_snap *snap, const dossier_snap *par,
	const dossier_participant *actor, dossier_diags *diags)
{
	char *sig = NULL, *data = NULL, *signer = NULL, *why = NULL;
	const char **mine = NULL;
	size_t len = 0, nmine = 0;
	keyring kr;
	char fp[SIGN_FINGERPRINT_MAX];
	dossier_error e = DOSSIER_ERROR_INIT;
	bool ok = false, have_kr = false;
	int rc = snap_signature(&sig, &data, &len, snap, &e);

	if (rc == DOSSIER_ENOTFOUND) {
		d->sigs.unsigned_events++;
		list_signature(d, snap, actor, "unsigned", NULL);
		if (d->wf->signatures_required)
			facade_violation(diags, snap, "unsigned", "the event by '%s' is not signed, and the workflow requires signatures",
				actor->id);
		goto done;
	}
	if (rc < 0) {
		facade_violation(diags, snap, "bad-signature", "%s", e.message ? e.message : _("the signature cannot be read"));
		goto done;
	}
	if (sign_signature_format(sig) != SIGN_FORMAT_SSH) {
		facade_violation(diags, snap, "bad-signature", "signed in the %s format, which this version cannot check",
			sign_format_name(sign_signature_format(sig)));
		goto done;
	}
	if (sign_signature_key(&signer, sig, &e) < 0) {
		facade_violation(diags, snap, "bad-signature", "%s", e.message ? e.message : "the signature cannot be read");
		goto done;
	}
	sign_key_fingerprint(fp, signer);
	if (keyring_load(&kr, d, par, &e) < 0) {
		facade_violation(diags, snap, "bad-record", "the keys in force cannot be read: %s", e.message ? e.message : "?");
		goto done;
	}
	have_kr = true;
	nmine = in_force(&mine, &kr, actor->id);
	if (key_in(signer, mine, nmine)) {
		const char *one[1] = { signer };

		if (sign_verify(&ok, &why, actor->id, one, 1, sig, data, len, &e) < 0)
			facade_violation(diags, snap, "bad-signature", "cannot check the signature: %s", e.message ? e.message : "?");
		else if (!ok)
			facade_violation(diags, snap, "bad-signature", "the signature by %s, a key of '%s', does not hold: %s",
				fp, actor->id, why ? why : "?");
		else
			d->sigs.own++, list_signature(d, snap, actor, "own", fp);
	} else if (is_voucher(d->wf, signer)) {
		const char *one[1] = { signer };
		const char *msg = snap_message(snap);

		if (!strstr(msg, "\nDossier-Account: "))
			facade_violation(diags, snap, "wrong-signer", "signed by the voucher's key %s without naming the account it vouches for",
				fp);
		else if (sign_verify(&ok, &why, "voucher", one, 1, sig, data, len, &e) < 0)
			facade_violation(diags, snap, "bad-signature", "cannot check the signature: %s", e.message ? e.message : "?");
		else if (!ok)
			facade_violation(diags, snap, "bad-signature", "the signature by the voucher's key %s does not hold: %s",
				fp, why ? why : "?");
		else
			d->sigs.vouched++, list_signature(d, snap, actor, "vouched", fp);
	} else {
		const kr_entry *h = holder(&kr, signer);

		if (h && !strcmp(h->participant, actor->id))
			facade_violation(diags, snap, "wrong-signer", "the event by '%s' is signed by its key %s, revoked before it",
				actor->id, fp);
		else if (h)
			facade_violation(diags, snap, "wrong-signer", "the event by '%s' is signed by %s, a key of '%s'",
				actor->id, fp, h->participant);
		else
			facade_violation(diags, snap, "wrong-signer", "the event by '%s' is signed by %s, which is no key of '%s' in force",
				actor->id, fp, actor->id);
	}
done:
	free(mine);
	if (have_kr)
		keyring_clear(&kr);
	free(sig);
	free(data);
	free(signer);
	free(why);
	dossier_error_clear(&e);
}

void dossier_verify_signatures(const dossier *d, dossier_signature_counts *out)
{
	*out = d->sigs;
}
