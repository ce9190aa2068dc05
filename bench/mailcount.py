#!/usr/bin/env python3
"""bench/mailcount.py: count messages in a test mailbox over IMAPS, by Message-ID and by recipient.

    python3 bench/mailcount.py USER_ENV PASS_ENV MAILBOX TOKEN

USER_ENV and PASS_ENV name environment variables (from /tmp/followup-mail/env) holding the login
and password; the password is never printed. Every message in MAILBOX whose To header contains
TOKEN is read (headers only, with BODY.PEEK, so no flag changes) and one JSON object is printed:

    {"total": N, "by_message_id": {"<id>": count, ...}, "by_to": {"addr": count, ...}}

Message-IDs are given without angle brackets, as `followup outbox --json` prints them.
The CA is FOLLOWUP_E2E_CA, the host and port FOLLOWUP_E2E_HOST and FOLLOWUP_E2E_IMAPS_PORT.
"""
import email.parser
import email.policy
import email.utils
import imaplib
import json
import os
import ssl
import sys


def main() -> int:
    if len(sys.argv) != 5:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    user_env, pass_env, mailbox, token = sys.argv[1:]
    ctx = ssl.create_default_context(cafile=os.environ["FOLLOWUP_E2E_CA"])
    host = os.environ["FOLLOWUP_E2E_HOST"]
    port = int(os.environ["FOLLOWUP_E2E_IMAPS_PORT"])
    by_id, by_to, total = {}, {}, 0
    with imaplib.IMAP4_SSL(host, port, ssl_context=ctx, timeout=30) as c:
        c.login(os.environ[user_env], os.environ[pass_env])
        typ, _ = c.select(mailbox, readonly=True)
        if typ != "OK":
            raise SystemExit(f"select {mailbox}: {typ}")
        typ, data = c.uid("SEARCH", None, "TO", f'"{token}"')
        uids = data[0].split() if typ == "OK" and data and data[0] else []
        parser = email.parser.BytesHeaderParser(policy=email.policy.compat32)
        for i in range(0, len(uids), 200):
            chunk = b",".join(uids[i : i + 200])
            typ, rows = c.uid("FETCH", chunk, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID TO)])")
            for row in rows:
                if not isinstance(row, tuple):
                    continue
                h = parser.parsebytes(row[1])
                total += 1
                mid = (h.get("Message-ID") or "").strip().strip("<>")
                by_id[mid] = by_id.get(mid, 0) + 1
                for _, addr in email.utils.getaddresses(h.get_all("To") or []):
                    addr = addr.lower()
                    if token.lower() in addr:
                        by_to[addr] = by_to.get(addr, 0) + 1
        c.logout()
    json.dump({"total": total, "by_message_id": by_id, "by_to": by_to}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
