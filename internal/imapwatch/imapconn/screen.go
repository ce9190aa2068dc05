package imapconn

import (
	"bytes"
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/followup-dev/followup/internal/imapwatch/headertap"
)

// Header is the screening view of one message: the header fields
// the caller (imapwatch.WatchOptions.ScreenFields) names, exactly as stored. Fields is valid only
// during the call it is handed to (its memory is reused).
type Header = headertap.Header

// ScreenHeaders fetches the header fields of uids in one command and hands
// each message to each as it arrives, in UID order (the server answers in
// sequence order, which is UID order); a message expunged meanwhile is not
// answered. Nothing of a message is kept after its call. The responses
// are read by headertap (on imapclient's reader goroutine, where each then
// runs), or by imapclient when tapFor says no tap.
func (c *Client) ScreenHeaders(ctx context.Context, uids []imap.UID, fields []string, each func(Header) error) error {
	return c.do(ctx, "fetch headers", func() error {
		if tap := c.tapFor(fields); tap != nil {
			return tap.FetchHeaders(c.ic, imap.UIDSetNum(uids...), fields, each, c.Notify)
		}
		section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: fields, Peek: true}
		cmd := c.ic.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}})
		var buf bytes.Buffer
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			h, err := screenItem(msg, &buf)
			if err == nil && h.UID != 0 {
				err = each(h)
			}
			if err != nil {
				cmd.Close()
				return err
			}
		}
		return cmd.Close()
	})
}

// tapFor is the tap a header FETCH of fields is read by, nil for
// imapclient: none for fields that would need quoting, or while an IDLE
// is under way. The command lock is held.
func (c *Client) tapFor(fields []string) *headertap.Conn {
	if c.tap == nil || c.idling.Load() || !headertap.Tappable(fields) {
		return nil
	}
	return c.tap
}

// screenItem reads one FETCH response: its UID and header fields, read
// into buf.
func screenItem(msg *imapclient.FetchMessageData, buf *bytes.Buffer) (Header, error) {
	var h Header
	buf.Reset()
	for {
		item := msg.Next()
		if item == nil {
			h.Fields = buf.Bytes()
			return h, nil
		}
		switch item := item.(type) {
		case imapclient.FetchItemDataUID:
			h.UID = uint32(item.UID)
		case imapclient.FetchItemDataBodySection:
			if item.Literal == nil {
				continue
			}
			if _, err := buf.ReadFrom(item.Literal); err != nil {
				return h, fmt.Errorf("fetch headers: %w", err)
			}
		}
	}
}
