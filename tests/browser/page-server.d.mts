// Types for page-server.mjs.
import type { IncomingMessage } from 'node:http';

export interface RouteAnswer {
  /** 200 unless given. 204 and 304 are sent without a body. */
  status?: number;
  /** Added to (and overriding) the defaults: a content type guessed from the path, `cache-control: no-store`. */
  headers?: Record<string, string | string[]>;
  body?: string | Uint8Array;
}

/** A fixed answer, or a handler that decides per request (e.g. 304 when If-None-Match matches). */
export type Route = RouteAnswer | ((req: IncomingMessage, url: URL) => RouteAnswer | Promise<RouteAnswer>);

export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface PageServer {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** The absolute URL of a path on this server. */
  url(path?: string): string;
  /** Sets (or replaces) the route for an exact path; returns its absolute URL. */
  route(path: string, answer: Route): string;
  /** Serves an HTML string at path; returns its absolute URL. */
  page(path: string, html: string, headers?: Record<string, string>): string;
  /** Serves a file from disk at path (read on each request); returns its absolute URL. */
  file(path: string, filePath: string, headers?: Record<string, string>): string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a random free port. */
export declare function startPageServer(): Promise<PageServer>;
/** A host name both test browsers resolve to this machine: a page served under it over http is not a secure context. */
export declare const INSECURE_HOST: string;
/** The page at `url` (one of the server's), addressed by INSECURE_HOST instead of 127.0.0.1. */
export declare function insecureUrl(url: string): string;
