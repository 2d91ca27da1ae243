#!/usr/bin/env python3
"""on_tty.py CMD...: run CMD with its stdout on a pseudo-terminal; print what it
wrote with ESC shown as <ESC>, then "colour: yes" or "colour: no"."""
import os
import pty
import subprocess
import sys

master, slave = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdout=slave, stderr=subprocess.STDOUT)
os.close(slave)
chunks = []
while True:
    try:
        data = os.read(master, 65536)
    except OSError:          # EIO: the child closed the terminal
        break
    if not data:
        break
    chunks.append(data)
p.wait()
text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
sys.stdout.write(text.replace("\x1b", "<ESC>"))
print("colour: %s" % ("yes" if "\x1b[" in text else "no"))
sys.exit(p.returncode)
