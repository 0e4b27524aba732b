/* optlib.c - loading the libraries of serve and viz when they run (see
 * optlib.h). */
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "cli.h"
#define NG_OPTLIB_MHD
#define NG_OPTLIB_GVC
#include "optlib.h"

#if defined(NG_HAVE_MHD) || defined(NG_HAVE_GVC)
/* A function of a table: its symbol and where its pointer goes. */
typedef struct fn_slot {
  const char *name;
  size_t offset;
} fn_slot;

/* Fills the N function pointers of TABLE named by SLOTS from the library
 * SONAME; 0 on success, else -1 with WHY set.  The handle is never
 * closed (a failed one neither: nothing of it was used). */
static int load(const char *soname, const fn_slot *slots, size_t n,
                void *table, const char **why) {
  void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    *why = dlerror();
    return -1;
  }
  for (size_t i = 0; i < n; i++) {
    void *p = dlsym(h, slots[i].name);
    if (!p) {
      *why = dlerror();
      return -1;
    }
    /* POSIX: what dlsym gives for a function is its address; the bytes
     * go into the pointer of the table's own type */
    memcpy((char *)table + slots[i].offset, &p, sizeof p);
  }
  return 0;
}
#endif

#ifdef NG_HAVE_MHD
static ng_mhd_api mhd_api;
static const ng_mhd_api *mhd_loaded;
static const char *mhd_why;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

static void load_mhd(void) {
#define SLOT(f) {"MHD_" #f, offsetof(ng_mhd_api, f)}
  static const fn_slot slots[] = {
      SLOT(start_daemon),          SLOT(stop_daemon),
      SLOT(get_daemon_info),       SLOT(get_connection_info),
      SLOT(get_connection_values), SLOT(lookup_connection_value),
      SLOT(create_response_from_buffer), SLOT(add_response_header),
      SLOT(queue_response),        SLOT(destroy_response),
      SLOT(create_response_from_callback)};
#undef SLOT
  _Static_assert(sizeof mhd_api == sizeof slots / sizeof *slots *
                                       sizeof(void (*)(void)),
                 "a slot for every function of ng_mhd_api");
  if (!load(NG_MHD_SONAME, slots, sizeof slots / sizeof *slots, &mhd_api,
            &mhd_why))
    mhd_loaded = &mhd_api;
}

const ng_mhd_api *ng_cli_load_mhd(void) {
  pthread_once(&mhd_once, load_mhd);
  if (!mhd_loaded)
    ng_cli_error("cannot load %s, which serve needs: %s (Debian: apt-get "
                 "install libmicrohttpd12)",
                 NG_MHD_SONAME, mhd_why ? mhd_why : "unknown error");
  return mhd_loaded;
}
#endif

#ifdef NG_HAVE_GVC
static ng_gvc_api gvc_api;
static const ng_gvc_api *gvc_loaded;
static const char *gvc_why;
static pthread_once_t gvc_once = PTHREAD_ONCE_INIT;

static void load_gvc(void) {
  /* agmemread, agclose and agseterr are libcgraph's, which libgvc needs:
   * dlsym looks in the library and in those it loaded */
#define GV(f) {"gv" #f, offsetof(ng_gvc_api, f)}
#define AG(f) {"ag" #f, offsetof(ng_gvc_api, f)}
  static const fn_slot slots[] = {GV(Context),     GV(Layout), GV(Render),
                                  GV(FreeLayout),  GV(FreeContext),
                                  AG(memread),     AG(close),  AG(seterr)};
#undef GV
#undef AG
  _Static_assert(sizeof gvc_api == sizeof slots / sizeof *slots *
                                       sizeof(void (*)(void)),
                 "a slot for every function of ng_gvc_api");
  if (!load(NG_GVC_SONAME, slots, sizeof slots / sizeof *slots, &gvc_api,
            &gvc_why))
    gvc_loaded = &gvc_api;
}

const ng_gvc_api *ng_cli_load_gvc(int quiet) {
  pthread_once(&gvc_once, load_gvc);
  if (!gvc_loaded && !quiet)
    ng_cli_error("cannot load %s: %s", NG_GVC_SONAME,
                 gvc_why ? gvc_why : "unknown error");
  return gvc_loaded;
}
#endif
