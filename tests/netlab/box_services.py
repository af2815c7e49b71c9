#!/usr/bin/env python3
"""The services of a netlab namespace: DNS, HTTP, HTTPS and not-TLS listeners.

Test infrastructure for tests/netlab/netlab.sh (standard library only). One process runs every
service named on its command line, each in its own threads, until it is killed.

usage: box_services.py [--record NAME=IPV4]... [--block NAME]... SERVICE...

SERVICE is KIND@ADDRESS:PORT followed by ,OPTION=VALUE pairs:

  dns@192.168.1.1:53      a DNS server over UDP and TCP answering A records from the --record
                          table (other types of a known name: no data; unknown or --block'ed
                          names: NXDOMAIN)
      mode=answer         (default) | silent (never answers) | refused | servfail
      delay=MS            wait MS milliseconds before each answer
  http@203.0.113.30:80    an HTTP server
  https@203.0.113.10:443  the same over TLS; needs cert=FILE,key=FILE (a PEM chain and its key)
      mode=ok             (default) /generate_204 answers 204, anything else a 200 page
      mode=portal         /login... answers a login page, anything else 302 to login=URL
      mode=altered        200 with a page, whatever is asked (a filter or proxy rewrote it)
      mode=proxy407       407 Proxy Authentication Required
      mode=error500       500 Internal Server Error
      delay=MS            wait MS milliseconds before answering
      date=+365d          send a Date header that many days off (+ or -); date=none sends none
      login=URL           where mode=portal redirects (default http://192.168.1.1/login)
  plain@203.0.113.20:443  a TCP server that answers a line of plain text and hangs up: what a
                          TLS client meets when something else than TLS listens on the port
"""

import argparse
import email.utils
import http.server
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time

# --- DNS ----------------------------------------------------------------------------------

RCODES = {"answer": 0, "servfail": 2, "refused": 5}
NXDOMAIN = 3


def dns_answer(query, options, records, blocked):
    """The reply to one DNS query (bytes), or None to stay silent."""
    if options["mode"] == "silent" or len(query) < 17:
        return None
    labels, i = [], 12
    while i < len(query) and query[i] != 0:
        length = query[i]
        if length & 0xC0:  # a compressed question: not from a stub resolver
            return None
        labels.append(query[i + 1 : i + 1 + length])
        i += 1 + length
    i += 1
    if i + 4 > len(query):
        return None
    qtype = struct.unpack("!H", query[i : i + 2])[0]
    question = query[12 : i + 4]
    name = b".".join(labels).decode("ascii", "replace").lower().rstrip(".")

    rcode = RCODES[options["mode"]]
    answers = []
    if options["mode"] == "answer":
        if name in blocked or name not in records:
            rcode = NXDOMAIN
        elif qtype == 1:  # A; any other type of a known name gets "no data"
            rdata = socket.inet_aton(records[name])
            answers.append(b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, len(rdata)) + rdata)
    flags1 = 0x80 | (query[2] & 0x78) | 0x04 | (query[2] & 0x01)  # QR, opcode, AA, RD
    flags2 = 0x80 | rcode  # RA
    header = query[:2] + struct.pack("!BBHHHH", flags1, flags2, 1, len(answers), 0, 0)
    return header + question + b"".join(answers)


def delayed(options, action):
    """Runs `action` after the service's delay, without holding up other queries."""
    delay = options["delay"] / 1000.0
    if delay <= 0:
        action()
    else:
        timer = threading.Timer(delay, action)
        timer.daemon = True
        timer.start()


def serve_dns_udp(sock, options, records, blocked):
    while True:
        query, peer = sock.recvfrom(4096)
        reply = dns_answer(query, options, records, blocked)
        if reply is not None:
            delayed(options, lambda r=reply, p=peer: sock.sendto(r, p))


def serve_dns_tcp_client(conn, options, records, blocked):
    with conn:
        conn.settimeout(10)
        try:
            while True:
                size = conn.recv(2, socket.MSG_WAITALL)
                if len(size) < 2:
                    return
                query = conn.recv(struct.unpack("!H", size)[0], socket.MSG_WAITALL)
                reply = dns_answer(query, options, records, blocked)
                if reply is None:
                    continue
                if options["delay"] > 0:
                    time.sleep(options["delay"] / 1000.0)
                conn.sendall(struct.pack("!H", len(reply)) + reply)
        except OSError:
            return


def start_dns(address, port, options, records, blocked):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((address, port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((address, port))
    tcp.listen(64)

    def accept_loop():
        while True:
            conn, _ = tcp.accept()
            spawn(serve_dns_tcp_client, conn, options, records, blocked)

    spawn(serve_dns_udp, udp, options, records, blocked)
    spawn(accept_loop)


# --- HTTP and HTTPS -------------------------------------------------------------------------

PAGES = {
    "home": b"<html><body><h1>Portail educatif</h1></body></html>\n",
    "login": b"<html><body><form>Identifiant <input name=u></form></body></html>\n",
    "altered": b"<html><body>Page modifiee en chemin (filtre)</body></html>\n",
    "proxy": b"<html><body>Proxy authentication required</body></html>\n",
    "error": b"<html><body>Internal error</body></html>\n",
}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "netlab"
    sys_version = ""

    def send_response(self, code, message=None):
        # BaseHTTPRequestHandler always adds the real Date: send the configured one, or none.
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", "netlab")
        offset = self.server.options["date"]
        if offset is not None:
            self.send_header("Date", email.utils.formatdate(time.time() + offset, usegmt=True))

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        if code != 204:
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if code != 204 and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        options = self.server.options
        if options["delay"] > 0:
            time.sleep(options["delay"] / 1000.0)
        mode, path = options["mode"], self.path.split("?")[0]
        if mode == "ok":
            if path == "/generate_204":
                self.reply(204)
            else:
                self.reply(200, PAGES["home"])
        elif mode == "portal":
            if path.startswith("/login"):
                self.reply(200, PAGES["login"])
            else:
                self.reply(302, PAGES["login"], [("Location", options["login"])])
        elif mode == "altered":
            self.reply(200, PAGES["altered"])
        elif mode == "proxy407":
            self.reply(407, PAGES["proxy"], [("Proxy-Authenticate", 'Basic realm="netlab"')])
        elif mode == "error500":
            self.reply(500, PAGES["error"])
        else:
            self.reply(500, PAGES["error"])

    do_HEAD = do_GET

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s:%d %s\n" % (self.server.name, *self.client_address, fmt % args))


class HttpServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, options, name, tls=None):
        self.options, self.name, self.tls = options, name, tls
        super().__init__(address, Handler)

    def server_bind(self):
        # HTTPServer.server_bind would look the address up in DNS (getfqdn): not here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        # The TLS handshake happens here, in the connection's own thread, so a client that
        # connects and says nothing (the T step) holds up nobody.
        request.settimeout(15)
        if self.tls is None:
            self.RequestHandlerClass(request, client_address, self)
            return
        try:
            conn = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        with conn:
            try:
                self.RequestHandlerClass(conn, client_address, self)
            except (ssl.SSLError, OSError):
                pass

    def handle_error(self, request, client_address):
        pass  # a client hanging up early is normal here


def start_http(kind, address, port, options):
    tls = None
    if kind == "https":
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(options["cert"], options["key"])
    server = HttpServer((address, port), options, "%s@%s:%d" % (kind, address, port), tls)
    spawn(server.serve_forever)


# --- not TLS --------------------------------------------------------------------------------


def start_plain(address, port, options):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((address, port))
    sock.listen(64)
    text = (options.get("text") or "SSH-2.0-netlab this port does not speak TLS") + "\r\n"

    def answer(conn):
        with conn:
            try:
                conn.settimeout(5)
                conn.recv(4096)
                conn.sendall(text.encode())
            except OSError:
                pass

    def accept_loop():
        while True:
            conn, _ = sock.accept()
            spawn(answer, conn)

    spawn(accept_loop)


# --- command line ---------------------------------------------------------------------------


def spawn(target, *args):
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


def parse_service(text):
    kind, _, rest = text.partition("@")
    where, *pairs = rest.split(",")
    address, _, port = where.rpartition(":")
    if kind not in ("dns", "http", "https", "plain") or not address or not port.isdigit():
        raise ValueError("bad service %r (want KIND@ADDRESS:PORT[,OPTION=VALUE]...)" % text)
    options = {"mode": "answer" if kind == "dns" else "ok", "delay": 0, "date": 0.0}
    options["login"] = "http://192.168.1.1/login"
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key == "delay":
            options["delay"] = int(value)
        elif key == "date":
            options["date"] = None if value == "none" else float(value.rstrip("d")) * 86400
        elif key in ("mode", "cert", "key", "login", "text"):
            options[key] = value
        else:
            raise ValueError("unknown option %r in %r" % (key, text))
    modes = RCODES.keys() | {"silent"} if kind == "dns" else {
        "ok", "portal", "altered", "proxy407", "error500"}
    if kind != "plain" and options["mode"] not in modes:
        raise ValueError("unknown mode %r in %r" % (options["mode"], text))
    if kind == "https" and not ("cert" in options and "key" in options):
        raise ValueError("https needs cert= and key= in %r" % text)
    return kind, address, int(port), options


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--record", action="append", default=[], metavar="NAME=IPV4")
    parser.add_argument("--block", action="append", default=[], metavar="NAME")
    parser.add_argument("services", nargs="+", metavar="SERVICE")
    args = parser.parse_args()
    records = {}
    for record in args.record:
        name, _, ip = record.partition("=")
        socket.inet_aton(ip)
        records[name.lower().rstrip(".")] = ip
    blocked = {name.lower().rstrip(".") for name in args.block}
    try:
        services = [parse_service(s) for s in args.services]
    except ValueError as e:
        parser.error(str(e))
    for kind, address, port, options in services:
        if kind == "dns":
            start_dns(address, port, options, records, blocked)
        elif kind == "plain":
            start_plain(address, port, options)
        else:
            start_http(kind, address, port, options)
    sys.stderr.write("box_services: %d service(s) listening\n" % len(services))
    threading.Event().wait()


if __name__ == "__main__":
    main()
