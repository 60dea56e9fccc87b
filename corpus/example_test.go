package corpus_test

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/leapcheck/leapcheck/corpus"
)

// The 2012 Azure guest agent, replayed: its valid-to date came from adding 1
// to the year of the dangerous instant.
func ExampleLookup() {
	e, ok := corpus.Lookup("azure-2012-leap-day")
	if !ok {
		fmt.Println("missing")
		return
	}
	at := e.Instants[0].At
	fmt.Println(e.Classes, e.Instants[0].Label, at.Format(time.RFC3339))
	fmt.Printf("valid-to asked for: %04d-%02d-%02d\n", at.Year()+1, at.Month(), at.Day())
	// Output:
	// [leap-day] valid-from 2012-02-29T00:00:00Z
	// valid-to asked for: 2013-02-29
}

// Check a date function against every instant that has broken someone's
// software: here, that adding a year with time.AddDate never lands on a day
// that is not in the target year.
func ExampleInstants() {
	bad := 0
	for _, t := range corpus.Instants() {
		if next := t.AddDate(1, 0, 0); next.Year() != t.Year()+1 {
			bad++
		}
	}
	fmt.Println("instants checked:", len(corpus.Instants()) > 40, "failures:", bad)
	// Output: instants checked: true failures: 0
}

func ExampleByClass() {
	for _, e := range corpus.ByClass(corpus.LeapSecond) {
		fmt.Println(e.ID, e.Inputs)
	}
	// Output:
	// linux-leap-second-2012 [2012-06-30T23:59:60Z]
	// cloudflare-leap-second-2016 [2016-12-31T23:59:60Z]
}

func ExampleShape_Args() {
	at := time.Date(2012, 2, 29, 0, 0, 0, 0, time.UTC)
	for _, s := range corpus.Shapes() {
		args, _ := s.Args(at)
		if b, ok := args[0].([]byte); ok {
			fmt.Printf("%s [%q]\n", s, b)
			continue
		}
		fmt.Println(s, args)
	}
	// Output:
	// UnixSeconds [1330473600]
	// RFC3339 [2012-02-29T00:00:00Z]
	// YMD [2012 2 29]
	// Civil [2012 2 29 0 0 0]
	// Bytes ["2012-02-29T00:00:00Z"]
}

// Seed a fuzz target FuzzParseDate(f *testing.F) that takes (year, month,
// day int) in your package: go test then runs every catalogue date as a
// seed, and go test -fuzz starts from them. In the fuzz test itself,
// corpus.AddToF(f, corpus.YMD) does the same without files.
func ExampleWriteFuzzCorpus() {
	pkg, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(pkg)
	n, err := corpus.WriteFuzzCorpus(filepath.Join(pkg, "testdata", "fuzz", "FuzzParseDate"), corpus.YMD)
	fmt.Println(n > 30, err)

	b, _ := corpus.FuzzFile(2012, 2, 29)
	fmt.Print(string(b))
	// Output:
	// true <nil>
	// go test fuzz v1
	// int(2012)
	// int(2)
	// int(29)
}

// A catalogue entry with an impossible date is rejected with the entry and
// the field.
func ExampleLoad() {
	_, err := corpus.Load([]byte(`[{
		"id": "zune-2008-day-366", "year": 2008, "system": "Zune 30GB",
		"broke": "froze on day 366", "classes": ["day-366"],
		"instants": [{"label": "day-366", "at": "2008-13-31T00:00:00Z"}],
		"sources": ["https://example.org/zune"]}]`))
	fmt.Println(err)
	// Output:
	// corpus: entry "zune-2008-day-366": instants[0].at: parsing time "2008-13-31T00:00:00Z": month out of range
}
