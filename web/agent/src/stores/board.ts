// The supervisor board (GET /routing/board): the queue per routing rule and the agents' load.
// It is read whole and read again — debounced — when a conversation or presence frame arrives,
// and on a slow timer as a fallback for changes no frame announces (a capacity raised).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api, ok } from '@/api';
import type { Board } from '@/api/types';

/** How long frames are gathered before the board is read again. */
const debounceMs = 400;

export const useBoardStore = defineStore('board', () => {
  const board = ref<Board | null>(null);
  const error = ref<unknown>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let loading: Promise<void> | null = null;

  /** load reads the board now; a load already under way is joined, not repeated. */
  function load(): Promise<void> {
    loading ??= ok(api.GET('/api/v1/routing/board'))
      .then((b) => {
        board.value = b;
        error.value = null;
      })
      .catch((e) => {
        error.value = e;
      })
      .finally(() => (loading = null));
    return loading;
  }

  /** refresh reads the board once the burst of frames that asked for it is over. */
  function refresh() {
    clearTimeout(timer);
    timer = setTimeout(() => void load(), debounceMs);
  }

  function stop() {
    clearTimeout(timer);
  }

  return { board, error, load, refresh, stop };
});
