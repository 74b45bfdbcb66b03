/** The last letter sent from this browser, kept so its codes are not lost when the page closes. */
export interface RememberedLetter {
  trackingCode: string;
  queryCode: string;
  title: string;
  sentAt: string;
}

const KEY = 'hotline12345.lastLetter';

export function rememberedLetter(): RememberedLetter | null {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? 'null') as RememberedLetter | null;
  } catch {
    return null;
  }
}

export function rememberLetter(letter: RememberedLetter): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(letter));
  } catch {
    // Private mode or storage full: the codes are still on screen to copy.
  }
}

export function forgetLetter(): void {
  localStorage.removeItem(KEY);
}
