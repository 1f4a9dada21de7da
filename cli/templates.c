/*
 * templates.c: where the command line finds the stylesheets of templates/:
 * the directory named by DOSSIER_TEMPLATES, else the source tree the
 * program was built from (so a build runs without installing), else the
 * installed data directory. The first one that holds the file wins.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dossier-config.h"

static char *join_path(const char *dir, const char *sub, const char *name)
{
	size_t n = strlen(dir) + (sub ? strlen(sub) + 1 : 0) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p)
		return NULL;
	if (sub)
		snprintf(p, n, "%s/%s/%s", dir, sub, name);
	else
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

char *cli_template_path(const char *name)
{
	const char *env = getenv("DOSSIER_TEMPLATES");
	char *p;

	if (env && *env) {
		p = join_path(env, NULL, name);
		if (p && access(p, R_OK) == 0)
			return p;
		fprintf(stderr, _("error: cannot read template '%s': %s\n"), p ? p : name,
			p ? strerror(errno) : _("out of memory"));
		fprintf(stderr, _("hint: DOSSIER_TEMPLATES names the directory of the stylesheets\n"));
		free(p);
		return NULL;
	}
	p = join_path(DOSSIER_SOURCE_ROOT, "templates", name);
	if (p && access(p, R_OK) == 0)
		return p;
	free(p);
	p = join_path(DOSSIER_DATADIR, "templates", name);
	if (p && access(p, R_OK) == 0)
		return p;
	fprintf(stderr, _("error: cannot find template '%s' in '%s/templates' or '%s/templates'\n"),
		name, DOSSIER_SOURCE_ROOT, DOSSIER_DATADIR);
	fprintf(stderr, _("hint: set DOSSIER_TEMPLATES to the directory of the stylesheets\n"));
	free(p);
	return NULL;
}
