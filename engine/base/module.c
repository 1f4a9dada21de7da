/*
 * module.c: loading the second object, dossier-xml.so (module.h). Loaded
 * once per process under pthread_once, with RTLD_NOW (a missing symbol
 * shows at load, not in the middle of an action) and RTLD_LOCAL (its
 * libxml2, libxslt, ICU and libzip stay out of the caller's namespace).
 * The only state is what the once-routine writes; it never changes after.
 *
 * Where: DOSSIER_XML_MODULE when set; else the installed path; else, when
 * that is not there (a build tree that was not installed: build/cli/dossier
 * run as it is), the dossier-xml.so beside the loaded libdossier itself.
 */
#define _GNU_SOURCE   /* dladdr */
#include "base/module.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void *xml_handle;
static const char *xml_path;
static char xml_why[512];
static char xml_beside[PATH_MAX];

/* dossier-xml.so in the directory of the object this code is in. */
static const char *beside_core(void)
{
	Dl_info info;
	const char *slash;

	if (!dladdr((void *)beside_core, &info) || !info.dli_fname || !(slash = strrchr(info.dli_fname, '/')))
		return NULL;
	if (snprintf(xml_beside, sizeof xml_beside, "%.*s/dossier-xml.so", (int)(slash - info.dli_fname),
		    info.dli_fname) >= (int)sizeof xml_beside)
		return NULL;
	return xml_beside;
}

static void xml_load(void)
{
	const char *path = getenv(DOSSIER_XML_MODULE_ENV), *other;
	const char *why;

	if (path && *path) {
		xml_path = path;
		xml_handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	} else {
		xml_path = DOSSIER_XML_MODULE_PATH;
		xml_handle = dlopen(xml_path, RTLD_NOW | RTLD_LOCAL);
		if (!xml_handle) {
			why = dlerror();
			snprintf(xml_why, sizeof xml_why, "%s", why ? why : "");
			if ((other = beside_core()) && (xml_handle = dlopen(other, RTLD_NOW | RTLD_LOCAL)))
				xml_path = other;
			return;
		}
	}
	if (!xml_handle) {
		why = dlerror();
		snprintf(xml_why, sizeof xml_why, "%s", why ? why : "");
	}
}

void *module_xml_symbol(const char *name, dossier_error *err)
{
	pthread_once(&xml_once, xml_load);
	if (!xml_handle) {
		dossier_error_set_at(err, DOSSIER_EFAIL, xml_path, 0, 0,
			_("cannot load the engine's XML module: %s"), xml_why);
		dossier_error_set_hint(err, _("reinstall dossier, or name the module in %s"),
			DOSSIER_XML_MODULE_ENV);
		return NULL;
	}
	void *fn = dlsym(xml_handle, name);
	if (!fn)
		dossier_error_set_at(err, DOSSIER_EFAIL, xml_path, 0, 0,
			_("the engine's XML module has no function %s"), name);
	return fn;
}
