/*
 * key_event.c: the actions on keys (docs/signatures.md): `dossier key add`,
 * `revoke` and `rotate`, each an event of its own that rewrites keys.json
 * whole, and `dossier signers`, the keys in force over time as an OpenSSH
 * allowed_signers file for plain git. The keys themselves, and what makes
 * a change allowed, are keys.c's.
 */
#include "facade/facade_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "sign/sign.h"

static int oom(dossier_error *err)
{
	return dossier_error_set(err, DOSSIER_ENOMEM, "out of memory");
}

typedef struct key_action {
	dossier_key_op op;
	const char *participant, *key, *new_key;
} key_action;

static int build_key(attempt *a, void *payload, dossier_error *err)
{
	key_action *k = payload;
	const char *who = k->participant ? k->participant : a->actor->id;
	keyring kr;
	char *json = NULL, fp[SIGN_FINGERPRINT_MAX], nfp[SIGN_FINGERPRINT_MAX];
	dstr body = DSTR_INIT;
	int rc;

	if ((rc = keyring_load(&kr, a->d, a->tip, err)) < 0)
		return rc;
	rc = keyring_apply(&kr, a->d->wf, k->op, who, k->key, k->new_key, a->actor, a->now, err);
	if (rc == 0)
		rc = keyring_dump(&json, &kr, &a->d->wf->calendar, err);
	keyring_clear(&kr);
	if (rc < 0)
		return rc;
	/* keys.json, handed to the façade with the state */
	a->records[a->nrecords++] = (attempt_record){ util_strdup(PATH_KEYS), json, strlen(json), json };
	sign_key_fingerprint(fp, k->key);
	if (!fp[0])
		snprintf(fp, sizeof(fp), "%s", k->key);   /* a revocation by fingerprint */
	sign_key_fingerprint(nfp, k->new_key ? k->new_key : "");
	a->subject = k->op == DOSSIER_KEY_ADD ? util_sprintf("%s adds a key of %s: %s", a->actor->id, who, fp) :
		k->op == DOSSIER_KEY_REVOKE ? util_sprintf("%s revokes a key of %s: %s", a->actor->id, who, fp) :
		util_sprintf("%s rotates a key of %s: %s becomes %s", a->actor->id, who, fp, nfp);
	a->tr.target = util_strdup(who);
	/* the change itself, as keys.json holds the keys, so that verify can replay it */
	dstr_addf(&body, "Dossier-Key-Op: %s\nDossier-Key-For: %s\nDossier-Key: %s\n", keyring_op_names[k->op], who, k->key);
	if (k->new_key)
		dstr_addf(&body, "Dossier-Key-New: %s\n", k->new_key);
	a->body = body.oom ? NULL : dstr_detach(&body);
	dstr_free(&body);
	a->result = util_strdup(k->op == DOSSIER_KEY_REVOKE ? fp : k->new_key ? nfp : fp);
	if (!a->records[a->nrecords - 1].path || !a->subject || !a->tr.target || !a->body || !a->result)
		return oom(err);
	return 0;
}

static char *trim_line(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return util_strndup(s, n);
}

int dossier_key_change(dossier *d, dossier_key_op op, const char *participant, const char *key,
	const char *new_key, dossier_error *err)
{
	key_action k = { op, participant, NULL, NULL };
	char *result = NULL, *a = NULL, *b = NULL;
	int rc;

	if (op < DOSSIER_KEY_ADD || op > DOSSIER_KEY_ROTATE || !key || (op == DOSSIER_KEY_ROTATE && !new_key))
		return dossier_error_set(err, DOSSIER_EINVALID, "a key change needs its key%s",
			op == DOSSIER_KEY_ROTATE ? " and the new key" : "");
	if ((rc = record_check_field("key", key, err)) < 0 || (rc = record_check_field("key", new_key, err)) < 0 ||
	    (rc = record_check_field("participant", participant, err)) < 0)
		return rc;
	/* one line, without the blanks around it: the text keys.json and the trailer hold */
	if (!(a = trim_line(key)) || (new_key && !(b = trim_line(new_key)))) {
		free(a);
		return oom(err);
	}
	k.key = a;
	k.new_key = b;
	if (strchr(a, '\n') || (b && strchr(b, '\n')))
		rc = dossier_error_set(err, DOSSIER_EINVALID, "a key is one line");
	else
		rc = facade_run_action(&result, d, DS_EVENT_KEY, build_key, &k, err);
	free(result);
	free(a);
	free(b);
	return rc;
}

/* ---- allowed_signers -------------------------------------------------- */

int dossier_signers(char **out, dossier *d, dossier_error *err)
{
	dossier_snap *tip = NULL;
	keyring kr;
	dstr s = DSTR_INIT;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = store_tip(&tip, d->store, err)) < 0 || (rc = facade_workflow(d, tip, err)) < 0 ||
	    (rc = keyring_load(&kr, d, tip, err)) < 0) {
		snap_free(tip);
		return rc;
	}
	for (i = 0; i < kr.n; i++) {
		const dossier_participant *p = dossier_workflow_participant(d->wf, kr.v[i].participant);
		char *line = sign_allowed_line(p && p->email ? p->email : kr.v[i].participant, kr.v[i].key,
			kr.v[i].added, kr.v[i].revoked);

		if (line)
			dstr_addf(&s, "%s\n", line);
		else
			s.oom = 1;
		free(line);
	}
	for (i = 0; i < d->wf->nvouchers; i++) {
		char *line = sign_allowed_line("voucher", d->wf->vouchers[i], 0, 0);

		if (line)
			dstr_addf(&s, "%s\n", line);
		else
			s.oom = 1;
		free(line);
	}
	keyring_clear(&kr);
	snap_free(tip);
	if (s.oom) {
		dstr_free(&s);
		return oom(err);
	}
	*out = dstr_detach(&s);
	return *out ? 0 : oom(err);
}
