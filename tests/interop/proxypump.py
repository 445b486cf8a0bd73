# SPDX-License-Identifier: BSD-2-Clause
"""What the test's own proxies (socks5.py, digestproxy.py) share: the
listening loop (64 clients at most, a thread each) and the byte relay
between a client and the host it asked for."""
import select
import socket
import threading


def pump(a, b, idle):
    """Copies bytes both ways until either side closes or idle seconds
    pass without any."""
    socks = [a, b]
    while True:
        r, _, _ = select.select(socks, [], [], idle)
        if not r:
            return
        for s in r:
            d = s.recv(65536)
            if not d:
                return
            (b if s is a else a).sendall(d)


def serve(addr, port, banner, handler):
    """Accepts clients on addr:port for ever, handler(conn) in a thread
    for each (errors it raises printed, the connection then closed)."""
    slots = threading.BoundedSemaphore(64)

    def run(c):
        try:
            handler(c)
        except (OSError, EOFError, ValueError) as e:
            print("client error: %s" % e, flush=True)
        finally:
            c.close()
            slots.release()

    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(16)
    print(banner, flush=True)
    while True:
        c, _ = ls.accept()
        slots.acquire()
        threading.Thread(target=run, args=(c,), daemon=True).start()
