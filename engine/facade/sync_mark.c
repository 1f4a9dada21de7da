/*
 * sync_mark.c: the mark a refused push leaves (docs/sync.md, "Refused
 * events"): refs/dossier/refused/pending is the local main the server
 * refused, refs/dossier/refused/base the server's main then. sync.c sets
 * and clears it; sync_refused.c reads it to list and set aside.
 */
#include "facade/facade_int.h"

int facade_refused_mark(dossier *d, const char *local, const char *remote_tip, dossier_error *err)
{
	int rc = store_ref_write(d->store, REFUSED_PENDING, local, "dossier sync: refused by the server", err);

	if (rc == 0)
		rc = remote_tip[0] ? store_ref_write(d->store, REFUSED_BASE, remote_tip, "dossier sync: the server's main", err) :
			store_ref_delete(d->store, REFUSED_BASE, err);
	return rc;
}

void facade_refused_clear(dossier *d)
{
	store_ref_delete(d->store, REFUSED_PENDING, NULL);
	store_ref_delete(d->store, REFUSED_BASE, NULL);
}
