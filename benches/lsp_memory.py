#!/usr/bin/env python3
"""Peak memory of `hyoka lsp` with many open sheets (release build).

    cargo build --release && python3 benches/lsp_memory.py [N=1000] [--binary target/release/hyoka]

Starts the server, initializes it, opens N copies of examples/complete.hyoka under different URIs, waits
for the N publishDiagnostics, and prints VmRSS and VmHWM from /proc/PID/status before and after. Then
shuts it down. tests/lsp_torture.rs asserts the same bound (< 500 MB) on the debug build.
"""

import json
import os
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def frame(msg):
    body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def reader(stream, out, cond):
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                with cond:
                    out.append(None)
                    cond.notify_all()
                return
            line = line.strip()
            if not line:
                break
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v)
        body = stream.read(length)
        with cond:
            out.append(json.loads(body))
            cond.notify_all()


def status(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                fields[k] = int(v.split()[0])
    return fields


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1000
    binary = os.path.join(ROOT, "target", "release", "hyoka")
    if "--binary" in sys.argv:
        binary = sys.argv[sys.argv.index("--binary") + 1]
    text = open(os.path.join(ROOT, "examples", "complete.hyoka"), encoding="utf-8").read()
    p = subprocess.Popen([binary, "lsp", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    msgs, cond = [], threading.Condition()
    threading.Thread(target=reader, args=(p.stdout, msgs, cond), daemon=True).start()

    def wait(pred, timeout=120):
        deadline = time.time() + timeout
        with cond:
            while True:
                for i, m in enumerate(msgs):
                    if m is None:
                        sys.exit("server closed stdout")
                    if pred(m):
                        del msgs[: i + 1]
                        return m
                left = deadline - time.time()
                if left <= 0:
                    sys.exit("timeout")
                cond.wait(left)

    def send(m):
        p.stdin.write(frame(m))
        p.stdin.flush()

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    before = status(p.pid)
    t = time.time()
    for i in range(n):
        uri = f"file:///nonexistent-hyoka-mem/sheet{i:05d}.hyoka"
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "hyoka", "version": 1, "text": text}}})
    seen = set()
    while len(seen) < n:
        m = wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        seen.add(m["params"]["uri"])
    took = time.time() - t
    after = status(p.pid)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    wait(lambda m: m.get("id") == 2)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    p.stdin.close()
    code = p.wait(10)
    mib = lambda k: k / 1024
    print(f"hyoka lsp ({binary}): {n} open sheets × {len(text.encode())} bytes ({mib(n * len(text.encode()) / 1024):.1f} MiB of text)")
    print(f"  opened and diagnosed in {took:.2f} s ({n / took:,.0f} documents/s)")
    print(f"  VmRSS {mib(before['VmRSS']):.1f} MiB → {mib(after['VmRSS']):.1f} MiB; VmHWM {mib(after['VmHWM']):.1f} MiB")
    print(f"  {(after['VmRSS'] - before['VmRSS']) / n:.1f} KiB per open sheet; exit status {code}")


if __name__ == "__main__":
    main()
