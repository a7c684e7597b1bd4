"""Kill campaign: `followup log` (and other writes) and `followup sync` killed at random moments.

Each trial starts one to three processes (logs and syncs, racing each other on one store),
and signals each at a random moment inside its usual running time: SIGKILL mostly, SIGTERM and
SIGINT sometimes; a few are left to finish. After every trial the store must open, `verify`
and `replay` must pass, and every event whose `log` exited 0 must be in the export. After a
killed sync, the next sync must complete. At the end a second replica syncs, and must hold
every acknowledged event, byte for byte the same log.
"""

import signal
import time

from lib import GitDaemon, check, kill_at, pick_signal, run_process

ACTIONS = [("note", ["--note"]), ("check-in", ["--note"]), ("response", ["--note"]), ("thank-you", ["--note"])]


def median_seconds(store, arguments, runs=3):
    samples = []
    for _ in range(runs):
        started = time.monotonic()
        store.ok(*arguments)
        samples.append(time.monotonic() - started)
    return sorted(samples)[len(samples) // 2]


def write_arguments(random, trial, index):
    """Mostly `log`; sometimes the other commands that write: each prints the new event's id."""
    roll = random.random()
    if roll < 0.1:
        return ["interview", "add", f"t{trial}-{index}", "--company", "C", "--role", "R", "--at", "1d ago"]
    if roll < 0.15:
        return ["config", "set", "ghosted.days", str(random.randint(1, 120))]
    action, _ = random.choice(ACTIONS)
    return ["log", action, "acme", "--note", f"trial {trial} process {index}"]


def run(scratch, random, figures, scale):
    trials = max(5, int(250 * scale))
    daemon = GitDaemon(scratch.sub("server"))
    try:
        _, url, laptop, desktop = daemon.replicas(scratch, "kill")
        laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago",
                  "--interviewer", "Jane Doe")
        # Kills land anywhere from start-up to just after a typical finish.
        window = {"log": median_seconds(laptop, ["log", "note", "acme", "--note", "calibration"]) * 1.3,
                  "sync": median_seconds(laptop, ["sync"]) * 1.3}
        acknowledged = set(laptop.event_ids())
        figures.set("kill window log / sync (ms)", f"{window['log'] * 1000:.0f} / {window['sync'] * 1000:.0f}")
        for trial in range(trials):
            kinds = [("sync" if random.random() < 0.3 else "log") for _ in range(random.choice([1, 1, 2, 3]))]
            started = []
            for index, kind in enumerate(kinds):
                arguments = ["sync"] if kind == "sync" else write_arguments(random, trial, index)
                finish = random.random() < 0.15
                delay = None if finish else random.uniform(0, window[kind])
                started.append((kind, laptop.spawn(*arguments), delay, pick_signal(random)))
            begin = time.monotonic()
            for kind, process, delay, number in sorted(started, key=lambda item: item[2] or 1e9):
                if delay is not None:
                    kill_at(process, max(0.0, begin + delay - time.monotonic()), number)
            killed_sync = False
            for kind, process, delay, number in started:
                result = run_process(process)
                figures.add(f"{kind} processes")
                if result.status < 0:
                    figures.add(f"{kind} killed by {signal.Signals(-result.status).name}")
                    killed_sync |= kind == "sync"
                elif result.status == 0:
                    if kind == "log":
                        acknowledged.add(result.stdout.strip())
                        figures.add("log acknowledged (exit 0)")
                elif kind == "sync" and "another sync of this store is running" in result.stderr:
                    figures.add("sync refused: another sync running")
                elif result.status in (130, 143) and delay is not None:
                    # A signal that arrived during exit handlers is reported as a status.
                    figures.add(f"{kind} ended by signal status {result.status}")
                    killed_sync |= kind == "sync"
                else:
                    check(False, f"trial {trial}: followup {kind} failed without being killed: {result}")
            laptop.check_sound(f"trial {trial}")
            missing = acknowledged - laptop.event_ids()
            figures.set("events lost", len(missing))
            check(not missing, f"trial {trial}: acknowledged events missing: {sorted(missing)[:5]}")
            if killed_sync:
                repair = laptop.run("sync")
                check(repair.status == 0, f"trial {trial}: the sync after a killed one failed: {repair}")
                figures.add("syncs completed after a kill")
            figures.add("trials")
        laptop.ok("sync")
        desktop.ok("sync")
        laptop.ok("sync")
        check(acknowledged <= desktop.event_ids(), "the other replica lacks acknowledged events after sync")
        check(laptop.export() == desktop.export(), "the replicas' exports differ after the final sync")
        desktop.check_sound("final")
        figures.set("events acknowledged", len(acknowledged))
        figures.set("events lost", len(acknowledged - laptop.event_ids()))
    finally:
        daemon.stop()
