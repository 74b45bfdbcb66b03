/** Transform for a text field: the string without surrounding whitespace; anything else as it is (validation refuses it). */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
