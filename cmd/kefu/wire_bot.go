package main

import (
	"time"

	"github.com/kefu-dev/kefu/internal/bot/dialog"
	"github.com/kefu-dev/kefu/internal/bot/llm"
	"github.com/kefu-dev/kefu/internal/bot/manage"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
	"github.com/kefu-dev/kefu/internal/netguard"
)

// wireBot builds the knowledge-base bot: its turns run as jobs queued with customers'
// messages, and it follows the bus only to wake the runner for them; and the bot's
// administration with agent assist. The language model is reached through a guard of its own,
// sized for a model's answers (the webhooks' guard caps responses at 64 KiB and 10 s).
func (m *Main) wireBot(svc *services, handlers map[string]jobs.Handler) error {
	allow, err := m.Config.OutboundAllowPrefixes()
	if err != nil {
		return err
	}
	guard := netguard.New(netguard.Options{Allow: allow, Timeout: llm.DefaultTimeout + 5*time.Second,
		MaxResponseBytes: llm.MaxResponseBytes})
	models := dialog.StoredModels{Settings: m.store, HTTP: guard.Client()}
	svc.bot = dialog.New(dialog.Options{
		Store: m.store, Knowledge: svc.kb, Router: m.convs, Models: models, Notify: m.runner.Notify, Logger: m.Logger,
	})
	handlers[kefu.BotJobKind] = svc.bot.Turn
	m.bus.Subscribe("bot", svc.bot.Follow)
	var checker manage.ModelChecker = models
	if m.LLMChecker != nil {
		checker = m.LLMChecker
	}
	svc.botManage = manage.New(manage.Options{Store: m.store, Knowledge: svc.kb, Conversations: m.convs, PII: svc.masking,
		Checker: checker, Auditor: svc.audit, Logger: m.Logger})
	return nil
}
