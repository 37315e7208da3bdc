import { describe, expect, it } from 'vitest';
import { errorCodes } from './error-codes.js';
import { FileFormatError, InvalidArgumentError, ParseError } from './error-kinds.js';
import { FewshotError } from './fewshot-error.js';

describe('FewshotError', () => {
  it('names the function and argument and carries a stable code', () => {
    const error = new InvalidArgumentError({
      functionName: 'parseArchitecture',
      argument: 'text',
      message: 'expected 6 edges, got 5',
    });
    expect(error.message).toBe('parseArchitecture: expected 6 edges, got 5');
    expect(error.code).toBe(errorCodes.invalidArgument);
    expect(error.argument).toBe('text');
    expect(error.functionName).toBe('parseArchitecture');
    expect(error.name).toBe('InvalidArgumentError');
    expect(error).toBeInstanceOf(FewshotError);
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised across copies of the package through isInstance', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('@fewshot/core/FewshotError')]: true });
    expect(FewshotError.isInstance(foreign)).toBe(true);
    expect(FewshotError.isInstance(new Error('plain'))).toBe(false);
    expect(FewshotError.isInstance(null)).toBe(false);
    expect(FewshotError.isInstance(new ParseError({ functionName: 'f', message: 'm' }))).toBe(true);
  });

  it('keeps the cause', () => {
    const cause = new Error('inner');
    const error = new FileFormatError({ functionName: 'readIdx', argument: 'path', message: 'bad', cause });
    expect(error.cause).toBe(cause);
    expect(error.code).toBe('file-format');
  });
});
