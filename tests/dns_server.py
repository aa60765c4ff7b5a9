"""A DNS server on loopback (UDP) for the e-mail domain verification tests: it parses each
query and builds its answer with dnspython's message code, as an authoritative server of the
test's zone answers (RFC 1035): TXT records of the names it knows, NXDOMAIN for other names,
SERVFAIL or no answer at all for the names told to fail."""

import socket
import threading

import dns.flags
import dns.message
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype


class DnsServer:
    """`txt[name]` is the list of the name's TXT records, each a list of character-strings
    (a name with an empty list exists but holds no TXT: NOERROR with no answer). `silent`
    names get no answer (the resolver times out); `failing` ones get SERVFAIL."""

    def __init__(self):
        self.txt: dict[str, list[list[str]]] = {}
        self.silent: set[str] = set()
        self.failing: set[str] = set()
        self.queries: list[str] = []
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.settimeout(0.05)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.socket.getsockname()
        return f"{host}:{port}"

    def _serve(self):
        while not self.stopped.is_set():
            try:
                data, client = self.socket.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(data)
            question = query.question[0]
            name = question.name.to_text(omit_final_dot=True).lower()
            self.queries.append(name)
            if name in self.silent:
                continue
            answer = dns.message.make_response(query)
            answer.flags |= dns.flags.AA
            if name in self.failing:
                answer.set_rcode(dns.rcode.SERVFAIL)
            elif name not in self.txt:
                answer.set_rcode(dns.rcode.NXDOMAIN)
            elif question.rdtype == dns.rdatatype.TXT and self.txt[name]:
                rrset = answer.find_rrset(
                    answer.answer, question.name, dns.rdataclass.IN, dns.rdatatype.TXT,
                    create=True,
                )  # fmt: skip
                for strings in self.txt[name]:
                    text = " ".join('"' + s.replace('"', '\\"') + '"' for s in strings)
                    rrset.add(dns.rdata.from_text("IN", "TXT", text), ttl=60)
            self.socket.sendto(answer.to_wire(), client)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join(timeout=2)
        self.socket.close()
