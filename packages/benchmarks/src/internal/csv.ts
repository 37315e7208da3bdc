import { FileFormatError } from '@fewshot/core';

/** A parsed CSV table: header and rows of raw fields. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF or LF line ends).
 * Every row must have as many fields as the header.
 */
export function parseCsv(options: { functionName: string; argument: string; path: string; text: string }): CsvTable {
  const { functionName, argument, path, text } = options;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let position = 0;
  let line = 1;
  const length = text.length;
  const endRow = () => {
    row.push(field);
    field = '';
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
  };
  while (position < length) {
    const character = text[position] as string;
    if (quoted) {
      if (character === '"') {
        if (text[position + 1] === '"') {
          field += '"';
          position += 2;
          continue;
        }
        quoted = false;
        position += 1;
        continue;
      }
      if (character === '\n') line += 1;
      field += character;
      position += 1;
      continue;
    }
    if (character === '"' && field.length === 0) {
      quoted = true;
    } else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\n') {
      endRow();
      line += 1;
    } else if (character !== '\r') {
      // Fast path: copy a run of plain characters at once.
      let end = position + 1;
      while (end < length) {
        const next = text.charCodeAt(end);
        if (next === 44 || next === 10 || next === 13 || next === 34) break;
        end += 1;
      }
      field += text.slice(position, end);
      position = end;
      continue;
    }
    position += 1;
  }
  if (quoted) throw new FileFormatError({ functionName, argument, message: `${path}: unterminated quoted field at line ${line}` });
  if (field.length > 0 || row.length > 0) endRow();
  const [header, ...body] = rows;
  if (!header) throw new FileFormatError({ functionName, argument, message: `${path} is empty (expected a CSV header line)` });
  body.forEach((fields, position) => {
    if (fields.length !== header.length) {
      throw new FileFormatError({
        functionName,
        argument,
        message: `${path}: data row ${position + 1} has ${fields.length} fields, the header has ${header.length}`,
      });
    }
  });
  return { header, rows: body };
}

/** Parses a numeric CSV field (empty means NaN). */
export function parseNumberField(options: { functionName: string; argument: string; path: string; row: number; column: string; text: string }): number {
  const text = options.text.trim();
  if (text === '' || text === 'nan' || text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new FileFormatError({
      functionName: options.functionName,
      argument: options.argument,
      message: `${options.path}: data row ${options.row + 1}, column ${options.column}: expected a number, got ${JSON.stringify(options.text.slice(0, 40))}`,
    });
  }
  return value;
}
