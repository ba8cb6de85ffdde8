package admin_test

import (
	"github.com/kefu-dev/kefu/internal/admin"
	"github.com/kefu-dev/kefu/internal/store"
)

// The real store must keep satisfying what the service declares it needs.
var _ admin.Store = (*store.Store)(nil)
