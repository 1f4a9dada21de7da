/*
 * workflow_keys.c: the keys of a workflow definition (docs/workflow-format.md,
 * "Keys and signatures"): each participant's public keys (`key:` one,
 * `keys:` a list), whether every event must be signed (`signatures:`), the
 * keys of servers that may vouch for a signed-in participant (`vouchers:`),
 * and who may change other participants' keys (`key-managers:`). A key is
 * checked by the sign module (engine/sign/), which knows its formats.
 */
#include "workflow/workflow_int.h"

#include <string.h>

#include "sign/sign.h"

/* One key's text, checked; NULL after reporting. */
static const char *key_value(wf_ctx *c, yaml_node_t *n, const char *what)
{
	const char *s = wf_scalar(c, n, what), *why;

	if (!s)
		return NULL;
	if ((why = sign_key_check(s))) {
		wf_at(c, n->start_mark, "invalid-key", "%s is invalid: %s", what, why);
		dossier_diags_hint(c->diags, "give the public key as OpenSSH writes it in the .pub file: "
			"\"ssh-ed25519 AAAA… comment\"");
		return NULL;
	}
	return s;
}

/* A list of keys (or one); *n receives how many are good. */
static const char *const *key_list(wf_ctx *c, yaml_node_t *one, yaml_node_t *list, const char *what, size_t *n)
{
	const char **v;
	size_t i, len;

	*n = 0;
	if (one) {
		const char *k = key_value(c, one, what);

		if (!k || !(v = wf_alloc(c, 1, sizeof(*v))))
			return NULL;
		v[(*n)++] = wf_strdup(c, k);
		return v;
	}
	if (!list || !wf_sequence(c, list, what))
		return NULL;
	len = wf_seq_len(list);
	if (!(v = wf_alloc(c, len, sizeof(*v))))
		return NULL;
	for (i = 0; i < len; i++) {
		yaml_node_t *item = wf_seq_item(c, list, i);
		const char *k = item ? key_value(c, item, "a key") : NULL;

		if (k)
			v[(*n)++] = wf_strdup(c, k);
	}
	return v;
}

void wf_load_participant_keys(wf_ctx *c, dossier_participant *p, yaml_node_t *key, yaml_node_t *keys)
{
	if (key && keys) {
		wf_at(c, keys->start_mark, "conflicting-keys", "participant '%s' has both 'key' and 'keys'", p->id);
		dossier_diags_hint(c->diags, "list every key under 'keys'");
		return;
	}
	p->keys = key_list(c, key, keys, "a participant's 'key'", &p->nkeys);
}

/* Who holds `key` already, among the participants before `upto` and the vouchers. */
static const char *holder(const dossier_workflow *wf, size_t upto, size_t upto_key, const char *key)
{
	size_t i, j;

	for (i = 0; i <= upto && i < wf->nparticipants; i++)
		for (j = 0; j < wf->participants[i].nkeys && (i < upto || j < upto_key); j++)
			if (sign_key_equal(wf->participants[i].keys[j], key))
				return wf->participants[i].id;
	return NULL;
}

void wf_load_signatures(wf_ctx *c, yaml_node_t *signatures, yaml_node_t *vouchers, yaml_node_t *managers)
{
	dossier_workflow *wf = &c->impl->pub;
	size_t i, j;

	if (signatures) {
		const char *s = wf_scalar(c, signatures, "'signatures'");

		if (s && !strcmp(s, "required"))
			wf->signatures_required = true;
		else if (s && strcmp(s, "optional"))
			wf_at(c, signatures->start_mark, "wrong-type", "'signatures' must be required or optional, not '%s'", s);
	}
	if (vouchers)
		wf->vouchers = key_list(c, NULL, vouchers, "'vouchers'", &wf->nvouchers);
	if (managers && wf_sequence(c, managers, "'key-managers'")) {
		size_t len = wf_seq_len(managers);
		const char **ids = wf_alloc(c, len, sizeof(*ids));

		for (i = 0; ids && i < len; i++) {
			yaml_node_t *item = wf_seq_item(c, managers, i);
			const char *id = item ? wf_scalar(c, item, "a key manager") : NULL;

			if (!id)
				continue;
			if (wf_find(c->role_ids, c->nrole_ids, id) < 0 &&
			    wf_find(c->participant_ids, c->nparticipant_ids, id) < 0) {
				wf_at(c, item->start_mark, "unknown-role", "'key-managers' names '%s', neither a role nor a participant", id);
				wf_hint_closest(c, id, c->role_ids, c->nrole_ids);
				continue;
			}
			ids[wf->nkey_managers++] = wf_strdup(c, id);
		}
		wf->key_managers = ids;
	}
	/* A key proves who acted only when one participant holds it. */
	for (i = 0; i < wf->nparticipants; i++) {
		const dossier_participant *p = &wf->participants[i];

		for (j = 0; j < p->nkeys; j++) {
			const char *other = holder(wf, i, j, p->keys[j]);

			if (other && !strcmp(other, p->id))
				wf_diag(c->diags, "shared-key", c->path, p->line, p->column,
					"participant '%s' lists the same key twice", p->id);
			else if (other)
				wf_diag(c->diags, "shared-key", c->path, p->line, p->column,
					"participant '%s' has a key that is also a key of '%s'", p->id, other);
		}
	}
	for (j = 0; j < wf->nvouchers; j++) {
		const char *other = holder(wf, wf->nparticipants, 0, wf->vouchers[j]);

		if (other)
			wf_at(c, vouchers->start_mark, "shared-key", "a voucher's key is also a key of participant '%s'", other);
	}
}
