/**
 * The values the commands that set the product's secrets leave for the user to fill in (doctor's
 * `secrets` fixes, the license key secret's stack output, docs/slack.md and docs/licensing.md), and
 * how a secret still holding one is recognised: by `doctor`, the Slack notifier and the license
 * reporter. A placeholder that looked like a URL or a key (`https://hooks.slack.com/services/...`,
 * `...`) would pass as set when such a command is pasted as it is; a `<...>` one never does.
 */
export const SECRET_PLACEHOLDER = {
  slack: '<the incoming-webhook URL Slack gave you: https://hooks.slack.com/services/...>',
  license: '<your Codreum license key>',
} as const;

/**
 * Whether `value` is still in the form of a `SECRET_PLACEHOLDER` (`<` ... `>`, nothing bracketed
 * inside). Callers never print the value: it could be a real key someone put in brackets.
 */
export function isCommandPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /^<[^<>]*>$/.test(value.trim());
}
