/* child.c - a subcommand in a child process, with a deadline.
 *
 * fork() in a threaded program leaves the child with one thread and
 * whatever locks the others held, so between fork and exec the child
 * only calls async-signal-safe functions (dup2, close, sigprocmask,
 * sigaction, setrlimit, execv); everything it needs is prepared before
 * the fork, and the pipes are made close-on-exec so that children
 * started by other threads do not inherit them. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ng_child_result_free(ng_child_result *r) {
  if (!r)
    return;
  ng_cli_buf_free(&r->out);
  ng_cli_buf_free(&r->err);
}

static void close_fd(int *fd) {
  if (*fd >= 0)
    close(*fd);
  *fd = -1;
}

/* In the child, before exec: async-signal-safe calls only. */
static void exec_child(const char *exe, char *const argv[], int in, int out,
                       int err, long max_memory_mb, pid_t parent) {
#ifdef __linux__
  /* killed when the server goes, even by SIGKILL; if it went before
   * this line, the parent is no longer PARENT */
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
    _exit(127);
#else
  (void)parent;
#endif
  sigset_t none;
  struct sigaction dfl;
  sigemptyset(&none);
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  /* the server ignores SIGPIPE and blocks its stop signals */
  sigaction(SIGPIPE, &dfl, NULL);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
    _exit(127);
  if (max_memory_mb > 0) {
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)max_memory_mb * 1024 * 1024;
    setrlimit(RLIMIT_AS, &rl);
  }
  if (exe)
    execv(exe, argv);
  else
    execvp(argv[0], argv);
  _exit(127);
}

void ng_child_run(const char *exe, char *const argv[], const char *input,
                  size_t len, const ng_child_limits *lim, ng_child_result *r) {
  int pin[2] = {-1, -1}, pout[2] = {-1, -1}, perr[2] = {-1, -1};
  memset(r, 0, sizeof *r);
  r->status = NG_CHILD_FAILED;
  if (pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC) ||
      pipe2(perr, O_CLOEXEC)) {
    ng_cli_buf_printf(&r->err, "cannot make pipes: %s", strerror(errno));
    goto done;
  }
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    ng_cli_buf_printf(&r->err, "cannot start a process: %s", strerror(errno));
    goto done;
  }
  if (pid == 0)
    exec_child(exe, argv, pin[0], pout[1], perr[1], lim->max_memory_mb,
               parent);
  close_fd(&pin[0]);
  close_fd(&pout[1]);
  close_fd(&perr[1]);
  fcntl(pin[1], F_SETFL, O_NONBLOCK);
  if (!len)
    close_fd(&pin[1]);

  double deadline = now() + lim->seconds;
  size_t written = 0;
  int killed = 0;
  while (pout[0] >= 0 || perr[0] >= 0) {
    struct pollfd fds[4];
    int nf = 0, iw = -1, io = -1, ie = -1, ic = -1;
    if (lim->client_fd >= 0) {
      ic = nf;
      fds[nf++] = (struct pollfd){lim->client_fd, POLLRDHUP, 0};
    }
    if (pin[1] >= 0) {
      iw = nf;
      fds[nf++] = (struct pollfd){pin[1], POLLOUT, 0};
    }
    if (pout[0] >= 0) {
      io = nf;
      fds[nf++] = (struct pollfd){pout[0], POLLIN, 0};
    }
    if (perr[0] >= 0) {
      ie = nf;
      fds[nf++] = (struct pollfd){perr[0], POLLIN, 0};
    }
    double left = deadline - now();
    if (left <= 0) {
      killed = NG_CHILD_TIMEOUT;
      break;
    }
    int k = poll(fds, (nfds_t)nf, (int)(left * 1000) + 1);
    if (k < 0 && errno == EINTR)
      continue;
    if (k < 0)
      break;
    if (ic >= 0 &&
        (fds[ic].revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))) {
      killed = NG_CHILD_GONE;
      break;
    }
    if (iw >= 0 && fds[iw].revents) {
      ssize_t w = write(pin[1], input + written, len - written);
      if (w > 0)
        written += (size_t)w;
      if ((w < 0 && errno != EAGAIN && errno != EINTR) || written == len)
        close_fd(&pin[1]); /* done, or the child stopped reading */
    }
    char chunk[65536];
    if (io >= 0 && fds[io].revents) {
      ssize_t n = read(pout[0], chunk, sizeof chunk);
      if (n > 0)
        ng_cli_buf_add(&r->out, chunk, (size_t)n);
      else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        close_fd(&pout[0]);
      if (r->out.len > lim->max_output) {
        killed = NG_CHILD_TOOBIG;
        break;
      }
    }
    if (ie >= 0 && fds[ie].revents) {
      ssize_t n = read(perr[0], chunk, sizeof chunk);
      if (n > 0 && r->err.len < 65536)
        ng_cli_buf_add(&r->err, chunk, (size_t)n);
      else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        close_fd(&perr[0]);
    }
  }
  if (killed)
    kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (killed)
    r->status = killed;
  else if (WIFEXITED(status))
    r->status = WEXITSTATUS(status);
  else
    r->status = NG_CHILD_FAILED;
  if (r->out.failed || r->err.failed)
    r->status = NG_CHILD_FAILED;
done:
  close_fd(&pin[0]);
  close_fd(&pin[1]);
  close_fd(&pout[0]);
  close_fd(&pout[1]);
  close_fd(&perr[0]);
  close_fd(&perr[1]);
}
