package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/kefu-dev/kefu/internal/config"
)

// reset2FACmd is `kefu admin reset-2fa`: the way back in for an agent — typically the only
// owner, whom nobody ranks above — who lost both the authenticator and the recovery codes.
func reset2FACmd(env []string, stdout, stderr io.Writer) *cobra.Command {
	var cfg config.Config
	var email string
	cmd := withConfig(&cobra.Command{
		Use:   "reset-2fa",
		Short: "Turn off an agent's two-factor sign-in",
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openStore(cmd.Context(), cfg, newLogger(cfg, stderr))
			if err != nil {
				return err
			}
			defer st.Close()
			agent, err := st.GetAgentByEmail(cmd.Context(), email)
			if err != nil {
				return fmt.Errorf("no agent with email %q: %w", email, err)
			}
			if err := st.DeleteTOTP(cmd.Context(), agent.OrgID, agent.ID); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "two-factor sign-in of %s is off; they sign in with their password\n", agent.Email)
			return nil
		},
	}, env, &cfg)
	cmd.Flags().StringVar(&email, "email", "", "the agent's email (required)")
	_ = cmd.MarkFlagRequired("email")
	return cmd
}
