#!/usr/bin/env bash
# Where a one-event sync over ssh spends its time, next to git commit + push over the same ssh
# remote, from the kernel's process events (which add no work to the processes, unlike strace):
#   Benchmarks/ssh-phases.sh [ROUNDS]     (as root, with perf; default 25 rounds)
# Each round, taking turns: the git CLI committing and pushing a line; one new event logged
# (not timed) and synced; and the git CLI again, this time with a `followup sync` of another
# store to a local remote started beside its push, to show what work running during the ssh
# handshake costs it. Medians, in ms from the command's start as the account.
set -euo pipefail
rounds=${1:-25}
name=followup-sshphases results=ssh-phases-results.txt
source "$(dirname "$0")/common.sh"
[ "$(id -u)" = 0 ] || { echo "ssh-phases.sh starts its own sshd and account: run it as root" >&2; exit 1; }
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }

ssh_account sshpeer sshsync
"$gen" "$home/store" 10 10 >/dev/null
"$gen" "$home/beside" 10 10 >/dev/null
git init -q --bare "$home/beside.git"
chown -R "$account:" "$home"
"$as" "$followup" remote add origin "${ssh_prefix}sshsync.git" --store "$home/store" >/dev/null
"$as" "$followup" remote add origin "$home/beside.git" --store "$home/beside" >/dev/null
for store in store beside; do "$as" "$followup" sync --store "$home/$store" >/dev/null; done

push="$work/push.sh"  # as the account: commit a line, push; with `beside`, a local sync runs beside the push
cat >"$push" <<EOF
#!/bin/sh
cd $home/peer && echo line >>notes.txt && git add notes.txt && git -c user.name=b -c user.email=b@b commit -qm note
[ "\${1:-}" = beside ] && $followup sync --store $home/beside >/dev/null 2>&1 &
git push -q origin HEAD:main
wait
EOF
chmod 755 "$push"

perf record -q -a -e sched:sched_process_exec -e sched:sched_process_fork -e sched:sched_process_exit \
  -o "$work/perf.data" -- bash -c "
for round in \$(seq 1 $((rounds + 2))); do
  $as $push 2>/dev/null
  $as $followup log note interview-1 --note x --store $home/store >/dev/null
  $as $followup sync --store $home/store >/dev/null
  $as $followup log note interview-1 --note x --store $home/beside >/dev/null
  $as $push beside 2>/dev/null
done" 2>/dev/null
perf script -i "$work/perf.data" >"$work/perf.txt" 2>/dev/null

say "ssh phases of one new event synced and of git commit + push, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $rounds rounds (medians, ms)"
python3 - "$work/perf.txt" "$rounds" <<'EOF' | tee -a "$report"
import re, statistics, sys
events = []
for line in open(sys.argv[1]):
    m = re.match(r'\s*(.+?)\s+(\d+)\s+\[\d+\]\s+([\d.]+): sched:(\w+): (.*)', line)
    if m:
        events.append((int(m.group(2)), float(m.group(3)) * 1000, m.group(4), m.group(5)))

def first(after, test):
    return next(e for e in events[after:] if test(e))

# A timed command starts with the wrapper's `env`; the first ssh after it is the command's own.
commands = []
for i, (pid, start, kind, detail) in enumerate(events):
    if kind != 'sched_process_exec' or not detail.startswith('filename=/usr/bin/env '):
        continue
    program = first(i + 1, lambda e: e[0] == pid and e[2] == 'sched_process_exec')[3]
    end = first(i + 1, lambda e: e[0] == pid and e[2] == 'sched_process_exit')[1]
    ssh = next((j for j in range(i + 1, len(events)) if events[j][1] < end and events[j][2] == 'sched_process_exec'
                and events[j][3].startswith('filename=/usr/bin/ssh ')), None)
    if ssh is None:
        continue  # `followup log`
    ssh_pid, ssh_start = events[ssh][0], events[ssh][1]
    sshd = first(ssh, lambda e: e[2] == 'sched_process_exec' and 'sbin/sshd' in e[3])[1]
    receive = first(ssh, lambda e: e[2] == 'sched_process_exec' and 'git-receive-pack' in e[3])
    receive_end = first(ssh, lambda e: e[0] == receive[0] and e[2] == 'sched_process_exit')[1]
    ssh_end = first(ssh, lambda e: e[0] == ssh_pid and e[2] == 'sched_process_exit')[1]
    program = program.split()[0].removeprefix('filename=').rsplit('/', 1)[-1]
    commands.append(('followup sync' if program == 'followup' else 'git', {
        'ssh starts': ssh_start - start, 'sshd starts': sshd - ssh_start,
        'handshake and login': receive[1] - sshd, 'git-receive-pack': receive_end - receive[1],
        'ssh ends': ssh_end - receive_end, 'after ssh': end - ssh_end, 'whole': end - start}))
# Each round: git, followup sync, git with a sync beside it; the first two rounds warm up.
names = ['git', 'followup sync', 'git, a followup sync beside']
rows = {name: [c[1] for c in commands[6 + k::3]] for k, name in enumerate(names)}
columns = list(rows['git'][0])
print(f"{'':30}" + ''.join(f'{c:>21}' for c in columns))
for name in names:
    print(f'{name:30}' + ''.join(f'{statistics.median(r[c] for r in rows[name]):21.1f}' for c in columns))
git = statistics.median(r['whole'] for r in rows['git'])
print(f"followup sync / git: {statistics.median(r['whole'] for r in rows['followup sync']) / git:.3f}x; "
      f"git with a sync beside / git alone: {statistics.median(r['whole'] for r in rows[names[2]]) / git:.3f}x")
EOF
say "results written to $report"
