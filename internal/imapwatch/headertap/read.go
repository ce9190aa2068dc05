package headertap

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// maxTapLiteral bounds one literal a tap reads (a message's header fields
// are a few kilobytes): a larger one is a broken or hostile server.
const maxTapLiteral = 16 << 20

// readAll reads responses up to and including the tap's tagged one.
func (h *headerTap) readAll(r *bufio.Reader) error {
	var fields []byte
	for {
		b, err := r.ReadByte()
		if err != nil {
			return err
		}
		if b == '*' {
			if err := expect(r, ' '); err != nil {
				return err
			}
			if fields, err = h.untagged(r, fields); err != nil {
				return err
			}
			continue
		}
		r.UnreadByte()
		tag, err := readAtom(r)
		if err != nil {
			return err
		}
		if string(tag) != h.tag {
			return fmt.Errorf("unexpected response %q during a header FETCH", clip(tag))
		}
		return h.tagged(r)
	}
}

// tagged reads the rest of the tap's tagged response.
func (h *headerTap) tagged(r *bufio.Reader) error {
	line, err := readLine(r)
	if err != nil {
		return err
	}
	line = bytes.TrimSpace(line)
	status, text, _ := bytes.Cut(line, []byte(" "))
	if !bytes.EqualFold(status, []byte("OK")) {
		h.status = fmt.Errorf("server said %s %s", clip(status), clip(text))
	}
	return nil
}

// untagged reads one untagged response after its "* ": a FETCH's header
// fields go to each, an EXISTS calls notify, anything else is skipped.
// fields is a buffer to reuse.
func (h *headerTap) untagged(r *bufio.Reader, fields []byte) ([]byte, error) {
	first, err := readAtom(r)
	if err != nil {
		return fields, err
	}
	if !isNumber(first) {
		if isStatus(first) { // free text: a "{5}" in it is no literal
			_, err := readLine(r)
			return fields, err
		}
		return fields, skipResponse(r)
	}
	if err := expect(r, ' '); err != nil {
		return fields, err
	}
	kind, err := readAtom(r)
	if err != nil {
		return fields, err
	}
	switch {
	case bytes.EqualFold(kind, []byte("FETCH")):
		return h.fetch(r, fields)
	case bytes.EqualFold(kind, []byte("EXISTS")):
		h.notify()
	}
	_, err = readLine(r) // EXISTS, RECENT, EXPUNGE: a number and a name
	return fields, err
}

// isStatus reports an untagged status response (OK, NO, BAD, BYE,
// PREAUTH), whose text is free.
func isStatus(name []byte) bool {
	for _, s := range []string{"OK", "NO", "BAD", "BYE", "PREAUTH"} {
		if bytes.EqualFold(name, []byte(s)) {
			return true
		}
	}
	return false
}

// clip is b cut to 64 bytes, for an error message.
func clip(b []byte) []byte {
	if len(b) > 64 {
		return append(b[:64:64], "..."...)
	}
	return b
}

// fetch reads one FETCH response's attribute list and its line end.
func (h *headerTap) fetch(r *bufio.Reader, fields []byte) ([]byte, error) {
	if err := expect(r, ' '); err != nil {
		return fields, err
	}
	if err := expect(r, '('); err != nil {
		return fields, err
	}
	var uid uint32
	body := false
	for {
		b, err := r.ReadByte()
		if err != nil {
			return fields, err
		}
		if b == ')' {
			break
		}
		if b == ' ' {
			continue
		}
		r.UnreadByte()
		name, err := readAtom(r)
		if err != nil {
			return fields, err
		}
		switch {
		case bytes.EqualFold(name, []byte("UID")):
			uid, err = readUIDValue(r)
		case (bytes.EqualFold(name, []byte("BODY")) || bytes.EqualFold(name, []byte("BODY.PEEK"))) && peekIs(r, '['):
			body = true
			fields, err = readBodySection(r, fields[:0])
		default:
			err = skipAttribute(r)
		}
		if err != nil {
			return fields, err
		}
	}
	if err := expectCRLF(r); err != nil {
		return fields, err
	}
	if uid != 0 && body && h.eachErr == nil {
		h.eachErr = h.each(Header{UID: uid, Fields: fields})
	}
	return fields, nil
}

func readUIDValue(r *bufio.Reader) (uint32, error) {
	if err := expect(r, ' '); err != nil {
		return 0, err
	}
	n, err := readAtom(r)
	if err != nil {
		return 0, err
	}
	v, err := strconv.ParseUint(string(n), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("UID %q: not a number", clip(n))
	}
	return uint32(v), nil
}

// readBodySection reads "[section]<origin> value" after BODY, the value
// (a literal, a quoted string or NIL) appended to buf.
func readBodySection(r *bufio.Reader, buf []byte) ([]byte, error) {
	if err := skipSection(r); err != nil {
		return buf, err
	}
	if err := expect(r, ' '); err != nil {
		return buf, err
	}
	return readNString(r, buf)
}

// skipSection skips "[section]" and the "<origin>" that may follow it.
func skipSection(r *bufio.Reader) error {
	if err := skipBracket(r); err != nil {
		return err
	}
	if peekIs(r, '<') {
		_, err := r.ReadSlice('>')
		return err
	}
	return nil
}

// skipBracket skips "[...]", a ']' inside a quoted string included.
func skipBracket(r *bufio.Reader) error {
	if err := expect(r, '['); err != nil {
		return err
	}
	quoted := false
	for {
		s, err := r.ReadSlice(']')
		if err != nil && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		quoted = quoted != (quotes(s)%2 == 1)
		if err == nil && !quoted {
			return nil
		}
	}
}

// quotes counts the unescaped double quotes in s.
func quotes(s []byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			n++
		}
	}
	return n
}

// readNString appends a literal, a quoted string or nothing (NIL) to buf.
func readNString(r *bufio.Reader, buf []byte) ([]byte, error) {
	b, err := r.ReadByte()
	if err != nil {
		return buf, err
	}
	switch b {
	case '{':
		n, err := readLiteralSize(r)
		if err != nil {
			return buf, err
		}
		start := len(buf)
		buf = slices.Grow(buf, n)[:start+n]
		_, err = io.ReadFull(r, buf[start:])
		return buf, err
	case '"':
		return readQuoted(r, buf)
	}
	r.UnreadByte()
	atom, err := readAtom(r)
	if err == nil && !bytes.EqualFold(atom, []byte("NIL")) {
		err = fmt.Errorf("body section value %q", clip(atom))
	}
	return buf, err
}

// readLiteralSize reads "n}" or "n+}" and the CRLF after it.
func readLiteralSize(r *bufio.Reader) (int, error) {
	s, err := r.ReadSlice('}')
	if err != nil {
		return 0, fmt.Errorf("literal size: %w", err)
	}
	n, ok := literalSize(s[:len(s)-1])
	if !ok {
		return 0, fmt.Errorf("literal size %q", clip(s[:len(s)-1]))
	}
	return n, expectCRLF(r)
}

// literalSize reads a literal's announced size, "n" or "n+" (the braces
// taken off), at most maxTapLiteral.
func literalSize(s []byte) (int, bool) {
	n, err := strconv.Atoi(string(bytes.TrimSuffix(s, []byte("+"))))
	return n, err == nil && n >= 0 && n <= maxTapLiteral
}

// readQuoted appends the rest of a quoted string, unescaped, to buf.
func readQuoted(r *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		b, err := r.ReadByte()
		if err != nil {
			return buf, err
		}
		switch b {
		case '"':
			return buf, nil
		case '\\':
			if b, err = r.ReadByte(); err != nil {
				return buf, err
			}
		case '\r', '\n':
			return buf, errors.New("line end in a quoted string")
		}
		buf = append(buf, b)
	}
}

// skipAttribute skips a FETCH attribute's value (and a section after a
// name such as BINARY[1]): an atom or number, a quoted string, a literal
// or a parenthesized list.
func skipAttribute(r *bufio.Reader) error {
	if peekIs(r, '[') {
		if err := skipSection(r); err != nil {
			return err
		}
	}
	if err := expect(r, ' '); err != nil {
		return err
	}
	return skipValue(r, 0)
}

func skipValue(r *bufio.Reader, depth int) error {
	if depth > 64 {
		return errors.New("lists nested too deep")
	}
	b, err := r.ReadByte()
	if err != nil {
		return err
	}
	switch b {
	case '"':
		_, err = readQuoted(r, nil)
		return err
	case '{', '~':
		if b == '~' {
			if err := expect(r, '{'); err != nil {
				return err
			}
		}
		n, err := readLiteralSize(r)
		if err == nil {
			_, err = r.Discard(n)
		}
		return err
	case '(':
		for {
			b, err := r.ReadByte()
			if err != nil {
				return err
			}
			switch b {
			case ')':
				return nil
			case ' ':
				continue
			}
			r.UnreadByte()
			if err := skipValue(r, depth+1); err != nil {
				return err
			}
		}
	}
	r.UnreadByte()
	_, err = readAtom(r)
	if err == nil && peekIs(r, '[') { // an attribute name in a list, such as BODY[TEXT]
		err = skipBracket(r)
	}
	return err
}

// skipResponse skips the rest of a response: its line, and any literal
// it ends with and the line after.
func skipResponse(r *bufio.Reader) error {
	for {
		line, err := readLine(r)
		if err != nil {
			return err
		}
		n, ok := literalAtEnd(line)
		if !ok {
			return nil
		}
		if _, err := r.Discard(n); err != nil {
			return err
		}
	}
}

// literalAtEnd reports the size of a literal announced at the end of line
// ("{n}" or "{n+}").
func literalAtEnd(line []byte) (int, bool) {
	if !bytes.HasSuffix(line, []byte("}")) {
		return 0, false
	}
	open := bytes.LastIndexByte(line, '{')
	if open < 0 {
		return 0, false
	}
	return literalSize(line[open+1 : len(line)-1])
}

// readLine reads to the end of the line and returns it without CRLF; of a
// line longer than the reader's buffer, the first buffer's worth and the
// end are kept. The slice is valid until the next read.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		long := slices.Clone(line)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = r.ReadSlice('\n')
		}
		line = append(long, line...)
	}
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

// readAtom reads bytes up to a space, a bracket, a parenthesis or a line
// end. The slice is valid until the next read.
func readAtom(r *bufio.Reader) ([]byte, error) {
	n := 0
	for {
		buf, err := r.Peek(n + 1)
		if len(buf) > n && !atomEnd(buf[n]) {
			n++
			continue
		}
		if n == 0 {
			if err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("unexpected %q", buf[0])
		}
		out, _ := r.Peek(n)
		r.Discard(n)
		return out, nil
	}
}

func atomEnd(c byte) bool {
	switch c {
	case ' ', '(', ')', '[', ']', '{', '"', '\r', '\n':
		return true
	}
	return false
}

func isNumber(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func peekIs(r *bufio.Reader, c byte) bool {
	b, err := r.Peek(1)
	return err == nil && b[0] == c
}

func expect(r *bufio.Reader, want byte) error {
	b, err := r.ReadByte()
	if err != nil {
		return err
	}
	if b != want {
		return fmt.Errorf("got %q, want %q", b, want)
	}
	return nil
}

func expectCRLF(r *bufio.Reader) error {
	b, err := r.ReadByte()
	if err == nil && b == '\r' {
		b, err = r.ReadByte()
	}
	if err != nil {
		return err
	}
	if b != '\n' {
		return fmt.Errorf("got %q, want a line end", b)
	}
	return nil
}
