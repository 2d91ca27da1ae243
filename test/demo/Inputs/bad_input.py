"""Bad requests to the banking demo: each gets one 4xx with {"error":...},
nothing changes, and the server runs on."""
import argparse
import http.client
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from demo import Demo

BIG = 64 * 1024 + 1

CASES = [
    ("malformed json", "POST", "/transfer", b'{"from":"alice",'),
    ("not an object", "POST", "/transfer", b"[1,2,3]"),
    ("trailing garbage", "POST", "/deposit", b'{"account":"alice","amount":1} x'),
    ("empty body", "POST", "/deposit", b""),
    ("nul in body", "POST", "/deposit", b'{"account":"alice","amount":1}\0{}'),
    ("missing amount", "POST", "/transfer", b'{"from":"alice","to":"bob"}'),
    ("negative amount", "POST", "/transfer", b'{"from":"alice","to":"bob","amount":-5}'),
    ("zero amount", "POST", "/deposit", b'{"account":"alice","amount":0}'),
    ("fractional amount", "POST", "/transfer", b'{"from":"alice","to":"bob","amount":1.5}'),
    ("string amount", "POST", "/deposit", b'{"account":"alice","amount":"100"}'),
    ("huge amount", "POST", "/deposit", b'{"account":"alice","amount":1e300}'),
    ("unknown account", "POST", "/transfer", b'{"from":"mallory","to":"bob","amount":1}'),
    ("account not string", "POST", "/deposit", b'{"account":7,"amount":1}'),
    ("same from and to", "POST", "/transfer", b'{"from":"bob","to":"bob","amount":1}'),
    ("insufficient funds", "POST", "/transfer", b'{"from":"charlie","to":"bob","amount":301}'),
    ("oversize body", "POST", "/transfer", b'{"pad":"' + b"x" * BIG + b'"}'),
    ("wrong method", "GET", "/transfer", None),
    ("unknown path", "GET", "/admin", None),
]


def chunked_oversize(demo):
    """A body over the limit sent without Content-Length (chunked)."""
    host, port = demo.base[len("http://"):].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    chunks = (b"x" * 4096 for _ in range(BIG // 4096 + 2))
    conn.request("POST", "/deposit", body=chunks,
                 headers={"Content-Type": "application/json"},
                 encode_chunked=True)
    res = conn.getresponse()
    res.read()
    conn.close()
    return res.status


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", required=True)
    args = ap.parse_args()
    env = {"RACEWAY_OUTPUT": os.devnull}
    with Demo(args.demo, env=env) as demo:
        _, before = demo.request("GET", "/balances")
        for name, method, path, raw in CASES:
            status, reply = demo.request(method, path, raw=raw)
            error = isinstance(reply, dict) and isinstance(reply.get("error"), str)
            print("%s: %d error=%s" % (name, status, "yes" if error else "no"))
        print("chunked oversize body: %d" % chunked_oversize(demo))
        _, after = demo.request("GET", "/balances")
        print("balances unchanged: %s" % (before == after))
        print("health: %d" % demo.request("GET", "/health")[0])
        print("exit code: %d" % demo.stop())


if __name__ == "__main__":
    main()
