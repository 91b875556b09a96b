/**
 * Amazon SNS Publish limits, for Lambda handlers that publish (lambdas/ may not import lib/; the
 * facts module lib/aws-facts.ts re-exports these, so every AWS fact is still listed there).
 * Source: https://docs.aws.amazon.com/sns/latest/api/API_Publish.html (Message, Subject).
 */
export const SNS = {
  /** "messages must be UTF-8 encoded strings and at most 256 KB in size (262,144 bytes, not 262,144 characters)". */
  maxMessageBytes: 262_144,
  /**
   * Subject: under 100 characters, no line breaks or control characters. The API reference now
   * says UTF-8; older versions said ASCII beginning with a letter, number or punctuation mark.
   * lambdas/shared/text.ts `snsSubject` meets both.
   */
  maxSubjectLength: 99,
  /** "For SMS, each message can contain up to 140 characters ... 140 ASCII characters"; longer ones are split. */
  smsChars: 140,
} as const;
