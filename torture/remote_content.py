"""Builds hostile content on a bare git repository's `followup` branch with git's plumbing.

The product reaches git only through libgit2; these functions stand in for a malicious or broken
remote, so they use the git program freely, and build trees with `git mktree` so that names
git itself would never check out ("..", ".git", symlinks, submodules) can be served too.
"""

import os
import shutil

from lib import git

BRANCH = "refs/heads/followup"


def segment_path(device, seq=1):
    segment = (seq - 1) // 128
    return f"log/{device}/{segment // 256:04d}/{segment:06d}.jsonl"


def read_tree(repository):
    """The branch's files: path -> (mode, type, object id)."""
    entries = {}
    listing = git("--git-dir", repository, "ls-tree", "-r", BRANCH)
    for row in listing.splitlines():
        meta, path = row.split("\t", 1)
        mode, kind, oid = meta.split()
        entries[path] = (mode, kind, oid)
    return entries


def write_blob(repository, content):
    if isinstance(content, str):
        content = content.encode()
    return git("--git-dir", repository, "hash-object", "-w", "--stdin", data=content)


def make_tree(repository, entries):
    """entries: path -> (mode, type, oid); writes nested trees with mktree, returns the root id."""
    children, files = {}, []
    for path, entry in entries.items():
        head, _, rest = path.partition("/")
        if rest:
            children.setdefault(head, {})[rest] = entry
        else:
            files.append((head, entry))
    rows = [f"{mode} {kind} {oid}\t{name}" for name, (mode, kind, oid) in files]
    for name, sub in children.items():
        rows.append(f"040000 tree {make_tree(repository, sub)}\t{name}")
    return git("--git-dir", repository, "mktree", "--missing", data=("\n".join(rows) + "\n").encode())


def commit_on_branch(repository, entries, message="hostile content"):
    """Commits a tree of `entries` on top of the branch (or as its first commit)."""
    tree = make_tree(repository, entries)
    environment = {"GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@x", "GIT_COMMITTER_NAME": "x",
                   "GIT_COMMITTER_EMAIL": "x@x"}
    try:
        parent = ["-p", git("--git-dir", repository, "rev-parse", "--verify", "-q", BRANCH)]
    except Exception:
        parent = []
    commit = git("--git-dir", repository, "commit-tree", tree, *parent, "-m", message, environment=environment)
    git("--git-dir", repository, "update-ref", BRANCH, commit)
    return commit


def copy_repository(source, destination):
    shutil.copytree(source, destination, symlinks=True)
    return destination


def new_bare(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    git("init", "-q", "--bare", path)
    return path
