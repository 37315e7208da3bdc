/**
 * A short, readable rendering of any value for error messages: JSON where
 * possible, truncated to `maximumLength` characters.
 */
export function describeValue(value: unknown, maximumLength = 120): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (typeof value === 'function') text = 'a function';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > maximumLength ? `${text.slice(0, maximumLength - 3)}...` : text;
}
