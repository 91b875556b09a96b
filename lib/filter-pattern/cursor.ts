import { FilterPatternSyntaxError } from './errors';

const SPACE = /\s/;

/** Reading position in a filter pattern, with helpers that throw positioned syntax errors. */
export class Cursor {
  pos: number;

  constructor(readonly text: string, start = 0) {
    this.pos = start;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipSpace(): void {
    while (!this.atEnd() && SPACE.test(this.peek())) this.pos++;
  }

  /** Consume `s` (after optional spaces) or fail with `what` in the message. */
  expect(s: string, what: string): void {
    this.skipSpace();
    if (!this.startsWith(s)) this.fail(`expected ${what} but found ${this.describeHere()}`);
    this.pos += s.length;
  }

  describeHere(): string {
    return this.atEnd() ? 'the end of the pattern' : JSON.stringify(this.text.slice(this.pos, this.pos + 12));
  }

  fail(reason: string, position: number = this.pos): never {
    throw new FilterPatternSyntaxError(reason, this.text, position);
  }
}
