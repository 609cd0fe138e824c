import type { Meaning } from './meanings.js';

/** Labels and what each means; keys are written as the publisher prints them. */
export type Labels = Readonly<Record<string, Meaning>>;

/** One publisher's scale: used first for the reviews it signs. */
export type PublisherTable = Readonly<{
  publisher: string;
  /** Names it signs its reviews with (`author` or `publisher`), compared as labels are. */
  names: readonly string[];
  /** Its sites: a review whose url, or whose publisher's url, is on one of them is its own. */
  hosts: readonly string[];
  labels: Labels;
}>;

/**
 * Ratings and verdict words of one language, whoever uses them: whole labels of publishers not
 * listed, and the phrases a verdict sentence is searched for.
 */
export type LanguageTable = Readonly<{ language: string; labels: Labels }>;
