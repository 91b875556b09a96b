/**
 * Parsed form of a CloudWatch Logs filter pattern. Produced by `parseFilterPattern`, consumed by the
 * matcher. Plain data, so a parsed pattern can be reused for many log lines.
 */

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** How a text operand matches, after its leading/trailing `*` wildcards are taken off. */
export type TextMatchMode = 'exact' | 'prefix' | 'suffix' | 'contains' | 'any';

/** A string value (quoted or bare). `core` is the text without the wildcard stars. */
export interface TextOperand {
  readonly kind: 'text';
  readonly raw: string;
  readonly quoted: boolean;
  readonly mode: TextMatchMode;
  readonly core: string;
}

/** A number literal (integer, decimal, optional sign, optional exponent). */
export interface NumberOperand {
  readonly kind: 'number';
  readonly raw: string;
  readonly value: number;
}

/** A `%regex%` value. Matches anywhere in the value unless anchored with `^`/`$`. */
export interface RegexOperand {
  readonly kind: 'regex';
  readonly source: string;
  readonly regex: RegExp;
}

export type ValueOperand = TextOperand | NumberOperand | RegexOperand;

export interface Comparison {
  readonly op: ComparisonOperator;
  readonly operand: ValueOperand;
}

/** Unstructured (term) pattern: `ERROR`, `"exact phrase"`, `?a ?b`, `-term`, or the empty pattern. */
export interface TermsPattern {
  readonly type: 'terms';
  readonly source: string;
  /** Every one must occur (substring, case-sensitive). `''` always occurs. */
  readonly required: readonly string[];
  /** At least one must occur; ignored when `required` or `excluded` is non-empty (documented rule). */
  readonly optional: readonly string[];
  /** None may occur. */
  readonly excluded: readonly string[];
}

/** Standalone regex pattern `%...%`. */
export interface RegexPattern {
  readonly type: 'regex';
  readonly source: string;
  readonly regex: RegExp;
}

export type SelectorStep =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'wildcard' };

export interface JsonSelector {
  /** Selector as written, e.g. `$.users[0].id`. */
  readonly text: string;
  readonly steps: readonly SelectorStep[];
}

export type JsonExpression =
  | { readonly kind: 'and' | 'or'; readonly left: JsonExpression; readonly right: JsonExpression }
  | { readonly kind: 'compare'; readonly selector: JsonSelector; readonly comparison: Comparison }
  | { readonly kind: 'is'; readonly selector: JsonSelector; readonly value: 'NULL' | 'TRUE' | 'FALSE' }
  | { readonly kind: 'notExists'; readonly selector: JsonSelector };

export interface JsonPattern {
  readonly type: 'json';
  readonly source: string;
  readonly expression: JsonExpression;
}

export type FieldExpression =
  | { readonly kind: 'and' | 'or'; readonly left: FieldExpression; readonly right: FieldExpression }
  | { readonly kind: 'compare'; readonly comparison: Comparison };

export type DelimitedElement =
  | { readonly kind: 'ellipsis' }
  | {
      readonly kind: 'field';
      /** Undefined for an empty slot (e.g. the trailing `,]` in `[..., a, b,]`). */
      readonly name?: string;
      readonly condition?: FieldExpression;
    };

/** Space-delimited pattern `[f1, f2=VALUE, ..., fn]`. */
export interface DelimitedPattern {
  readonly type: 'delimited';
  readonly source: string;
  readonly elements: readonly DelimitedElement[];
}

export type FilterPattern = TermsPattern | RegexPattern | JsonPattern | DelimitedPattern;
