/**
 * A multipart or form field is text: `true`/`false` become booleans, anything else stays as it was (and
 * fails a boolean's validation). JSON bodies pass real booleans through unchanged.
 */
export const formBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** A whole decimal number given as text becomes a number; anything else stays (and fails validation). */
export const formInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value);
