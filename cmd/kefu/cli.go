package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/audit"
	"github.com/kefu-dev/kefu/internal/auth"
	"github.com/kefu-dev/kefu/internal/config"
	"github.com/kefu-dev/kefu/internal/gcpace"
)

// execute runs the command line and returns the process exit code.
func execute(ctx context.Context, args, env []string, stdout, stderr io.Writer) int {
	root := newRootCmd(env, stdout, stderr)
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintln(stderr, "kefu:", err)
		return 1
	}
	return 0
}

func newRootCmd(env []string, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "kefu",
		Short:         "kefu — self-hosted omnichannel customer service",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		serveCmd(env, stderr),
		adminCmd(env, stdout, stderr),
		migrateCmd(env, stderr),
		keysCmd(env, stdout, stderr),
		configCmd(env, stdout),
		healthcheckCmd(env, stdout),
		auditCmd(env, stdout, stderr),
		botCmd(stdout),
		&cobra.Command{
			Use: "version", Short: "Print the version",
			Run: func(cmd *cobra.Command, _ []string) { fmt.Fprintln(stdout, "kefu", version) },
		},
	)
	return root
}

// withConfig adds the configuration flags to cmd and loads the configuration before it runs.
func withConfig(cmd *cobra.Command, env []string, cfg *config.Config) *cobra.Command {
	config.BindFlags(cmd.Flags())
	cmd.PreRunE = func(cmd *cobra.Command, _ []string) error {
		c, err := config.Load(cmd.Flags(), env)
		*cfg = c
		return err
	}
	return cmd
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.SlogLevel()}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func serveCmd(env []string, stderr io.Writer) *cobra.Command {
	var cfg config.Config
	return withConfig(&cobra.Command{
		Use:   "serve",
		Short: "Run the kefu server",
		RunE: func(cmd *cobra.Command, _ []string) error {
			// The pacer changes the whole process's GOGC, so it belongs to the command, not to a
			// Main (tests run several in one process). An operator's own GOGC wins.
			paced := config.LookupEnv(env, "GOGC") == ""
			if paced {
				defer gcpace.Start(cmd.Context(), gcpace.DefaultHeadroom).Stop()
			}
			m := &Main{Config: cfg, Logger: newLogger(cfg, stderr), Version: version}
			if err := m.Run(cmd.Context()); err != nil {
				m.Close()
				return err
			}
			if paced {
				// Startup leaves garbage the running server does not have (the migration
				// parser's pooled 4 MiB buffers, the OpenAPI schemas' scratch): collect it
				// twice (a sync.Pool keeps its objects through one collection), so the pacer
				// sizes GOGC for the server's own heap, not for whatever startup had live
				// when a collection happened to fall.
				runtime.GC()
				runtime.GC()
			}
			<-cmd.Context().Done()
			m.Logger.Info("shutting down")
			return m.Close()
		},
	}, env, &cfg)
}

func migrateCmd(env []string, stderr io.Writer) *cobra.Command {
	var cfg config.Config
	return withConfig(&cobra.Command{
		Use:   "migrate",
		Short: "Apply database migrations and exit",
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openStore(cmd.Context(), cfg, newLogger(cfg, stderr))
			if err != nil {
				return err
			}
			return st.Close()
		},
	}, env, &cfg)
}

func adminCmd(env []string, stdout, stderr io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "admin", Short: "Administer organisations and agents"}
	var cfg config.Config
	var req admin.OwnerRequest
	create := withConfig(&cobra.Command{
		Use:   "create",
		Short: "Create an owner (and the organisation when it does not exist)",
		RunE: func(cmd *cobra.Command, _ []string) error {
			log := newLogger(cfg, stderr)
			if err := ensureDataDir(cfg, log); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, log)
			if err != nil {
				return err
			}
			defer st.Close()
			if req.Name == "" {
				req.Name, _, _ = strings.Cut(req.Email, "@")
			}
			auditor, err := audit.New(audit.Options{Store: st, Logger: newLogger(cfg, stderr)})
			if err != nil {
				return err
			}
			svc := admin.New(admin.Options{
				Store: st, Auditor: auditor,
				Hasher:         auth.NewHasher(auth.PasswordParams{}, cfg.PasswordHashConcurrency, cfg.PasswordHashWait),
				PasswordPolicy: auth.PasswordPolicy{MinLength: cfg.PasswordMinLength},
			})
			org, agent, err := svc.CreateOwner(cmd.Context(), req)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created owner %s (%s) in organisation %q\n", agent.Email, agent.ID, org.Name)
			return nil
		},
	}, env, &cfg)
	f := create.Flags()
	f.StringVar(&req.Email, "email", "", "owner's email (required)")
	f.StringVar(&req.Password, "password", "", "owner's password, at least password_min_length (default 10) characters (required)")
	f.StringVar(&req.Name, "name", "", "owner's display name (default: the part of the email before @)")
	f.StringVar(&req.OrgName, "org", "", "organisation to add the owner to, created when none has this name (default: the only one)")
	_ = create.MarkFlagRequired("email")
	_ = create.MarkFlagRequired("password")
	cmd.AddCommand(create, reset2FACmd(env, stdout, stderr))
	return cmd
}

func configCmd(env []string, stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Inspect the configuration"}
	var cfg config.Config
	cmd.AddCommand(withConfig(&cobra.Command{
		Use:   "print",
		Short: "Print the effective configuration with secrets redacted",
		RunE: func(*cobra.Command, []string) error {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(cfg.Redacted())
		},
	}, env, &cfg))
	return cmd
}

func healthcheckCmd(env []string, stdout io.Writer) *cobra.Command {
	var cfg config.Config
	var url string
	cmd := withConfig(&cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 when the server at --url (default: the configured addr) is ready",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				url = "http://" + localAddr(cfg.Addr) + "/readyz"
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), 5*time.Second)
			defer cancel()
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			if err != nil {
				return err
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				return fmt.Errorf("not ready: %w", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("not ready: %s answered %s", url, resp.Status)
			}
			fmt.Fprintln(stdout, "ready")
			return nil
		},
	}, env, &cfg)
	cmd.Flags().StringVar(&url, "url", "", "readiness URL to check")
	return cmd
}

// localAddr turns a listen address into one to dial: ":8080" and "0.0.0.0:8080" become
// "127.0.0.1:8080".
func localAddr(addr string) string {
	host, port, ok := strings.Cut(addr, ":")
	if !ok {
		return addr
	}
	if host == "" || host == "0.0.0.0" || host == "[::]" {
		host = "127.0.0.1"
	}
	return host + ":" + port
}
