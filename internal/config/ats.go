package config

import "fmt"

// ATSVendor is one applicant-tracking system added with an [[ats]] entry,
// beside the built-in list: mail from one of Domains (or carrying one of
// Headers, "Name" or "Name: value") is the company's answer or notice, and
// Slugs are URL or address parts that name the company ("{company}.lever.co").
type ATSVendor struct {
	Name    string
	Domains []string
	Headers []string
	Slugs   []string
}

// decodeATS reads the [[ats]] array of tables.
func (d *decoder) decodeATS(v any) {
	tables, ok := v.([]map[string]any)
	if !ok {
		d.problem("ats", `must be a list of tables: write each system as [[ats]] with name = "…" and domains = ["…"] below it`)
		return
	}
	for i, table := range tables {
		var a ATSVendor
		at := fmt.Sprintf("ats[%d]", i+1) // as keyLines numbers the [[ats]] tables
		d.decodeTable(at, table, map[string]field{
			"name": str(&a.Name), "domains": strings_(&a.Domains), "headers": strings_(&a.Headers), "slugs": strings_(&a.Slugs),
		})
		if a.Name == "" || len(a.Domains) == 0 && len(a.Headers) == 0 {
			d.problem(at, "needs a name and at least one of domains or headers, e.g. name = \"Recruitee\" and domains = [\"recruitee.com\"]")
			continue
		}
		d.cfg.ATS = append(d.cfg.ATS, a)
	}
}
