#!/usr/bin/env python3
# Run from the repository root after `dotnet build -c Release`: python3 scripts/teach-sim.py [duration]
# A teacher on stdin for: edge run --source 'sim:bar-right@4s,bar-left@4s' --realtime --labels stdin --json
# Labels what is shown (the schedule, placed in time by the last prediction line) for four cycles, then 'mode infer'.
import json, subprocess, sys, threading, time
scene_s = 4.0
cmd = ["dotnet", "artifacts/bin/Edge.Cli/release/edge.dll", "run", "--source", "sim:bar-right@4s,bar-left@4s",
       "--realtime", "--labels", "stdin", "--json", "--duration", sys.argv[1] if len(sys.argv) > 1 else "50s"]
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
lines = []; last = {"end": None, "seen": None}
def reader():
    for l in p.stdout:
        o = json.loads(l); lines.append(o)
        if o["kind"] == "prediction": last["end"], last["seen"] = o["t_end_us"], time.monotonic()
threading.Thread(target=reader, daemon=True).start()
start = time.monotonic(); taught = None
while time.monotonic() - start < 4 * 2 * scene_s:
    if last["end"] is not None:
        soon = last["end"] / 1e6 + (time.monotonic() - last["seen"]) + 0.15
        shown = "bar-right" if int(soon // scene_s) % 2 == 0 else "bar-left"
        if shown != taught:
            p.stdin.write("label " + shown + "\n"); p.stdin.flush(); taught = shown
    time.sleep(0.01)
p.stdin.write("mode infer\nlabel -\n"); p.stdin.flush()
p.wait()
time.sleep(0.5)
pred = [o for o in lines if o["kind"] == "prediction"]
switch = next(o for o in lines if o["kind"] == "command" and o["command"] == "mode infer")
idx = lines.index(switch)
after = [o for o in lines[idx:] if o["kind"] == "prediction" and o["label"] is None and o["truth"] is not None]
right = sum(o["class"] == o["truth"] for o in after)
print(f"{len(pred)} windows; after 'mode infer': {right} of {len(after)} untaught windows match truth ({right/len(after):.3f}); exit {p.returncode}")
print("commands:", [(o["command"], o["ok"]) for o in lines if o["kind"] == "command"][:3], "...")
print("last metrics:", [o for o in lines if o["kind"] == "metrics"][-1])
