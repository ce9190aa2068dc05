#!/usr/bin/env python3
"""bench/smtpsend.py: send N messages over one STARTTLS + AUTH connection with smtplib.

    python3 bench/smtpsend.py N TOKEN

The reference for bench/throughput.sh: the same messages bench/smtpsend/main.go sends (message i
to tp<i>.<TOKEN>@bench.example, built byte for byte the same way), to the stack's submission port
(FOLLOWUP_E2E_HOST, FOLLOWUP_E2E_SUBMISSION_PORT), trusting only FOLLOWUP_E2E_CA, logged in as
FOLLOWUP_E2E_ME_USER with FOLLOWUP_E2E_ME_PASS (never printed). Exits 1 unless every message was
accepted; prints nothing on success.
"""
import os
import smtplib
import ssl
import sys


def message(frm: str, to: str, mid: str, token: str, i: int) -> bytes:
    lines = [
        f"From: Casey Candidate <{frm}>",
        f"To: <{to}>",
        f"Subject: Thank you for the interview {token} {i}",
        "Date: Wed, 02 Dec 2026 10:00:00 +0000",
        f"Message-ID: <{mid}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 7bit",
        "",
    ]
    lines += [
        f"Line {n:02d} of the thank-you note: thank you again for your time today, it was great."
        for n in range(16)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def main() -> int:
    n, token = int(sys.argv[1]), sys.argv[2]
    host = os.environ["FOLLOWUP_E2E_HOST"]
    port = int(os.environ["FOLLOWUP_E2E_SUBMISSION_PORT"])
    user = os.environ["FOLLOWUP_E2E_ME_USER"]
    ctx = ssl.create_default_context(cafile=os.environ["FOLLOWUP_E2E_CA"])
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    with smtplib.SMTP(host, port, local_hostname="localhost", timeout=120) as s:
        s.starttls(context=ctx)
        s.login(user, os.environ["FOLLOWUP_E2E_ME_PASS"])
        for i in range(1, n + 1):
            to = f"tp{i}.{token}@bench.example"
            mid = f"{token}.{i}@bench.example"
            refused = s.sendmail(user, [to], message(user, to, mid, token, i))
            if refused:
                print(f"smtpsend.py: {mid}: refused {refused}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
