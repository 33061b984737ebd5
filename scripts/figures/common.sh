# Shared by the scripts in scripts/figures (sourced): the edge command, the machine line.
# EDGE=PATH uses that edge instead of building tools/Edge.Cli in Release.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
if [ -z "${EDGE:-}" ]; then
  echo "# building tools/Edge.Cli (Release)" >&2
  dotnet build "$root/tools/Edge.Cli" -c Release -v q -nologo > /dev/null
  EDGE="$root/artifacts/bin/Edge.Cli/release/edge"
fi

# One JSON line describing the machine and the moment (kind "machine"); $1 is "start" or "end".
machine_line() {
  /usr/bin/python3 - "$1" "$root" << 'PY'
import json, os, subprocess, sys, time
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
commit = subprocess.run(["git", "-C", sys.argv[2], "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "-C", sys.argv[2], "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip() != ""
print(json.dumps({"kind": "machine", "at": sys.argv[1], "utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "cpu": cpu, "cores": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()],
                  "commit": commit + ("+dirty" if dirty else "")}))
PY
}
