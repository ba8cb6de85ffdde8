package main

import (
	"github.com/kefu-dev/kefu/internal/bot/dialog"
	"github.com/kefu-dev/kefu/internal/jobs"
	"github.com/kefu-dev/kefu/internal/kefu"
)

// wireBot builds the knowledge-base bot: its turns run as jobs queued with customers'
// messages, and it follows the bus only to wake the runner for them.
func (m *Main) wireBot(svc *services, handlers map[string]jobs.Handler) {
	svc.bot = dialog.New(dialog.Options{
		Store: m.store, Knowledge: svc.kb, Router: m.convs, Notify: m.runner.Notify, Logger: m.Logger,
	})
	handlers[kefu.BotJobKind] = svc.bot.Turn
	m.bus.Subscribe("bot", svc.bot.Follow)
}
