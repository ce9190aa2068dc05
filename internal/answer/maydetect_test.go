package answer

import (
	"os"
	"path/filepath"
	"testing"
)

// MayDetect never says no where Detect finds a vendor: over every fixture,
// and over a From at each built-in vendor domain (and a subdomain of it).
func TestMayDetectNeverMissesWhatDetectFinds(t *testing.T) {
	tbl := Default()
	paths, _ := filepath.Glob("testdata/*.eml")
	found := 0
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tbl.Detect(ParseHeader(raw).Header); ok {
			found++
			if !tbl.MayDetect(raw) {
				t.Errorf("%s: Detect finds a vendor, MayDetect says no", filepath.Base(p))
			}
		}
	}
	if found < 10 {
		t.Errorf("only %d fixtures from a vendor: the test proves little", found)
	}
	for _, v := range tbl.vendors {
		for _, d := range v.Domains {
			for _, h := range []string{"From: Jobs <no-reply@" + d + ">\r\n", "Return-Path: <bounce@mail." + d + ">\r\n",
				"DKIM-Signature: v=1; a=rsa-sha256; d=" + d + "; s=k\r\n", "Message-ID: <x@" + d + ">\r\n"} {
				raw := []byte(h + "Subject: Your application\r\n\r\n")
				_, ok := tbl.Detect(ParseHeader(raw).Header)
				if ok && !tbl.MayDetect(raw) {
					t.Errorf("%q: Detect finds %s, MayDetect says no", h, v.Name)
				}
			}
		}
	}
}

func TestMayDetectSaysNoToOrdinaryMail(t *testing.T) {
	raw := []byte("From: Weekly <news@list.example>\r\nReturn-Path: <b@list.example>\r\nMessage-ID: <1@list.example>\r\nDKIM-Signature: d=list.example; s=1\r\n\r\n")
	if Default().MayDetect(raw) {
		t.Error("MayDetect(newsletter) = true, want false")
	}
	tbl, err := NewTable([]Vendor{{Name: "Own", Headers: []string{"X-Own-ATS: yes"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !tbl.MayDetect([]byte("From: a@b.example\r\nX-Own-ATS: no\r\n\r\n")) {
		t.Error("MayDetect(a header print's field present) = false, want true: Detect decides")
	}
}

func TestMayDetectReadsOnlyTheHeader(t *testing.T) {
	raw := []byte("From: a@b.example\r\nSubject: x\r\n\r\nFrom: jobs@greenhouse.io\r\n")
	if Default().MayDetect(raw) {
		t.Error("MayDetect read a From line in the body")
	}
}

// Folded fields, encoded words and header prints on sender fields (found
// in review): MayDetect says yes wherever Detect does.
func TestMayDetectFoldedEncodedAndPrints(t *testing.T) {
	for _, h := range []string{
		"From: careers@acme.example\r\nDKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n d=hire.lever.co; s=s1; h=from\r\n",
		"From: =?UTF-8?Q?Acme_Talent_Acquisition_Team_=E2=80=93_Careers?=\r\n <no-reply@us.greenhouse-mail.io>\r\n",
		"From: =?utf-8?q?no-reply=40greenhouse.io?=\r\n",
	} {
		raw := []byte(h + "Subject: Your application\r\n\r\n")
		_, found := Default().Detect(ParseHeader(raw).Header)
		if !found {
			t.Errorf("%q: Detect finds no vendor: the case proves nothing", h)
		}
		if !Default().MayDetect(raw) {
			t.Errorf("%q: Detect finds a vendor, MayDetect says no", h)
		}
	}
	tbl, err := NewTable([]Vendor{{Name: "HireCo", Headers: []string{"Message-ID: hireco-mailer"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte("From: a@acme.example\r\nMessage-ID: <123.hireco-mailer.456@mta.acme.example>\r\n\r\n")
	if _, ok := tbl.Detect(ParseHeader(raw).Header); !ok || !tbl.MayDetect(raw) {
		t.Errorf("a print on Message-ID: Detect %v, MayDetect %v; want both true", ok, tbl.MayDetect(raw))
	}
}

// A domain written with a character that lower-cases to an ASCII letter
// (the Kelvin sign to "k") is a vendor's for Detect, so MayDetect must
// not say no (found in review: the allocation-free lower-casing folded
// ASCII only).
func TestMayDetectFoldsAsDetectDoes(t *testing.T) {
	tbl := Default()
	for _, raw := range []string{
		"From: a@b.example\r\nDKIM-Signature: v=1; d=wor\u212Aable.com; s=s1\r\n\r\n",
	} {
		_, detected := tbl.Detect(ParseHeader([]byte(raw)).Header)
		if detected && !tbl.MayDetect([]byte(raw)) {
			t.Errorf("Detect finds a vendor in %q, MayDetect says no", raw)
		}
		if !detected {
			t.Errorf("Detect finds no vendor in %q: the test proves nothing", raw)
		}
	}
}
