package storetest

import (
	"testing"

	"github.com/kefu-dev/kefu/internal/store"
)

// Run runs the conformance suite. open must return a fresh, migrated store closed at test end.
func Run(t *testing.T, open func(t *testing.T) *store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open func(t *testing.T) *store.Store)
	}{
		{"Migrate", testMigrate},
		{"Orgs", testOrgs},
		{"Agents", testAgents},
		{"Teams", testTeams},
		{"Labels", testLabels},
		{"Inboxes", testInboxes},
		{"ChannelConfig", testChannelConfig},
		{"AgentSignature", testAgentSignature},
		{"InboundReceipts", testInboundReceipts},
		{"PlatformTokenLease", testPlatformTokenLease},
		{"PlatformTokenExpire", testPlatformTokenExpire},
		{"PlatformTokenRotation", testPlatformTokenRotation},
		{"CallbackNonces", testCallbackNonces},
		{"StagingCursor", testStagingCursor},
		{"StagingRace", testStagingRace},
		{"StagingDedupe", testStagingDedupe},
		{"StagingIsolation", testStagingIsolation},
		{"DeliveryQueued", testDeliveryQueued},
		{"DeliveryStates", testDeliveryStates},
		{"Contacts", testContacts},
		{"ContactsPagination", testContactsPagination},
		{"APITokens", testAPITokens},
		{"Invitations", testInvitations},
		{"Sessions", testSessions},
		{"LoginFailures", testLoginFailures},
		{"Attachments", testAttachments},
		{"OrgScoping", testOrgScoping},
		{"CreateConversation", testCreateConversation},
		{"UpdateConversation", testUpdateConversation},
		{"UpdateConversationMutationError", testUpdateConversationMutationError},
		{"UpdateConversationTx", testUpdateConversationTx},
		{"AppendMessage", testAppendMessage},
		{"AppendMessageIf", testAppendMessageIf},
		{"AppendAgentName", testAppendAgentName},
		{"DuplicateClientID", testDuplicateClientID},
		{"WaitingAndReopen", testWaitingAndReopen},
		{"AppendAfterChanges", testAppendAfterChanges},
		{"AttachmentRules", testAttachmentRules},
		{"ListMessages", testListMessages},
		{"GroupCommit", testGroupCommit},
		{"DuplicateClientIDSameBatch", testDuplicateClientIDSameBatch},
		{"SavepointIsolation", testSavepointIsolation},
		{"FailuresMidBatch", testFailuresMidBatch},
		{"BatchSharedConversations", testBatchSharedConversations},
		{"DeferredDuplicates", testDeferredDuplicates},
		{"DeferredRowsBeforeDirectOps", testDeferredRowsBeforeDirectOps},
		{"DeferredRowsFailure", testDeferredRowsFailure},
		{"Events", testEvents},
		{"Sink", testSink},
		{"ConversationFilters", testConversationFilters},
		{"ActiveConversationCounts", testActiveConversationCounts},
		{"SearchEscaping", testSearchEscaping},
		{"ConversationPagination", testConversationPagination},
		{"ListContactConversations", testListContactConversations},
		{"Overload", testOverload},
		{"CancelWhileQueued", testCancelWhileQueued},
		{"Close", testClose},
		{"WidgetSettings", testWidgetSettings},
		{"Rating", testRating},
		{"WaitingBefore", testWaitingBefore},
		{"RoutingFields", testRoutingFields},
		{"RoutingQueue", testRoutingQueue},
		{"RoutingDecisions", testRoutingDecisions},
		{"RoutingHistory", testRoutingHistory},
		{"WaitingUnassigned", testWaitingUnassigned},
		{"BoardConversations", testBoardConversations},
		{"JobLifecycle", testJobLifecycle},
		{"JobRetryAndList", testJobRetryAndList},
		{"WebhookCursor", testWebhookCursor},
		{"PruneKeepsUndispatched", testPruneKeepsUndispatched},
		{"WebhookFailures", testWebhookFailures},
		{"WebhookSecret", testWebhookSecret},
		{"PreviousConversationStatus", testPreviousConversationStatus},
		{"StartConversation", testStartConversation},
		{"StartConversationAfter", testStartConversationAfter},
		{"DueSnoozed", testDueSnoozed},
		{"CannedReplies", testCannedReplies},
		{"SealedRotation", testSealedRotation},
		{"SealedUpdate", testSealedUpdate},
		{"AgentReadMarkers", testAgentReadMarkers},
		{"ReadMarkerList", testReadMarkerList},
		{"ReadMarkersGoWithConversation", testReadMarkersGoWithConversation},
		{"RoutingRulesDefault", testRoutingRulesDefault},
		{"RoutingRulesCRUD", testRoutingRulesCRUD},
		{"RoutingRulesReorder", testRoutingRulesReorder},
		{"RoutingRulesLimit", testRoutingRulesLimit},
		{"RoutingRulesIsolation", testRoutingRulesIsolation},
		{"AgentSkills", testAgentSkills},
		{"InboxRouting", testInboxRouting},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, open)
		})
	}
}
