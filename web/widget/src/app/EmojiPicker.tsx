// A small emoji palette: visitors on desktop rarely have an emoji key; phones bring their own.

const EMOJI = ['😀', '😂', '😊', '😍', '🤔', '😢', '😮', '😡', '👍', '👎', '🙏', '👌', '👏', '🎉', '❤️', '🔥', '✅', '❓'];

export function EmojiPicker({ onPick, onClose }: { onPick: (e: string) => void; onClose: () => void }) {
  return (
    <div class="kefu-emoji" role="group" onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), onClose())}>
      {EMOJI.map((e) => (
        <button key={e} type="button" aria-label={e} onClick={() => onPick(e)}>
          {e}
        </button>
      ))}
    </div>
  );
}
