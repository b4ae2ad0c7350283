#ifndef INFRABOOK_CCMARKGFM_SHIM_H
#define INFRABOOK_CCMARKGFM_SHIM_H
// The whole C surface infrabook uses: the cmark-gfm parser and renderers,
// and the GFM core extensions (table, strikethrough, autolink, tasklist, tagfilter).
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
#endif
