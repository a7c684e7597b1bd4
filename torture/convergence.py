"""Convergence campaign: five replicas, random actions, random sync order, random kills.

All replicas sync through one real `git daemon` on loopback. Each step picks a replica and
does something: logs an action (sometimes backdated), adds an interview (refs collide across
replicas on purpose), retracts one of its events, changes a setting, or syncs — alone, killed at
a random moment, or racing other replicas' syncs. Then every replica syncs twice, in a random
order, and all of them must hold byte-identical exports containing every acknowledged event,
with `verify` and `replay` passing on each.
"""

import json
import random as random_module
import threading
import time

from lib import GitDaemon, Store, check, kill_at, pick_signal, run_process

NAMES = ["laptop", "desktop", "work", "tablet", "phone"]
REFS = ["acme", "globex", "initech", "umbrella", "hooli", "stark"]
ACTIONS = ["note", "check-in", "response", "thank-you", "next-steps", "handwritten-note"]
SETTINGS = [("check-in.default-days", range(1, 61)), ("ghosted.days", range(1, 121)), ("due.lead-hours", range(0, 169))]


def run(scratch, random, figures, scale):
    seeds = max(1, int(4 * scale))
    steps = max(30, int(120 * scale))
    daemon = GitDaemon(scratch.sub("server"))
    try:
        for round_number in range(seeds):
            seed = random.randrange(1 << 30)
            figures.add("seeds run")
            print(f"  convergence seed {seed} ({steps} steps)")
            one_seed(scratch, daemon, seed, steps, figures, round_number)
            figures.set("seeds", f"{figures.values.get('seeds', '')} {seed}".strip())
    finally:
        daemon.stop()


def one_seed(scratch, daemon, seed, steps, figures, round_number):
    random = random_module.Random(seed)
    _, url = daemon.repository(f"converge-{round_number}")
    replicas = [Store(scratch.sub(f"{round_number}-{name}"), name).init(url) for name in NAMES]
    acknowledged = set()
    window = None

    def refs_of(replica):
        return [interview["ref"] for interview in json.loads(replica.ok("interview", "list", "--json"))]

    def sync(replica, kill):
        nonlocal window
        process = replica.spawn("sync")
        if kill:
            kill_at(process, random.uniform(0, window), pick_signal(random))
        result = run_process(process)
        if result.status < 0:
            figures.add("syncs killed")
        elif result.status != 0:
            check("another sync" in result.stderr, f"seed {seed}: sync on {replica.name} failed: {result}")
        else:
            figures.add("syncs completed")
        replica.check_sound(f"seed {seed} after a sync of {replica.name}")

    started = time.monotonic()
    replicas[0].ok("sync")
    window = (time.monotonic() - started) * 1.5
    for step in range(steps):
        replica = random.choice(replicas)
        roll = random.random()
        if roll < 0.12 or not refs_of(replica):
            ref = random.choice(REFS)
            result = replica.run("interview", "add", ref, "--company", ref.title(), "--role", "Engineer",
                                 "--at", f"{random.randint(1, 20)}d ago", "--interviewer", "Jane Doe")
            check(result.status in (0, 65), f"seed {seed}: interview add on {replica.name}: {result}")
            if result.status == 0:
                acknowledged.add(result.stdout.strip())
                figures.add("events acknowledged")
        elif roll < 0.50:
            arguments = ["log", random.choice(ACTIONS), random.choice(refs_of(replica)), "--note", f"step {step}"]
            if random.random() < 0.3:
                arguments += ["--at", f"{random.randint(1, 48)}h ago"]
            result = replica.run(*arguments)
            # An ambiguous ref (two replicas added the same one) is refused clearly; that is fine.
            check(result.status in (0, 65), f"seed {seed}: {' '.join(arguments)} on {replica.name}: {result}")
            if result.status == 0:
                acknowledged.add(result.stdout.strip())
                figures.add("events acknowledged")
        elif roll < 0.56:
            own = [event for event in replica.events() if event["device"] == replica.events()[0]["device"]
                   and event["type"] in ("note-added", "check-in-sent", "thank-you-sent")]
            if own:
                result = replica.run("retract", random.choice(own)["id"], "--reason", f"step {step}")
                check(result.status in (0, 65), f"seed {seed}: retract on {replica.name}: {result}")
                if result.status == 0:
                    acknowledged.add(result.stdout.strip())
                    figures.add("events acknowledged")
        elif roll < 0.60:
            key, values = random.choice(SETTINGS)
            acknowledged.add(replica.ok("config", "set", key, str(random.choice(values))).strip())
            figures.add("events acknowledged")
        elif roll < 0.75:
            # Several replicas push at once: real races on the remote, settled by fetch and merge.
            racing = random.sample(replicas, random.randint(2, 3))
            threads = [threading.Thread(target=sync, args=(member, False)) for member in racing]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            figures.add("sync races")
        else:
            sync(replica, kill=random.random() < 0.35)
    order = replicas[:]
    for _ in range(2):
        random.shuffle(order)
        for replica in order:
            result = replica.run("sync")
            check(result.status == 0, f"seed {seed}: settling sync on {replica.name} failed: {result}")
    exports = [replica.export() for replica in replicas]
    distinct = len(set(exports))
    figures.add("replicas compared", len(replicas))
    check(distinct == 1, f"seed {seed}: {distinct} different exports after settling")
    ids = {event["id"] for event in json.loads(exports[0])}
    missing = acknowledged - ids
    figures.add("events lost", len(missing))
    check(not missing, f"seed {seed}: acknowledged events missing after settling: {sorted(missing)[:5]}")
    figures.add("events in the converged log", len(ids))
    for replica in replicas:
        replica.check_sound(f"seed {seed} settled")
