package pipeline

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/steward-bank/steward/domain"
	"github.com/steward-bank/steward/store"
	"github.com/steward-bank/steward/store/storetest"
)

// bigBatch is a delta batch with n new clients, each with an account and a transaction.
func bigBatch(n int) batchSpec {
	cust := []string{custHeader}
	acct := []string{acctHeader}
	txn := []string{txnHeader}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("K%07d", i)
		cust = append(cust, fmt.Sprintf("%s|客户%d|02|P%08d|F||13%09d|OT1|20260502|normal", id, i, i, i))
		acct = append(acct, fmt.Sprintf("AK%07d|%s|DEP|CNY|%d.%02d|20260502||active", i, id, 1000+i%90000, i%100))
		txn = append(txn, fmt.Sprintf("TK%07d|AK%07d|%s|20260502101500|%d.00|CNY|cash|counter|1||", i, i, id, 1000+i%90000))
	}
	return batchSpec{date: "20260502", files: map[string][]string{"CUST": cust, "ACCT": acct, "TXN": txn}}
}

// TestImportKillChild is the child process of TestKillMidImport: it imports one batch, printing its progress,
// and is killed by its parent part-way. It does nothing in a normal test run.
func TestImportKillChild(t *testing.T) {
	url, dir := os.Getenv("STEWARD_KILL_CHILD_URL"), os.Getenv("STEWARD_KILL_CHILD_DIR")
	if url == "" {
		t.Skip("child of TestKillMidImport only")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Import(ctx, st, []string{dir}, Options{Progress: func(_ domain.Date, phase string, done, total int) {
		if phase == "apply" {
			fmt.Printf("apply %d %d\n", done, total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("finished")
}

// TestKillMidImport kills a real import process with SIGKILL in the middle of applying a batch, then checks
// that the store is exactly as before the batch, and that running the import again applies it.
func TestKillMidImport(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := storetest.URL(t, engine)
			st, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := importDirs(t, st, day1().write(t, dir)); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, st)
			const n = 60000
			big := bigBatch(n).write(t, t.TempDir())

			cmd := exec.Command(os.Args[0], "-test.run=^TestImportKillChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "STEWARD_KILL_CHILD_URL="+url, "STEWARD_KILL_CHILD_DIR="+big)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Kill once the child is well inside the transaction: a third of the rows applied.
			killedAt := -1
			sc := bufio.NewScanner(out)
			deadline := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
			defer deadline.Stop()
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) == 3 && f[0] == "apply" {
					done, _ := strconv.Atoi(f[1])
					total, _ := strconv.Atoi(f[2])
					if done*3 >= total {
						if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
							t.Fatal(err)
						}
						killedAt = done
						break
					}
				}
				if sc.Text() == "finished" {
					break
				}
			}
			err = cmd.Wait()
			if killedAt < 0 {
				t.Fatalf("the import finished before it could be killed (%v): make the batch larger", err)
			}
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("child was not killed by SIGKILL: %v", err)
			}
			t.Logf("killed after %d rows applied", killedAt)

			// A new connection, as after a restart: nothing of the batch is there.
			st2, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer st2.Close()
			if after := snapshot(t, st2); after != before {
				t.Fatalf("the killed import left changes:\n before %s\n after  %s", before, after)
			}
			last, _, err := st2.LastImport(ctx)
			if err != nil || last != domain.NewDate(2026, 5, 1) {
				t.Fatalf("last import %s (%v), want 2026-05-01", last, err)
			}
			// Running the same command again applies the batch.
			res, err := Import(ctx, st2, []string{big}, Options{})
			if err != nil || len(res) != 1 || !res[0].Applied {
				t.Fatalf("re-run after the kill: %+v, %v", res, err)
			}
			var clients, accounts, txns int
			st2.DB().QueryRowContext(ctx, "SELECT count(*) FROM clients").Scan(&clients)
			st2.DB().QueryRowContext(ctx, "SELECT count(*) FROM accounts").Scan(&accounts)
			st2.DB().QueryRowContext(ctx, "SELECT count(*) FROM transactions").Scan(&txns)
			if clients != n+2 || accounts != n+5 || txns != n {
				t.Errorf("after the re-run: %d clients, %d accounts, %d transactions; want %d, %d, %d", clients, accounts, txns, n+2, n+5, n)
			}
		})
	}
}
