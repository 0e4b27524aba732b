/* optlib.h - the libraries only some commands use, loaded when one of
 * them runs: libmicrohttpd for `newsgraph serve`, Graphviz's libgvc (and
 * libcgraph, which it brings) for `newsgraph viz`.  Linked into the tool,
 * they and what they pull in (GnuTLS, p11-kit, Graphviz's plugins) cost
 * every command their loading: 4.6 ms of CPU of a 52 ms start-up
 * (perf stat -r 20, `extract` of an empty article).
 *
 * Each loader opens the library by the soname configure found for it,
 * once; the tables hold the functions the commands call, under the same
 * names without their prefix.  The handles are never closed.
 *
 * Graphviz's headers declare types such as `port` and `path` that other
 * files use as names: a file asks for one part by defining
 * NG_OPTLIB_MHD or NG_OPTLIB_GVC before including this header.
 */
#ifndef NG_CLI_OPTLIB_H
#define NG_CLI_OPTLIB_H

#include "config.h"

#if defined(NG_HAVE_MHD) && defined(NG_OPTLIB_MHD)
#include <microhttpd.h>

typedef struct ng_mhd_api {
  __typeof__(MHD_start_daemon) *start_daemon;
  __typeof__(MHD_stop_daemon) *stop_daemon;
  __typeof__(MHD_get_daemon_info) *get_daemon_info;
  __typeof__(MHD_get_connection_info) *get_connection_info;
  __typeof__(MHD_get_connection_values) *get_connection_values;
  __typeof__(MHD_lookup_connection_value) *lookup_connection_value;
  __typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
  __typeof__(MHD_add_response_header) *add_response_header;
  __typeof__(MHD_queue_response) *queue_response;
  __typeof__(MHD_destroy_response) *destroy_response;
  __typeof__(MHD_create_response_from_callback) *create_response_from_callback;
} ng_mhd_api;

/* libmicrohttpd's functions (static, never freed), or NULL when the
 * library cannot be loaded; the reason is printed (ng_cli_error). */
const ng_mhd_api *ng_cli_load_mhd(void);
#endif

#if defined(NG_HAVE_GVC) && defined(NG_OPTLIB_GVC)
#include <gvc.h>

typedef struct ng_gvc_api {
  __typeof__(gvContext) *Context;
  __typeof__(gvLayout) *Layout;
  __typeof__(gvRender) *Render;
  __typeof__(gvFreeLayout) *FreeLayout;
  __typeof__(gvFreeContext) *FreeContext;
  __typeof__(agmemread) *memread;
  __typeof__(agclose) *close;
  __typeof__(agseterr) *seterr;
} ng_gvc_api;

/* libgvc's (and libcgraph's) functions, or NULL when they cannot be
 * loaded (static, never freed); QUIET: say nothing (the caller has a way
 * round: the dot program). */
const ng_gvc_api *ng_cli_load_gvc(int quiet);
#endif

#endif /* NG_CLI_OPTLIB_H */
