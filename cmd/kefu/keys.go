package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/spf13/cobra"

	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/keyring"
	"github.com/kefu-dev/kefu/internal/store"
)

// resealBatch is how many sealed values one write reseals: small enough that a rotation never
// holds the single writer, and with it every message, for longer than an ordinary batch.
const resealBatch = 100

// newMasterKeyEnv carries the new key-encryption key for `keys rotate --kek` when the current
// one comes from KEFU_MASTER_KEY (there is no file to write the new one to).
const newMasterKeyEnv = "KEFU_NEW_MASTER_KEY"

// openKeyring loads the keyring over st's data keys and makes st seal with it.
func openKeyring(ctx context.Context, cfg config.Config, st *store.Store) (*keyring.Keyring, error) {
	k, err := keyring.Open(ctx, st, keyring.KEKSource{DataDir: cfg.DataDir, Configured: cfg.MasterKey})
	if err != nil {
		return nil, fmt.Errorf("encryption keys: %w", err)
	}
	st.SetSealer(k)
	return k, nil
}

// sealLeftovers seals what an older kefu stored in plaintext and finishes an interrupted
// rotation's reseal; the server runs it on every start, and it finds nothing once done. On
// SQLite, freed pages that held plaintext are then scrubbed.
func sealLeftovers(ctx context.Context, st *store.Store, log *slog.Logger) error {
	n, err := st.MigrateSealed(ctx, resealBatch)
	if err != nil {
		return fmt.Errorf("seal stored secrets: %w", err)
	}
	if n == 0 {
		return nil
	}
	log.Info("sealed stored secrets under the current data key", "count", n)
	return st.ScrubFreed(ctx)
}

func keysCmd(env []string, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Manage the keys that encrypt secrets at rest"}
	var (
		cfg    config.Config
		opts   rotateOptions
		rotate *cobra.Command
	)
	rotate = withConfig(&cobra.Command{
		Use:   "rotate",
		Short: "Make a new data key current, reseal every encrypted value with it and retire unused keys (--kek: rewrap the data keys under a new master key)",
		Long: `rotate makes a new data-encryption key current, reseals every encrypted value under it in
small batches through the database writer (the server may keep running), printing progress, and
deletes the old keys once no value uses them. Interrupted, it is resumed by --resume (or by the
next server start). With --kek it instead rewraps the data keys under a new master key: a new
<data_dir>/master.key, or the key in ` + newMasterKeyEnv + ` when KEFU_MASTER_KEY is used.`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts.newKEK = config.LookupEnv(env, newMasterKeyEnv)
			return runRotate(cmd.Context(), cfg, opts, stdout, newLogger(cfg, stderr))
		},
	}, env, &cfg)
	f := rotate.Flags()
	f.BoolVar(&opts.kek, "kek", false, "rotate the master key (key-encryption key) instead of the data key")
	f.BoolVar(&opts.resume, "resume", false, "finish an interrupted rotation: reseal under the current data key without making a new one")
	f.IntVar(&opts.batch, "batch", resealBatch, "values resealed per write")
	cmd.AddCommand(rotate)
	return cmd
}

// rotateOptions are the flags of `keys rotate`.
type rotateOptions struct {
	kek, resume bool
	batch       int
	newKEK      string // KEFU_NEW_MASTER_KEY
}

// runRotate opens the database and keys the config names and rotates as opts say.
func runRotate(ctx context.Context, cfg config.Config, opts rotateOptions, out io.Writer, log *slog.Logger) error {
	if opts.batch <= 0 {
		return fmt.Errorf("--batch must be positive")
	}
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := openKeyring(ctx, cfg, st)
	if err != nil {
		return err
	}
	if opts.kek {
		return rotateKEK(ctx, cfg, k, opts.newKEK, out)
	}
	return rotateDataKey(ctx, st, k, opts, out)
}

// rotateDataKey makes a new data key current (unless resuming), reseals everything under it
// with progress, and retires the keys nothing uses any more.
func rotateDataKey(ctx context.Context, st *store.Store, k *keyring.Keyring, opts rotateOptions, out io.Writer) error {
	if !opts.resume {
		id, err := k.Rotate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "data key %s is now current\n", id)
	}
	if err := reseal(ctx, st, opts.batch, out); err != nil {
		return fmt.Errorf("%w (run `kefu keys rotate --resume` to continue)", err)
	}
	retired, inUse, err := st.RetireDataKeys(ctx)
	if err != nil {
		return err
	}
	for _, id := range retired {
		fmt.Fprintf(out, "retired data key %s\n", id)
	}
	for _, id := range inUse {
		fmt.Fprintf(out, "data key %s is still in use (written during the rotation); run `kefu keys rotate --resume` again\n", id)
	}
	return nil
}

// reseal reseals batch by batch until nothing is left under an older key, printing progress.
func reseal(ctx context.Context, st *store.Store, batch int, out io.Writer) error {
	total, err := st.CountStale(ctx)
	if err != nil {
		return err
	}
	done := 0
	for {
		n, err := st.ResealStep(ctx, batch)
		if err != nil {
			return err
		}
		if n == 0 {
			fmt.Fprintf(out, "resealed %d value(s)\n", done)
			return nil
		}
		done += n
		fmt.Fprintf(out, "resealed %d of %d\n", done, max(total, done))
	}
}

// rotateKEK rewraps the data keys under a new master key: a new key file, or the key given in
// KEFU_NEW_MASTER_KEY when the current one comes from the environment.
func rotateKEK(ctx context.Context, cfg config.Config, k *keyring.Keyring, newKEK string, out io.Writer) error {
	if cfg.MasterKey == "" {
		if err := k.RotateKEKFile(ctx, keyring.KEKSource{DataDir: cfg.DataDir}); err != nil {
			return err
		}
		fmt.Fprintf(out, "data keys rewrapped under a new master key (id %s) in %s/%s: back this file up now; servers sharing it pick it up, nodes with their own copy need the new one\n",
			k.KEKID(), cfg.DataDir, keyring.KEKFile)
		return nil
	}
	if newKEK == "" {
		return fmt.Errorf("the master key comes from %s: put the new one (openssl rand -base64 32) in %s", keyring.KEKEnv, newMasterKeyEnv)
	}
	next, err := keyring.ParseKEK(newKEK, newMasterKeyEnv)
	if err != nil {
		return err
	}
	if err := k.RewrapKEK(ctx, next); err != nil {
		return err
	}
	fmt.Fprintf(out, "data keys rewrapped under the master key in %s (id %s): set %s to it on every node and restart them\n",
		newMasterKeyEnv, next.ID(), keyring.KEKEnv)
	return nil
}
