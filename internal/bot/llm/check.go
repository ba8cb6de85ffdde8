package llm

import "context"

// Check verifies the settings with the smallest requests that exercise them: a one-token chat
// completion (base URL, key and model), and one embedding when EmbeddingModel is set. It is
// what the workspace's "test connection" button calls; its errors say which part is wrong.
func (c *Client) Check(ctx context.Context) error {
	if _, err := c.complete(ctx, []chatMessage{{Role: "user", Content: "ping"}}, 1); err != nil {
		return err
	}
	if c.cfg.EmbeddingModel == "" {
		return nil
	}
	_, err := c.embed(ctx, []string{"ping"})
	return err
}
