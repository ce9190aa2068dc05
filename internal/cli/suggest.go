package cli

// closest returns the names nearest to typed by edit distance (with
// transpositions, so "lsit" is one edit from "list"), at most maxEdits
// away; only those at the smallest distance, in their order. A name that
// starts with typed counts as one edit.
func closest(typed string, names []string) []string {
	best, out := 3, []string(nil)
	for _, n := range names {
		d := editDistance(typed, n)
		if len(typed) >= 2 && len(n) > len(typed) && n[:len(typed)] == typed && d > 1 {
			d = 1
		}
		switch {
		case d > maxEdits(typed):
		case d < best:
			best, out = d, []string{n}
		case d == best:
			out = append(out, n)
		}
	}
	return out
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// maxEdits is how far a typo may be from a name: one edit for a word of up
// to three letters ("a1" is not "add"), two for longer ones.
func maxEdits(typed string) int {
	if len([]rune(typed)) <= 3 {
		return 1
	}
	return 2
}
