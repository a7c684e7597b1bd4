"""Hostile input: a table of bad inputs, typed locally and arriving from a remote.

Each row names the input, what followup must answer (exit status and the words of its one-line
message) and is checked to leave the store exactly as it was: the same database content (and,
for local input, the same files byte for byte). Remote rows serve crafted content on the sync
branch of a bare repository — truncated segments, wrong hashes, forged signatures, huge lines,
odd paths, non-UTF-8, future versions, duplicate ids, clocks far ahead — on top of history the
victim already holds, so nothing at all may be imported.

The fuzzers for the same parsers are in torture/fuzz (libFuzzer) and in the Swift test suite.
"""

import json
import os
import shutil
import stat
import subprocess

import fuzz
from lib import Store, check, new_id, sign, utc_ms
from remote_content import commit_on_branch, copy_repository, new_bare, read_tree, segment_path, write_blob

FAR_FUTURE_MS = 4_102_444_800_000  # 2100-01-01


def local_cases(long_text):
    """(name, arguments, status, words in the message); run against a store with interview 'acme'."""
    return [
        ("unreadable date", ["log", "note", "acme", "--note", "x", "--at", "blursday"], 64, "--at"),
        ("impossible date", ["log", "note", "acme", "--note", "x", "--at", "2026-02-30"], 64, "--at"),
        ("action dated in the future", ["log", "note", "acme", "--note", "x", "--at", "+3d"], 64, "in the future"),
        ("clock far in the future", ["log", "check-in", "acme", "--at", "2999-01-01 10:00"], 64, "in the future"),
        ("unknown interview", ["log", "note", "nosuch", "--note", "x"], 65, "no interview 'nosuch'"),
        ("unknown action", ["log", "dance", "acme"], 64, "unknown action"),
        ("unknown outcome", ["log", "outcome", "acme", "maybe"], 64, "outcome"),
        ("text over 4000 characters", ["log", "note", "acme", "--note", "x" * 4001], 64, "4000"),
        ("huge argument (120 KB)", ["log", "note", "acme", "--note", long_text], 64, "4000"),
        ("control character in text", ["log", "note", "acme", "--note", "a\x01b"], 64, "control"),
        ("escape sequence in text", ["log", "note", "acme", "--note", "\x1b[2Jcleared"], 64, "control"),
        ("non-UTF-8 text", ["log", "note", "acme", "--note", b"caf\xe9 \xff\xfe"], 64, "not UTF-8"),
        ("empty required note", ["log", "note", "acme", "--note", " "], 64, "note"),
        ("ref already used", ["interview", "add", "acme", "--company", "A", "--role", "R", "--at", "1d ago"], 65,
         "exists already"),
        ("path trick as a ref", ["interview", "add", "../../etc/passwd", "--company", "A", "--role", "R", "--at",
                                 "1d ago"], 64, "ref"),
        ("impossible duration", ["interview", "add", "x1", "--company", "A", "--role", "R", "--at", "1d ago",
                                 "--duration", "25h"], 64, "duration"),
        ("same interviewer twice", ["interview", "add", "x2", "--company", "A", "--role", "R", "--at", "1d ago",
                                    "--interviewer", "Jane", "--interviewer", "Jane"], 64, "Jane"),
        ("unknown event id", ["retract", "deadbeef"], 65, "no event 'deadbeef'"),
        ("retracting a device registration", ["retract", "@registration"], 65, "cannot retract"),
        ("unknown setting", ["config", "set", "nosuch.key", "1"], 64, "nosuch.key"),
        ("setting out of range", ["config", "set", "check-in.default-days", "999"], 64, "check-in.default-days"),
        ("unreadable --as-of", ["timeline", "--as-of", "3 parsecs ago"], 64, "--as-of"),
        ("replay --as-of with --repair", ["replay", "--as-of", "1d ago", "--repair"], 64, "repair"),
        ("init over an existing store", ["init", "--device", "again"], 65, "already holds"),
        ("remote URL with a password", ["remote", "add", "evil", "https://u:secret@example.com/x.git"], 64,
         "password or token"),
        ("ssh URL with a password", ["remote", "add", "evil", "ssh://me:secret@host/path.git"], 64,
         "password or token"),
    ]


def damaged_store_cases():
    """(name, how to damage a copy of the store, status, words): the damage must stay as it was."""
    def truncate(path):
        with open(os.path.join(path, "followup.sqlite"), "r+b") as handle:
            handle.truncate(3000)

    def garbage(path):
        with open(os.path.join(path, "followup.sqlite"), "r+b") as handle:
            handle.seek(0)
            handle.write(b"\x00" * 100)

    def newer_schema(path):
        import sqlite3
        connection = sqlite3.connect(os.path.join(path, "followup.sqlite"))
        connection.execute("INSERT INTO grdb_migrations VALUES ('9999_from_the_future')")
        connection.commit()
        connection.close()

    def key_mode(path):
        os.chmod(os.path.join(path, "device.key"), 0o644)

    def key_garbage(path):
        with open(os.path.join(path, "device.key"), "w") as handle:
            handle.write("not a key\n")

    def key_missing(path):
        os.remove(os.path.join(path, "device.key"))

    def database_is_directory(path):
        os.remove(os.path.join(path, "followup.sqlite"))
        os.mkdir(os.path.join(path, "followup.sqlite"))

    def key_non_utf8(path):
        with open(os.path.join(path, "device.key"), "wb") as handle:
            handle.write(b"\xff\xfe\xfd\n")

    return [
        ("truncated database file", truncate, 74, "damaged"),
        ("database header overwritten", garbage, 74, "damaged"),
        ("store written by a newer version", newer_schema, 65, "newer followup"),
        ("device key readable by others", key_mode, 74, "device key"),
        ("device key not a key", key_garbage, 74, "device key"),
        ("device key not UTF-8", key_non_utf8, 74, "device key"),
        ("device key missing", key_missing, 74, "device key"),
        ("database path is a directory", database_is_directory, 74, "followup"),
    ]


def file_snapshot(path):
    """Every file of the store except the sync repository, byte for byte, with its mode."""
    snapshot = {}
    for name in sorted(os.listdir(path)):
        full = os.path.join(path, name)
        if os.path.isfile(full):
            with open(full, "rb") as handle:
                snapshot[name] = (stat.S_IMODE(os.stat(full).st_mode), handle.read())
        else:
            snapshot[name] = "directory"
    return snapshot


def one_line_error(result, words):
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("followup: ") and words.lower() in lines[0].lower()


def run(scratch, random, figures, scale):
    rows = []

    def record(kind, name, result, expected_status, words, unchanged, extra_ok=True):
        good = result.status == expected_status and unchanged and extra_ok
        rows.append((kind, name, result.status, (result.stderr.strip().splitlines() or [""])[0][:150], good))
        figures.add("bad inputs checked")
        if not good:
            figures.add("bad inputs mishandled")
            print(f"  MISHANDLED {kind} '{name}': expected {expected_status} and '{words}', store unchanged; "
                  f"got {result}, unchanged={unchanged}")

    # Local input: one store with an interview; each row must leave every file as it was.
    laptop = Store(scratch.sub("laptop"), "laptop").init()
    laptop.ok("interview", "add", "acme", "--company", "Acme", "--role", "Engineer", "--at", "2d ago",
              "--interviewer", "Jane Doe")
    registration = laptop.events()[0]["id"]
    for name, arguments, status, words in local_cases("y" * 120_000):
        arguments = [registration if argument == "@registration" else argument for argument in arguments]
        before = file_snapshot(laptop.path)
        result = laptop.run(*arguments)
        record("local", name, result, status, words, file_snapshot(laptop.path) == before, one_line_error(result, words))
    for name, damage, status, words in damaged_store_cases():
        copy = os.path.join(scratch.path, "damaged-" + name.replace(" ", "-"))
        shutil.copytree(laptop.path, copy)
        damage(copy)
        victim = Store(copy, "damaged")
        before = file_snapshot(copy)
        result = victim.run("log", "note", "acme", "--note", "x")
        record("store", name, result, status, words, file_snapshot(copy) == before, one_line_error(result, words))
    no_store = Store(os.path.join(scratch.path, "nowhere"), "nowhere")
    result = no_store.run("status")
    record("store", "no store at the path", result, 66, "not a followup store",
           not os.path.exists(no_store.path), one_line_error(result, "not a followup store"))

    remote_rows(scratch, random, figures, record, every_row=scale >= 0.5)

    width = max(len(row[1]) for row in rows)
    print(f"  {'from':<6} {'input':<{width}}  status  message")
    for kind, name, status, message, good in rows:
        print(f"  {kind:<6} {name:<{width}}  {status:>6}  {message}{'' if good else '   <-- MISHANDLED'}")
    mishandled = [row[1] for row in rows if not row[4]]
    check(not mishandled, f"{len(mishandled)} bad inputs mishandled: {', '.join(mishandled)}")
    # Then the fuzzers, on the parsers the table only samples.
    fuzz.run(scratch, random, figures, scale)


def remote_rows(scratch, random, figures, record, every_row):
    """Crafted remote content on top of history the victim holds: nothing may be imported."""
    good = new_bare(os.path.join(scratch.path, "remotes", "good.git"))
    mallory = Store(scratch.sub("mallory"), "mallory").init(good)
    mallory.ok("interview", "add", "globex", "--company", "Globex", "--role", "Engineer", "--at", "2d ago")
    mallory.ok("log", "note", "globex", "--note", "first")
    mallory.ok("sync")
    victim_template = Store(scratch.sub("victim-template"), "victim").init(good)
    victim_template.ok("sync")
    # Mallory's later events exist only on her machine: the material for forgeries.
    mallory.ok("log", "note", "globex", "--note", "second")
    mallory.ok("log", "check-in", "globex", "--note", "third")
    lines = export_lines(mallory)
    device = json.loads(lines[0])["device"]
    seed = mallory.key_seed()
    stranger = Store(scratch.sub("stranger"), "stranger").init()
    stranger_seed = stranger.key_seed()
    known, fresh = lines[:3], [json.loads(line) for line in lines[3:]]
    prefix = "".join(line + "\n" for line in known)
    path = segment_path(device)

    def resigned(changes, key=None, base=0):
        event = {**fresh[base], **changes}
        return sign(event, key or seed)

    def segment(extra):
        return {path: prefix.encode() + (extra if isinstance(extra, bytes) else extra.encode())}

    next_line = lines[3]
    huge_note = resigned({"payload": {"note": "z" * 70_000}})
    deep = {"a": None}
    for _ in range(20):
        deep = {"a": deep}
    stranger_device = json.loads(export_lines(stranger)[0])["device"]
    victim_device = next(event["device"] for event in victim_template.events()
                         if event["type"] == "device-registered" and event["payload"]["name"] == "victim")
    cases = [
        ("truncated segment (half a line)", segment(next_line[: len(next_line) // 2]), 0, "refused"),
        # A segment cut right after a whole line still holds a whole, signed event: it comes in.
        ("segment missing its final newline", segment(next_line), 0, None),
        ("segment cut inside a UTF-8 character", segment(resigned({"payload": {"note": "caf\u00e9"}}).encode()[:-50]),
         0, "refused"),
        ("line edited, signature kept (forged)", segment(next_line.replace("second", "SECOND") + "\n"), 0, "signature"),
        ("signed by another device's key", segment(resigned({}, key=stranger_seed) + "\n"), 0, "signature"),
        ("wrong previous hash", segment(resigned({"prev": "0" * 64}) + "\n"), 0, "link"),
        ("sequence gap", segment(resigned({"seq": 9}) + "\n"), 0, "gap"),
        ("future format version", segment(resigned({"v": 2}) + "\n"), 0, "upgrade followup"),
        ("format version 0", segment(resigned({"v": 0}) + "\n"), 0, "refused"),
        ("duplicate event id", segment(resigned({"id": json.loads(known[1])["id"]}) + "\n"), 0, "already used"),
        ("clock far in the future", segment(resigned({"recorded": utc_ms(FAR_FUTURE_MS)}) + "\n"), 0,
         "ahead of this machine's clock"),
        ("impossible recorded date", segment(resigned({"recorded": "2026-02-30T10:00:00.000Z"}) + "\n"), 0,
         "refused"),
        ("clock counter out of range", segment(resigned({"clock": 70000}) + "\n"), 0, "refused"),
        ("huge line (70 KB)", segment(huge_note + "\n"), 0, "refused"),
        ("non-UTF-8 bytes in a line", segment(next_line.encode().replace(b"second", b"sec\xff\xfend") + b"\n"), 0,
         "not UTF-8"),
        ("non-canonical JSON (spaces)", segment(next_line.replace('","', '", "', 1) + "\n"), 0, "canonical"),
        ("CRLF line ending", segment(next_line + "\r\n"), 0, "refused"),
        ("byte order mark", segment("\ufeff" + next_line + "\n"), 0, "refused"),
        ("blank line in a segment", segment("\n" + next_line + "\n"), 0, None),
        ("field the format does not define", segment(resigned({"extra": 1}) + "\n"), 0, "not part of event format"),
        ("nesting deeper than 16", segment(resigned({"payload": {"note": "n", "deep": deep}}) + "\n"), 0, "refused"),
        ("integer beyond 64 bits", segment(next_line.replace('"seq":4', '"seq":99999999999999999999') + "\n"), 0,
         "refused"),
        ("duplicate key in a line", segment(next_line.replace('{"clock":', '{"clock":0,"clock":', 1) + "\n"), 0,
         "refused"),
        ("interview-added not naming itself", segment(resigned({
            "type": "interview-added", "interview": new_id(),
            "payload": {"ref": "evil", "company": "c", "role": "r", "durationMinutes": 30, "interviewers": [],
                        "points": []}}) + "\n"), 0, "must equal the event's id"),
        ("device id not matching the key", {f"log/{'f' * 16}/0000/000000.jsonl":
                                            resigned({"device": "f" * 16, "seq": 1, "prev": "",
                                                      "type": "device-registered", "interview": None,
                                                      "payload": {"name": "x", "publicKey": json.loads(lines[0])["payload"]["publicKey"]}}) + "\n"},
         0, "refused"),
        # Events are filed by the device they name: copies under another device's directory add nothing.
        ("events filed under another device", {f"log/{stranger_device}/0000/000000.jsonl": prefix}, 0, ""),
        ("segment in the wrong group", {f"log/{device}/0001/000000.jsonl": prefix + next_line + "\n"}, 0,
         "unexpected path"),
        ("path trick '..' in the log", {f"log/{device}/0000/..": prefix}, 0, "unexpected path"),
        ("path trick '.git' directory", {"log/.git/config": "[core]\n"}, 0, "unexpected path"),
        ("upper-case device directory", {f"log/{device.upper()}/0000/000000.jsonl": prefix}, 0, "unexpected path"),
        ("odd segment name", {f"log/{device}/0000/000000.jsonl.bak": prefix}, 0, "unexpected path"),
        ("symbolic link as a segment", {"symlink": (f"log/{device}/0000/000001.jsonl", "/etc/passwd")}, 0, "refused"),
        ("submodule entry in the log", {"gitlink": f"log/{device}/0000/000001.jsonl"}, 0, "refused"),
        ("directory where a segment belongs", {f"log/{device}/0000/000001.jsonl/x": "x"}, 0, "refused"),
        ("segment larger than 128 sealed lines' worth", segment(("x" * 65_000 + "\n") * 256), 0, "refused"),
        ("oversized segment under this device's own directory",
         {segment_path(victim_device, 129): ("x" * 65_000 + "\n") * 256}, 0, "refused"),
        # Someone else wrote into this device's directory: the documented fork (a copied store),
        # reported on every sync and never written over.
        ("garbage segment under this device's own directory",
         {segment_path(victim_device, 129): "garbage\n" * 3}, 0, "unreadable event"),
        # The remote's branch has no log at all: the victim's union puts its history back.
        ("log is a file, not a directory", {"@replace-log": "not a tree"}, 0, ""),
    ]
    if not every_row:
        # The short run (make test) checks a random third of the remote rows; the seed says which.
        cases = random.sample(cases, len(cases) // 3)
    victim_number = 0
    for name, content, status, words in cases:
        victim_number += 1
        repository = copy_repository(good, os.path.join(scratch.path, "remotes", f"case-{victim_number}.git"))
        entries = read_tree(repository)
        for key, value in content.items():
            if key == "symlink":
                link_path, target = value
                entries[link_path] = ("120000", "blob", write_blob(repository, target))
            elif key == "gitlink":
                entries[value] = ("160000", "commit", "1" * 40)
            elif key == "@replace-log":
                entries = {path: entry for path, entry in entries.items() if not path.startswith("log/")}
                entries["log"] = ("100644", "blob", write_blob(repository, value))
            else:
                entries[key] = ("100644", "blob", write_blob(repository, value))
        commit_on_branch(repository, entries)
        victim = Store(os.path.join(scratch.path, f"victim-{victim_number}"), "victim")
        shutil.copytree(victim_template.path, victim.path, symlinks=True)
        victim.ok("remote", "set-url", "origin", repository)
        before = victim.dump()
        result = victim.run("sync")
        stderr_lines = [line for line in result.stderr.splitlines() if line.strip()]
        if words is None:
            # Valid content after all: exactly the one good event comes in, with no warning.
            unchanged = "received 1 (1 from mallory)" in result.stdout
            clear = not stderr_lines
        else:
            unchanged = victim.dump() == before
            clear = all(line.startswith("followup: ") for line in stderr_lines) and \
                (not words and not stderr_lines or any(words and words.lower() in line.lower() for line in stderr_lines))
        sound = victim.run("verify").status == 0 and victim.run("sync").status == 0
        # Whatever the remote held, this device's next event must still reach it.
        victim.ok("interview", "add", f"after-{victim_number}", "--company", "C", "--role", "R", "--at", "1d ago")
        new_event = victim.ok("log", "note", f"after-{victim_number}", "--note", "still syncing").strip()
        synced = victim.run("sync")
        delivered = synced.status == 0 and bool(subprocess.run(
            ["git", "--git-dir", repository, "grep", "-q", new_event, "refs/heads/followup"]).returncode == 0)
        if "garbage segment under this device's own" in name:
            # Set aside under forks/ rather than left in the way of this device's own events.
            tree = subprocess.run(["git", "--git-dir", repository, "ls-tree", "-r", "--name-only", "refs/heads/followup"],
                                  capture_output=True, text=True).stdout
            delivered = delivered and f"forks/{victim_device}/" in tree
        if not delivered:
            print(f"  NOT DELIVERED after '{name}': {synced}")
        sound = sound and delivered
        record("remote", name, result, status, words or "(no message)", unchanged, clear and sound)
    # What was refused stays out, and the good history still syncs: the remote's own content is
    # not lost either (the victim never rewrites what it cannot read).
    figures.set("remote cases", len(cases))


def export_lines(store):
    return [line.rstrip(",") for line in store.export().splitlines()[1:-1]]
