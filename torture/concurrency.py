"""Concurrency campaign: many processes writing one store while another syncs and another audits.

Writers run `followup log` in parallel (each a separate process, as separate terminals or
scripts would), one loop runs `followup sync` against a real git daemon, one loop runs
`replay`, `verify`, `timeline` and `due`. Every writer must succeed, no process may show
"database is locked" (or busy) to the user, every acknowledged event must be present, and each
device's sequence numbers must be 1, 2, 3, ... with no duplicate and no gap.
"""

import threading

from lib import GitDaemon, check

READERS = [["replay", "--json"], ["verify"], ["timeline", "--json"], ["due", "--all"], ["status", "--json"]]
LOCK_WORDS = ("locked", "busy")


def run(scratch, random, figures, scale):
    writers = 8
    each = max(3, int(40 * scale))
    daemon = GitDaemon(scratch.sub("server"))
    try:
        _, url, laptop, desktop = daemon.replicas(scratch, "concurrency")
        for ref in ("acme", "globex"):
            laptop.ok("interview", "add", ref, "--company", ref.title(), "--role", "Engineer", "--at", "3d ago",
                      "--interviewer", "Jane Doe")
        # Another device's events arrive while the writers work, so imports race with appends.
        laptop.ok("sync")
        desktop.ok("sync")
        for index in range(max(3, each // 2)):
            desktop.ok("log", "note", random.choice(["acme", "globex"]), "--note", f"from the desktop {index}")
        desktop.ok("sync")

        lock = threading.Lock()
        acknowledged, problems = set(), []
        writing = threading.Event()
        writing.set()
        plans = [[(random.choice(["note", "check-in", "response", "thank-you"]), random.choice(["acme", "globex"]))
                  for _ in range(each)] for _ in range(writers)]

        def note_problem(text):
            with lock:
                problems.append(text)

        def saw_lock_error(result):
            return any(word in result.stderr.lower() for word in LOCK_WORDS)

        def writer(number):
            for index, (action, ref) in enumerate(plans[number]):
                result = laptop.run("log", action, ref, "--note", f"writer {number} event {index}")
                with lock:
                    figures.add("log processes")
                if result.status != 0 or saw_lock_error(result):
                    note_problem(f"writer {number}: log {action} {ref}: {result}")
                else:
                    with lock:
                        acknowledged.add(result.stdout.strip())

        def syncer():
            while writing.is_set():
                result = laptop.run("sync")
                with lock:
                    figures.add("sync processes (concurrent)")
                if result.status != 0 or saw_lock_error(result):
                    note_problem(f"sync: {result}")

        def auditor():
            step = 0
            while writing.is_set():
                arguments = READERS[step % len(READERS)]
                step += 1
                result = laptop.run(*arguments)
                with lock:
                    figures.add("audit processes (replay/verify/timeline/due/status)")
                if result.status != 0 or saw_lock_error(result):
                    note_problem(f"{' '.join(arguments)}: {result}")

        threads = [threading.Thread(target=writer, args=(number,)) for number in range(writers)]
        side = [threading.Thread(target=syncer), threading.Thread(target=auditor)]
        for thread in side + threads:
            thread.start()
        for thread in threads:
            thread.join()
        writing.clear()
        for thread in side:
            thread.join()

        figures.set("writers x events each", f"{writers} x {each}")
        figures.set("problems shown to the user", len(problems))
        for problem in problems[:5]:
            print(f"  problem: {problem}")
        check(not problems, f"{len(problems)} processes failed or showed a lock error; first: {problems[0] if problems else ''}")

        events = laptop.events()
        by_device = {}
        for event in events:
            by_device.setdefault(event["device"], []).append(event["seq"])
        duplicates = sum(len(seqs) - len(set(seqs)) for seqs in by_device.values())
        gaps = sum(1 for seqs in by_device.values() if sorted(seqs) != list(range(1, len(seqs) + 1)))
        missing = acknowledged - {event["id"] for event in events}
        figures.set("events acknowledged", len(acknowledged))
        figures.set("events lost", len(missing))
        figures.set("duplicate sequence numbers", duplicates)
        figures.set("devices with a sequence gap", gaps)
        check(not missing, f"acknowledged events missing: {sorted(missing)[:5]}")
        check(duplicates == 0 and gaps == 0, f"sequence numbers broken: {by_device}")
        check(len(acknowledged) == writers * each, "some writes were not acknowledged")
        laptop.check_sound("after the concurrent run")

        laptop.ok("sync")
        desktop.ok("sync")
        laptop.ok("sync")
        check(laptop.export() == desktop.export(), "the replicas' exports differ after the final sync")
    finally:
        daemon.stop()
