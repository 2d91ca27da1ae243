#!/usr/bin/env python3
"""tls_collector.py - test/tools/collector.py behind TLS.

  tls_collector.py CERT KEY [collector.py options...]

Serves exactly what collector.py serves, over https with the given
certificate (PEM) and key.  A client that rejects the certificate just
fails its handshake; the collector carries on.
"""

import http.server
import os
import ssl
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools"))
import collector  # noqa: E402


def main():
    cert, key, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)

    class TLSServer(http.server.ThreadingHTTPServer):
        def get_request(self):
            sock, addr = super().get_request()
            # Handshake in the handler thread (a bad client cannot stall
            # the accept loop); errors surface there as a dropped request.
            return ctx.wrap_socket(sock, server_side=True,
                                   do_handshake_on_connect=False), addr

        def handle_error(self, request, client_address):
            pass  # a rejected handshake is the client's verdict, not ours

    collector.http.server.ThreadingHTTPServer = TLSServer
    return collector.main(args)


if __name__ == "__main__":
    sys.exit(main())
