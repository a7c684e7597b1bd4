"""Faults outside the process: a full disk, a remote that vanishes mid-push, a rewritten remote,
a read-only store.

- Disk full: the store lives on a small tmpfs mount that is filled until a random few KiB are
  left; `log` and `sync` either succeed or fail with one clear line and leave the store as it
  was; once space is freed, everything works and nothing acknowledged is missing. The same is
  done to the remote's disk during a push.
- Remote gone mid-push: a TCP relay on loopback in front of the git daemon cuts the connection
  after a random number of bytes of the push.
- Remote rewritten: the remote's branch is reset to an old commit, then replaced by an
  unrelated history; the next syncs put every event back.
- Read-only store: a read-only bind mount, `chattr +i`, and an unprivileged user (root ignores
  permissions, so each of these is what really denies the write).

Mounting needs privileges; where it is impossible the check is reported as SKIPPED, which
`torture/run --strict` (make torture) counts as a failure.
"""

import os
import socket
import subprocess
import threading

from lib import GitDaemon, Store, check, git


class Skipped(Exception):
    pass


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], capture_output=True)
    if result.returncode != 0:
        raise Skipped(f"cannot mount a tmpfs ({result.stderr.decode().strip()})")


def unmount(path):
    subprocess.run(["umount", "-l", path], capture_output=True)


def fill(directory, leave):
    """Fills the file system holding `directory` until about `leave` bytes are free."""
    filler = os.path.join(directory, "filler")
    chunk = b"\0" * 65536
    try:
        with open(filler, "ab") as handle:
            while True:
                handle.write(chunk)
                handle.flush()
    except OSError:
        pass  # full; a disk too full to create the file leaves no filler at all
    if not os.path.exists(filler):
        return filler
    # Give back what was asked for: tmpfs frees whole pages.
    size = os.path.getsize(filler)
    os.truncate(filler, max(0, size - leave))
    return filler


def release(filler):
    if os.path.exists(filler):
        os.remove(filler)


def one_line(result, words):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return len(lines) >= 1 and all(line.startswith("followup: ") for line in lines) and \
        any(word in lines[-1].lower() for word in words)


def converge(first, second, label):
    for replica in (first, second, first):
        replica.ok("sync")
    check(first.export() == second.export(), f"{label}, the replicas did not converge")


def run(scratch, random, figures, scale):
    skipped = []
    checks = [("disk full during log", disk_full_log), ("disk full during sync", disk_full_sync),
              ("remote disk full during push", remote_disk_full), ("remote gone mid-push", remote_gone),
              ("remote history rewritten", rewritten), ("read-only store", read_only)]
    only = os.environ.get("TORTURE_FAULTS")
    for name, check_function in checks:
        if only and only not in name:
            continue
        try:
            check_function(scratch, random, figures, scale)
            figures.add("fault checks passed")
        except Skipped as reason:
            skipped.append(f"{name}: {reason}")
            print(f"  SKIPPED (not passed): {name}: {reason}")
    figures.set("fault checks SKIPPED", len(skipped))
    if skipped:
        figures.skipped = skipped


def disk_full_log(scratch, random, figures, scale):
    mount = os.path.join(scratch.path, "small-disk")
    mount_tmpfs(mount, "4m")
    try:
        laptop = Store(os.path.join(mount, "store"), "laptop").init()
        laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago")
        acknowledged = laptop.event_ids()
        trials = max(10, int(60 * scale))
        for trial in range(trials):
            before = laptop.dump()
            free = random.choice([0, 0, 1024, 4096, 8192, 16384, 32768, 65536, 131072])
            filler = fill(mount, free)
            result = laptop.run("log", "note", "acme", "--note", f"full disk trial {trial} " + "x" * random.randint(0, 3000))
            verified = laptop.run("verify")
            status = laptop.run("status")
            release(filler)
            if result.status == 0:
                acknowledged.add(result.stdout.strip())
                figures.add("log on a nearly full disk: succeeded")
            else:
                figures.add("log on a full disk: refused")
                check(result.status == 74 and one_line(result, ("disk is full",)),
                      f"disk full trial {trial}: expected a one-line disk-full error (74), got {result}")
                figures.set("message (log, disk full)", result.stderr.strip()[:140])
                check(laptop.dump() == before, f"disk full trial {trial}: a refused log changed the store")
            for label, read in (("verify", verified), ("status", status)):
                if read.status == 0:
                    figures.add(f"{label} on the full disk: worked")
                else:
                    figures.add(f"{label} on the full disk: refused")
                    check(read.status == 74 and one_line(read, ("disk is full",)),
                          f"disk full trial {trial}: {label} failed without a clear disk-full error: {read}")
            laptop.check_sound(f"disk full trial {trial}, space freed")
        sizes = {name: os.path.getsize(os.path.join(laptop.path, name)) for name in os.listdir(laptop.path)}
        figures.set("store files after the trials (bytes)", " ".join(f"{k}={v}" for k, v in sorted(sizes.items())))
        laptop.ok("log", "note", "acme", "--note", "space again")
        laptop.check_sound("disk full, after freeing space")
        missing = acknowledged - laptop.event_ids()
        figures.add("events lost", len(missing))
        check(not missing, f"disk full: acknowledged events missing: {missing}")
    finally:
        unmount(mount)


def disk_full_sync(scratch, random, figures, scale):
    mount = os.path.join(scratch.path, "sync-disk")
    mount_tmpfs(mount, "6m")
    daemon = GitDaemon(scratch.sub("server-full-sync"))
    try:
        _, url = daemon.repository("full-sync")
        desktop = Store(scratch.sub("desktop-full"), "desktop").init(url)
        desktop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago")
        for index in range(max(40, int(300 * scale))):
            desktop.ok("log", "note", "acme", "--note", f"desktop event {index} " + "d" * 400)
        desktop.ok("sync")
        laptop = Store(os.path.join(mount, "store"), "laptop").init(url)
        own = laptop.event_ids()
        refused = 0
        for trial in range(max(3, int(8 * scale))):
            # The first try has no space at all; later ones a little more each time, at random.
            filler = fill(mount, 0 if trial == 0 else random.choice([8192, 65536, 262144, 1048576]))
            result = laptop.run("sync")
            release(filler)
            if result.status != 0:
                refused += 1
                check(result.status == 74 and one_line(result, ("disk is full",)),
                      f"disk full during sync: expected one clear line, got {result}")
                figures.set("message (sync, disk full)", result.stderr.strip().splitlines()[-1][:140])
            laptop.check_sound(f"after a sync on a full disk (trial {trial})")
            check(own <= laptop.event_ids(), "disk full during sync lost this device's events")
            if result.status == 0:
                break
        figures.add("sync on a full disk: refused", refused)
        converge(laptop, desktop, "after a full disk")
    finally:
        daemon.stop()
        unmount(mount)


def remote_disk_full(scratch, random, figures, scale):
    mount = os.path.join(scratch.path, "remote-disk")
    mount_tmpfs(mount, "3m")
    daemon = GitDaemon(mount)
    try:
        _, url, laptop, desktop = daemon.replicas(scratch, "remote-full", "-remote-full")
        laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago")
        laptop.ok("sync")
        for index in range(max(20, int(200 * scale))):
            laptop.ok("log", "note", "acme", "--note", f"remote full {index} " + "r" * 2000)
        filler = fill(os.path.join(mount, "repos"), 0)
        before = laptop.dump()
        result = laptop.run("sync")
        check(result.status == 1 and one_line(result, ("push", "remote", "refused", "rejected", "unpack")),
              f"a push to a full remote disk: expected one clear line and status 1, got {result}")
        check(laptop.dump() == before, "a push to a full remote changed the store")
        figures.set("message (push, remote disk full)", result.stderr.strip()[:140])
        figures.add("push to a full remote: refused")
        release(filler)
        converge(laptop, desktop, "after the remote's disk was freed")
    finally:
        daemon.stop()
        unmount(mount)


class Relay:
    """A TCP relay on loopback that forwards to `port` and cuts the push after a byte budget."""

    def __init__(self, port):
        self.target, self.budget = port, None
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.cut = 0
        self.largest = 0  # the most bytes a client sent on one connection
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            budget = self.budget
            threading.Thread(target=self.pump, args=(client, server, budget, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, None, False), daemon=True).start()

    def pump(self, source, sink, budget, upstream):
        sent = 0
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if budget is not None and sent + len(data) > budget:
                    sink.sendall(data[: max(0, budget - sent)])
                    self.cut += 1
                    break
                sink.sendall(data)
                sent += len(data)
                if upstream:
                    self.largest = max(self.largest, sent)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def close(self):
        self.listener.close()


def remote_gone(scratch, random, figures, scale):
    daemon = GitDaemon(scratch.sub("server-gone"))
    relay = Relay(daemon.port)
    try:
        _, direct = daemon.repository("gone")
        url = direct.replace(f":{daemon.port}/", f":{relay.port}/")
        laptop = Store(scratch.sub("laptop-gone"), "laptop").init(url)
        desktop = Store(scratch.sub("desktop-gone"), "desktop").init(direct)
        laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago")
        failed = 0
        per_trial = max(10, int(30 * scale))
        # How many bytes a push of this size sends, measured on one that is not cut.
        for index in range(per_trial):
            laptop.ok("log", "note", "acme", "--note", f"measure {index} " + "g" * 500)
        relay.largest = 0
        laptop.ok("sync")
        push_bytes = max(relay.largest, 1)
        figures.set("bytes of an uncut push", push_bytes)
        for trial in range(max(4, int(20 * scale))):
            for index in range(per_trial):
                laptop.ok("log", "note", "acme", "--note", f"trial {trial} event {index} " + "g" * 500)
            # Anywhere from the request to a little past the end of a push of this size.
            relay.budget = random.randint(0, push_bytes * 11 // 10)
            before = laptop.dump()
            result = laptop.run("sync")
            relay.budget = None
            if result.status != 0:
                failed += 1
                check(result.status == 1 and one_line(result, ("remote", "connection", "unreachable", "closed",
                                                                "network", "sync", "eof")),
                      f"remote gone mid-push (trial {trial}): expected one clear line, got {result}")
                check(laptop.dump() == before, f"remote gone mid-push (trial {trial}): the store changed")
                figures.set("message (remote gone mid-push)", result.stderr.strip()[:140])
            laptop.check_sound(f"remote gone mid-push (trial {trial})")
            laptop.ok("sync")
        figures.add("syncs cut mid-transfer", failed)
        figures.add("connections cut", relay.cut)
        converge(laptop, desktop, "after the remote came back")
        check(failed > 0, "no sync was cut: the relay did not cut the push")
    finally:
        relay.close()
        daemon.stop()


def rewritten(scratch, random, figures, scale):
    daemon = GitDaemon(scratch.sub("server-rewritten"))
    try:
        repository, url, laptop, desktop = daemon.replicas(scratch, "rewritten", "-rewritten")
        laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago")
        laptop.ok("sync")
        first = git("--git-dir", repository, "rev-parse", "refs/heads/followup")
        for index in range(5):
            desktop.ok("sync")
            desktop.ok("log", "note", "acme", "--note", f"desktop {index}")
            laptop.ok("log", "check-in", "acme", "--note", f"laptop {index}")
            laptop.ok("sync")
        desktop.ok("sync")
        everything = laptop.event_ids() | desktop.event_ids()
        # The remote loses history: reset to an old commit, as a careless force-push would.
        git("--git-dir", repository, "update-ref", "refs/heads/followup", first)
        result = laptop.run("sync")
        check(result.status == 0, f"sync after the remote was reset: {result}")
        desktop.ok("sync")
        laptop.ok("sync")
        check(everything <= desktop.event_ids() and laptop.export() == desktop.export(),
              "a remote reset to an old commit lost events")
        # Then an unrelated history replaces the branch altogether.
        empty_tree = git("--git-dir", repository, "hash-object", "-t", "tree", "-w", "--stdin", data=b"")
        orphan = git("--git-dir", repository, "commit-tree", empty_tree, "-m", "unrelated",
                     environment={"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@x", "GIT_COMMITTER_NAME": "x",
                                  "GIT_COMMITTER_EMAIL": "x@x"})
        git("--git-dir", repository, "update-ref", "refs/heads/followup", orphan)
        report = desktop.run("sync", "--json")
        check(report.status == 0, f"sync after the remote was replaced: {report}")
        laptop.ok("sync")
        desktop.ok("sync")
        check(everything <= laptop.event_ids() and laptop.export() == desktop.export(),
              "a remote replaced by an unrelated history lost events")
        figures.add("remote rewrites survived", 2)
    finally:
        daemon.stop()


def read_only(scratch, random, figures, scale):
    laptop = Store(scratch.sub("laptop-readonly"), "laptop").init()
    laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago")
    acknowledged = laptop.event_ids()
    reads = [["status"], ["export"], ["timeline"], ["verify"]]

    def refused_write(label, apply, remove):
        """Applies the fault, checks that a write is refused and reads still work, removes it."""
        before = laptop.dump()
        apply()
        try:
            result = laptop.run("log", "note", "acme", "--note", "while read-only")
            readable = [(arguments, laptop.run(*arguments)) for arguments in reads]
        finally:
            remove()
        check(result.status == 74 and one_line(result, ("read-only", "readonly", "permission", "write")),
              f"{label}: expected a one-line read-only error (74), got {result}")
        figures.set(f"message ({label})", result.stderr.strip()[:140])
        check(laptop.dump() == before, f"{label}: the refused write changed the store")
        for arguments, read in readable:
            figures.add(f"reads on a read-only store ({label})")
            check(read.status == 0, f"{label}: followup {' '.join(arguments)} failed on a read-only store: {read}")
        figures.add("read-only refusals checked")

    skipped = []

    def bind_read_only():
        bound = subprocess.run(["mount", "--bind", laptop.path, laptop.path], capture_output=True)
        if bound.returncode != 0:
            raise Skipped(f"cannot bind-mount ({bound.stderr.decode().strip()})")
        remount = subprocess.run(["mount", "-o", "remount,ro,bind", laptop.path], capture_output=True)
        if remount.returncode != 0:
            unmount(laptop.path)
            raise Skipped(f"cannot remount read-only ({remount.stderr.decode().strip()})")

    # A read-only bind mount of the store directory.
    try:
        refused_write("read-only mount", bind_read_only, lambda: unmount(laptop.path))
        acknowledged.add(laptop.ok("log", "note", "acme", "--note", "after the mount").strip())
    except Skipped as reason:
        skipped.append(f"read-only mount: {reason}")

    # The immutable attribute: even root cannot write the database.
    database = os.path.join(laptop.path, "followup.sqlite")
    def make_immutable():
        marked = subprocess.run(["chattr", "+i", database], capture_output=True)
        if marked.returncode != 0:
            raise Skipped(f"this file system has no immutable attribute ({marked.stderr.decode().strip()})")

    try:
        refused_write("chattr +i", make_immutable, lambda: subprocess.run(["chattr", "-i", database], capture_output=True))
        acknowledged.add(laptop.ok("log", "note", "acme", "--note", "after chattr").strip())
    except Skipped as reason:
        skipped.append(f"chattr +i: {reason}")

    # Another user: the store is root's, mode 0700.
    if os.geteuid() != 0:
        raise Skipped("; ".join(skipped + ["another user: switching users needs root"]))
    other = laptop.run("log", "note", "acme", "--note", "as nobody", user=65534)
    check(other.status == 74 and one_line(other, ("permission denied",)),
          f"a user without access to the store: expected a clear one-line error, got {other}")
    figures.add("read-only refusals checked")
    figures.set("message (another user)", other.stderr.strip()[:140])
    laptop.check_sound("read-only, after recovery")
    check(acknowledged <= laptop.event_ids(), "read-only faults lost events")
    if skipped:
        raise Skipped("; ".join(skipped))
