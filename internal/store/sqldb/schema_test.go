package sqldb

import "testing"

func TestMigrationsAscend(t *testing.T) {
	for i := 1; i < len(migrations); i++ {
		if migrations[i].Version <= migrations[i-1].Version {
			t.Errorf("migration %d follows %d: versions must ascend in the slice or later ones are skipped",
				migrations[i].Version, migrations[i-1].Version)
		}
	}
}
