#!/usr/bin/env python3
"""free_port.py - print a TCP port on 127.0.0.1 that nothing listens on."""
import socket

s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
