#!/usr/bin/env python3
"""Figures for the launch form (release build, tmux, a copy of ../shared/autotts in a temp dir).

  scripts/measure-launch.py                      time from Enter to the new round on the Frontier
                                                 view: 11-point CMC beta sweep, 4 backbones x
                                                 aime24 (the run's benchmark), 100 seeds
  scripts/measure-launch.py cmc:beta=0:1:0.01 open
                                                 UI frame times (--frame-stats) with the form
                                                 and its progress bar open during a long sweep

Prints the seconds and the dashboard's frame statistics. Build first:
swift build -c release --product ttsdash
"""
import os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.path.join(ROOT, ".build/release/ttsdash")
SHARED = os.path.join(ROOT, "../shared/autotts")
spec = sys.argv[1] if len(sys.argv) > 1 else "cmc:beta=0:1:0.1"
keep_open = len(sys.argv) > 2 and sys.argv[2] == "open"
if not os.path.isdir(SHARED):
    sys.exit("../shared/autotts is absent: nothing to measure")
D = tempfile.mkdtemp(prefix="ttsdash-launch-figures-")
shutil.copytree(SHARED, D + "/autotts")
sock = "ttsdash-launch-figures-%d" % os.getpid()

def tmux(*a):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null"] + list(a), capture_output=True, text=True).stdout

def cap():
    return tmux("capture-pane", "-p", "-t", "m")

def wait(pred, what, timeout=60, step=0.005):
    t = time.time()
    while time.time() - t < timeout:
        s = cap()
        if pred(s):
            return s
        time.sleep(step)
    raise SystemExit("timed out waiting for " + what + "\n" + cap())

try:
    frames = D + "/frames.txt"
    tmux("new-session", "-d", "-x", "160", "-y", "50", "-s", "m",
         "sh -c '%s %s/autotts --frame-stats %s; echo EXITED:$?; sleep 300'" % (B, D, frames))
    wait(lambda s: "Phase" in s, "the rounds view")
    tmux("send-keys", "-t", "m", "2")
    wait(lambda s: "Benchmark ‹" in s, "the frontier view")
    tmux("send-keys", "-t", "m", "e")
    wait(lambda s: "4 backbones:" in s, "the stores listing")
    if spec != "cmc:beta=0:1:0.1":
        tmux("send-keys", "-t", "m", "C-u")
        tmux("send-keys", "-t", "m", "-l", spec)
        time.sleep(0.3)
    t0 = time.time()
    tmux("send-keys", "-t", "m", "Enter")
    if not keep_open:
        tmux("send-keys", "-t", "m", "Escape")
        # The new round's series in the plot or legend (not just the status line).
        s = wait(lambda s: any("r0005" in l for l in s.split("\n")[:-3]) and "Launch an evaluation" not in s,
                 "the new round on the frontier", timeout=300, step=0.05)
        # Polled every 50 ms (a faster poll spawns tmux often enough to slow the evaluation).
        print("launch_to_frontier_s %.3f" % (time.time() - t0))
    else:
        s = wait(lambda s: "new round r0005" in s, "the job to finish", timeout=600, step=0.05)
        print("job_done_s %.3f" % (time.time() - t0))
    print("\n".join(l for l in s.split("\n") if "new round" in l))
    time.sleep(0.5)
    tmux("send-keys", "-t", "m", "Escape")
    tmux("send-keys", "-t", "m", "q")
    wait(lambda s: "EXITED:" in s, "the dashboard to exit")
    print(open(frames).read())
finally:
    tmux("kill-server")
    # A killed tmux server leaves its socket file behind.
    sock_dir = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), "tmux-%d" % os.getuid())
    try:
        os.unlink(os.path.join(sock_dir, sock))
    except OSError:
        pass
    shutil.rmtree(D, ignore_errors=True)
