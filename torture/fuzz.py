"""Runs the libFuzzer harnesses of torture/fuzz for a bounded time each and reports what they did.

The harnesses are built by torture/fuzz/build.sh from the parsers' own sources. A crash leaves
its input in the scratch directory (printed) and fails the run; the input then belongs in
torture/fuzz/corpus/ and in a regression test (Tests/FollowupCoreTests/FuzzRegressionTests.swift).
"""

import os
import re
import shutil
import subprocess

from lib import ROOT, check


def run(scratch, random, figures, scale, seconds=None):
    seconds = seconds or max(5, int(60 * scale))
    built = subprocess.run([os.path.join(ROOT, "torture", "fuzz", "build.sh")], capture_output=True)
    check(built.returncode == 0, f"the fuzz harnesses did not build: {built.stderr.decode(errors='replace')[-800:]}")
    for binary in built.stdout.decode().split():
        name = os.path.basename(binary).removeprefix("fuzz-")
        corpus = os.path.join(scratch.path, f"corpus-{name}")
        shutil.copytree(os.path.join(ROOT, "torture", "fuzz", "corpus", name), corpus)
        artifacts = scratch.sub(f"crashes-{name}") + "/"
        result = subprocess.run([binary, f"-max_total_time={seconds}", f"-seed={random.randrange(1, 1 << 31)}",
                                 "-max_len=4096", f"-artifact_prefix={artifacts}", corpus],
                                capture_output=True, env={**os.environ, "SWIFT_BACKTRACE": "enable=no"},
                                timeout=seconds * 3 + 60)
        output = result.stderr.decode(errors="replace")
        done = re.findall(r"Done (\d+) runs", output)
        figures.set(f"fuzz {name}: executions in {seconds} s", done[-1] if done else "?")
        crashes = os.listdir(artifacts)
        figures.set(f"fuzz {name}: crashes", len(crashes))
        if crashes:
            kept = os.path.join(ROOT, ".build", "fuzz", "crashes")
            os.makedirs(kept, exist_ok=True)
            for crash in crashes:
                shutil.copy(os.path.join(artifacts, crash), kept)
            print(output[-3000:])
        check(result.returncode == 0 and not crashes,
              f"fuzz {name} crashed (status {result.returncode}); inputs kept in {kept if crashes else artifacts}")
