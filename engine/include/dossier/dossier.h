/*
 * dossier.h: the public API of libdossier. Include this one header.
 */
#ifndef DOSSIER_H
#define DOSSIER_H

#include "common.h"
#include "error.h"
#include "i18n.h"
#include "input.h"
#include "calendar.h"
#include "workflow.h"
#include "machine.h"
#include "plan.h"
#include "document.h"
#include "textparse.h"
#include "amend.h"
#include "akn.h"
#include "facade.h"
#include "sync.h"
#include "import.h"
#include "render.h"
#include "diff.h"
#include "consolidate.h"
#include "report.h"
#include "frontend.h"
#include "keys.h"
#include "word.h"

#endif
