/**
 * saveBlob hands blob to the browser as a download named fileName. The object URL is revoked
 * a minute later, not at once: the browser reads the blob after click returns.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}
