/* store.c - triple stores over Redland: open, lock, load, replace graphs.
 *
 * One named graph per article, named by the article IRI; loading an
 * article again first removes its graph, so nothing is duplicated.
 *
 * Every statement goes into a context: with contexts='yes' librdf's
 * hashes storage checks context-less adds for duplicates by scanning, which
 * is quadratic.  Files are read with a raptor statement handler because
 * librdf_parser_parse_into_model drops N-Quads graph names.  Each store
 * has its own librdf_world (and so its own raptor_world): librdf installs
 * its log and blank-node handlers on the raptor_world it is given and does
 * not remove them, so sharing the ng_world's raptor_world left dangling
 * handlers after ng_store_close() (valgrind: invalid reads and writes in
 * librdf_world_get_genid when the raptor_world parsed a blank node later).
 *
 * Crash safety (hashes).  Berkeley DB files written in place without a
 * transactional environment are not crash-safe: librdf opens them with a
 * private cache, so a SIGKILL loses dirty pages and can leave a hash file
 * whose pages disagree.  A journal cannot repair that, so writes go to a
 * copy (a "generation"):
 *
 *   DIR/newsgraph-current   "gen-00000007": the committed generation
 *   DIR/newsgraph.lock      writers hold flock(LOCK_EX) on it
 *   DIR/gen-00000007/       newsgraph-{sp2o,po2s,so2p,p2so,contexts}.db
 *                           and newsgraph-gen.lock (readers: LOCK_SH)
 *   DIR/gen-00000008.tmp/   a copy being written (never read)
 *
 * The first write of a session copies the committed generation into a .tmp
 * directory (copy_file_range) and reopens the model there.  A commit closes
 * the model, fsyncs the files, renames the directory to gen-N+1 and then
 * replaces newsgraph-current by rename(2): the commit point.  A process
 * killed at any moment leaves newsgraph-current naming a complete
 * generation; the next writer removes .tmp leftovers and the generations no
 * reader holds.  Readers never wait for a writer (they read the committed
 * generation) and a writer never waits for readers.  The price is one copy
 * of the store per commit, measured here (ext4) at 0.3 s for a store of
 * 200k triples and 0.7-3.5 s (warm-cold cache) for 1M triples (1.5 GB),
 * against 15 s to load those 1M triples; tests/test_store_crash.sh kills
 * loads at random moments and checks every article graph.  An undo journal
 * was the alternative; it cannot repair pages BDB never wrote.
 * ng_store_load_file() commits at its end (each file is one atomic unit);
 * ng_store_add_doc() changes are committed by ng_store_close().
 *
 * Batched writes (hashes).  Adding through librdf costs five Berkeley DB
 * puts a quad through handles with a 256 KB cache (42k quads/s for
 * extract --store).  In a write session the quads wait instead in a
 * bounded batch (store_bulk.c), encoded as librdf encodes them, and are
 * written into the staged copy file by file in key order through our own
 * handles while librdf's model is closed; the model is reopened on the
 * result.  The batch is written when full, before anything reads the
 * model (a query, a count, the check of a graph that comes back, the
 * removal of a graph that waits in the batch) and at commit.  Removing
 * an article's old graph stays librdf's.  The files are pair for pair
 * what librdf writes (tests/test_store.c); NG_STORE_WRITE_PATH=librdf
 * selects librdf's writes, for that test and make bench-store.
 *
 * sqlite is transactional itself: a session's writes run inside one
 * librdf transaction (which is also ~40x faster than autocommit).  The
 * memory store has nothing to protect.
 */
#define _GNU_SOURCE /* copy_file_range, flock */

#include <db.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store_bulk.h"
#include "store_index.h"
#include "store_internal.h"

#define STORE_NAME "newsgraph"
#define CURRENT_FILE "newsgraph-current"
#define LOCK_FILE "newsgraph.lock"
#define GEN_LOCK_FILE "newsgraph-gen.lock"
#define GEN_FMT "gen-%08lu"

static const char *const db_files[] = {
    "newsgraph-sp2o.db", "newsgraph-po2s.db", "newsgraph-so2p.db",
    "newsgraph-p2so.db", "newsgraph-contexts.db"};

/* The write batch of a hashes session (store_bulk.c): quads wait, encoded
 * once per distinct node, until the batch uses this many bytes (about
 * 1.1M quads of extract's output), then go into the staged copy through a
 * Berkeley DB cache of BULK_CACHE_BYTES (one file at a time).  Each write
 * of a batch into a large store touches most of its pages, so a larger
 * batch loads faster (make bench-store, Wikinews x7, 1.05M triples: 64 MB
 * took two writes, 100k triples/s; 80 MB one, 121k/s, peak RSS 160 MB
 * against 45 MB through librdf). */
#define BULK_BATCH_BYTES ((size_t)80 << 20)
#define BULK_CACHE_BYTES ((size_t)32 << 20)
/* Tests set NG_STORE_WRITE_PATH=librdf to write through librdf's hashes
 * storage instead, the path the batch must match. */
#define WRITE_PATH_ENV "NG_STORE_WRITE_PATH"

#define NG_NS_ARTICLE NG_NS "Article"
#define RDF_TYPE "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

/* ------------------------------------------------------------------ */
/* Logging: librdf, raptor and rasqal messages go to ng_log            */
/* ------------------------------------------------------------------ */

/* One message from librdf, raptor or rasqal.  ERROR is nonzero for
 * errors, WARN for warnings; the rest are debug messages. */
static void engine_log(ng_store *s, int error, int warn, const char *text,
                       long line, long col) {
  ng_log_level level = NG_LOG_DEBUG;
  ng_status code = NG_OK;
  if (!text)
    text = "(no message)";
  if (s->log_silent)
    return; /* a trial parse (sparql/front.c): the next one reports */
  if (error) {
    level = NG_LOG_ERROR;
    code = s->log_code;
    s->log_errors++;
    snprintf(s->last_error, sizeof s->last_error, "%s", text);
    s->last_line = line;
  } else if (warn) {
    level = NG_LOG_WARN;
    if (s->log_mute || strstr(text, "$$") || strstr(text, "ng_undef_"))
      return; /* rasqal's internal variables and our dummies */
    if (strstr(text, "was bound but is unused"))
      level = NG_LOG_INFO; /* also said of variables aggregates use */
  }
  ng_log(s->world, level, code, s->log_stage, line, col, "%s", text);
}

static int rdf_logger(void *user_data, librdf_log_message *m) {
  raptor_locator *loc = librdf_log_message_locator(m);
  librdf_log_level lv = librdf_log_message_level(m);
  engine_log(user_data, lv == LIBRDF_LOG_ERROR || lv == LIBRDF_LOG_FATAL,
             lv == LIBRDF_LOG_WARN, librdf_log_message_message(m),
             loc && loc->line > 0 ? loc->line : 0,
             loc && loc->column > 0 ? loc->column : 0);
  return 1;
}

/* rasqal's messages: without a handler it prints them itself (and its
 * warnings print uninitialised bytes). */
static void rasqal_logger(void *user_data, raptor_log_message *m) {
  raptor_locator *loc = m->locator;
  engine_log(user_data, m->level >= RAPTOR_LOG_LEVEL_ERROR,
             m->level == RAPTOR_LOG_LEVEL_WARN, m->text,
             loc && loc->line > 0 ? loc->line : 0,
             loc && loc->column > 0 ? loc->column : 0);
}

static void log_context(ng_store *s, const char *stage, ng_status code) {
  s->log_stage = stage;
  s->log_code = code;
  s->log_errors = 0;
  s->last_error[0] = '\0';
  s->last_line = 0;
}

/* ------------------------------------------------------------------ */
/* Paths and files                                                     */
/* ------------------------------------------------------------------ */

static char *path_join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  char *p = malloc(a + b + 2);
  if (!p)
    return NULL;
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

static char *gen_path(const ng_store *s, unsigned long gen, int tmp) {
  char name[48];
  snprintf(name, sizeof name, GEN_FMT "%s", gen, tmp ? ".tmp" : "");
  return path_join(s->path, name);
}

static int is_dir(const char *p) {
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int fsync_path(const char *p, int dir) {
  int fd = open(p, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0)
    return -1;
  int rc = fsync(fd);
  close(fd);
  return rc;
}

double ng_store_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ng_status io_error(ng_store *s, const char *what, const char *p) {
  ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
         "cannot %s %s: %s", what, p, strerror(errno));
  return NG_ERR_STORE;
}

/* Copies SRC to DST (created) in the kernel where it can. */
static int copy_file(const char *src, const char *dst) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0)
    return -1;
  int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    close(in);
    return -1;
  }
  int rc = 0;
  for (;;) {
    ssize_t n = copy_file_range(in, NULL, out, NULL, 1u << 30, 0);
    if (n > 0)
      continue;
    if (n == 0)
      break;
    if (errno != EXDEV && errno != ENOSYS && errno != EINVAL &&
        errno != EOPNOTSUPP) {
      rc = -1;
      break;
    }
    /* no in-kernel copy here: plain reads and writes from where we are */
    char buf[1 << 16];
    ssize_t r;
    while ((r = read(in, buf, sizeof buf)) > 0) {
      for (ssize_t off = 0; off < r;) {
        ssize_t w = write(out, buf + off, (size_t)(r - off));
        if (w < 0) {
          rc = -1;
          break;
        }
        off += w;
      }
      if (rc)
        break;
    }
    if (r < 0)
      rc = -1;
    break;
  }
  int e = errno;
  close(in);
  if (close(out) && !rc)
    rc = -1;
  errno = e;
  return rc;
}

/* Removes a generation directory: only the files we make, then the
 * directory itself (never a recursive delete of unknown content). */
static int remove_gen_dir(const char *dir) {
  int rc = 0;
  for (size_t i = 0; i <= NG_ARRAY_LEN(db_files); i++) {
    const char *name =
        i < NG_ARRAY_LEN(db_files) ? db_files[i] : GEN_LOCK_FILE;
    char *p = path_join(dir, name);
    if (!p)
      return -1;
    if (unlink(p) && errno != ENOENT)
      rc = -1;
    free(p);
  }
  if (rmdir(dir) && errno != ENOENT)
    rc = -1;
  return rc;
}

/* ------------------------------------------------------------------ */
/* The model                                                           */
/* ------------------------------------------------------------------ */

static void close_model(ng_store *s) {
  if (s->model) {
    librdf_model_sync(s->model);
    librdf_free_model(s->model);
    s->model = NULL;
  }
  if (s->storage) {
    librdf_free_storage(s->storage);
    s->storage = NULL;
  }
}

static int put_opt(librdf_hash *h, const char *k, const char *v) {
  return librdf_hash_put_strings(h, k, v);
}

/* Opens s->model on DIR (hashes), the sqlite file, or memory. */
static ng_status open_model(ng_store *s, const char *dir, int writable,
                            int is_new) {
  librdf_hash *opt = librdf_new_hash(s->rdf, NULL);
  const char *factory = "hashes", *name = STORE_NAME;
  int bad = !opt;

  log_context(s, "store", NG_ERR_STORE);
  if (!bad) {
    bad |= put_opt(opt, "contexts", "yes");
    switch (s->kind) {
    case NG_STORE_HASHES:
      bad |= put_opt(opt, "hash-type", "bdb");
      bad |= put_opt(opt, "dir", dir);
      bad |= put_opt(opt, "index-predicates", "yes");
      bad |= put_opt(opt, "write", writable ? "yes" : "no");
      bad |= put_opt(opt, "new", is_new ? "yes" : "no");
      break;
    case NG_STORE_SQLITE:
      factory = "sqlite";
      name = s->path;
      bad |= put_opt(opt, "new", is_new ? "yes" : "no");
      break;
    case NG_STORE_MEMORY:
    default:
      factory = "memory";
      name = NULL;
      break;
    }
  }
  if (bad) {
    librdf_free_hash(opt);
    return NG_ERR_NOMEM;
  }
  s->storage = librdf_new_storage_with_options(s->rdf, factory, name, opt);
  librdf_free_hash(opt);
  if (s->storage)
    s->model = librdf_new_model(s->rdf, s->storage, NULL);
  if (!s->model) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
           "cannot open the %s store %s%s%s", factory,
           s->kind == NG_STORE_HASHES ? dir : s->spec,
           s->last_error[0] ? ": " : "", s->last_error);
    close_model(s);
    return NG_ERR_STORE;
  }
  free(s->gen_dir);
  s->gen_dir = dir ? ng_strdup(dir) : NULL;
  if (dir && !s->gen_dir) {
    close_model(s);
    return NG_ERR_NOMEM;
  }
  return NG_OK;
}

/* ------------------------------------------------------------------ */
/* Locks and generations (hashes)                                      */
/* ------------------------------------------------------------------ */

/* Takes the writer lock on LOCK_PATH; NG_ERR_LOCKED when another process
 * (or another open store) holds it.  The kernel drops the lock when its
 * holder dies, so a killed writer never leaves a stale lock. */
static ng_status lock_writer(ng_store *s, const char *lock_path) {
  int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return io_error(s, "open the lock file", lock_path);
  if (flock(fd, LOCK_EX | LOCK_NB)) {
    int e = errno;
    char pid[32] = "";
    ssize_t n = pread(fd, pid, sizeof pid - 1, 0);
    pid[n > 0 ? n : 0] = '\0';
    pid[strcspn(pid, "\n")] = '\0';
    close(fd);
    if (e == EWOULDBLOCK) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_LOCKED, "store", 0, 0,
             "store %s is being written by another process%s%s%s; try "
             "again when it has finished",
             s->spec, pid[0] ? " (" : "", pid, pid[0] ? ")" : "");
      return NG_ERR_LOCKED;
    }
    errno = e;
    return io_error(s, "lock", lock_path);
  }
  char buf[32];
  int n = snprintf(buf, sizeof buf, "pid %ld\n", (long)getpid());
  if (ftruncate(fd, 0) == 0 && pwrite(fd, buf, (size_t)n, 0) < 0) {
    /* the pid is only a hint in the message above */
  }
  s->lock_fd = fd;
  return NG_OK;
}

/* Reads the committed generation number.  NG_ERR_STORE (not logged) with
 * errno ENOENT when there is none. */
static ng_status read_current(ng_store *s, unsigned long *gen) {
  char *p = path_join(s->path, CURRENT_FILE);
  if (!p)
    return NG_ERR_NOMEM;
  FILE *fp = fopen(p, "r");
  free(p);
  if (!fp)
    return NG_ERR_STORE;
  char buf[64];
  unsigned long g = 0;
  int ok = fgets(buf, sizeof buf, fp) && sscanf(buf, "gen-%lu", &g) == 1 &&
           g > 0;
  fclose(fp);
  if (!ok) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
           "%s/%s is damaged (expected a line gen-NNNNNNNN)", s->path,
           CURRENT_FILE);
    errno = EINVAL;
    return NG_ERR_STORE;
  }
  *gen = g;
  return NG_OK;
}

/* Makes GEN the committed generation: the commit point. */
static ng_status write_current(ng_store *s, unsigned long gen) {
  char *p = path_join(s->path, CURRENT_FILE);
  char *tmp = path_join(s->path, CURRENT_FILE ".tmp");
  ng_status st = NG_OK;
  if (!p || !tmp) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  FILE *fp = fopen(tmp, "w");
  if (!fp) {
    st = io_error(s, "write", tmp);
    goto done;
  }
  int bad = fprintf(fp, GEN_FMT "\n", gen) < 0;
  bad |= fflush(fp) != 0;
  bad |= fsync(fileno(fp)) != 0;
  bad |= fclose(fp) != 0;
  if (bad) {
    st = io_error(s, "write", tmp);
    goto done;
  }
  if (rename(tmp, p)) {
    st = io_error(s, "rename", tmp);
    goto done;
  }
  if (fsync_path(s->path, 1))
    st = io_error(s, "sync", s->path);
done:
  free(p);
  free(tmp);
  return st;
}

/* Opens the generation's lock file and takes a shared lock, so that no
 * writer removes the generation while we read it. */
static ng_status lock_gen_shared(ng_store *s, const char *dir) {
  char *p = path_join(dir, GEN_LOCK_FILE);
  if (!p)
    return NG_ERR_NOMEM;
  int fd = open(p, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || flock(fd, LOCK_SH)) {
    if (fd >= 0)
      close(fd);
    free(p);
    return NG_ERR_STORE;
  }
  /* a writer may have removed it between our open and our lock */
  struct stat a, b;
  if (fstat(fd, &a) || stat(p, &b) || a.st_ino != b.st_ino ||
      a.st_dev != b.st_dev || a.st_nlink == 0) {
    close(fd);
    free(p);
    errno = ENOENT;
    return NG_ERR_STORE;
  }
  free(p);
  s->gen_fd = fd;
  return NG_OK;
}

static void unlock_gen(ng_store *s) {
  if (s->gen_fd >= 0) {
    close(s->gen_fd);
    s->gen_fd = -1;
  }
}

/* Opens the model read-only on the committed generation. */
static ng_status open_committed(ng_store *s) {
  ng_status st = NG_ERR_STORE;
  /* retry: a writer may commit and remove our generation meanwhile */
  for (int tries = 0; tries < 20; tries++) {
    unsigned long gen;
    st = read_current(s, &gen);
    if (st)
      return st;
    char *dir = gen_path(s, gen, 0);
    if (!dir)
      return NG_ERR_NOMEM;
    st = lock_gen_shared(s, dir);
    if (st == NG_OK) {
      s->gen = gen;
      st = open_model(s, dir, 0, 0);
      if (st)
        unlock_gen(s);
      free(dir);
      return st;
    }
    free(dir);
    if (st != NG_ERR_STORE || errno != ENOENT)
      break;
  }
  ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
         "cannot open the current generation of %s: %s", s->path,
         strerror(errno));
  return NG_ERR_STORE;
}

/* Removes what crashed or finished writers left: .tmp copies and the
 * generations that are neither current nor read.  Writer lock held. */
static void collect_garbage(ng_store *s) {
  DIR *d = opendir(s->path);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir(d))) {
    const char *nm = e->d_name, *end;
    if (strncmp(nm, "gen-", 4) || nm[4] < '0' || nm[4] > '9')
      continue;
    end = nm + 4 + strspn(nm + 4, "0123456789");
    if (end - nm != 12 || (*end && strcmp(end, ".tmp")))
      continue;
    int tmp = *end != '\0';
    if (!tmp && strtoul(nm + 4, NULL, 10) == s->gen)
      continue;
    char *dir = path_join(s->path, nm);
    if (!dir)
      break;
    int rc = 0;
    if (tmp) {
      rc = remove_gen_dir(dir);
    } else {
      /* a generation still being read keeps its shared lock */
      char *lp = path_join(dir, GEN_LOCK_FILE);
      int fd = lp ? open(lp, O_RDONLY | O_CLOEXEC) : -1;
      if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        rc = remove_gen_dir(dir); /* while holding the lock */
      else if (fd < 0 && errno == ENOENT)
        rc = remove_gen_dir(dir); /* half made: no reader ever */
      if (fd >= 0)
        close(fd);
      free(lp);
    }
    if (rc)
      ng_log(s->world, NG_LOG_WARN, NG_OK, "store", 0, 0,
             "cannot remove the leftover %s: %s", dir, strerror(errno));
    free(dir);
  }
  closedir(d);
}

/* Makes the empty index files of a store in DIR.  librdf opens its BDB
 * files with DB_DUP (unsorted duplicates), where deleting one key/value
 * pair scans every duplicate of the key: replacing 100 recently loaded
 * articles in a store of 1M triples took 440 s, as keys such as
 * (rdf:type, ng:Event) have a duplicate per event.  Files made with
 * DB_DUPSORT, which librdf's handle adopts from the file's metadata, find
 * the pair by search: the same replacement took 2 s.  (Sorted duplicates
 * refuse an exact duplicate pair, so every quad must be added once: the
 * loaders check.) */
static ng_status create_bdb_files(ng_store *s, const char *dir) {
  for (size_t i = 0; i < NG_ARRAY_LEN(db_files); i++) {
    char *p = path_join(dir, db_files[i]);
    if (!p)
      return NG_ERR_NOMEM;
    DB *db = NULL;
    int ret = db_create(&db, NULL, 0);
    if (!ret)
      ret = db->set_flags(db, DB_DUP | DB_DUPSORT);
    if (!ret)
      ret = db->open(db, NULL, p, NULL, DB_BTREE, DB_CREATE | DB_EXCL,
                     0644);
    if (db) {
      int r2 = db->close(db, 0);
      if (!ret)
        ret = r2;
    }
    if (ret) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "cannot create %s: %s", p, db_strerror(ret));
      free(p);
      return NG_ERR_STORE;
    }
    free(p);
  }
  return NG_OK;
}

/* Makes an empty store in s->path (the writer lock is held). */
static ng_status create_hashes(ng_store *s) {
  ng_status st;
  char *tmp = gen_path(s, 1, 1), *dir = gen_path(s, 1, 0);
  char *lp = tmp ? path_join(tmp, GEN_LOCK_FILE) : NULL;
  if (!tmp || !dir || !lp) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  remove_gen_dir(tmp);
  if (mkdir(tmp, 0755)) {
    st = io_error(s, "create", tmp);
    goto done;
  }
  int fd = open(lp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    st = io_error(s, "create", lp);
    goto done;
  }
  close(fd);
  st = create_bdb_files(s, tmp);
  if (!st)
    st = open_model(s, tmp, 1, 0); /* checks librdf accepts them */
  if (st)
    goto done;
  close_model(s);
  for (size_t i = 0; i < NG_ARRAY_LEN(db_files); i++) {
    char *f = path_join(tmp, db_files[i]);
    int bad = !f || fsync_path(f, 0);
    free(f);
    if (bad) {
      st = io_error(s, "sync the new store in", tmp);
      goto done;
    }
  }
  if (rename(tmp, dir)) {
    st = io_error(s, "rename", tmp);
    goto done;
  }
  st = write_current(s, 1);
  if (!st)
    ng_log(s->world, NG_LOG_INFO, NG_OK, "store", 0, 0,
           "created the store %s", s->path);
done:
  free(tmp);
  free(dir);
  free(lp);
  return st;
}

static ng_status open_hashes(ng_store *s) {
  int create = (s->flags & NG_STORE_CREATE) != 0;
  int writer = !(s->flags & NG_STORE_READONLY);
  ng_status st;

  if (!is_dir(s->path)) {
    if (!create) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "no newsgraph store at %s (no such directory); use --create "
             "to make one",
             s->path);
      return NG_ERR_STORE;
    }
    if (mkdir(s->path, 0755) && errno != EEXIST)
      return io_error(s, "create the store directory", s->path);
  }
  if (writer) {
    char *lp = path_join(s->path, LOCK_FILE);
    if (!lp)
      return NG_ERR_NOMEM;
    st = lock_writer(s, lp);
    free(lp);
    if (st)
      return st;
  }
  unsigned long gen;
  st = read_current(s, &gen);
  if (st == NG_ERR_STORE && errno == ENOENT) {
    if (!create) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "no newsgraph store in %s; use --create to make one",
             s->path);
      return NG_ERR_STORE;
    }
    st = create_hashes(s);
  }
  if (st)
    return st;
  st = open_committed(s);
  if (!st && writer)
    collect_garbage(s);
  return st;
}

/* Starts the session's staged copy (hashes) or transaction (sqlite). */
static ng_status begin_write(ng_store *s) {
  if (s->flags & NG_STORE_READONLY) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_ARG, "store", 0, 0,
           "store %s was opened read-only", s->spec);
    return NG_ERR_ARG;
  }
  if (s->staged || s->kind == NG_STORE_MEMORY)
    return NG_OK;
  if (s->kind == NG_STORE_SQLITE) {
    log_context(s, "store", NG_ERR_STORE);
    if (librdf_model_transaction_start(s->model)) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "cannot start a transaction on %s", s->spec);
      return NG_ERR_STORE;
    }
    s->staged = 1;
    return NG_OK;
  }

  ng_status st = NG_OK;
  char *tmp = gen_path(s, s->gen + 1, 1);
  char *src = gen_path(s, s->gen, 0);
  char *lp = tmp ? path_join(tmp, GEN_LOCK_FILE) : NULL;
  if (!tmp || !src || !lp) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  remove_gen_dir(tmp);
  if (mkdir(tmp, 0755)) {
    st = io_error(s, "create", tmp);
    goto done;
  }
  int fd = open(lp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    st = io_error(s, "create", lp);
    goto done;
  }
  close(fd);
  close_model(s);
  double t0 = ng_store_seconds();
  for (size_t i = 0; i < NG_ARRAY_LEN(db_files) && !st; i++) {
    char *a = path_join(src, db_files[i]), *b = path_join(tmp, db_files[i]);
    if (!a || !b)
      st = NG_ERR_NOMEM;
    else if (copy_file(a, b))
      st = io_error(s, "copy", a);
    free(a);
    free(b);
  }
  if (!st)
    st = open_model(s, tmp, 1, 0);
  if (st) {
    remove_gen_dir(tmp);
    if (!s->model && open_model(s, src, 0, 0) == NG_OK)
      ng_log(s->world, NG_LOG_INFO, NG_OK, "store", 0, 0,
             "reopened %s unchanged", s->path);
    goto done;
  }
  s->staged = 1;
  ng_log(s->world, NG_LOG_DEBUG, NG_OK, "store", 0, 0,
         "copied generation %lu of %s in %.3f s", s->gen, s->path,
         ng_store_seconds() - t0);
  const char *path_env = getenv(WRITE_PATH_ENV);
  if (!path_env || strcmp(path_env, "librdf")) {
    s->bulk = ng_bulk_new(BULK_BATCH_BYTES, BULK_CACHE_BYTES);
    if (!s->bulk) /* librdf's path needs no batch */
      ng_log(s->world, NG_LOG_DEBUG, NG_OK, "store", 0, 0,
             "no memory for a write batch: writing through librdf");
  }
done:
  free(tmp);
  free(src);
  free(lp);
  return st;
}

/* Makes the session's writes durable and visible. */
static ng_status commit_write(ng_store *s) {
  if (!s->staged)
    return NG_OK;
  if (s->kind == NG_STORE_SQLITE) {
    log_context(s, "store", NG_ERR_STORE);
    s->staged = 0;
    if (librdf_model_transaction_commit(s->model)) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "cannot commit the changes to %s", s->spec);
      return NG_ERR_STORE;
    }
    return NG_OK;
  }

  ng_status st = ng_store_sync_writes(s);
  if (st)
    return st; /* the session was dropped */
  ng_bulk_free(s->bulk);
  s->bulk = NULL;
  char *tmp = gen_path(s, s->gen + 1, 1);
  char *dir = gen_path(s, s->gen + 1, 0);
  if (!tmp || !dir) {
    st = NG_ERR_NOMEM;
    goto done;
  }
  double t0 = ng_store_seconds();
  close_model(s); /* closes the DB files: their caches are written */
  for (size_t i = 0; i <= NG_ARRAY_LEN(db_files) && !st; i++) {
    char *f = path_join(tmp, i < NG_ARRAY_LEN(db_files) ? db_files[i]
                                                        : GEN_LOCK_FILE);
    if (!f)
      st = NG_ERR_NOMEM;
    else if (fsync_path(f, 0))
      st = io_error(s, "sync", f);
    free(f);
  }
  if (!st && fsync_path(tmp, 1))
    st = io_error(s, "sync", tmp);
  if (!st && rename(tmp, dir))
    st = io_error(s, "rename", tmp);
  if (!st)
    st = write_current(s, s->gen + 1);
  s->staged = 0;
  if (st) {
    remove_gen_dir(tmp);
    remove_gen_dir(dir);
  } else {
    unlock_gen(s);
    s->gen++;
    ng_log(s->world, NG_LOG_DEBUG, NG_OK, "store", 0, 0,
           "committed generation %lu of %s in %.3f s", s->gen, s->path,
           ng_store_seconds() - t0);
    collect_garbage(s);
  }
  ng_status st2 = open_committed(s);
  if (!st)
    st = st2;
done:
  free(tmp);
  free(dir);
  return st;
}

/* Drops the session's writes. */
static void rollback_write(ng_store *s) {
  if (!s->staged)
    return;
  s->staged = 0;
  ng_bulk_free(s->bulk);
  s->bulk = NULL;
  if (s->kind == NG_STORE_SQLITE) {
    librdf_model_transaction_rollback(s->model);
    return;
  }
  close_model(s);
  char *tmp = gen_path(s, s->gen + 1, 1);
  if (tmp)
    remove_gen_dir(tmp);
  free(tmp);
  unlock_gen(s);
  if (open_committed(s) == NG_OK)
    ng_log(s->world, NG_LOG_INFO, NG_OK, "store", 0, 0,
           "the changes to %s were rolled back", s->spec);
}

ng_status ng_store_sync_writes(ng_store *s) {
  if (!s->bulk || !ng_bulk_count(s->bulk))
    return NG_OK;
  size_t n = ng_bulk_count(s->bulk);
  char err[512];
  double t0 = ng_store_seconds();
  char *dir = ng_strdup(s->gen_dir); /* open_model() replaces gen_dir */
  ng_status st = dir ? NG_OK : NG_ERR_NOMEM;
  close_model(s);
  if (!st)
    st = ng_bulk_write(s->bulk, dir, db_files, err, sizeof err);
  if (!st)
    st = open_model(s, dir, 1, 0);
  else
    ng_log(s->world, NG_LOG_ERROR, st, "store", 0, 0,
           "cannot write %zu statements into %s%s%s", n, dir ? dir : "",
           err[0] ? ": " : "", err);
  free(dir);
  if (st) {
    /* the staged copy may hold part of the batch */
    ng_log(s->world, NG_LOG_ERROR, st, "store", 0, 0,
           "the uncommitted changes to %s were dropped", s->spec);
    rollback_write(s);
    return st;
  }
  ng_log(s->world, NG_LOG_DEBUG, NG_OK, "store", 0, 0,
         "wrote %zu statements into the staged copy in %.3f s", n,
         ng_store_seconds() - t0);
  return NG_OK;
}

/* raptor's blank node labels, made unique to the load (installed on the
 * store's raptor_world in place of librdf's, which maps labels through a
 * table that lives as long as the world and so merges _:b1 of two files).
 */
static unsigned char *store_bnode_id(void *user_data, unsigned char *id) {
  ng_store *s = user_data;
  char tail[32];
  const char *t = tail;
  if (id)
    t = (const char *)id;
  else
    snprintf(tail, sizeof tail, "g%lu", ++s->bnode_count);
  size_t a = strlen(s->bnode_prefix), b = strlen(t);
  unsigned char *out = malloc(a + b + 2);
  if (out) {
    memcpy(out, s->bnode_prefix, a);
    out[a] = id ? 'x' : '_';
    memcpy(out + a + 1, t, b + 1);
  }
  if (id)
    raptor_free_memory(id);
  return out;
}

/* ------------------------------------------------------------------ */
/* Open and close                                                      */
/* ------------------------------------------------------------------ */

static ng_status open_sqlite(ng_store *s) {
  int create = (s->flags & NG_STORE_CREATE) != 0;
  struct stat st_;
  int exists = stat(s->path, &st_) == 0 && st_.st_size > 0;
  if (exists) {
    char magic[16] = "";
    FILE *fp = fopen(s->path, "rb");
    size_t n = fp ? fread(magic, 1, sizeof magic, fp) : 0;
    if (fp)
      fclose(fp);
    if (n != sizeof magic || memcmp(magic, "SQLite format 3", 16)) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "%s is not an SQLite file", s->path);
      return NG_ERR_STORE;
    }
  } else if (!create) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
           "no newsgraph store at %s; use --create to make one", s->path);
    return NG_ERR_STORE;
  }
  if (!(s->flags & NG_STORE_READONLY)) {
    size_t n = strlen(s->path);
    char *lp = malloc(n + 6);
    if (!lp)
      return NG_ERR_NOMEM;
    memcpy(lp, s->path, n);
    memcpy(lp + n, ".lock", 6);
    ng_status st = lock_writer(s, lp);
    free(lp);
    if (st)
      return st;
  }
  return open_model(s, NULL, !(s->flags & NG_STORE_READONLY), !exists);
}

/* A new store of KIND for SPEC (copied), nothing opened; NULL when out
 * of memory. */
static ng_store *store_new(ng_world *world, ng_store_kind kind,
                           unsigned flags, const char *spec) {
  ng_store *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  s->world = world;
  s->kind = kind;
  s->flags = flags;
  s->lock_fd = s->gen_fd = -1;
  s->spec = ng_strdup(spec);
  if (!s->spec) {
    ng_store_close(s);
    return NULL;
  }
  return s;
}

/* A Virtuoso server (store_virtuoso.c): no librdf world, no lock. */
static ng_status open_virtuoso(ng_world *world, const char *spec,
                               unsigned flags, ng_store **out) {
  ng_store *s = store_new(world, NG_STORE_VIRTUOSO, flags, spec);
  ng_status st = s ? ng_virtuoso_open(s, spec + 9) : NG_ERR_NOMEM;
  if (st) {
    ng_store_close(s);
    return st;
  }
  *out = s;
  return NG_OK;
}

/* Splits SPEC into a kind and a path (borrowed from SPEC). */
static ng_status parse_spec(ng_world *w, const char *spec,
                            ng_store_kind *kind, const char **path) {
  if (!strcmp(spec, "memory")) {
    *kind = NG_STORE_MEMORY;
    *path = NULL;
    return NG_OK;
  }
  if (!strncmp(spec, "sqlite:", 7)) {
    *kind = NG_STORE_SQLITE;
    *path = spec + 7;
  } else if (!strncmp(spec, "hashes:", 7)) {
    *kind = NG_STORE_HASHES;
    *path = spec + 7;
  } else {
    /* "word:..." that is not a directory is a store type we lack */
    size_t n = strspn(spec, "abcdefghijklmnopqrstuvwxyz");
    if (n > 1 && spec[n] == ':' && !is_dir(spec)) {
      ng_log(w, NG_LOG_ERROR, NG_ERR_ARG, "store", 0, 0,
             "unknown store type '%.*s' in '%s' (use DIR, hashes:DIR, "
             "sqlite:FILE, memory or virtuoso:OPTIONS)",
             (int)n, spec, spec);
      return NG_ERR_ARG;
    }
    *kind = NG_STORE_HASHES;
    *path = spec;
  }
  if (!**path) {
    ng_log(w, NG_LOG_ERROR, NG_ERR_ARG, "store", 0, 0,
           "the store spec '%s' names no path", spec);
    return NG_ERR_ARG;
  }
  return NG_OK;
}

ng_status ng_store_open(ng_world *world, const char *spec, unsigned flags,
                        ng_store **out) {
  if (out)
    *out = NULL;
  if (!world || !spec || !out)
    return NG_ERR_ARG;
  if ((flags & NG_STORE_CREATE) && (flags & NG_STORE_READONLY)) {
    ng_log(world, NG_LOG_ERROR, NG_ERR_ARG, "store", 0, 0,
           "a store cannot be created read-only");
    return NG_ERR_ARG;
  }
  if (!strncmp(spec, "virtuoso:", 9))
    return open_virtuoso(world, spec, flags, out);
  ng_store_kind kind;
  const char *path;
  ng_status st = parse_spec(world, spec, &kind, &path);
  if (st)
    return st;

  ng_store *s = store_new(world, kind, flags, spec);
  if (!s)
    return NG_ERR_NOMEM;
  s->path = path ? ng_strdup(path) : NULL;
  s->rdf = librdf_new_world();
  if ((path && !s->path) || !s->rdf) {
    ng_store_close(s);
    return NG_ERR_NOMEM;
  }
  /* a path ending in '/' would give DIR//gen-... in messages */
  if (s->path) {
    size_t n = strlen(s->path);
    while (n > 1 && s->path[n - 1] == '/')
      s->path[--n] = '\0';
  }
  log_context(s, "store", NG_ERR_STORE);
  librdf_world_set_logger(s->rdf, s, rdf_logger);
  librdf_world_open(s->rdf);
  if (ng_store_install_source(s)) {
    ng_store_close(s);
    return NG_ERR_STORE;
  }
  raptor_world_set_generate_bnodeid_handler(librdf_world_get_raptor(s->rdf),
                                            s, store_bnode_id);
  if (librdf_world_get_rasqal(s->rdf))
    rasqal_world_set_log_handler(librdf_world_get_rasqal(s->rdf), s,
                                 rasqal_logger);

  switch (kind) {
  case NG_STORE_HASHES:
    st = open_hashes(s);
    break;
  case NG_STORE_SQLITE:
    st = open_sqlite(s);
    break;
  case NG_STORE_MEMORY:
  default:
    st = open_model(s, NULL, 1, 1);
    break;
  }
  if (st) {
    ng_store_close(s);
    return st;
  }
  *out = s;
  return NG_OK;
}

unsigned long ng_store_version(const ng_store *s) {
  if (!s || s->kind != NG_STORE_HASHES || !(s->flags & NG_STORE_READONLY))
    return 0;
  return s->gen;
}

void ng_store_forget_estimates(ng_store *s) {
  ng_map_free(&s->estimates);
  ng_arena_free(&s->estimates_arena);
  ng_map_init(&s->estimates);
  ng_arena_init(&s->estimates_arena, 0);
}

ng_status ng_store_refresh(ng_store *s) {
  if (!s)
    return NG_ERR_ARG;
  if (s->kind != NG_STORE_HASHES || !(s->flags & NG_STORE_READONLY) ||
      s->staged)
    return NG_OK; /* sqlite readers see commits; a writer has its own */
  unsigned long gen;
  ng_status st = read_current(s, &gen);
  if (st || gen == s->gen)
    return st;
  close_model(s);
  unlock_gen(s);
  ng_store_forget_estimates(s);
  ng_sindex_release(s->index); /* the next query gets the new one's */
  s->index = NULL;
  return open_committed(s);
}

void ng_store_close(ng_store *s) {
  if (!s)
    return;
  if (s->kind == NG_STORE_VIRTUOSO)
    ng_virtuoso_close(s); /* loads what add_doc gathered */
  if (s->staged && commit_write(s))
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
           "the last changes to %s were not saved", s->spec);
  ng_bulk_free(s->bulk);
  ng_sindex_release(s->index);
  close_model(s);
  ng_store_forget_estimates(s);
  if (s->rdf)
    librdf_free_world(s->rdf);
  unlock_gen(s);
  if (s->lock_fd >= 0)
    close(s->lock_fd); /* releases the writer lock */
  free(s->gen_dir);
  free(s->spec);
  free(s->path);
  free(s);
}

/* ------------------------------------------------------------------ */
/* Counting and graphs                                                 */
/* ------------------------------------------------------------------ */

ng_status ng_store_count(ng_store *s, long *n) {
  if (!s || !n)
    return NG_ERR_ARG;
  if (s->kind == NG_STORE_VIRTUOSO)
    return ng_virtuoso_count(s, n);
  *n = 0;
  ng_status st = ng_store_sync_writes(s);
  if (st)
    return st;
  log_context(s, "store", NG_ERR_STORE);
  int size = librdf_model_size(s->model);
  if (size >= 0) {
    *n = size;
    return NG_OK;
  }
  /* BDB cannot count its values: walk the statements */
  librdf_stream *str = librdf_model_as_stream(s->model);
  if (!str)
    return NG_ERR_STORE;
  long c = 0;
  for (; !librdf_stream_end(str); librdf_stream_next(str))
    c++;
  librdf_free_stream(str);
  *n = c;
  return NG_OK;
}

int ng_store_has_graph(ng_store *s, const char *iri) {
  librdf_node *ctx =
      librdf_new_node_from_uri_string(s->rdf, (const unsigned char *)iri);
  if (!ctx)
    return -1;
  librdf_stream *str = librdf_model_context_as_stream(s->model, ctx);
  int has = str && !librdf_stream_end(str);
  if (str)
    librdf_free_stream(str);
  librdf_free_node(ctx);
  return has;
}

/* ------------------------------------------------------------------ */
/* Duplicate detection within one graph                                */
/* ------------------------------------------------------------------ */

void ng_fp_set_clear(ng_fp_set *f) {
  if (f->slots && f->n)
    memset(f->slots, 0, f->cap * 2 * sizeof *f->slots);
  f->n = 0;
}

/* 1 when (A, B) was there, 0 when added, -1 when out of memory. */
int ng_fp_set_add(ng_fp_set *f, uint64_t a, uint64_t b) {
  if (!a && !b)
    a = 1;
  if ((f->n + 1) * 4 >= f->cap * 3) {
    /* small at first: a set per triple pattern match, most of them tiny */
    size_t ncap = f->cap ? f->cap * 2 : 16;
    uint64_t *ns = calloc(ncap * 2, sizeof *ns);
    if (!ns)
      return -1;
    for (size_t i = 0; i < f->cap; i++) {
      uint64_t x = f->slots[2 * i], y = f->slots[2 * i + 1];
      if (!x && !y)
        continue;
      size_t j = (size_t)x & (ncap - 1);
      while (ns[2 * j] || ns[2 * j + 1])
        j = (j + 1) & (ncap - 1);
      ns[2 * j] = x;
      ns[2 * j + 1] = y;
    }
    free(f->slots);
    f->slots = ns;
    f->cap = ncap;
  }
  size_t j = (size_t)a & (f->cap - 1);
  for (;; j = (j + 1) & (f->cap - 1)) {
    uint64_t *e = &f->slots[2 * j];
    if (!e[0] && !e[1])
      break;
    if (e[0] == a && e[1] == b)
      return 1;
  }
  f->slots[2 * j] = a;
  f->slots[2 * j + 1] = b;
  f->n++;
  return 0;
}

void ng_fp_set_free(ng_fp_set *f) {
  free(f->slots);
  f->slots = NULL;
  f->n = f->cap = 0;
}

#define FP_SEED2 0x84222325cbf29ce4ULL

static void fp_more(uint64_t h[2], const void *p, size_t n) {
  h[0] = ng_hash64_more(h[0], p, n);
  h[1] = ng_hash64_more(h[1], p, n);
  /* a separator, so ("ab","c") and ("a","bc") differ */
  h[0] = ng_hash64_more(h[0], "\x1f", 1);
  h[1] = ng_hash64_more(h[1] * 0x9e3779b97f4a7c15ULL, "\x1e", 1);
}

static void fp_term(uint64_t h[2], const raptor_term *t) {
  unsigned char kind = (unsigned char)t->type;
  size_t n;
  const unsigned char *v;
  fp_more(h, &kind, 1);
  switch (t->type) {
  case RAPTOR_TERM_TYPE_URI:
    v = raptor_uri_as_counted_string(t->value.uri, &n);
    fp_more(h, v, n);
    break;
  case RAPTOR_TERM_TYPE_BLANK:
    fp_more(h, t->value.blank.string, t->value.blank.string_len);
    break;
  case RAPTOR_TERM_TYPE_LITERAL:
    fp_more(h, t->value.literal.string, t->value.literal.string_len);
    if (t->value.literal.language)
      fp_more(h, t->value.literal.language, t->value.literal.language_len);
    else
      fp_more(h, "", 0);
    if (t->value.literal.datatype) {
      v = raptor_uri_as_counted_string(t->value.literal.datatype, &n);
      fp_more(h, v, n);
    } else {
      fp_more(h, "", 0);
    }
    break;
  case RAPTOR_TERM_TYPE_UNKNOWN:
  default:
    break;
  }
}

void ng_fp_statement(uint64_t h[2], const raptor_statement *st) {
  h[0] = NG_HASH64_INIT;
  h[1] = FP_SEED2;
  fp_term(h, st->subject);
  fp_term(h, st->predicate);
  fp_term(h, st->object);
}

/* ------------------------------------------------------------------ */
/* Adding statements to a graph                                        */
/* ------------------------------------------------------------------ */

/* The state of one load: the graph being filled, duplicates, counts. */
typedef struct load_state {
  ng_store *s;
  librdf_node *graph;     /* current graph node */
  ng_fp_set seen;            /* statements of the current run of GRAPH */
  int revisit;            /* GRAPH was cleared earlier in this load */
  ng_map graphs;          /* graph IRIs cleared by this load */
  ng_arena arena;         /* keys of GRAPHS */
  size_t n_articles, n_triples;
  ng_status st;           /* the first error */
  raptor_parser *parser;
  int warned_boolean;     /* the xsd:boolean warning was given */
} load_state;

static void load_init(load_state *ls, ng_store *s) {
  static unsigned long counter;
  memset(ls, 0, sizeof *ls);
  ls->s = s;
  ng_map_init(&ls->graphs);
  ng_arena_init(&ls->arena, 0);
  /* blank node labels are local to a file: make them unique per load so
   * that _:b1 of two files never merge in the store */
  uint64_t h = ng_hash64(&ls, sizeof ls);
  unsigned long c = ++counter;
  long pid = (long)getpid();
  time_t now = time(NULL);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  h = ng_hash64_more(h, &c, sizeof c);
  h = ng_hash64_more(h, &pid, sizeof pid);
  h = ng_hash64_more(h, &now, sizeof now);
  h = ng_hash64_more(h, &ts.tv_nsec, sizeof ts.tv_nsec);
  snprintf(s->bnode_prefix, sizeof s->bnode_prefix, "ng%016llx",
           (unsigned long long)h);
  s->bnode_count = 0;
}

static void load_free(load_state *ls) {
  if (ls->graph)
    librdf_free_node(ls->graph);
  ng_fp_set_free(&ls->seen);
  ng_map_free(&ls->graphs);
  ng_arena_free(&ls->arena);
}

/* Switches the current graph to IRI, clearing it the first time this load
 * sees it. */
static ng_status load_set_graph(load_state *ls, const unsigned char *iri,
                                size_t len) {
  ng_store *s = ls->s;
  if (ls->graph) {
    size_t cur_len;
    const unsigned char *cur = librdf_uri_as_counted_string(
        librdf_node_get_uri(ls->graph), &cur_len);
    if (cur_len == len && !memcmp(cur, iri, len))
      return NG_OK;
    librdf_free_node(ls->graph);
    ls->graph = NULL;
  }
  ng_fp_set_clear(&ls->seen);
  ls->graph = librdf_new_node_from_counted_uri_string(s->rdf, iri, len);
  if (!ls->graph)
    return NG_ERR_NOMEM;
  ng_map_entry *e =
      ng_map_slot(&ls->graphs, &ls->arena, (const char *)iri, len);
  if (!e)
    return NG_ERR_NOMEM;
  ls->revisit = e->value != NULL;
  if (!ls->revisit) {
    e->value = ls; /* any non-NULL marker */
    ls->n_articles++;
    /* the old graph may wait in the batch (stored twice in a session) */
    int queued = s->bulk ? ng_bulk_has_graph(s->bulk, ls->graph) : 0;
    if (queued < 0)
      return NG_ERR_NOMEM;
    ng_status st = queued ? ng_store_sync_writes(s) : NG_OK;
    if (st)
      return st;
    if (librdf_model_context_remove_statements(s->model, ls->graph)) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
             "cannot remove the old graph <%.*s>", (int)len,
             (const char *)iri);
      return NG_ERR_STORE;
    }
  }
  return s->bulk ? ng_bulk_set_graph(s->bulk, ls->graph) : NG_OK;
}

/* Adds ST to the current graph unless it is there already. */
static long parser_line(load_state *ls);

/* librdf 1.0.17 rewrites an xsd:boolean literal each time it decodes one
 * (librdf_node_normalize(): "1" reads back as "true", "0" and any other
 * form as "false"), which the hashes and sqlite stores do on every read;
 * the memory store's evaluator reads the statements as added.  Warns
 * once per load when a literal will not read back as written. */
static void warn_boolean(load_state *ls, const raptor_term *o) {
  if (ls->warned_boolean || ls->s->kind == NG_STORE_MEMORY ||
      o->type != RAPTOR_TERM_TYPE_LITERAL || !o->value.literal.datatype)
    return;
  const char *dt =
      (const char *)raptor_uri_as_string(o->value.literal.datatype);
  const char *v = (const char *)o->value.literal.string;
  if (strcmp(dt, "http://www.w3.org/2001/XMLSchema#boolean") ||
      !strcmp(v, "true") || !strcmp(v, "false"))
    return;
  ls->warned_boolean = 1;
  ng_log(ls->s->world, NG_LOG_WARN, NG_ERR_INPUT, "store",
         ls->parser ? parser_line(ls) : 0, 0,
         "\"%.40s\"^^xsd:boolean will read back from this store as "
         "\"%s\" (librdf rewrites xsd:boolean literals; the memory "
         "store keeps them as written)",
         v, !strcmp(v, "1") || !strcmp(v, "TRUE") ? "true" : "false");
}

static ng_status load_add(load_state *ls, librdf_statement *st) {
  uint64_t h[2];
  ng_fp_statement(h, st);
  int dup = ng_fp_set_add(&ls->seen, h[0], h[1]);
  if (dup < 0)
    return NG_ERR_NOMEM;
  if (dup)
    return NG_OK;
  if (ls->revisit) {
    /* the graph came back after others: ask the store (rare), with the
     * batch written first */
    ng_status rc = ng_store_sync_writes(ls->s);
    if (rc)
      return rc;
    librdf_stream *str =
        librdf_model_find_statements_in_context(ls->s->model, st, ls->graph);
    int there = str && !librdf_stream_end(str);
    if (str)
      librdf_free_stream(str);
    if (there)
      return NG_OK;
  }
  warn_boolean(ls, st->object);
  if (ls->s->bulk) {
    ng_status rc = ng_bulk_add(ls->s->bulk, st);
    if (!rc && ng_bulk_full(ls->s->bulk))
      rc = ng_store_sync_writes(ls->s);
    if (rc)
      return rc;
  } else if (librdf_model_context_add_statement(ls->s->model, ls->graph,
                                                st)) {
    ng_log(ls->s->world, NG_LOG_ERROR, NG_ERR_STORE, "store", 0, 0,
           "cannot add a statement to the store%s%s",
           ls->s->last_error[0] ? ": " : "", ls->s->last_error);
    return NG_ERR_STORE;
  }
  ls->n_triples++;
  return NG_OK;
}

static long parser_line(load_state *ls) {
  raptor_locator *loc = raptor_parser_get_locator(ls->parser);
  return loc && loc->line > 0 ? loc->line : 0;
}

static void load_fail(load_state *ls, ng_status st) {
  if (!ls->st)
    ls->st = st;
  raptor_parser_parse_abort(ls->parser);
}

/* A term with blank node labels made unique to this load: raptor keeps
 * the labels of N-Triples and N-Quads as written, so _:b1 of two files
 * would be one node.  NULL when out of memory; T itself when no change. */
static raptor_term *load_term(load_state *ls, raptor_term *t) {
  if (!t || t->type != RAPTOR_TERM_TYPE_BLANK)
    return t;
  ng_store *s = ls->s;
  size_t a = strlen(s->bnode_prefix), b = t->value.blank.string_len;
  unsigned char *id = malloc(a + b + 2);
  if (!id)
    return NULL;
  memcpy(id, s->bnode_prefix, a);
  id[a] = 'x';
  memcpy(id + a + 1, t->value.blank.string, b);
  id[a + 1 + b] = '\0';
  raptor_term *n = raptor_new_term_from_counted_blank(t->world, id, a + 1 + b);
  free(id);
  return n;
}

/* Adds ST (its blank nodes relabelled) to the current graph. */
static ng_status load_add_relabelled(load_state *ls, raptor_statement *st) {
  if (st->subject->type != RAPTOR_TERM_TYPE_BLANK &&
      st->object->type != RAPTOR_TERM_TYPE_BLANK)
    return load_add(ls, st);
  raptor_term *sub = load_term(ls, st->subject);
  raptor_term *obj = load_term(ls, st->object);
  ng_status rc = NG_ERR_NOMEM;
  if (sub && obj) {
    raptor_statement copy = *st;
    copy.subject = sub;
    copy.object = obj;
    rc = load_add(ls, &copy);
  }
  if (sub && sub != st->subject)
    raptor_free_term(sub);
  if (obj && obj != st->object)
    raptor_free_term(obj);
  return rc;
}

static void on_quad(void *user_data, raptor_statement *st) {
  load_state *ls = user_data;
  if (ls->st)
    return;
  if (!st->graph || st->graph->type != RAPTOR_TERM_TYPE_URI) {
    ng_log(ls->s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store",
           parser_line(ls), 0,
           "%s outside any named graph: every triple of a newsgraph store "
           "belongs to its article's graph",
           st->graph ? "a statement in a blank-node graph is"
                     : "a triple is");
    load_fail(ls, NG_ERR_INPUT);
    return;
  }
  size_t len;
  const unsigned char *g =
      raptor_uri_as_counted_string(st->graph->value.uri, &len);
  ng_status rc = load_set_graph(ls, g, len);
  if (!rc)
    rc = load_add_relabelled(ls, st);
  if (rc)
    load_fail(ls, rc);
}

/* First pass over a triples file: the articles in it (store_internal.h). */
static int is_uri(const raptor_term *t, const char *iri) {
  size_t n;
  const unsigned char *v;
  if (t->type != RAPTOR_TERM_TYPE_URI)
    return 0;
  v = raptor_uri_as_counted_string(t->value.uri, &n);
  return n == strlen(iri) && !memcmp(v, iri, n);
}

void ng_article_scan_statement(void *user_data, raptor_statement *st) {
  ng_article_scan *sc = user_data;
  if (!is_uri(st->predicate, RDF_TYPE) || !is_uri(st->object, NG_NS_ARTICLE))
    return;
  if (st->subject->type != RAPTOR_TERM_TYPE_URI) {
    sc->blank = 1;
    return;
  }
  size_t n;
  const unsigned char *v =
      raptor_uri_as_counted_string(st->subject->value.uri, &n);
  if (!sc->first && !sc->nomem) {
    sc->first = ng_strndup((const char *)v, n);
    if (!sc->first)
      sc->nomem = 1;
    sc->n = 1;
  } else if (sc->n == 1 && sc->first &&
             (strlen(sc->first) != n || memcmp(sc->first, v, n))) {
    sc->n = 2;
  }
}

static void on_triple(void *user_data, raptor_statement *st) {
  load_state *ls = user_data;
  if (ls->st)
    return;
  ng_status rc = load_add_relabelled(ls, st);
  if (rc)
    load_fail(ls, rc);
}

int ng_rdf_deny_uri(void *user_data, raptor_uri *uri) {
  (void)user_data;
  (void)uri;
  return 1; /* non-zero: raptor does not fetch it */
}

raptor_parser *ng_rdf_new_parser(raptor_world *rw, const char *name) {
  raptor_parser *p = raptor_new_parser(rw, name);
  if (!p)
    return NULL;
  raptor_parser_set_uri_filter(p, ng_rdf_deny_uri, NULL);
  if (raptor_parser_set_option(p, RAPTOR_OPTION_NO_NET, NULL, 1) ||
      raptor_parser_set_option(p, RAPTOR_OPTION_NO_FILE, NULL, 1) ||
      raptor_parser_set_option(p, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, NULL,
                               0)) {
    /* every parser we name (N-Triples, N-Quads, Turtle, TriG, RDF/XML)
     * knows these options; one that did not could not be guarded */
    raptor_free_parser(p);
    return NULL;
  }
  return p;
}

raptor_uri *ng_rdf_file_base(raptor_world *rw, const char *path) {
  unsigned char *base_str = raptor_uri_filename_to_uri_string(path);
  raptor_uri *base =
      base_str ? raptor_new_uri(rw, base_str)
               : raptor_new_uri(rw, (const unsigned char *)"file:///");
  raptor_free_memory(base_str);
  return base;
}

static const char *guess_syntax(const char *path) {
  static const struct {
    const char *ext, *syntax;
  } ext[] = {{".nq", "nquads"},    {".nquads", "nquads"},
             {".nt", "ntriples"},  {".ntriples", "ntriples"},
             {".ttl", "turtle"},   {".turtle", "turtle"},
             {".rdf", "rdfxml"},   {".xml", "rdfxml"},
             {".owl", "rdfxml"}};
  size_t n = strlen(path);
  for (size_t i = 0; i < NG_ARRAY_LEN(ext); i++) {
    size_t m = strlen(ext[i].ext);
    if (n > m && !strcmp(path + n - m, ext[i].ext))
      return ext[i].syntax;
  }
  return NULL;
}

static const char *parser_name(const char *syntax) {
  static const char *const names[][2] = {
      {"nquads", "nquads"},     {"nq", "nquads"},
      {"ntriples", "ntriples"}, {"nt", "ntriples"},
      {"turtle", "turtle"},     {"ttl", "turtle"},
      {"rdfxml", "rdfxml"},     {"xml", "rdfxml"}};
  for (size_t i = 0; i < NG_ARRAY_LEN(names); i++)
    if (!strcmp(syntax, names[i][0]))
      return names[i][1];
  return NULL;
}

ng_status ng_rdf_open(ng_store *s, const char *path, const char *syntax,
                      const char **name, FILE **fp) {
  *name = NULL;
  *fp = NULL;
  if (!syntax)
    syntax = guess_syntax(path);
  if (!syntax) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_ARG, "store", 0, 0,
           "cannot tell the RDF syntax of %s from its name; give one "
           "(nquads, ntriples, turtle, rdfxml)",
           path);
    return NG_ERR_ARG;
  }
  *name = parser_name(syntax);
  if (!*name) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_ARG, "store", 0, 0,
           "unknown RDF syntax '%s' (use nquads, ntriples, turtle or "
           "rdfxml)",
           syntax);
    return NG_ERR_ARG;
  }
  *fp = fopen(path, "rb");
  if (!*fp) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_IO, "store", 0, 0,
           "cannot open %s: %s", path, strerror(errno));
    return NG_ERR_IO;
  }
  return NG_OK;
}

/* Parses FP once with HANDLER.  Errors are logged by the parser. */
static ng_status parse_pass(load_state *ls, const char *name, FILE *fp,
                            const char *path, raptor_statement_handler fn,
                            void *ud) {
  ng_store *s = ls->s;
  raptor_world *rw = librdf_world_get_raptor(s->rdf);
  raptor_parser *p = ng_rdf_new_parser(rw, name);
  ng_status st = NG_OK;
  if (!p)
    return NG_ERR_NOMEM;
  ls->parser = p;
  raptor_parser_set_statement_handler(p, ud, fn);

  /* the base URI only resolves relative IRIs (RDF/XML, Turtle) */
  raptor_uri *base = ng_rdf_file_base(rw, path);
  if (!base) {
    raptor_free_parser(p);
    ls->parser = NULL;
    return NG_ERR_NOMEM;
  }
  log_context(s, "rdf", NG_ERR_RDF);
  int rc = raptor_parser_parse_file_stream(p, fp, path, base);
  if (ls->st)
    st = ls->st;
  else if (rc || s->log_errors)
    st = NG_ERR_RDF;
  raptor_free_uri(base);
  raptor_free_parser(p);
  ls->parser = NULL;
  log_context(s, "store", NG_ERR_STORE);
  return st;
}

ng_status ng_store_load_file(ng_store *s, const char *path,
                             const char *syntax, size_t *n_articles,
                             size_t *n_triples) {
  return ng_store_load_file_graphs(s, path, syntax, NULL, NULL, n_articles,
                                   n_triples);
}

/* Calls FN for each graph LS cleared and loaded. */
static ng_status report_graphs(const load_state *ls, ng_store_graph_fn fn,
                               void *ctx) {
  char *buf = NULL;
  size_t cap = 0;
  for (size_t i = 0; i < ls->graphs.cap; i++) {
    const ng_map_entry *e = &ls->graphs.slots[i];
    if (!e->key)
      continue;
    if ((size_t)e->key_len + 1 > cap) {
      char *b = realloc(buf, (size_t)e->key_len + 1);
      if (!b) {
        free(buf);
        return NG_ERR_NOMEM;
      }
      buf = b;
      cap = (size_t)e->key_len + 1;
    }
    memcpy(buf, e->key, e->key_len);
    buf[e->key_len] = '\0';
    fn(ctx, buf);
  }
  free(buf);
  return NG_OK;
}

ng_status ng_store_load_file_graphs(ng_store *s, const char *path,
                                    const char *syntax, ng_store_graph_fn fn,
                                    void *ctx, size_t *n_articles,
                                    size_t *n_triples) {
  if (n_articles)
    *n_articles = 0;
  if (n_triples)
    *n_triples = 0;
  if (!s || !path)
    return NG_ERR_ARG;
  if (s->kind == NG_STORE_VIRTUOSO)
    return ng_virtuoso_load_file(s, path, syntax, n_articles, n_triples);
  const char *name = NULL;
  FILE *fp = NULL;
  ng_status pst = ng_rdf_open(s, path, syntax, &name, &fp);
  if (pst)
    return pst;
  ng_status st = begin_write(s);
  if (st) {
    fclose(fp);
    return st;
  }

  load_state ls;
  load_init(&ls, s);
  ng_article_scan sc = {NULL, 0, 0, 0};
  if (!strcmp(name, "nquads")) {
    st = parse_pass(&ls, name, fp, path, on_quad, &ls);
  } else {
    /* a triples file has no graph names: it must hold one article, whose
     * graph it becomes.  Find it first, then load. */
    st = parse_pass(&ls, name, fp, path, ng_article_scan_statement, &sc);
    if (!st && sc.nomem)
      st = NG_ERR_NOMEM;
    if (!st && (sc.n != 1 || sc.blank)) {
      if (sc.n > 1)
        ng_log(s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store", 0, 0,
               "%s holds several articles and %s has no graph names; "
               "extract with --format nquads to load them",
               path, syntax);
      else
        ng_log(s->world, NG_LOG_ERROR, NG_ERR_INPUT, "store", 0, 0,
               "%s has no article (no IRI typed ng:Article), so its graph "
               "is unknown; extract with --format nquads to load it",
               path);
      st = NG_ERR_INPUT;
    }
    if (!st && fseek(fp, 0, SEEK_SET)) {
      ng_log(s->world, NG_LOG_ERROR, NG_ERR_IO, "store", 0, 0,
             "%s cannot be read twice (%s); a triples file must be a "
             "regular file",
             path, strerror(errno));
      st = NG_ERR_IO;
    }
    if (!st)
      st = load_set_graph(&ls, (const unsigned char *)sc.first,
                          strlen(sc.first));
    if (!st)
      st = parse_pass(&ls, name, fp, path, on_triple, &ls);
  }
  if (!st && ferror(fp)) {
    ng_log(s->world, NG_LOG_ERROR, NG_ERR_IO, "store", 0, 0,
           "error reading %s", path);
    st = NG_ERR_IO;
  }
  fclose(fp);
  free(sc.first);
  if (!st) {
    st = commit_write(s);
  } else {
    ng_log(s->world, NG_LOG_ERROR, st, "store", 0, 0,
           "%s was not loaded; the store is unchanged", path);
    rollback_write(s);
  }
  if (!st) {
    if (n_articles)
      *n_articles = ls.n_articles;
    if (n_triples)
      *n_triples = ls.n_triples;
    if (fn && ls.graphs.slots)
      st = report_graphs(&ls, fn, ctx);
  }
  load_free(&ls);
  return st;
}

/* ------------------------------------------------------------------ */
/* Adding an analysed document                                         */
/* ------------------------------------------------------------------ */

typedef struct doc_state {
  ng_store *s;
  ng_vec stmts;        /* librdf_statement * */
  char prefix[40];     /* blank node prefix unique to this doc */
} doc_state;

static librdf_node *term_node(doc_state *ds, const ng_term *t) {
  librdf_world *rdf = ds->s->rdf;
  const unsigned char *v = (const unsigned char *)t->value;
  switch (t->kind) {
  case NG_TERM_IRI:
    return librdf_new_node_from_counted_uri_string(rdf, v, t->len);
  case NG_TERM_BLANK: {
    size_t a = strlen(ds->prefix);
    unsigned char *id = malloc(a + t->len + 2);
    if (!id)
      return NULL;
    memcpy(id, ds->prefix, a);
    id[a] = 'x';
    memcpy(id + a + 1, v, t->len);
    id[a + 1 + t->len] = '\0';
    librdf_node *n = librdf_new_node_from_blank_identifier(rdf, id);
    free(id);
    return n;
  }
  case NG_TERM_LITERAL: {
    librdf_uri *dt = NULL;
    if (t->datatype && !t->lang) {
      dt = librdf_new_uri(rdf, (const unsigned char *)t->datatype);
      if (!dt)
        return NULL;
    }
    librdf_node *n = librdf_new_node_from_typed_counted_literal(
        rdf, v, t->len, t->lang, t->lang ? strlen(t->lang) : 0, dt);
    if (dt)
      librdf_free_uri(dt);
    return n;
  }
  default:
    return NULL;
  }
}

static ng_status on_doc_triple(void *user_data, const ng_term *s,
                               const ng_term *p, const ng_term *o,
                               const ng_term *graph) {
  doc_state *ds = user_data;
  (void)graph; /* the doc's graph is ng_doc_iri() */
  librdf_node *ns = term_node(ds, s), *np = term_node(ds, p),
              *no = term_node(ds, o);
  if (!ns || !np || !no) {
    if (ns)
      librdf_free_node(ns);
    if (np)
      librdf_free_node(np);
    if (no)
      librdf_free_node(no);
    return NG_ERR_NOMEM;
  }
  librdf_statement *st = librdf_new_statement_from_nodes(ds->s->rdf, ns, np,
                                                         no); /* owns them */
  if (!st)
    return NG_ERR_NOMEM;
  librdf_statement **slot =
      ng_vec_push(&ds->stmts, sizeof *slot, (size_t)1 << 28);
  if (!slot) {
    librdf_free_statement(st);
    return NG_ERR_NOMEM;
  }
  *slot = st;
  return NG_OK;
}

ng_status ng_store_add_doc(ng_store *s, const ng_doc *doc) {
  if (!s || !doc)
    return NG_ERR_ARG;
  if (s->kind == NG_STORE_VIRTUOSO)
    return ng_virtuoso_add_doc(s, doc);
  const char *iri = ng_doc_iri(doc);
  if (!iri || !*iri)
    return NG_ERR_ARG;

  /* collect the whole graph first: an emission that fails half-way then
   * leaves the article's old graph untouched */
  doc_state ds;
  memset(&ds, 0, sizeof ds);
  ds.s = s;
  load_state ls;
  load_init(&ls, s);
  memcpy(ds.prefix, s->bnode_prefix, sizeof ds.prefix);
  ng_status st = ng_doc_emit(s->world, doc, on_doc_triple, &ds);
  if (!st)
    st = begin_write(s);
  if (!st)
    st = load_set_graph(&ls, (const unsigned char *)iri, strlen(iri));
  for (size_t i = 0; !st && i < ds.stmts.n; i++)
    st = load_add(&ls, NG_VEC_AT(&ds.stmts, librdf_statement *, i));
  if (st && s->staged && st != NG_ERR_NOMEM) {
    /* the staged copy may hold half a graph now: drop the session */
    ng_log(s->world, NG_LOG_ERROR, st, "store", 0, 0,
           "the article <%s> could not be stored; the uncommitted changes "
           "to %s were dropped",
           iri, s->spec);
    rollback_write(s);
  }
  for (size_t i = 0; i < ds.stmts.n; i++)
    librdf_free_statement(NG_VEC_AT(&ds.stmts, librdf_statement *, i));
  ng_vec_free(&ds.stmts);
  load_free(&ls);
  return st;
}
