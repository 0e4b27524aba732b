#!/usr/bin/env python3
"""make bench: newsgraph extract over the Wikinews corpus repeated to at
least a million words, to N-Triples, beside the floor of merely reading
the text (wc -w) and merely parsing the triples (rapper -c).

It is a benchmark, not a test: it prints one table and exits 0 whatever
the numbers (a missing tool shows as n/a).  Times are wall clock and, in
brackets, CPU (user + system) of the process: on a busy machine the CPU
figure is the steadier one.  Peak memory is the kernel's (wait4
ru_maxrss, what /usr/bin/time -f %M reports).
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TABARI_WORDS_PER_S = 421000  # TABARI on the same Wikinews corpus, 1 core


def run(cmd, stdin=None, stdout=None, env=None):
    """Runs CMD; returns (wall s, cpu s, peak RSS KiB, exit code, stderr)."""
    t0 = time.perf_counter()
    err = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # the child: plain exec, so wait4 sees only it
        try:
            if stdin is not None:
                os.dup2(stdin.fileno(), 0)
            if stdout is not None:
                os.dup2(stdout.fileno(), 1)
            os.dup2(err.fileno(), 2)
            if env is not None:
                os.execvpe(cmd[0], cmd, env)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    err.close()
    code = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, code, text


def py_words(path):
    """Words of the articles' texts, runs between white space."""
    n = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                n += len(json.loads(line)["text"].split())
    return n


def stats_of(text):
    for line in text.splitlines():
        if line.startswith("stats "):
            return dict(kv.split("=", 1) for kv in line.split()[1:])
    return {}


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores, %s %s" % (cpu, os.cpu_count() or 1,
                                    platform.system(), platform.release())


def fmt_rate(x):
    if x is None:
        return "n/a"
    if x >= 1e6:
        return "%.2fM" % (x / 1e6)
    if x >= 1e3:
        return "%.0fk" % (x / 1e3)
    return "%.0f" % x


def fmt_ratio(a, b):
    return "%.2fx" % (a / b) if a and b else "n/a"


def write_corpus(src, path, copies, texts=None):
    """COPIES of every article of SRC with fresh ids into PATH (and their
    texts, one after another, into TEXTS)."""
    with open(src, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    tf = open(texts, "w", encoding="utf-8") if texts else None
    with open(path, "w", encoding="utf-8") as out:
        for k in range(copies):
            for r in recs:
                r2 = dict(r)
                r2["id"] = "%s-copy%d" % (r["id"], k)
                out.write(json.dumps(r2, ensure_ascii=False) + "\n")
                if tf:
                    tf.write(r["text"] + "\n")
    if tf:
        tf.close()
    return len(recs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--srcdir", default=".")
    ap.add_argument("--builddir", default=".")
    ap.add_argument("--words", type=int, default=1000000,
                    help="at least this many words in the 1x input")
    ap.add_argument("--scale", type=int, default=10,
                    help="the large run for peak memory: SCALE x the input "
                    "(0: skip it)")
    ap.add_argument("--jobs", default="2",
                    help="comma-separated -j values to time besides 1")
    ap.add_argument("--rapper", default=shutil.which("rapper") or "rapper")
    ap.add_argument("--keep", action="store_true",
                    help="keep the work directory")
    a = ap.parse_args()

    real = os.path.join(a.builddir, "src", ".libs", "newsgraph")
    env = dict(os.environ)
    env.setdefault("NEWSGRAPH_DATA_DIR", os.path.join(a.srcdir, "data"))
    env["NEWSGRAPH_NO_USER_ACTORS"] = "1"
    if os.path.exists(real):
        # the binary itself, not libtool's wrapper script (whose start-up
        # is a shell's)
        tool = real
        lib = os.path.join(a.builddir, "src", ".libs")
        env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"]
                                        if env.get("LD_LIBRARY_PATH") else "")
    else:
        tool = os.path.join(a.builddir, "src", "newsgraph")
    corpus = os.path.join(a.srcdir, "tests", "data", "wikinews",
                          "wikinews.jsonl")
    work = tempfile.mkdtemp(prefix="ngbench.")
    try:
        # the 1x input: enough copies for the words asked for
        one = os.path.join(work, "one.jsonl")
        write_corpus(corpus, one, 1)
        _, _, _, code, e = run([tool, "extract", "--stats", "-f", "nt",
                                "--no-progress", one],
                               stdout=open(os.devnull, "w"), env=env)
        # a build before --stats (for before/after figures): counted here
        old_tool = code == 3
        flags = [] if old_tool else ["--stats", "--no-progress"]
        w1 = (py_words(one) if old_tool
              else int(stats_of(e).get("words", "0") or 0))
        copies = max(1, -(-a.words // w1)) if w1 else 5
        inp = os.path.join(work, "in.jsonl")
        txt = os.path.join(work, "in.txt")
        n_art = write_corpus(corpus, inp, copies, txt) * copies
        nt = os.path.join(work, "out.nt")

        # start-up: an empty input, best of several
        empty = os.path.join(work, "empty.jsonl")
        open(empty, "w").close()
        starts = [run([tool, "extract", "-f", "nt"] + flags + [empty],
                      stdout=open(os.devnull, "w"), env=env)
                  for _ in range(7)]
        start_wall = min(s[0] for s in starts)
        start_cpu = min(s[1] for s in starts)
        loads = [float(stats_of(s[4]).get("load_s", "nan")) for s in starts]
        load_s = min(loads)
        start_rss = max(s[2] for s in starts)

        # the 1x run
        with open(nt, "w") as o:
            wall, cpu, rss, code, e = run(
                [tool, "extract", "-f", "nt"] + flags + [inp], stdout=o,
                env=env)
        st = stats_of(e)
        words = int(st.get("words", 0)) or py_words(inp)
        sents = int(st.get("sentences", 0))
        triples = int(st.get("triples", 0))
        if not triples:
            with open(nt, "rb") as f:
                triples = sum(1 for _ in f)
        ok = code == 0 and words > 0

        # baselines: wc -w over the texts, rapper over the triples
        with open(os.devnull, "w") as dn:
            wc = run(["wc", "-w", txt], stdout=dn)
        wc_words = words  # the same text; wc's own count may differ a bit
        try:
            with open(os.devnull, "w") as dn:
                rp = run([a.rapper, "-q", "-i", "ntriples", "-c", nt],
                         stdout=dn)
            rp_ok = rp[3] == 0
        except OSError:
            rp, rp_ok = None, False

        # threads
        jobs = []
        for j in [x for x in a.jobs.split(",") if x.strip()]:
            if old_tool:
                break
            r = run([tool, "extract", "-f", "nt", "--stats", "--no-progress",
                     "-j", j.strip(), inp], stdout=open(os.devnull, "w"),
                    env=env)
            jobs.append((j.strip(), r))

        # peak memory at SCALE x the input, streamed through a pipe
        big = None
        if a.scale > 0:
            with open(inp, "rb") as f:
                data = f.read()
            r_fd, w_fd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r_fd)
                with os.fdopen(w_fd, "wb") as wf:
                    for k in range(a.scale):
                        for line in data.splitlines(True):
                            rec = json.loads(line)
                            rec["id"] = "%s-x%d" % (rec["id"], k)
                            wf.write((json.dumps(rec, ensure_ascii=False) +
                                      "\n").encode("utf-8"))
                os._exit(0)
            os.close(w_fd)
            with os.fdopen(r_fd, "rb") as rf:
                big = run([tool, "extract", "-f", "nt"] + flags +
                          ["--input-format", "jsonl", "-"],
                          stdin=rf, stdout=open(os.devnull, "w"), env=env)
            os.waitpid(pid, 0)

        # the table
        def rate(n, t):
            return n / t if t and n else None

        rows = []
        wps, wps_cpu = rate(words, wall), rate(words, cpu)
        wc_rate = rate(wc_words, wc[0])
        rows.append(("words/s", "%s (%s)" % (fmt_rate(wps), fmt_rate(wps_cpu)),
                     "wc -w: %s" % fmt_rate(wc_rate),
                     fmt_ratio(wps, wc_rate)))
        rows.append(("sentences/s", "%s (%s)" % (fmt_rate(rate(sents, wall)),
                                                 fmt_rate(rate(sents, cpu))),
                     "", ""))
        load_txt = "n/a" if load_s != load_s else "%.0f ms" % (1000 * load_s)
        rp_rate = rate(triples, rp[0]) if rp_ok else None
        rows.append(("triples/s", "%s (%s)" % (fmt_rate(rate(triples, wall)),
                                               fmt_rate(rate(triples, cpu))),
                     "rapper -c: %s" % fmt_rate(rp_rate),
                     fmt_ratio(rate(triples, wall), rp_rate)))
        rows.append(("start-up, empty input", "%.0f ms (%.0f ms)" % (
            1000 * start_wall, 1000 * start_cpu), "of which KB load",
            load_txt))
        rows.append(("peak RSS, 1x", "%.1f MB" % (rss / 1024.0),
                     "empty input", "%.1f MB" % (start_rss / 1024.0)))
        if big:
            bst = stats_of(big[4])
            bw = float(bst.get("words", 0)) or words * a.scale
            rows.append(("peak RSS, %dx" % a.scale,
                         "%.1f MB" % (big[2] / 1024.0),
                         "%s words" % fmt_rate(bw),
                         "%.2fx of 1x" % (big[2] / rss) if rss else "n/a"))
        rows.append(("vs TABARI (421k words/s)",
                     fmt_ratio(wps, TABARI_WORDS_PER_S), "CPU time",
                     fmt_ratio(wps_cpu, TABARI_WORDS_PER_S)))
        for j, r in jobs:
            jw = int(stats_of(r[4]).get("words", 0))
            rows.append(("-j %s words/s" % j, "%s" % fmt_rate(rate(jw, r[0])),
                         "vs -j 1", fmt_ratio(rate(jw, r[0]), wps)))

        print()
        print("newsgraph extract -f ntriples: Wikinews x%d = %d articles, "
              "%d words, %d sentences, %d triples" % (
                  copies, n_art, words, sents, triples))
        print("machine: %s; %s" % (machine(), time.strftime("%Y-%m-%d")))
        if not ok:
            print("(extract exited %d: %s)" % (code, e.strip()[-200:]))
        w0 = max(len(r[0]) for r in rows)
        w1_ = max(len(r[1]) for r in rows)
        w2 = max(len(r[2]) for r in rows)
        hdr = ("", "newsgraph wall (cpu)", "baseline", "ratio")
        w1_ = max(w1_, len(hdr[1]))
        line = "+-%s-+-%s-+-%s-+-%s-+" % ("-" * w0, "-" * w1_, "-" * w2,
                                         "-" * 11)
        print(line)
        print("| %-*s | %-*s | %-*s | %-11s |" % (w0, hdr[0], w1_, hdr[1],
                                                   w2, hdr[2], hdr[3]))
        print(line)
        for r in rows:
            print("| %-*s | %*s | %-*s | %11s |" % (w0, r[0], w1_, r[1], w2,
                                                     r[2], r[3]))
        print(line)
        print("wall clock, and in brackets per CPU second (user + system); "
              "the load average was %.1f" % os.getloadavg()[0])
    finally:
        if a.keep:
            print("work directory: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as ex:  # a benchmark never fails the build
        print("bench: %s" % ex)
        sys.exit(0)
