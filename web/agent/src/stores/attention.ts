// Attention while the agent looks elsewhere: a chime and a system notification for new
// conversations and customer messages that concern them, and the unread count in the tab title.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Conversation, Message } from '@/api/types';
import { chime, notify } from '@/lib/attention';
import { loadSound, saveSound } from '@/lib/soundPreference';
import { useAuthStore } from './auth';

export const useAttentionStore = defineStore('attention', () => {
  /** sound: this browser plays the chime (Sound on/off in the rail, kept in localStorage). */
  const sound = ref(loadSound());

  function setSound(on: boolean) {
    sound.value = on;
    saveSound(on);
  }
  let audio: AudioContext | null = null;

  /** unlock creates the audio context on a user gesture; browsers refuse sound before one. */
  function unlock() {
    if (audio || typeof AudioContext === 'undefined') return;
    audio = new AudioContext();
  }

  /** concerns: the agent's own conversations and the ones nobody has taken yet. */
  function concerns(c: Conversation | undefined) {
    return !c || c.assignee_id === '' || c.assignee_id === useAuthStore().agent?.id;
  }

  function alert(title: string, body: string, open: () => void) {
    if (!document.hidden) return;
    if (sound.value) chime(audio);
    notify(title, body, open);
  }

  /** onConversation and onMessage are called by the realtime router for new activity. */
  function onConversation(c: Conversation, title: string, open: () => void) {
    if (concerns(c)) alert(title, '', open);
  }

  function onMessage(m: Message, c: Conversation | undefined, title: string, open: () => void) {
    if (m.sender_type === 'contact' && concerns(c)) alert(title, m.content.slice(0, 120), open);
  }

  return { sound, setSound, unlock, onConversation, onMessage };
});
