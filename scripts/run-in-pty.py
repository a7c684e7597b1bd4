#!/usr/bin/env python3
"""Runs a command on a real pseudo-terminal of ROWS x COLUMNS and prints everything it wrote
there, so tests can see what a person at a terminal sees (colours, wrapping, the pager).

usage: run-in-pty.py ROWS COLUMNS COMMAND [ARGUMENT ...]; exits with the command's status."""
import fcntl
import os
import struct
import sys
import termios

rows, columns, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
pid, fd = os.forkpty()
if pid == 0:
    fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    os.execvp(command[0], command)
output = bytearray()
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # EIO: the terminal's other end is closed
        break
    if not chunk:
        break
    output += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(bytes(output).replace(b"\r\n", b"\n"))
sys.exit(os.waitstatus_to_exitcode(status))
