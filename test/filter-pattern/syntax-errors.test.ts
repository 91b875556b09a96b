import { extractFields, FilterPatternSyntaxError, MAX_FILTER_PATTERN_LENGTH, matchFilterPattern, parseFilterPattern } from '../../lib/filter-pattern';

function syntaxError(pattern: string): FilterPatternSyntaxError {
  try {
    parseFilterPattern(pattern);
  } catch (e) {
    if (e instanceof FilterPatternSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected a FilterPatternSyntaxError for ${pattern}`);
}

describe('FilterPatternSyntaxError', () => {
  it.each([
    // [pattern, position, message fragment]
    ['[a, b', 5, /unbalanced "\["/],
    ['[a, b=1', 7, /expected "," or "\]"/],
    ['{ $.a = "x" ', 12, /closing "}"/],
    ['{ ($.a = 1 }', 11, /closing "\)"/],
    ['{ $.a = 1 } x', 12, /after the closing "}"/],
    ['[a, b] x', 7, /after the closing "\]"/],
    ['{ $.a == 1 }', 7, /missing value|quote/],
    ['{ $.a ~ 1 }', 6, /expected an operator/],
    ['{ $.a }', 6, /expected an operator/],
    ['[a, b ~ 1]', 6, /expected an operator/],
    ['{ $.a > "x" }', 8, /compares numbers/],
    ['[a, b > high]', 8, /compares numbers/],
    ['{ $.a = }', 8, /missing value/],
    ['{ a = 1 }', 2, /starting with "\$\."/],
    ['{ $ = 1 }', 2, /needs a property/],
    ['{ $[0] = 1 }', 3, /must follow a property/],
    ['{ $.a[x] = 1 }', 6, /array index/],
    ['{ $.a.*.b[*] = 1 }', 2, /at most one wildcard/],
    ['{ $.a EXISTS }', 6, /"EXISTS" is not supported/],
    ['{ $.a IS NOT NULL }', 6, /"IS NOT" is not supported/],
    ['{ $.a IS MAYBE }', 9, /NULL, TRUE or FALSE/],
    ['{ $.a NOT THERE }', 10, /EXISTS after NOT/],
    ['{ $.a ISNULL }', 6, /expected an operator/],
    ['{ $.a NOT EXISTSX }', 10, /EXISTS after NOT/],
    ['{ $.a is null }', 6, /expected an operator/],
    ['{}', 1, /empty JSON pattern/],
    ['[]', 0, /empty space-delimited pattern/],
    ['{ $.a = x@y }', 9, /double-quoted/],
    ['[a, b=x@y]', 7, /double-quoted/],
    ['{ $.a = "x }', 8, /unterminated/],
    ['ERROR "unterminated', 6, /unterminated/],
    ['bad.example.com', 3, /must be in double quotes/],
    ['ERROR ?', 6, /must be followed by a term/],
    ['%abc', 0, /closing %/],
    ['%%', 0, /empty regular expression/],
    ['%(a|b)%', 1, /parentheses/],
    ['%something!%', 10, /not supported/],
    ['%caf\u00e9%', 4, /multi-byte/],
    ['%[a%', 0, /invalid regular expression/],
    ['%a% b', 4, /stands alone/],
    ['[a=%1%, b=%2%, c=%3%]', 17, /at most 2 regular expressions/],
    ['{ $.a = %1% || $.b = %2% || $.c = %3% }', 34, /at most 2 regular expressions/],
    ['{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.d[*] = 1 }', 44, /at most 3 wildcard selectors/],
    ['[a, a]', 4, /used twice/],
    ['[status_code = 4* && bytes > 1000]', 21, /must all test "status_code"/],
    ['[a, 1b]', 4, /field name/],
  ])('%s -> position %d', (pattern, position, message) => {
    const e = syntaxError(pattern);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FilterPatternSyntaxError');
    expect(e.reason).toMatch(message);
    expect(e.position).toBe(position);
    expect(e.pattern).toBe(pattern);
    expect(e.message).toContain(`at position ${position}`);
  });

  it(`rejects patterns longer than ${MAX_FILTER_PATTERN_LENGTH} characters (API limit)`, () => {
    expect(() => parseFilterPattern('A'.repeat(MAX_FILTER_PATTERN_LENGTH))).not.toThrow();
    expect(syntaxError('A'.repeat(MAX_FILTER_PATTERN_LENGTH + 1)).reason).toMatch(/at most 1024/);
  });

  it('valid edge forms parse', () => {
    for (const ok of [
      '',
      '[...]',
      '[..., a,]',
      '[w1!=ERROR&&w1!=WARN, w2]',
      '{($.a=1)&&($.b=2)}',
      '{ $.a-b_c = 1 }',
      "{ $.['a b'] = 1 }",
      '{ $.a[0][1] IS FALSE }',
      '{ $.x = "with \\"escaped\\" quote" }',
      '?"two words" ?other',
      '%^a{,2}$%',
    ]) {
      expect(() => parseFilterPattern(ok)).not.toThrow();
    }
  });

  it('matchFilterPattern and extractFields surface syntax errors too', () => {
    expect(() => matchFilterPattern('{ $.a = ', '{}')).toThrow(FilterPatternSyntaxError);
    expect(() => extractFields('[a,', 'x')).toThrow(FilterPatternSyntaxError);
  });
});
