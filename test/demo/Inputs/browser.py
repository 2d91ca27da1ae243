"""Run Inputs/browser.mjs against a fresh banking demo and stop the demo."""
import argparse
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from demo import Demo

BROWSER_TIMEOUT = 90


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--demo", required=True)
    ap.add_argument("--node", required=True)
    ap.add_argument("--screenshot", required=True)
    args = ap.parse_args()
    script = os.path.join(os.path.dirname(__file__), "browser.mjs")
    env = {"RACEWAY_OUTPUT": os.devnull}
    with Demo(args.demo, env=env) as demo, \
            tempfile.TemporaryDirectory(prefix="raceway-chromium-") as profile:
        # Node resolves playwright-core from test/demo/node_modules.
        res = subprocess.run([args.node, script, demo.base + "/",
                              args.screenshot, profile],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             timeout=BROWSER_TIMEOUT)
        sys.stdout.write(res.stdout.decode(errors="replace"))
        print("browser exit code: %d" % res.returncode)
        print("demo exit code: %d" % demo.stop())


if __name__ == "__main__":
    main()
