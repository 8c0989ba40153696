/**
 * Why subscribing to or updating a list failed. `code` is stable (the UI translates it);
 * `message` is an English sentence with the details (HTTP status, the file's first
 * problems), shown beside the translation and stored as the list's last error.
 */
export type SubscriptionErrorCode =
  | 'bad-url'
  | 'not-http'
  | 'already-subscribed'
  | 'network'
  | 'http-status'
  | 'not-a-list'
  | 'too-large'
  | 'invalid-list'
  | 'not-one-list'
  | 'not-found';

export class SubscriptionError extends Error {
  override readonly name = 'SubscriptionError';
  readonly code: SubscriptionErrorCode;

  constructor(code: SubscriptionErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
