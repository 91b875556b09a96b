/**
 * The state of a KMS key one of doctor's checks depends on (the alert topics' keys: alert-keys;
 * the query log groups' keys: log-groups), read with one DescribeKey, and the commands that make
 * a key usable again. Each check words what the state means for what it encrypts.
 *
 * Key states (AWS KMS Developer Guide, "Key states of AWS KMS keys",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html): `Enabled` is usable;
 * `Creating` and `Updating` are passing states; a key in any other state is refused for every
 * cryptographic use. Cancelling a scheduled deletion leaves the key `Disabled` ("Cancel key
 * deletion",
 * https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-cancelling-key-deletion.html),
 * so that fix enables it as well.
 */
import { DescribeKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { errorLabel, isDenied } from './failed-calls';
import { shellWord } from './shell-word';

/** The KeyState values (DescribeKey's KeyMetadata) this module tells apart; held to AWS's API model by test/doctor/log-keys.test.ts. */
export const KEY_STATES = {
  /** States a key can be used in, or that pass by themselves. */
  usable: ['Enabled', 'Creating', 'Updating'],
  disabled: 'Disabled',
  pendingDeletion: 'PendingDeletion',
} as const;
const USABLE_STATES: ReadonlySet<string> = new Set(KEY_STATES.usable);

/** What DescribeKey said of a key (`arn` and `id` as KMS gives them, for the commands). */
export type KeyRead =
  | { readonly kind: 'usable' }
  | { readonly kind: 'disabled'; readonly arn: string; readonly id: string }
  | { readonly kind: 'pending-deletion'; readonly arn: string; readonly id: string; readonly deletionDate?: string }
  | { readonly kind: 'other'; readonly arn: string; readonly id: string; readonly state: string }
  | { readonly kind: 'gone' }
  | { readonly kind: 'unreadable'; readonly error: string };

/** The key's state; a refused read is `unreadable` (never taken as usable), other errors are thrown. */
export async function readKey(kms: Pick<KMSClient, 'send'>, keyId: string): Promise<KeyRead> {
  let meta;
  try {
    meta = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  } catch (e) {
    if ((e as { name?: string }).name === 'NotFoundException') return { kind: 'gone' };
    if (isDenied(e)) return { kind: 'unreadable', error: errorLabel(e) };
    throw e;
  }
  const state = meta?.KeyState ?? '';
  if (USABLE_STATES.has(state)) return { kind: 'usable' };
  const arn = meta?.Arn ?? keyId;
  const id = meta?.KeyId ?? arn;
  if (state === KEY_STATES.disabled) return { kind: 'disabled', arn, id };
  if (state === KEY_STATES.pendingDeletion) return { kind: 'pending-deletion', arn, id, deletionDate: meta?.DeletionDate?.toISOString().slice(0, 10) };
  return { kind: 'other', arn, id, state: state || 'in an unknown state' };
}

/**
 * Commands name the key by its id: EnableKey and CancelKeyDeletion take an id or ARN but work in
 * the key's own account only ("Cross-account use: No", AWS KMS API Reference), where the id is enough.
 */
export const enableKeyCommand = (region: string, keyId: string): string => `aws kms enable-key --region ${region} --key-id ${shellWord(keyId)}`;

/** Keeps a key pending deletion and makes it usable. */
export const keepKeyCommand = (region: string, keyId: string): string => `aws kms cancel-key-deletion --region ${region} --key-id ${shellWord(keyId)} && ${enableKeyCommand(region, keyId)}`;

/** What makes a key in another unusable state usable again. */
export const OTHER_STATE_FIX = 'make the key usable again (AWS KMS Developer Guide, "Key states of AWS KMS keys": import its key material, reconnect its custom key store, or cancel its replica\'s deletion)';

/** The fix of a key doctor may not read. */
export const UNREADABLE_KEY_FIX = 'allow kms:DescribeKey on it (docs/cli-permissions.md); a key of another account must allow it in its key policy too';
