"""What every campaign shares: the real binaries, stores, loopback git servers, checks, figures.

Campaigns drive the built `followup` and `followup-sync` executables exactly as a user or a
script would, against real SQLite files and a real `git daemon` on 127.0.0.1. Every random
choice comes from a `random.Random(seed)` whose seed is printed, so a failure reproduces with
`torture/run CAMPAIGN --seed N`.
"""

import base64
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER_SCRIPTS = os.path.join(ROOT, "scripts", "git-servers")


def binary_directory():
    """Where followup and followup-sync are: $FOLLOWUP_BIN_DIR, else the debug build."""
    directory = os.environ.get("FOLLOWUP_BIN_DIR") or os.path.join(ROOT, ".build", "debug")
    for name in ("followup", "followup-sync"):
        if not os.access(os.path.join(directory, name), os.X_OK):
            raise SystemExit(f"torture: no {name} in {directory}; run 'swift build' or set FOLLOWUP_BIN_DIR")
    return directory


FOLLOWUP = None  # set by configure()


def configure():
    global FOLLOWUP
    FOLLOWUP = os.path.join(binary_directory(), "followup")


class Failure(Exception):
    """A campaign found something lost, refused wrongly or unexplained: the run exits non-zero."""


def check(condition, message):
    if not condition:
        raise Failure(message)


class Result:
    def __init__(self, status, stdout, stderr):
        self.status, self.stdout, self.stderr = status, stdout, stderr

    def __repr__(self):
        return f"status {self.status}, stdout {self.stdout[:300]!r}, stderr {self.stderr[:300]!r}"


class Scratch:
    """A directory for one campaign run, removed at the end unless TORTURE_KEEP is set."""

    def __init__(self, name):
        base = os.environ.get("TORTURE_TMP") or tempfile.gettempdir()
        self.path = tempfile.mkdtemp(prefix=f"followup-torture-{name}-", dir=base)

    def sub(self, name):
        path = os.path.join(self.path, name)
        os.makedirs(path, exist_ok=True)
        return path

    def close(self):
        if os.environ.get("TORTURE_KEEP"):
            print(f"  kept {self.path}")
        else:
            shutil.rmtree(self.path, ignore_errors=True)


class Store:
    """One replica: a store directory driven through the real command line."""

    def __init__(self, path, name):
        self.path, self.name = path, name
        self.environment = {"PATH": "/usr/bin:/bin", "TZ": "Europe/Berlin", "HOME": os.path.dirname(path),
                            "FOLLOWUP_HOME": path}

    def run(self, *arguments, timeout=120, user=None, data=None):
        command = [FOLLOWUP, *arguments]
        if user is not None:
            command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", "--", *command]
        completed = subprocess.run(command, env=self.environment, capture_output=True, timeout=timeout, input=data)
        return Result(completed.returncode, completed.stdout.decode("utf-8", "replace"),
                      completed.stderr.decode("utf-8", "replace"))

    def ok(self, *arguments, timeout=120):
        result = self.run(*arguments, timeout=timeout)
        check(result.status == 0, f"{self.name}: followup {' '.join(arguments)} failed: {result}")
        return result.stdout

    def spawn(self, *arguments):
        """Starts followup without waiting: for processes that will be killed or raced."""
        return subprocess.Popen([FOLLOWUP, *arguments], env=self.environment, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)

    def init(self, remote=None):
        self.ok("init", "--device", self.name)
        if remote:
            self.ok("remote", "add", "origin", remote)
        return self

    def export(self):
        return self.ok("export", "--format", "json")

    def events(self):
        return json.loads(self.export())

    def event_ids(self):
        return {event["id"] for event in self.events()}

    def key_seed(self):
        with open(os.path.join(self.path, "device.key")) as handle:
            return base64.b64decode(handle.read().strip())

    def check_sound(self, label):
        """The store opens, verify passes and the projection equals a replay of the log."""
        verified = self.run("verify")
        check(verified.status == 0, f"{label}: verify failed on {self.name}: {verified}")
        replayed = self.run("replay", "--json")
        check(replayed.status == 0, f"{label}: replay differs from the live state on {self.name}: {replayed}")

    def dump(self):
        """The whole database's content, read-only: equal dumps mean the store is unchanged."""
        return database_dump(os.path.join(self.path, "followup.sqlite"))


def database_dump(path):
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "\n".join(connection.iterdump())
    finally:
        connection.close()


def run_process(process, timeout=120):
    """Waits for a spawned process; returns a Result."""
    stdout, stderr = process.communicate(timeout=timeout)
    return Result(process.returncode, stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace"))


def git(*arguments, cwd=None, environment=None, data=None):
    completed = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, input=data,
                               env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", **(environment or {})})
    if completed.returncode != 0:
        raise Failure(f"git {' '.join(arguments)}: {completed.stderr.decode(errors='replace')}")
    return completed.stdout.decode("utf-8", "replace").strip()


class GitDaemon:
    """A real `git daemon` on loopback, started and stopped with scripts/git-servers."""

    def __init__(self, base, port=None):
        self.base = base
        os.makedirs(base, exist_ok=True)
        arguments = ["bash", os.path.join(SERVER_SCRIPTS, "git-daemon.sh"), base] + ([str(port)] if port else [])
        self.prefix = subprocess.run(arguments, check=True, capture_output=True).stdout.decode().strip()
        self.port = int(self.prefix.rstrip("/").rsplit(":", 1)[1])

    def repository(self, name):
        path = subprocess.run(["bash", os.path.join(SERVER_SCRIPTS, "new-repo.sh"), self.base, name], check=True,
                              capture_output=True).stdout.decode().strip()
        return path, f"{self.prefix}{name}.git"

    def stop(self):
        subprocess.run(["bash", os.path.join(SERVER_SCRIPTS, "stop.sh"), self.base], capture_output=True)

    def replicas(self, scratch, name, suffix=""):
        """A new repository `name` and two stores syncing with it, laptop and desktop:
        (repository path, url, laptop, desktop)."""
        path, url = self.repository(name)
        laptop = Store(scratch.sub("laptop" + suffix), "laptop").init(url)
        desktop = Store(scratch.sub("desktop" + suffix), "desktop").init(url)
        return path, url, laptop, desktop


def kill_at(process, delay, signal_number):
    """Fault injection: lets the process run for `delay` seconds, then signals it (if still alive)."""
    try:
        process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        try:
            os.kill(process.pid, signal_number)
        except ProcessLookupError:
            pass


SIGNALS = [(signal.SIGKILL, 0.7), (signal.SIGTERM, 0.15), (signal.SIGINT, 0.15)]


def pick_signal(random):
    roll, total = random.random(), 0.0
    for number, weight in SIGNALS:
        total += weight
        if roll < total:
            return number
    return signal.SIGKILL


# Signed events made outside followup, for hostile input from a remote.

def canonical(value):
    """followup's canonical JSON for the plain ASCII values the campaigns write."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sign(event, seed):
    """Signs `event` (a dict without `sig`) with a raw Ed25519 seed; returns the canonical line."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    unsigned = {key: value for key, value in event.items() if key != "sig"}
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(canonical(unsigned).encode())
    return canonical({**unsigned, "sig": base64.b64encode(signature).decode()})


def new_id():
    return str(uuid.uuid4())


def utc_ms(milliseconds):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(milliseconds // 1000)) + f".{milliseconds % 1000:03d}Z"


class Figures:
    """The numbers a campaign reports, printed as one aligned block."""

    def __init__(self, campaign, seed):
        self.campaign, self.seed, self.values, self.started = campaign, seed, {}, time.monotonic()

    def add(self, key, amount=1):
        self.values[key] = self.values.get(key, 0) + amount

    def set(self, key, value):
        self.values[key] = value

    def report(self):
        self.values["seconds"] = round(time.monotonic() - self.started, 1)
        print(f"{self.campaign}: seed {self.seed}")
        for key, value in self.values.items():
            print(f"  {key:<34} {value}")
