/**
 * A fake `fetch` for subscription tests: answers from a queue of scripted responses
 * (or a handler) and records every request with its headers.
 */
import type { FetchLike } from '@/lib/sync/fetch-list';

export interface Answer {
  status?: number;
  body?: string | null;
  headers?: Record<string, string>;
}

export class FakeServer {
  readonly requests: { url: string; headers: Record<string, string> }[] = [];
  #answer: (url: string, headers: Record<string, string>) => Answer | Promise<Answer> = () => ({ status: 404, body: 'no route' });

  /** Answers every request like this from now on. */
  answer(answer: Answer | ((url: string, headers: Record<string, string>) => Answer | Promise<Answer>)): void {
    this.#answer = typeof answer === 'function' ? answer : () => answer;
  }

  /** A server that answers 304 when the request's If-None-Match names the current ETag. */
  serveWithEtag(body: () => string, etag: () => string, headers: Record<string, string> = {}): void {
    this.answer((_url, h) =>
      h['if-none-match'] === etag() ? { status: 304, body: null, headers: { etag: etag() } } : { status: 200, body: body(), headers: { etag: etag(), ...headers } },
    );
  }

  readonly fetch: FetchLike = async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    this.requests.push({ url, headers });
    const a = await this.#answer(url, headers);
    const status = a.status ?? 200;
    const nullBody = status === 204 || status === 304;
    return new Response(nullBody ? null : (a.body ?? ''), { status, headers: a.headers ?? {} });
  };
}

/** `fetch` that fails like a network error. */
export const offline: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
