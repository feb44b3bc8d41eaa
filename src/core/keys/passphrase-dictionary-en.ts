/**
 * The common zxcvbn set plus English words, names and Wikipedia frequencies (~1.6 MB in
 * all). Only the pages where a user types a new passphrase or password load it, with
 * `await import()`; never the content script, never the background.
 */
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { zxcvbnDictionary, type PassphraseDictionary } from './passphrase-dictionary';

/** Password lists, keyboard walks, English words and names; used by the strength meter. */
export const englishDictionary: PassphraseDictionary = zxcvbnDictionary('en', {
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
});
