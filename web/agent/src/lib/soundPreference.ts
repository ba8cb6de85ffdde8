// Whether this browser plays the new-message chime. It is a per-browser choice (an agent may
// want sound at the desk and silence on a laptop in a meeting), so it lives in localStorage.

const key = 'kefu.sound';

/** loadSound answers the stored choice; sound is on until the agent turns it off. */
export function loadSound(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): boolean {
  try {
    return storage?.getItem(key) !== 'off';
  } catch {
    return true; // storage refused (privacy mode): the default
  }
}

/** saveSound remembers the choice for this browser. */
export function saveSound(on: boolean, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(key, on ? 'on' : 'off');
  } catch {
    // storage refused: the choice lasts until the page is reloaded
  }
}
