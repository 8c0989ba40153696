/**
 * The card's timing, in a module of its own so that the browser tests can read it without
 * importing the card (and its style sheet and message catalogue).
 */

/** How long the pointer must rest on a term before its card opens (ms). */
export const HOVER_DELAY_MS = 300;
/** How long after the pointer left both the term and the card the card closes (ms). */
export const LEAVE_DELAY_MS = 400;
